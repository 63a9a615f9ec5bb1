"""Chain leads (沿链营销): the suppliers and buyers of our customers that do not bank with us yet.

DOMAIN.md: if B regularly pays A, A is B's supplier (upstream) and B is A's buyer (downstream); a strong tie
is one where the payments are a large share of the partner's business. The provincial bank's practice sends
each lead to the RM of the customer it trades with. For an RM (or a branch) this module walks the payment
ties of their enterprise customers one hop (and optionally a second hop, worth half), drops partners that
are already customers, drops (or, on request, flags) partners with negative events, and ranks the rest:

    score = hop_weight * (0.40 * tie_share + 0.20 * hub + 0.20 * amount + 0.10 * recency + 0.10 * tier)

* tie_share: the partner's dependence on the chain, as in graph/analytics/chains.py (a supplier's share of
  its income from this buyer; a buyer's share of its spending on this supplier);
* hub: the partner's PageRank (`liantu hubs compute`) over the highest PageRank among the candidates,
  0 when not computed;
* amount: log(1 + tie total) / log(1 + largest candidate tie total);
* recency: 0.5 ** (days since the tie's last payment / 180), counted back from `as_of` (default: the
  latest payment among the candidate ties, so an old extract is judged against its own time);
* tier: the customer's tier, 高端 1.0, 核心 0.8, 基础 0.5, 潜在 or unknown 0.3;
* hop_weight: 1.0 for a direct partner, 0.5 for a partner of a partner.

A partner tied to several customers is one lead, explained by its best-scoring tie and assigned to that
customer's RM.

Scoring (`scorer`): "formula" is the rule above; "model" ranks by the probability the promoted model for
`become_customer_e` wrote onto the graph (`liantu model score`), with its reasons, and keeps the formula's
components as evidence; "auto" uses the model when a promoted model's scores are on the graph and the
formula otherwise, and the answer says which (`scored_by`, `model_version`, `notes`).

Circular fund flows: a partner that takes part in a circular fund flow of the customer (DOMAIN.md 资金闭环,
graph/analytics/fund_flows.py: money leaves the customer through it and comes back) is not a business
partner to win but a red flag: it is listed in `loop_partners` with the loop's evidence and never offered
as a lead, whatever `include_flagged` says.

Other lead types (new registrations, 临界户 threshold customers, existing-customer uplift) are in
graph/analytics/lead_types.py; lead status (contacted / converted / not interested) is recorded here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from graph.analytics.fund_flows import fund_loops
from graph.analytics.risk import NEGATIVE_ROLES
from graph.store import GraphStore, Row
from liantu.config import get_settings
from liantu.errors import InvalidInput, NotFound

FORMULA = ("score = hop_weight * (0.40 * tie_share + 0.20 * hub + 0.20 * amount + 0.10 * recency + 0.10 * tier); "
           "hop_weight 1.0 (direct) / 0.5 (2 hops); hub = pagerank / max candidate pagerank; "
           "amount = log1p(total) / log1p(max candidate total); recency = 0.5 ** (days since last payment / 180); "
           "tier 高端 1.0, 核心 0.8, 基础 0.5, 潜在/unknown 0.3")
WEIGHTS = {"tie_share": 0.40, "hub": 0.20, "amount": 0.20, "recency": 0.10, "tier": 0.10}
TIER_WEIGHT = {"高端": 1.0, "核心": 0.8, "基础": 0.5, "潜在": 0.3}
HOP_WEIGHT = {1: 1.0, 2: 0.5}
RECENCY_HALF_LIFE_DAYS = 180.0

Direction = Literal["upstream", "downstream"]
Scorer = Literal["auto", "model", "formula"]
SCORERS: tuple[Scorer, ...] = ("auto", "model", "formula")
STATUSES = ("contacted", "converted", "not_interested")
LOOP_WINDOW_DAYS = 180
LOOP_MAX_HOPS = 4  # loops through up to three firms; longer ones are the fund-flow analytic's job
LOOP_MAX_EDGES = 20_000  # per customer: keeps a lead list quick on a hub with many payments


@dataclass(frozen=True)
class LeadTie:
    """The evidence: which customer the partner trades with, through which tie, with which figures."""

    customer_no: str
    customer_uscc: str
    customer_name: str
    tier: str | None
    rm_id: str | None
    rm_name: str | None
    branch_code: str | None
    direction: Direction  # upstream: the partner is a supplier of the chain; downstream: a buyer
    hops: int
    path: tuple[str, ...]  # customer ... partner
    total: float
    count: int
    first_date: str | None
    last_date: str | None
    tie_share: float | None


@dataclass(frozen=True)
class LeadState:
    """The latest status event of a lead: what the RM did, who recorded it and when."""

    status: Annotated[str, Field(description="contacted, converted or not_interested")]
    by: Annotated[str | None, Field(description="who recorded it")]
    at: Annotated[str, Field(description="when (ISO date-time, UTC)")]
    note: str | None = None
    campaign_id: str | None = None


@dataclass
class Lead:
    uscc: str
    name: str
    rank: int
    score: float
    components: dict[str, float]
    tie: LeadTie | None  # chain leads: the payment tie; other types: None (see evidence)
    other_ties: int
    assigned_rm_id: str | None
    assigned_rm_name: str | None
    pagerank: float | None
    risk_diffusion: float | None
    flags: list[str]
    reasons: list[str]
    lead_type: str = "chain"
    scored_by: str = "formula"
    model_version: str | None = None
    branch_code: str | None = None
    customer_no: str | None = None  # the lead's own customer number (threshold and uplift leads)
    evidence: list[str] = field(default_factory=list)  # ids from the RM's customer to the lead
    status: LeadState | None = None


@dataclass(frozen=True)
class LoopPartner:
    """A partner in a circular fund flow with a customer: flagged, never a lead."""

    uscc: str
    customer_uscc: str
    loops: int
    amount_out: float
    amount_back: float
    first_date: str
    last_date: str
    path: list[str]  # the customer, the firms the money went through, where it came back


@dataclass
class LeadList:
    rm_id: str | None
    branch_code: str | None
    depth: int
    as_of: str | None
    formula: str
    customers: int
    leads: list[Lead]
    excluded_customers: int = 0
    excluded_negative: int = 0
    candidates: int = 0
    notes: list[str] = field(default_factory=list)
    lead_type: str = "chain"
    scored_by: str = "formula"
    model_version: str | None = None
    excluded_loops: Annotated[int, Field(description="partners in a circular fund flow with the customer: never "
                                                     "leads")] = 0
    loop_partners: list[LoopPartner] = field(default_factory=list)


def chain_leads(store: GraphStore, *, rm_id: str | None = None, branch_code: str | None = None, depth: int = 1,
                limit: int = 50, include_flagged: bool = False, since: str | None = None,
                as_of: str | None = None, scorer: Scorer = "formula", check_loops: bool = True,
                bank_wide: bool = False, models_home: Path | None = None) -> LeadList:
    """Ranked chain leads for an RM's (or a branch's, or with `bank_wide` every) enterprise customers."""
    if rm_id is None and branch_code is None and not bank_wide:
        raise InvalidInput("give an RM (rm) or a branch (branch)")
    if depth not in HOP_WEIGHT:
        raise InvalidInput("depth must be 1 or 2")
    customers = seed_customers(store, rm_id, branch_code)
    seeds: dict[str, Row] = {}
    for c in customers:
        seeds.setdefault(c["uscc"], c)
    ties: list[LeadTie] = []
    for direction in ("upstream", "downstream"):
        ties += _walk(store, seeds, direction, depth, since)
    result = LeadList(rm_id=rm_id, branch_code=branch_code, depth=depth, as_of=as_of, formula=FORMULA,
                      customers=len(seeds), leads=[])
    if not ties:
        return result
    partners = sorted({t.path[-1] for t in ties})
    flags = {r["uscc"]: r for r in store.read("leads/get_partner_flags",
                                              {"usccs": partners, "roles": list(NEGATIVE_ROLES)})}
    result.candidates = len(partners)
    as_of_day = date.fromisoformat(as_of) if as_of else max(
        (date.fromisoformat(t.last_date) for t in ties if t.last_date), default=date.today())
    result.as_of = as_of_day.isoformat()
    open_ties = [t for t in ties if t.path[-1] not in seeds and flags[t.path[-1]]["customer_no"] is None]
    looped: dict[str, LoopPartner] = {}
    if check_loops:
        looped = loop_partners(store, sorted({t.customer_uscc for t in open_ties}),
                               {t.path[-1] for t in open_ties})
    result.loop_partners = sorted(looped.values(), key=lambda lp: (-lp.amount_out, lp.uscc))
    max_total = max(t.total for t in ties)
    max_pr = max((float(f["pagerank"]) for f in flags.values() if f["pagerank"] is not None), default=0.0)
    best: dict[str, tuple[float, dict[str, float], LeadTie]] = {}
    count: dict[str, int] = {}
    for tie in open_ties:
        partner = tie.path[-1]
        f = flags[partner]
        if partner in looped or (f["negative_events"] and not include_flagged):
            continue
        comp = {
            "tie_share": min(tie.tie_share or 0.0, 1.0),
            "hub": float(f["pagerank"]) / max_pr if f["pagerank"] is not None and max_pr > 0 else 0.0,
            "amount": math.log1p(tie.total) / math.log1p(max_total) if max_total > 0 else 0.0,
            "recency": _recency(tie.last_date, as_of_day),
            "tier": TIER_WEIGHT.get(tie.tier or "", 0.3),
        }
        score = HOP_WEIGHT[tie.hops] * sum(WEIGHTS[k] * v for k, v in comp.items())
        count[partner] = count.get(partner, 0) + 1
        if partner not in best or (score, -tie.hops) > (best[partner][0], -best[partner][2].hops):
            best[partner] = (score, comp, tie)
    result.excluded_customers = sum(1 for p in partners if p in seeds or flags[p]["customer_no"] is not None)
    result.excluded_loops = len(looped)
    result.excluded_negative = 0 if include_flagged else sum(
        1 for p in partners if flags[p]["negative_events"] and p not in seeds and flags[p]["customer_no"] is None
        and p not in looped)
    scores = model_scores(store, "become_customer_e", sorted(best), scorer, result, models_home)
    ranked = sorted(best.items(), key=lambda kv: (kv[0] not in scores, -scores.get(kv[0], (kv[1][0],))[0], kv[0]))
    for rank, (partner, (score, comp, tie)) in enumerate(ranked[:limit], start=1):
        f = flags[partner]
        lead_flags = ["negative_events"] if f["negative_events"] else []
        reasons = _reasons(tie, f, comp, as_of_day)
        lead = Lead(
            uscc=partner, name=f["name"], rank=rank, score=round(score, 6), components=comp, tie=tie,
            other_ties=count[partner] - 1, assigned_rm_id=tie.rm_id, assigned_rm_name=tie.rm_name,
            pagerank=f["pagerank"], risk_diffusion=f["risk_diffusion"], flags=lead_flags, reasons=reasons,
            branch_code=tie.branch_code, evidence=list(tie.path))
        apply_model_score(lead, scores.get(partner))
        result.leads.append(lead)
    attach_status(store, result.leads)
    return result


def seed_customers(store: GraphStore, rm_id: str | None, branch_code: str | None) -> list[Row]:
    """The enterprise customers leads start from: an RM's, a branch's, or (neither given) the bank's."""
    if rm_id is None and branch_code is None:
        return store.read("leads/read_all_customers")
    return _customers(store, rm_id, branch_code)


ModelScore = tuple[float, str | None, list[str], str | None]  # probability, version, reasons, as-of


def promoted_version(target: str, home: Path | None = None) -> str | None:
    """The promoted model's version for a target, from the model registry under `home` (LIANTU_HOME)."""
    from graph.learning.registry import default_registry  # the learning stack loads only when asked for

    return default_registry(home or get_settings().home).promoted_version(target)


def model_scores(store: GraphStore, target: str, usccs: list[str], scorer: Scorer,
                 result: LeadList, home: Path | None = None) -> dict[str, ModelScore]:
    """The model scores to rank by, or {} for the formula; records the choice on `result`."""
    if scorer not in SCORERS:
        raise InvalidInput(f"scorer must be one of {', '.join(SCORERS)}, got {scorer!r}")
    if scorer == "formula" or not usccs:
        result.scored_by = "formula"
        return {}
    promoted = promoted_version(target, home)
    rows = store.read("leads/read_model_scores", {"usccs": usccs, "target": target})
    found = {r["uscc"]: (float(r["score"]), r["model_version"], list(r["reasons"] or []), r["as_of"])
             for r in rows if promoted is None or r["model_version"] == promoted}
    if found:
        version = promoted or sorted({v[1] for v in found.values() if v[1]})[-1]
        result.scored_by, result.model_version = "model", version
        result.notes.append(f"ranked by model {version} ({target}, scores written by `liantu model score`"
                            f"{'' if promoted else '; no model is promoted, the latest written scores are used'})"
                            "; leads the model did not score follow, ranked by the formula")
        return found
    if scorer == "model":
        raise NotFound(f"no {target} model scores on the graph"
                       + (f" for the promoted model {promoted}" if promoted else "; no model is promoted")
                       + ": run `liantu model promote` and `liantu model score`")
    result.scored_by = "formula"
    result.notes.append(f"scored by the formula: no promoted {target} model has scores on the graph"
                        + (f" (promoted {promoted}: run `liantu model score`)" if promoted else ""))
    return {}


def apply_model_score(lead: Lead, found: ModelScore | None) -> None:
    """Put the model's probability and reasons first on a lead; keep the formula's figures as evidence."""
    if found is None:
        return
    probability, version, reasons, as_of = found
    lead.components = {**lead.components, "formula_score": lead.score}
    lead.score, lead.scored_by, lead.model_version = round(probability, 6), "model", version
    lead.reasons = [f"model {version} (as of {as_of}): probability {probability:.1%}", *reasons, *lead.reasons]


def loop_partners(store: GraphStore, customers: Iterable[str], candidates: set[str]) -> dict[str, LoopPartner]:
    """Candidates that carry money out of a customer and back within the window (fund_flows.py's rule)."""
    found: dict[str, LoopPartner] = {}
    for customer in customers:
        report = fund_loops(store, customer, window_days=LOOP_WINDOW_DAYS, max_hops=LOOP_MAX_HOPS,
                            max_edges=LOOP_MAX_EDGES)
        for loop in report.loops:
            for path in loop.paths:
                firms = [t.payee for t in path[:-1]]
                for firm in firms:
                    if firm not in candidates or firm in found:
                        continue
                    found[firm] = LoopPartner(
                        uscc=firm, customer_uscc=customer, loops=sum(
                            1 for lp in report.loops if any(firm in {t.payee for t in p} for p in lp.paths)),
                        amount_out=loop.outflow_total, amount_back=loop.inflow_total,
                        first_date=loop.first_date.isoformat(), last_date=loop.last_date.isoformat(),
                        path=[customer, *firms, path[-1].payee])
    return found


def record_status(store: GraphStore, party_id: str, status: str, *, by: str | None, note: str | None = None,
                  lead_type: str | None = None, campaign_id: str | None = None,
                  at: datetime | None = None) -> LeadState:
    """Record what happened to a lead (contacted / converted / not_interested), with who and when."""
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    event_id = hashlib.sha256(f"{party_id}|{status}|{by}|{when}|{campaign_id}".encode()).hexdigest()[:32]
    rows = store.write_rows("leads/merge_lead_status", [{
        "event_id": event_id, "party_id": party_id, "status": status, "by": by, "at": when, "note": note,
        "lead_type": lead_type, "campaign_id": campaign_id}]).records
    if not rows:
        raise NotFound(f"no enterprise or person with id {party_id}")
    return LeadState(status, by, when, note, campaign_id)


def lead_history(store: GraphStore, party_id: str) -> list[LeadState]:
    return [LeadState(r["status"], r["by"], r["at"], r["note"], r["campaign_id"])
            for r in store.read("leads/read_lead_status", {"party_ids": [party_id]})]


def attach_status(store: GraphStore, leads: list[Lead]) -> None:
    """Each lead's current status (its latest event), so an RM sees who was called already."""
    if not leads:
        return
    latest: dict[str, LeadState] = {}
    for r in store.read("leads/read_lead_status", {"party_ids": [lead.uscc for lead in leads]}):
        latest.setdefault(r["party_id"], LeadState(r["status"], r["by"], r["at"], r["note"], r["campaign_id"]))
    for lead in leads:
        lead.status = latest.get(lead.uscc)


def _customers(store: GraphStore, rm_id: str | None, branch_code: str | None) -> list[Row]:
    if branch_code is not None and not store.read("leads/get_branch", {"branch_code": branch_code}):
        raise NotFound(f"no branch with code {branch_code}")
    if rm_id is None:
        return store.read("leads/read_branch_customers", {"branch_code": branch_code})
    if not store.read("leads/get_rm", {"rm_id": rm_id}):
        raise NotFound(f"no relationship manager with id {rm_id}")
    rows = store.read("leads/read_rm_customers", {"rm_id": rm_id})
    return [r for r in rows if branch_code is None or r["branch_code"] == branch_code]


def _walk(store: GraphStore, seeds: dict[str, Row], direction: Direction, depth: int,
          since: str | None) -> list[LeadTie]:
    """Ties from the customers outward, hop by hop, along payments (upstream) or against them."""
    query = "chains/expand_upstream" if direction == "upstream" else "chains/expand_downstream"
    origin: dict[str, tuple[Row, tuple[str, ...]]] = {u: (c, (u,)) for u, c in seeds.items()}
    ties: list[LeadTie] = []
    frontier = sorted(seeds)
    for hops in range(1, depth + 1):
        rows = store.read(query, {"frontier": frontier, "min_amount": 0.0, "since": since, "until": None})
        rows.sort(key=lambda r: (-r["total"], r["via"], r["uscc"]))
        reached: dict[str, tuple[Row, tuple[str, ...]]] = {}
        for r in rows:
            customer, path = origin[r["via"]]
            if r["uscc"] in path:
                continue
            full = (*path, r["uscc"])
            ties.append(LeadTie(
                customer_no=customer["customer_no"], customer_uscc=customer["uscc"], customer_name=customer["name"],
                tier=customer["tier"], rm_id=customer["rm_id"], rm_name=customer["rm_name"],
                branch_code=customer["branch_code"], direction=direction, hops=hops, path=full,
                total=float(r["total"]), count=int(r["count"]), first_date=r["first_date"],
                last_date=r["last_date"], tie_share=r["tie_share"]))
            reached.setdefault(r["uscc"], (customer, full))  # strongest tie first: it carries the chain on
        origin = reached
        frontier = sorted(reached)
        if not frontier:
            break
    return ties


def _recency(last: str | None, as_of: date) -> float:
    if not last:
        return 0.0
    days = max((as_of - date.fromisoformat(last)).days, 0)
    return float(0.5 ** (days / RECENCY_HALF_LIFE_DAYS))


def _reasons(tie: LeadTie, flags: Row, comp: dict[str, float], as_of: date) -> list[str]:
    role = "supplier (upstream)" if tie.direction == "upstream" else "buyer (downstream)"
    whose = f"customer {tie.customer_no} {tie.customer_name} (tier {tie.tier or 'unknown'})"
    if tie.hops == 2:
        role = f"{role} at 2 hops, through {tie.path[1]},"
    money = "receives" if tie.direction == "upstream" else "pays"
    share = "of its income from enterprises" if tie.direction == "upstream" else "of its spending on enterprises"
    reasons = [f"{role} of {whose}",
               f"{money} {tie.total:,.2f} CNY in {tie.count} payments"
               + (f", {tie.tie_share:.0%} {share}" if tie.tie_share is not None else "")]
    if tie.last_date:
        reasons.append(f"last payment {tie.last_date} ({(as_of - date.fromisoformat(tie.last_date)).days} days "
                       f"before {as_of.isoformat()})")
    if flags["pagerank"] is not None:
        reasons.append(f"hub score (PageRank) {float(flags['pagerank']):.4f}, {comp['hub']:.0%} of the top candidate")
    if flags["negative_events"]:
        reasons.append(f"FLAG: {flags['negative_events']} negative event(s) (court cases or penalties)")
    reasons.append(f"assigned to {tie.rm_id or 'no RM'} {tie.rm_name or ''}, the RM of {tie.customer_no}".strip())
    return reasons
