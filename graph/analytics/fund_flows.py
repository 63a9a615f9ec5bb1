"""Circular fund flows (资金闭环): money that leaves a core enterprise and comes back within a window.

Rule (docs/rules.md §9 资金闭环), as implemented:

1. A return path is a sequence of TXN facts core -> x1 -> ... -> xk -> r with 2 <= hops <= max_hops,
   where r is the core or one of its related parties (read_related_parties.cypher: its >= 50%
   majority-chain group, up and down, and the companies of its legal representative), the
   intermediaries are distinct and are neither the core nor a related party, each txn is dated on or
   after the previous one (time-respecting) and the last is at most `window_days` after the first.
2. Return paths that share a txn are one flow (fan-out / fan-in through a common firm). A flow is
   balanced when inflow / outflow lies in [min_ratio, max_ratio], where outflow sums the distinct
   first txns (leaving the core) and inflow the distinct last txns (arriving at r). A flow that is
   not balanced keeps only its steady paths, those where each hop passes on between min_ratio and
   max_ratio of the previous hop's amount (a loop's leg passes the money on less a fee; an ordinary
   purchase that happens to reach a loop's shell months later does not), and what is left is split
   again by shared txns and judged the same way; a part made only of steady paths that is still
   unbalanced sheds them one at a time, the largest jump of amount first, until it balances. Without
   this one stray path pulls a real loop's whole flow out of balance and every payment of its legs
   is lost as evidence (seen on the tiny world of seed 42: 13 of 30 planted payments reported).
3. Balanced flows whose first txn falls within `window_days` of an episode's first txn join that
   episode; each episode is one loop, reported with its paths, totals, ratio and time span.

The search itself (`return_paths`, `group_loops`) runs in memory on txn facts, so the store-backed
analytic and benchmarks/eval_cycles_amlsim.py use the same code.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Annotated, Any

from pydantic import Field, computed_field

from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound

RULE = ("docs/rules.md §9 资金闭环: time-respecting txn paths core -> ... -> core or related party of 2..{hops} "
        "hops within {window} days; paths sharing a txn form one flow, kept when inflow/outflow is in "
        "[{lo}, {hi}] (an unbalanced flow keeps only paths whose every hop passes on {lo}..{hi} of the "
        "last, then sheds the largest jumps until it balances); flows starting within the window of each "
        "other form one loop")
MAX_HOPS = 6
MAX_EDGES = 200_000
MAX_PATHS = 20_000
# A flow is balanced, and a hop steady, between these ratios (rule step 2).
MIN_RATIO = 0.8
MAX_RATIO = 1.25


@dataclass(frozen=True)
class Txn:
    txn_id: str
    payer: str
    payee: str
    amount: float
    day: Annotated[date, Field(serialization_alias="date")]  # "date" in JSON, as YYYY-MM-DD


@dataclass(frozen=True)
class LoopRelatedParty:
    """A party money may come back to (read_related_parties.cypher), with the ties that make it one."""

    uscc: str
    name: str
    basis: list[str]


@dataclass
class FundLoop:
    core: str
    returns_to: list[str]
    paths: list[list[Txn]]
    outflow_total: float
    inflow_total: float
    ratio: Annotated[float, Field(description="inflow_total / outflow_total")]
    first_date: date
    last_date: date

    @computed_field  # type: ignore[prop-decorator]
    @property
    def span_days(self) -> int:
        return (self.last_date - self.first_date).days


@dataclass
class LoopReport:
    core: str
    name: str
    window_days: int
    since: str | None
    until: str | None
    related_parties: list[LoopRelatedParty]
    loops: list[FundLoop]
    txns_read: int
    paths_found: int
    truncated: bool
    rule: str
    limits: dict[str, float] = field(default_factory=dict)


class TxnIndex:
    """Outgoing txns per payer, sorted by date, for time-respecting expansion."""

    def __init__(self, txns: Iterable[Txn]) -> None:
        out: dict[str, list[Txn]] = defaultdict(list)
        for t in txns:
            if t.payer != t.payee:
                out[t.payer].append(t)
        self.out = {k: sorted(v, key=lambda t: (t.day, t.txn_id)) for k, v in out.items()}
        self.days = {k: [t.day.toordinal() for t in v] for k, v in self.out.items()}

    def after(self, node: str, day: date) -> list[Txn]:
        txns = self.out.get(node, [])
        return txns[bisect.bisect_left(self.days.get(node, []), day.toordinal()):]

    def hops_to(self, targets: set[str], max_hops: int) -> dict[str, int]:
        """Fewest payment hops from each payer to the targets (ignoring dates): a safe pruning bound."""
        back: dict[str, set[str]] = defaultdict(set)
        for payer, txns in self.out.items():
            for t in txns:
                back[t.payee].add(payer)
        dist = dict.fromkeys(targets, 0)
        queue = deque(targets)
        while queue:
            node = queue.popleft()
            if dist[node] >= max_hops:
                continue
            for prev in back.get(node, ()):
                if prev not in dist:
                    dist[prev] = dist[node] + 1
                    queue.append(prev)
        return dist


def return_paths(index: TxnIndex, core: str, targets: set[str], *, max_hops: int = MAX_HOPS,
                 window_days: int = 180, time_respecting: bool = True, hop_tolerance: float | None = None,
                 max_paths: int = MAX_PATHS, prune: bool = True) -> tuple[list[list[Txn]], bool]:
    """Every return path of the rule (step 1) from `core` to `targets` (which should include the core).

    `time_respecting=False` only bounds the spread of dates by the window; `hop_tolerance` (e.g. 0.05)
    also requires each hop's amount within that fraction of the previous hop's; `prune` skips firms
    that cannot reach the targets in the hops left (cheap on a fetched neighbourhood, costly on a
    whole graph). Returns the paths and whether `max_paths` cut the search short.
    """
    stop = targets | {core}
    dist = index.hops_to(stop, max_hops) if prune else None
    found: list[list[Txn]] = []
    path: list[Txn] = []
    on_path: set[str] = {core}

    def fits(t: Txn, lo: int, hi: int) -> bool:
        if hop_tolerance is not None and abs(t.amount - path[-1].amount) > hop_tolerance * path[-1].amount:
            return False
        d = t.day.toordinal()
        return max(hi, d) - min(lo, d) <= window_days

    def walk(node: str, lo: int, hi: int) -> bool:
        txns = index.after(node, path[-1].day) if time_respecting else index.out.get(node, [])
        for t in txns:
            if time_respecting and t.day.toordinal() > lo + window_days:
                break
            if (t.payee in on_path and t.payee not in stop) or not fits(t, lo, hi):
                continue
            d = t.day.toordinal()
            path.append(t)
            if t.payee in stop:
                found.append(list(path))
                if len(found) >= max_paths:
                    return True
            elif len(path) < max_hops and (dist is None or dist.get(t.payee, max_hops + 1) <= max_hops - len(path)):
                on_path.add(t.payee)
                if walk(t.payee, min(lo, d), max(hi, d)):
                    return True
                on_path.discard(t.payee)
            path.pop()
        return False

    for first in index.out.get(core, []):
        if first.payee in stop:
            continue  # paying one's own group directly is no loop: the money never left
        d = first.day.toordinal()
        path[:] = [first]
        on_path.add(first.payee)
        cut = walk(first.payee, d, d)
        on_path.discard(first.payee)
        if cut:
            return found, True
    return found, False


def group_loops(core: str, paths: list[list[Txn]], *, window_days: int = 180, min_ratio: float = MIN_RATIO,
                max_ratio: float = MAX_RATIO) -> list[FundLoop]:
    """Steps 2 and 3 of the rule: flows by shared txns, balanced flows, episodes within the window."""
    balanced: list[list[list[Txn]]] = []
    pending = _flows(paths)
    while pending:
        flow = pending.pop()
        if min_ratio <= _totals(flow)[2] <= max_ratio:
            balanced.append(flow)
            continue
        kept = _shed(flow, min_ratio, max_ratio)
        if kept:
            pending.extend(_flows(kept))
    balanced.sort(key=lambda f: (min(p[0].day for p in f), min(p[0].txn_id for p in f)))
    loops: list[FundLoop] = []
    episode: list[list[Txn]] = []
    for flow in balanced:
        start = min(p[0].day for p in flow)
        if episode and (start - min(p[0].day for p in episode)).days > window_days:
            loops.append(_loop(core, episode))
            episode = []
        episode.extend(flow)
    if episode:
        loops.append(_loop(core, episode))
    return loops


def _flows(paths: list[list[Txn]]) -> list[list[list[Txn]]]:
    """Paths joined into flows where they share a txn (union-find over txn ids)."""
    parent = list(range(len(paths)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, p in enumerate(paths):
        for t in p:
            j = owner.setdefault(t.txn_id, i)
            parent[find(i)] = find(j)
    flows: dict[int, list[list[Txn]]] = defaultdict(list)
    for i, p in enumerate(paths):
        flows[find(i)].append(p)
    return list(flows.values())


def _shed(flow: list[list[Txn]], min_ratio: float, max_ratio: float) -> list[list[Txn]]:
    """What is left of an unbalanced flow (step 2): fewer paths than it had, possibly none.

    First the unsteady paths go (a hop passing on less than min_ratio or more than max_ratio of the
    previous hop's amount). When every path is steady, they go one at a time, the path with the
    largest jump of amount between hops first (log terms, so halving and doubling weigh alike), then
    txn ids, so the result is deterministic, until the rest balances. Totals are kept with counts per
    first and last txn, since paths share them.
    """
    def jump(p: list[Txn]) -> float:
        return max(abs(math.log(max(b.amount, 0.01) / max(a.amount, 0.01))) for a, b in pairwise(p))

    steady = [p for p in flow if all(min_ratio <= b.amount / a.amount <= max_ratio
                                     for a, b in pairwise(p) if a.amount > 0)]
    if len(steady) < len(flow):
        return steady
    order = sorted(flow, key=lambda p: (-jump(p), [t.txn_id for t in p]))
    firsts: dict[str, int] = defaultdict(int)
    lasts: dict[str, int] = defaultdict(int)
    amount = {t.txn_id: t.amount for p in flow for t in (p[0], p[-1])}
    for p in flow:
        firsts[p[0].txn_id] += 1
        lasts[p[-1].txn_id] += 1
    outflow = sum(amount[k] for k in firsts)
    inflow = sum(amount[k] for k in lasts)
    for n, p in enumerate(order):
        firsts[p[0].txn_id] -= 1
        if not firsts[p[0].txn_id]:
            outflow -= amount[p[0].txn_id]
        lasts[p[-1].txn_id] -= 1
        if not lasts[p[-1].txn_id]:
            inflow -= amount[p[-1].txn_id]
        if outflow > 0 and min_ratio <= inflow / outflow <= max_ratio:
            return order[n + 1:]
    return []


def _totals(paths: list[list[Txn]]) -> tuple[float, float, float]:
    out = {p[0].txn_id: p[0].amount for p in paths}
    back = {p[-1].txn_id: p[-1].amount for p in paths}
    outflow, inflow = sum(out.values()), sum(back.values())
    return outflow, inflow, inflow / outflow if outflow > 0 else 0.0


def _loop(core: str, paths: list[list[Txn]]) -> FundLoop:
    outflow, inflow, ratio = _totals(paths)
    ordered = sorted(paths, key=lambda p: (p[0].day, [t.txn_id for t in p]))
    return FundLoop(core=core, returns_to=sorted({p[-1].payee for p in paths}), paths=ordered,
                    outflow_total=round(outflow, 2), inflow_total=round(inflow, 2), ratio=round(ratio, 4),
                    first_date=min(t.day for p in paths for t in p), last_date=max(t.day for p in paths for t in p))


def _txn(row: Mapping[str, Any]) -> Txn:
    return Txn(str(row["txn_id"]), str(row["payer"]), str(row["payee"]), float(row["amount"]),
               date.fromisoformat(str(row["date"])))


def _iso(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def fund_loops(store: GraphStore, uscc: str, *, window_days: int = 180, since: str | None = None,
               until: str | None = None, min_ratio: float = MIN_RATIO, max_ratio: float = MAX_RATIO,
               max_hops: int = MAX_HOPS, max_edges: int = MAX_EDGES, max_paths: int = MAX_PATHS) -> LoopReport:
    """Circular fund flows of one core enterprise, with the txns of every path as evidence."""
    if not 2 <= max_hops <= MAX_HOPS:
        raise InvalidInput(f"max_hops must be between 2 and {MAX_HOPS}")
    if window_days < 1 or not 0 < min_ratio <= 1 <= max_ratio:
        raise InvalidInput("window_days must be >= 1 and min_ratio <= 1 <= max_ratio, min_ratio > 0")
    since, until = _iso(since, "since"), _iso(until, "until")
    found = store.read("enterprises/get_enterprise", {"uscc": uscc})
    if not found:
        raise NotFound(f"no enterprise with USCC {uscc}")
    related: dict[str, LoopRelatedParty] = {}
    for row in store.read("fund_flows/read_related_parties", {"usccs": [uscc]}):
        party = related.setdefault(row["uscc"], LoopRelatedParty(row["uscc"], row["name"] or "", []))
        party.basis.append(row["basis"])
    targets = {uscc, *related}
    txns: dict[str, Txn] = {}
    seen = {uscc}
    frontier = [uscc]
    truncated = False
    window = {"since": since, "until": until}
    for level in range(1, max_hops + 1):
        budget = max_edges - len(txns)
        if not frontier or budget <= 0:
            truncated = truncated or bool(frontier)
            break
        last = level == max_hops
        rows = store.read("fund_flows/read_payments_into" if last else "fund_flows/expand_payments",
                          {"frontier": frontier, "targets": sorted(targets), "limit": budget, **window})
        truncated = truncated or len(rows) >= budget
        frontier = []
        for row in rows:
            t = _txn(row)
            txns[t.txn_id] = t
            if t.payee not in seen and t.payee not in targets:
                seen.add(t.payee)
                frontier.append(t.payee)
    paths, capped = return_paths(TxnIndex(txns.values()), uscc, targets, max_hops=max_hops,
                                 window_days=window_days, max_paths=max_paths)
    loops = group_loops(uscc, paths, window_days=window_days, min_ratio=min_ratio, max_ratio=max_ratio)
    loops.sort(key=lambda lp: (-lp.outflow_total, lp.first_date))
    return LoopReport(
        core=uscc, name=str(found[0].get("name") or ""), window_days=window_days, since=since, until=until,
        related_parties=sorted(related.values(), key=lambda r: r.uscc), loops=loops, txns_read=len(txns),
        paths_found=len(paths), truncated=truncated or capped,
        rule=RULE.format(hops=max_hops, window=window_days, lo=min_ratio, hi=max_ratio),
        limits={"max_hops": max_hops, "max_edges": max_edges, "max_paths": max_paths, "min_ratio": min_ratio,
                "max_ratio": max_ratio},
    )
