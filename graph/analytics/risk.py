"""Risk from negative events, propagated two ways that are KEPT APART (docs/rules.md §13 and §14).

1. The legal extension (`legal_extension`, `restricted_parties`) is a rule, not a score. Under
   最高人民法院关于限制被执行人高消费及有关消费的若干规定 (法释〔2015〕17号) art. 3, when an organisation is a
   restricted debtor (被执行人 in an enforcement case: case type 执, 执恢, 执保 ...), its 法定代表人, 主要负责人
   and 实际控制人 are restricted too. 主要负责人 here means the principal officers on record: 董事长, 总经理,
   and 执行董事 / 经理 / 负责人 where a company has no board or general manager (PRINCIPAL_OFFICER_ROLES).
   The actual controller is the one `graph.analytics.control.actual_controllers` decides (equity
   majority along a control chain, vote plurality, or board majority), with its rule and explanation.
   Only cases that still restrict count (RESTRICTING_STATUSES): a case the documents say was executed in
   full (closed) or whose restriction was lifted (restriction_lifted) no longer does. A case ended by
   终结本次执行 still does: under 最高人民法院关于严格规范终结本次执行程序的规定（试行）(法〔2016〕373号) the
   consumption restriction stays in force after the procedure ends while the debt is unpaid. Each case
   carries its status and listing (restricted = 限制消费令, dishonest = 失信被执行人名单) so the officer sees why.

2. Statistical diffusion (`diffusion_for`, `compute_diffusion`) is a number in [0, 1]: how exposed an
   enterprise is to other parties' negative events along control (HOLDS_SHARES), guarantee (GUARANTEES)
   and supply (PAID) ties. Each event-bearing party is a seed of strength
   seed = 1 - prod(1 - severity(event) * confidence(link)). Risk crosses a tie with the transmission of
   TRANSMISSION (per tie kind and direction) and loses HOP_DECAY per hop, up to MAX_HOPS hops. A seed
   contributes along its single strongest path (so the path is the evidence):
   contribution = seed * prod(HOP_DECAY * transmission). Exposure = 1 - prod(1 - contribution) over seeds
   other than the enterprise itself; contributions below MIN_CONTRIBUTION are dropped. The enterprise's own
   events are reported as events, never folded into its diffusion score.

The whole-graph run reads the projection into memory and searches forward from every seed; one
enterprise's paths come from a backward search over its neighbourhood read hop by hop in Cypher. Both
apply the same rule, so `diffusion_for(...).score` equals the stored `risk_diffusion`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field

from graph.analytics.control import CONTROLLER_BASIS, actual_controllers
from graph.business_date import resolve_as_of
from graph.store import GraphStore, Row
from liantu.errors import NotFound

LEGAL_RULE = ("最高人民法院关于限制被执行人高消费及有关消费的若干规定 art. 3: a restricted debtor's 法定代表人, "
              "主要负责人 and 实际控制人 are restricted too (docs/rules.md §13)")
DIFFUSION_RULE = ("statistical risk diffusion along control, guarantee and supply ties (docs/rules.md §14: kept apart "
                  "from the legal extension): contribution = seed * prod(0.7 * transmission) over the strongest "
                  "path of <= 3 hops; score = 1 - prod(1 - contribution)")
CONTROLLER_METHOD = "graph.analytics.control.actual_controllers (" + CONTROLLER_BASIS + ")"

NEGATIVE_ROLES = ("被告", "被执行人", "被上诉人", "被申请人", "原审被告", "被告人")
RESTRICTING_STATUSES = ("active", "terminated")  # a case with no status is read as active
ENDED_STATUSES = ("closed", "restriction_lifted")
PRINCIPAL_OFFICER_ROLES = ("董事长", "总经理", "执行董事", "经理", "负责人", "主要负责人")
HOP_DECAY = 0.7
MAX_HOPS = 3
MIN_CONTRIBUTION = 1e-3
# Transmission per tie kind and direction, in [0, 1]. Control and supply scale with the tie's size.
TRANSMISSION = {
    "control_to_company": 0.8,   # x ratio: a troubled holder drains, pledges or abandons what it holds
    "control_to_holder": 0.5,    # x ratio: the holder's stake loses value
    "guarantee_to_guarantor": 0.9,  # the borrower's default falls on its guarantor (担保圈 contagion)
    "guarantee_to_borrower": 0.3,   # the borrower loses its credit support
    "supply_to_supplier": 0.6,   # x payee's income share from this payer: receivables at risk
    "supply_to_buyer": 0.4,      # x payer's spending share on this payee: supply disruption
}

NodeId = str  # "E:<uscc>" or "P:<person_id>"
Basis = Literal["debtor", "legal_representative", "principal_officer", "actual_controller"]


def severity(event_kind: str, role: str | None, case_type: str | None, status: str | None = None) -> float:
    """How strongly one event marks its party (before the link's extraction confidence). An enforcement
    case that ended (executed in full, restriction lifted) marks its debtor like an ordinary lawsuit."""
    if event_kind == "penalty":
        return {"institution": 0.5, "unit": 0.3}.get(role or "", 0.4)
    ctype = case_type or ""
    if status in ENDED_STATUSES:
        return 0.4
    if role == "被执行人" and ctype.startswith("执"):
        return 1.0
    if ctype.startswith("刑"):
        return 0.9
    return 0.4 if role == "被上诉人" else 0.6


@dataclass(frozen=True)
class NegativeEvent:
    event_kind: Literal["court_case", "penalty"]
    reference: Annotated[str, Field(description="案号 or 文号")]
    role: str | None
    case_type: str | None
    title: Annotated[str | None, Field(description="案由 or the violation")]
    issuer: Annotated[str | None, Field(description="court or authority")]
    date: str | None
    amount: float | None
    doc_sha256: str | None
    span: tuple[int, int] | None
    confidence: float
    severity: float


@dataclass(frozen=True)
class RiskArc:
    """One tie crossed by risk, in the direction risk travels (source's events reach target)."""

    source: Annotated[NodeId, Field(description="E:<uscc> or P:<person_id>: where the risk comes from")]
    target: NodeId
    tie: str  # control / guarantee / supply
    direction: str  # a TRANSMISSION key
    transmission: float
    figure: str  # the fact behind the weight, e.g. "holds 60%"
    source_name: str | None = None
    target_name: str | None = None


@dataclass
class Contribution:
    party: NodeId
    name: str | None
    seed: float
    contribution: float
    path: list[RiskArc]
    events: list[NegativeEvent] = field(default_factory=list)


@dataclass
class Diffusion:
    uscc: str
    score: float
    rule: str
    contributions: list[Contribution]


@dataclass(frozen=True)
class EnforcementCase:
    case_number: str
    court: str | None
    cause: str | None
    date: str | None
    doc_sha256: str | None
    confidence: float | None
    status: str | None = None  # active, terminated (终结本次执行); ended cases are not listed
    listing: str | None = None  # restricted (限制消费令) or dishonest (失信被执行人)


@dataclass(frozen=True)
class Restriction:
    kind: Annotated[Literal["E", "P"], Field(description="E (id = USCC) or P (id = person_id)")]
    id: str
    name: str | None
    basis: Annotated[Basis, Field(
        description="debtor, legal_representative, principal_officer or actual_controller")]
    role: str  # 被执行人, 法定代表人, 董事长 ..., or the controller test that decided
    debtor_uscc: str | None
    debtor_name: str | None
    cases: tuple[EnforcementCase, ...]
    rule: str = LEGAL_RULE


@dataclass
class LegalExtension:
    uscc: str
    rule: str
    controller_method: str
    debtor_cases: list[EnforcementCase]  # this enterprise is itself a restricted debtor
    extends_to: list[Restriction]  # who is restricted because of this enterprise's debts
    as_controller_of: list[Restriction]  # this enterprise restricted as actual controller of a debtor


@dataclass
class RiskView:
    uscc: str
    name: str
    events: Annotated[list[NegativeEvent], Field(description="this enterprise's own negative events")]
    legal_extension: Annotated[LegalExtension, Field(description="the legal rule (restrictions), not a score")]
    diffusion: Annotated[Diffusion, Field(
        description="the statistical exposure score, kept apart from the legal rule")]
    as_of: Annotated[str, Field(description="the day the events and the diffusion's ties were read at")] = ""


@dataclass
class RestrictedList:
    rule: str
    restricted: list[Restriction]


@dataclass(frozen=True)
class ControllerRef:
    kind: Literal["E", "P"]
    id: str
    name: str | None
    test: str


@dataclass(frozen=True)
class DiffusionRun:
    seeds: int
    nodes: int
    arcs: int
    written: int


# ---- negative events -------------------------------------------------------------------------------

def negative_events(store: GraphStore, usccs: Iterable[str] = (), pids: Iterable[str] = (),
                    as_of: str | None = None) -> dict[NodeId, tuple[str | None, list[NegativeEvent]]]:
    """The parties' negative events, those dated after `as_of` left out (None: every one)."""
    rows = store.read("risk/get_negative_events", {"usccs": list(usccs), "pids": list(pids),
                                                   "roles": list(NEGATIVE_ROLES), "as_of": as_of})
    found: dict[NodeId, tuple[str | None, list[NegativeEvent]]] = {}
    for r in rows:
        node = f"{r['kind']}:{r['id']}"
        confidence = float(r["confidence"] if r["confidence"] is not None else 1.0)
        event = NegativeEvent(
            event_kind=r["event_kind"], reference=r["reference"], role=r["role"], case_type=r["case_type"],
            title=r["title"], issuer=r["issuer"], date=r["date"], amount=r["amount"], doc_sha256=r["doc_sha256"],
            span=(r["span_start"], r["span_end"]) if r["span_start"] is not None else None,
            confidence=confidence, severity=severity(r["event_kind"], r["role"], r["case_type"], r["status"]))
        found.setdefault(node, (r["name"], []))[1].append(event)
    return found


def seed_strength(events: Iterable[tuple[float, float]]) -> float:
    """Noisy-OR of (severity, confidence) pairs: several events mark a party more, never above 1."""
    keep = 1.0
    for sev, conf in events:
        keep *= 1.0 - sev * conf
    return 1.0 - keep


# ---- the diffusion engine (pure) --------------------------------------------------------------------

def arcs_of_tie(row: Row) -> list[RiskArc]:
    """The two directed arcs of one tie row (risk/read_risk_ties columns), with their transmissions."""
    src, dst = f"{row['src_kind']}:{row['src']}", f"{row['dst_kind']}:{row['dst']}"
    names = (row.get("src_name"), row.get("dst_name"))
    tie = row["tie"]
    if tie == "control":
        ratio = min(float(row["ratio"] or 0.0), 1.0)
        fig = f"holds {ratio:.0%}"
        pairs = [(src, dst, "control_to_company", TRANSMISSION["control_to_company"] * ratio, names),
                 (dst, src, "control_to_holder", TRANSMISSION["control_to_holder"] * ratio, names[::-1])]
    elif tie == "guarantee":
        fig = f"guarantees {float(row['amount'] or 0.0):,.0f} CNY"
        pairs = [(dst, src, "guarantee_to_guarantor", TRANSMISSION["guarantee_to_guarantor"], names[::-1]),
                 (src, dst, "guarantee_to_borrower", TRANSMISSION["guarantee_to_borrower"], names)]
    else:
        total = float(row["amount"] or 0.0)
        in_share = min(total / row["dst_total"], 1.0) if row["dst_total"] else 0.0
        out_share = min(total / row["src_total"], 1.0) if row["src_total"] else 0.0
        fig = f"paid {total:,.0f} CNY ({in_share:.0%} of payee income, {out_share:.0%} of payer spending)"
        pairs = [(src, dst, "supply_to_supplier", TRANSMISSION["supply_to_supplier"] * in_share, names),
                 (dst, src, "supply_to_buyer", TRANSMISSION["supply_to_buyer"] * out_share, names[::-1])]
    return [RiskArc(a, b, tie, d, t, fig, na, nb) for a, b, d, t, (na, nb) in pairs if t > 0]


ArcsFn = Callable[[list[NodeId]], dict[NodeId, list[RiskArc]]]


def strongest_paths(start: NodeId, arcs_of: ArcsFn, *, backward: bool, start_value: float = 1.0,
                    max_hops: int = MAX_HOPS, floor: float = MIN_CONTRIBUTION
                    ) -> dict[NodeId, tuple[float, list[RiskArc]]]:
    """Best product path from `start` to every node within `max_hops` (forward along arcs, or backward).

    Every factor is < 1, so a walk through a cycle never beats the path without it: propagating only
    improvements, hop by hop, finds the strongest simple path. Values below `floor` are dropped.
    """
    best: dict[NodeId, tuple[float, list[RiskArc]]] = {start: (start_value, [])}
    frontier = [start]
    for _ in range(max_hops):
        adjacency = arcs_of(frontier)
        improved: dict[NodeId, tuple[float, list[RiskArc]]] = {}
        for node in frontier:
            value, path = best[node]
            for arc in adjacency.get(node, []):
                other = arc.source if backward else arc.target
                reach = value * HOP_DECAY * arc.transmission
                if reach < floor or reach <= best.get(other, (0.0, []))[0] or \
                        reach <= improved.get(other, (0.0, []))[0]:
                    continue
                improved[other] = (reach, [arc, *path] if backward else [*path, arc])
        best.update(improved)
        frontier = sorted(improved)
        if not frontier:
            break
    del best[start]
    return best


def exposure(contributions: Iterable[float]) -> float:
    keep = 1.0
    for c in contributions:
        keep *= 1.0 - c
    return 1.0 - keep


# ---- diffusion for one enterprise, with paths ---------------------------------------------------------

class TieReader:
    """The arcs into (`into`) or out of each node asked for, read from the graph a hop at a time, each node's
    ties read once: the strongest paths from a few parties touch a small corner of the graph."""

    def __init__(self, store: GraphStore, as_of: str, *, into: bool) -> None:
        self.store, self.as_of, self.into = store, as_of, into
        self.cache: dict[NodeId, list[RiskArc]] = {}
        self.arcs = 0

    def __call__(self, nodes: list[NodeId]) -> dict[NodeId, list[RiskArc]]:
        missing = {n for n in nodes if n not in self.cache}
        rows: list[Row] = []
        usccs = [n[2:] for n in missing if n.startswith("E:")]
        pids = [n[2:] for n in missing if n.startswith("P:")]
        if usccs:
            rows += self.store.read("risk/expand_enterprise_ties", {"usccs": usccs, "as_of": self.as_of})
        if pids:
            rows += self.store.read("risk/expand_person_ties", {"pids": pids, "as_of": self.as_of})
        for n in missing:
            self.cache[n] = []
        # A tie between two nodes of one read comes once from each end.
        seen: set[tuple[str, str, str, str]] = set()
        for row in rows:
            for arc in arcs_of_tie(row):
                end = arc.target if self.into else arc.source
                ident = (arc.source, arc.target, arc.direction, arc.figure)
                if end in missing and ident not in seen:
                    seen.add(ident)
                    self.cache[end].append(arc)
                    self.arcs += 1
        return {n: self.cache[n] for n in nodes}

    def nodes(self) -> set[NodeId]:
        """Every node whose ties were read, and the other ends of those ties."""
        return set(self.cache) | {a.target if not self.into else a.source for v in self.cache.values() for a in v}


class _AllTies:
    """Every arc of the graph, read in one pass (`risk/read_risk_ties`), by source."""

    def __init__(self, store: GraphStore, as_of: str) -> None:
        self.out: dict[NodeId, list[RiskArc]] = defaultdict(list)
        self.arcs = 0
        for values in store.stream("risk/read_risk_ties", {"as_of": as_of}):
            row = dict(zip(("tie", "src_kind", "src", "dst_kind", "dst", "ratio", "amount", "src_total",
                            "dst_total"), values, strict=True))
            for arc in arcs_of_tie(row):
                self.out[arc.source].append(arc)
                self.arcs += 1

    def __call__(self, nodes: list[NodeId]) -> dict[NodeId, list[RiskArc]]:
        return {n: self.out.get(n, []) for n in nodes}

    def nodes(self) -> set[NodeId]:
        return set(self.out) | {a.target for v in self.out.values() for a in v}


def diffusion_for(store: GraphStore, uscc: str, *, as_of: str | None = None, top: int = 10) -> Diffusion:
    """Exposure of one enterprise to others' events on `as_of` (default: the business date): ties in force
    and events dated by then, with each contributing party's strongest path."""
    as_of = resolve_as_of(store, as_of)
    target = f"E:{uscc}"
    reached = strongest_paths(target, TieReader(store, as_of, into=True), backward=True)
    events = negative_events(store, [n[2:] for n in reached if n.startswith("E:")],
                             [n[2:] for n in reached if n.startswith("P:")], as_of)
    found: list[Contribution] = []
    for node, (name, evs) in events.items():
        seed = seed_strength((e.severity, e.confidence) for e in evs)
        value, path = reached[node]
        if seed * value >= MIN_CONTRIBUTION:
            found.append(Contribution(node, name, seed, seed * value, path, evs))
    found.sort(key=lambda c: (-c.contribution, c.party))
    return Diffusion(uscc, exposure(c.contribution for c in found), DIFFUSION_RULE, found[:top])


# ---- diffusion for the whole graph, written back -------------------------------------------------------

# Up to this many event-bearing parties, their strongest paths are walked reading a hop of ties at a time;
# beyond it, one pass over every tie is cheaper than a read per party and hop. On the large world's night
# 29 parties were walked in 8.3 s against 96.9 s for the pass (README, "The large world"): about 0.3 s a
# party, so the two cost the same near 300 parties, or later where parties share ties (a node is read once).
WALK_MAX_SEEDS = 300


def compute_diffusion(store: GraphStore, *, as_of: str | None = None,
                      walk_max_seeds: int = WALK_MAX_SEEDS) -> DiffusionRun:
    """Score every enterprise's exposure on `as_of` (default: the business date) in memory and write
    `risk_diffusion` (and its source count). Both ways of reading the ties (see WALK_MAX_SEEDS) give the
    same arcs, hence the same scores."""
    as_of = resolve_as_of(store, as_of)
    marks: dict[NodeId, list[tuple[float, float]]] = defaultdict(list)
    for kind, ident, event_kind, _, role, case_type, confidence, status in store.stream(
            "risk/read_negative_events", {"roles": list(NEGATIVE_ROLES), "as_of": as_of}):
        marks[f"{kind}:{ident}"].append((severity(event_kind, role, case_type, status),
                                         float(confidence if confidence is not None else 1.0)))
    forward = TieReader(store, as_of, into=False) if len(marks) <= walk_max_seeds else _AllTies(store, as_of)
    log_keep: dict[NodeId, float] = defaultdict(float)
    sources: dict[NodeId, int] = defaultdict(int)
    for seed_node, evs in sorted(marks.items()):
        seed = seed_strength(evs)
        for node, (value, _) in strongest_paths(seed_node, forward, backward=False, start_value=seed).items():
            log_keep[node] += math.log1p(-min(value, 1.0 - 1e-12))
            sources[node] += 1
    store.run_in_transactions("risk/clear_diffusion")
    rows = [{"uscc": node[2:], "score": -math.expm1(lk), "sources": sources[node]}
            for node, lk in sorted(log_keep.items()) if node.startswith("E:")]
    written = store.write_rows("risk/write_diffusion", rows).rows
    return DiffusionRun(seeds=len(marks), nodes=len(forward.nodes()), arcs=forward.arcs, written=written)


# ---- legal extension ----------------------------------------------------------------------------------

def _cases(raw: list[dict[str, Any]]) -> tuple[EnforcementCase, ...]:
    return tuple(EnforcementCase(c["case_number"], c["court"], c["cause"], c["date"], c["doc_sha256"],
                                 c["confidence"], c.get("status"), c.get("listing")) for c in raw)


def actual_controllers_of(store: GraphStore, usccs: list[str]) -> dict[str, list[ControllerRef]]:
    """The actual controller of each enterprise that has one (graph/analytics/control.py decides)."""
    found: dict[str, list[ControllerRef]] = {}
    for company, result in actual_controllers(store, usccs).items():
        if result.controller is not None:
            c = result.controller
            kind: Literal["E", "P"] = "E" if c.kind == "E" else "P"
            found[company] = [ControllerRef(kind, c.id, c.name, f"{result.rule}: {result.explanation}")]
    return found


def _extend(store: GraphStore, debtors: list[Row]) -> dict[str, list[Restriction]]:
    """For enterprise debtors: the persons and controllers restricted with them, per debtor."""
    usccs = [d["id"] for d in debtors if d["kind"] == "E"]
    by_id = {d["id"]: d for d in debtors if d["kind"] == "E"}
    out: dict[str, list[Restriction]] = defaultdict(list)
    if not usccs:
        return out
    for r in store.read("risk/get_principal_persons", {"usccs": usccs,
                                                       "officer_roles": list(PRINCIPAL_OFFICER_ROLES)}):
        d = by_id[r["company"]]
        out[d["id"]].append(Restriction("P", r["person_id"], r["name"], r["basis"], r["role"], d["id"], d["name"],
                                        _cases(d["cases"])))
    for company, refs in actual_controllers_of(store, usccs).items():
        d = by_id[company]
        for ref in refs:
            out[company].append(Restriction(ref.kind, ref.id, ref.name, "actual_controller", ref.test, d["id"],
                                            d["name"], _cases(d["cases"])))
    return out


def restricted_parties(store: GraphStore, limit: int = 100) -> list[Restriction]:
    """The restricted list: each enforcement debtor, then the parties its restriction extends to."""
    debtors = store.read("risk/list_enforcement_debtors", {"limit": limit, "ended": list(ENDED_STATUSES)})
    extended = _extend(store, debtors)
    found: list[Restriction] = []
    for d in debtors:
        found.append(Restriction(d["kind"], d["id"], d["name"], "debtor", "被执行人", d["id"] if d["kind"] == "E"
                                 else None, d["name"], _cases(d["cases"])))
        found.extend(extended.get(d["id"], []))
    return found[:limit]


def legal_extension(store: GraphStore, uscc: str) -> LegalExtension:
    own = store.read("risk/get_enforcement_cases", {"usccs": [uscc], "ended": list(ENDED_STATUSES)})
    extended = _extend(store, own)
    candidates = [r["uscc"] for r in store.read("risk/find_controlled_debtors",
                                                {"uscc": uscc, "ended": list(ENDED_STATUSES)})]
    as_controller: list[Restriction] = []
    if candidates:
        controllers = actual_controllers_of(store, candidates)
        debtor_rows = {r["id"]: r for r in store.read("risk/get_enforcement_cases", {"usccs": candidates,
                                                                                 "ended": list(ENDED_STATUSES)})}
        for company in candidates:
            for ref in controllers.get(company, []):
                if ref.kind == "E" and ref.id == uscc:
                    d = debtor_rows[company]
                    as_controller.append(Restriction("E", uscc, ref.name, "actual_controller", ref.test, company,
                                                     d["name"], _cases(d["cases"])))
    return LegalExtension(uscc=uscc, rule=LEGAL_RULE, controller_method=CONTROLLER_METHOD,
                          debtor_cases=list(_cases(own[0]["cases"])) if own else [],
                          extends_to=extended.get(uscc, []), as_controller_of=as_controller)


def risk_view(store: GraphStore, uscc: str, *, as_of: str | None = None) -> RiskView:
    """Both parts for one enterprise, kept apart: its own events, the legal extension, the diffusion, as
    they stood on `as_of` (default: the business date) for the events and the diffusion."""
    rows = store.read("enterprises/get_enterprise", {"uscc": uscc})
    if not rows:
        raise NotFound(f"no enterprise with USCC {uscc}")
    day = resolve_as_of(store, as_of)
    own = negative_events(store, [uscc], as_of=day).get(f"E:{uscc}", (None, []))[1]
    return RiskView(uscc=uscc, name=rows[0]["name"], events=own, legal_extension=legal_extension(store, uscc),
                    diffusion=diffusion_for(store, uscc, as_of=day), as_of=day)
