"""Upstream and downstream partners (上下游) along payment direction, hop by hop.

If B regularly pays A, A is B's supplier (upstream) and B is A's buyer (downstream). The walk is a
breadth-first expansion from the enterprise, one Cypher hop per level, so every partner is reported
at its shortest distance with the path that reaches it: the path is the evidence.

A partner through which money leaves the enterprise and comes back (a circular fund flow, docs/rules.md §9
资金闭环, found by graph/analytics/fund_flows.py within 180 days and 4 hops) is flagged
`circular_fund_flow`: it looks like a top supplier or buyer but the trade may not be real.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field

from graph.analytics.fund_flows import fund_loops
from graph.business_date import business_date, parse_day, resolve_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound

# The loop flag (money out of the enterprise and back) needs its own reads, which depend on the
# enterprise alone: they run beside the chain's expansion instead of after it, so a request waits for
# the longer of the two, not their sum.
_LOOPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="chain-loops")

Direction = Literal["upstream", "downstream"]
MAX_DEPTH = 4
LOOP_FLAG = "circular_fund_flow"
# Mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion): salaries and taxes are
# not trade, and the PAID aggregates the ties are read from leave them out too.
NON_TRADE = ("工资", "税费")


@dataclass(frozen=True)
class ChainEdge:
    payer: str
    payee: str
    total: Annotated[float, Field(description="Total paid on this tie, CNY")]
    count: int
    first_date: str | None
    last_date: str | None


@dataclass
class Partner:
    uscc: str
    name: str
    depth: int
    amount: Annotated[float, Field(description="Total on the tie that reaches this partner, CNY")]
    payments: int
    tie_share: Annotated[float | None, Field(
        description="Upstream: share of the supplier's income from this buyer; downstream: share of the "
        "buyer's spending going to this supplier")]
    path: list[str]
    evidence: list[ChainEdge]  # the ties along `path`; the last one reaches this partner
    flags: list[str] = field(default_factory=list)


@dataclass
class PartnerList:
    """The answer of the upstream and downstream routes: the query, then the partners."""

    uscc: str
    direction: Direction
    depth: int
    min_amount: float
    partners: list[Partner]
    as_of: str = ""  # the day the payments were read up to (graph/business_date.py)


def partners(
    store: GraphStore,
    uscc: str,
    direction: Direction,
    *,
    depth: int = 1,
    min_amount: float = 0.0,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    flag_loops: bool = True,
    as_of: str | None = None,
) -> list[Partner]:
    """`partner_list`'s partners."""
    return partner_list(store, uscc, direction, depth=depth, min_amount=min_amount, since=since, until=until,
                        limit=limit, flag_loops=flag_loops, as_of=as_of).partners


def partner_list(
    store: GraphStore,
    uscc: str,
    direction: Direction,
    *,
    depth: int = 1,
    min_amount: float = 0.0,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    flag_loops: bool = True,
    as_of: str | None = None,
) -> PartnerList:
    """Partners up to `depth` hops, nearest first, then by the amount on the edge that reaches them, with
    the query and the day it was answered for (as the API answers).

    The payments are read as they stood on `as_of` (default: the business date): a tie that had not begun
    counts not at all, and one that went on later counts only its payments up to that day, tie shares
    included, so a payment dated after `as_of` changes nothing. `as_of` caps `until`.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidInput(f"depth must be between 1 and {MAX_DEPTH}")
    if min_amount < 0:
        raise InvalidInput("min_amount must not be negative")
    if not store.read("enterprises/get_enterprise", {"uscc": uscc}):
        raise NotFound(f"no enterprise with USCC {uscc}")
    day = resolve_as_of(store, as_of)
    looping: Future[set[str]] | None = _LOOPS.submit(loop_firms, store, uscc, as_of=day) if flag_loops else None
    # Past the business date every stored total is as of `day` already; before it, a later payment may be
    # in them, so the query recomputes the partners' totals (only then: it reads TXN facts).
    exact = as_of is not None and day < business_date(store)
    until = min(parse_day(until, "until").isoformat(), day) if until else day
    query = "chains/expand_upstream_as_of" if direction == "upstream" else "chains/expand_downstream_as_of"
    found: dict[str, Partner] = {}
    paths: dict[str, list[ChainEdge]] = {uscc: []}
    frontier = [uscc]
    for level in range(1, depth + 1):
        rows = store.read(query, {"frontier": frontier, "min_amount": min_amount, "since": since,
                                  "until": until, "as_of": day, "exact": exact, "non_trade": list(NON_TRADE)})
        # Deterministic choice of the path when two nodes of the frontier reach the same partner.
        rows.sort(key=lambda r: (-r["total"], r["via"], r["uscc"]))
        next_frontier: list[str] = []
        for row in rows:
            partner = row["uscc"]
            if partner in paths:
                continue
            payer, payee = (row["via"], partner) if direction == "upstream" else (partner, row["via"])
            edge = ChainEdge(payer, payee, float(row["total"]), int(row["count"]), row["first_date"],
                             row["last_date"])
            paths[partner] = [*paths[row["via"]], edge]
            found[partner] = Partner(
                uscc=partner, name=row["name"], depth=level, amount=edge.total, payments=edge.count,
                tie_share=row["tie_share"], path=[uscc, *[_far_end(e, direction) for e in paths[partner]]],
                evidence=paths[partner],
            )
            next_frontier.append(partner)
        frontier = next_frontier
        if not frontier:
            break
    ranked = sorted(found.values(), key=lambda p: (p.depth, -p.amount, p.uscc))[:limit]
    if looping is not None:
        looped = looping.result()
        for p in ranked:
            if p.uscc in looped:
                p.flags.append(LOOP_FLAG)
    return PartnerList(uscc, direction, depth, min_amount, ranked, as_of=day)


def loop_firms(store: GraphStore, uscc: str, *, max_hops: int = 4, max_edges: int = 20_000,
               as_of: str | None = None) -> set[str]:
    """The firms money passes through on its way out of `uscc` and back (its circular fund flows) by `as_of`."""
    report = fund_loops(store, uscc, window_days=180, until=as_of, max_hops=max_hops, max_edges=max_edges)
    return {t.payee for loop in report.loops for path in loop.paths for t in path[:-1]}


def _far_end(edge: ChainEdge, direction: Direction) -> str:
    return edge.payee if direction == "upstream" else edge.payer
