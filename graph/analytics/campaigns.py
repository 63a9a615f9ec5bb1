"""Campaigns: did the leads work? A randomised treatment/control comparison recorded in the graph.

`create_campaign` takes a lead list, cuts it into score deciles (1 = the top tenth) and, inside each
decile, sends a seeded random share to treatment (pushed to the RMs) and holds the rest back as control,
so both arms hold the same mix of scores. The assignment is written as (:Campaign)-[:TARGETS {arm,
decile, score, rm_id}]->(party).

`campaign_report` reads the arms back with what happened since the start, from the bank's own data:

* goal `customer`: a lead converted when the party became a customer (a customer record whose `since`
  lies in (start, start + window]); a lead that was already a customer on the start date is left out of
  both arms and counted;
* goal `effective`: a lead converted when one of its monthly average balances in the window's months
  reaches the effective threshold (500,000 yuan for enterprises, 50,000 for persons, DOMAIN.md 有效户).

Uplift is treatment rate - control rate with a 95% interval by Newcombe's hybrid score method (Newcombe
1998, method 10: Wilson intervals of each rate combined), overall, per RM and per score decile.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Annotated, Literal

from pydantic import Field

from graph.analytics.lead_types import find_leads
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound

Goal = Literal["customer", "effective"]
Arm = Literal["treatment", "control"]
GOALS: tuple[Goal, ...] = ("customer", "effective")
EFFECTIVE_THRESHOLD = {"E": 500_000.0, "P": 50_000.0}
DECILES = 10
CONFIDENCE = 0.95


def wilson(x: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval of a proportion x/n (no continuity correction)."""
    if n <= 0 or not 0 <= x <= n:
        raise InvalidInput(f"a proportion needs 0 <= x <= n and n > 0, got x={x}, n={n}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = x / n
    centre = (2 * n * p + z * z) / (2 * (n + z * z))
    half = z * math.sqrt(z * z + 4 * n * p * (1 - p)) / (2 * (n + z * z))
    # At x = 0 or x = n the bound is exactly 0 or 1; rounding would otherwise leave 0.9999999999999999.
    return (0.0 if x == 0 else max(0.0, centre - half)), (1.0 if x == n else min(1.0, centre + half))


def newcombe(x1: int, n1: int, x2: int, n2: int, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Difference p1 - p2 of two independent proportions with Newcombe's method-10 interval.

    L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2), where (l, u) are
    each proportion's Wilson interval: it stays inside [-1, 1] and behaves at 0 and at n, where the
    normal approximation does not.
    """
    p1, p2 = x1 / n1 if n1 else 0.0, x2 / n2 if n2 else 0.0
    l1, u1 = wilson(x1, n1, confidence)
    l2, u2 = wilson(x2, n2, confidence)
    d = p1 - p2
    return d, d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


@dataclass(frozen=True)
class CampaignLead:
    """One lead offered to a campaign: who, how it scored, and the RM it is routed to."""

    party_id: str
    party_kind: Literal["E", "P"]
    score: float
    rm_id: str | None
    branch_code: str | None
    customer_no: str | None = None


@dataclass(frozen=True)
class Assignment:
    lead: CampaignLead
    rank: int
    decile: int
    arm: Arm


def assign(leads: Sequence[CampaignLead], *, seed: int, treatment_share: float = 0.5) -> list[Assignment]:
    """Rank by score, cut into deciles, and draw the treated share of each decile at random (seeded).

    Ties in score are broken by party id so the same list and seed always give the same arms. Each
    decile treats floor(share * n) leads plus one more with probability equal to the fraction left, so
    no rounding rule tilts the arms.
    """
    if not 0 < treatment_share < 1:
        raise InvalidInput("treatment_share must lie strictly between 0 and 1")
    ids = [lead.party_id for lead in leads]
    if len(set(ids)) != len(ids):
        raise InvalidInput("a campaign's lead list names a party twice")
    ranked = sorted(leads, key=lambda lead: (-lead.score, lead.party_id))
    n = len(ranked)
    strata: dict[int, list[tuple[int, CampaignLead]]] = defaultdict(list)
    for i, lead in enumerate(ranked):
        strata[1 + i * DECILES // n].append((i + 1, lead))
    rng = random.Random(seed)
    out: list[Assignment] = []
    for decile in sorted(strata):
        members = strata[decile]
        order = list(range(len(members)))
        rng.shuffle(order)
        exact = treatment_share * len(members)
        treated = math.floor(exact) + (1 if rng.random() < exact - math.floor(exact) else 0)
        chosen = set(order[:treated])
        for j, (rank, lead) in enumerate(members):
            out.append(Assignment(lead, rank, decile, "treatment" if j in chosen else "control"))
    return sorted(out, key=lambda a: a.rank)


@dataclass
class Campaign:
    campaign_id: str
    name: str
    lead_type: str
    goal: str
    start: str
    end: str
    window_days: int
    seed: int
    treatment_share: float
    scored_by: str
    model_version: str | None
    scope_rm: str | None
    scope_branch: str | None
    created_by: str | None
    created_at: str
    leads: int
    treatment: int = 0
    control: int = 0
    skipped: list[str] = field(default_factory=list)


def _iso_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def create_campaign(store: GraphStore, campaign_id: str, leads: Sequence[CampaignLead], *, name: str | None = None,
                    lead_type: str = "chain", goal: Goal = "customer", start: str, window_days: int = 90,
                    seed: int = 0, treatment_share: float = 0.5, scored_by: str = "formula",
                    model_version: str | None = None, scope_rm: str | None = None, scope_branch: str | None = None,
                    created_by: str | None = None) -> Campaign:
    """Assign the leads to arms and record the campaign; an existing id is refused, never overwritten."""
    if goal not in GOALS:
        raise InvalidInput(f"goal must be one of {', '.join(GOALS)}, got {goal!r}")
    if not 1 <= window_days <= 730:
        raise InvalidInput("window_days must be between 1 and 730")
    if not leads:
        raise InvalidInput("a campaign needs at least one lead")
    begin = _iso_day(start, "start")
    if store.read("campaigns/get_campaign", {"campaign_id": campaign_id}):
        raise InvalidInput(f"campaign {campaign_id} exists already; its assignment is never redrawn")
    assignments = assign(leads, seed=seed, treatment_share=treatment_share)
    settings: Row = {
        "campaign_id": campaign_id, "name": name or campaign_id, "lead_type": lead_type, "goal": goal,
        "start": begin.isoformat(), "end": (begin + timedelta(days=window_days)).isoformat(),
        "window_days": window_days, "seed": seed, "treatment_share": treatment_share, "scored_by": scored_by,
        "model_version": model_version, "scope_rm": scope_rm, "scope_branch": scope_branch,
        "created_by": created_by, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    store.write("campaigns/merge_campaign", {"campaign": settings})
    rows: list[Row] = [{"key": f"{campaign_id}|{a.lead.party_id}", "party_id": a.lead.party_id,
             "party_kind": a.lead.party_kind, "arm": a.arm, "decile": a.decile, "score": a.lead.score,
             "rank": a.rank, "rm_id": a.lead.rm_id, "branch_code": a.lead.branch_code,
             "customer_no": a.lead.customer_no} for a in assignments]
    written = {r["party_id"] for r in store.write_rows("campaigns/merge_targets", rows,
                                                       extra={"campaign_id": campaign_id}).records}
    campaign = get_campaign(store, campaign_id)
    campaign.skipped = sorted(a.lead.party_id for a in assignments if a.lead.party_id not in written)
    campaign.treatment = sum(1 for a in assignments if a.arm == "treatment" and a.lead.party_id in written)
    campaign.control = sum(1 for a in assignments if a.arm == "control" and a.lead.party_id in written)
    return campaign


GOAL_OF_TYPE: dict[str, Goal] = {"chain": "customer", "new_registration": "customer", "threshold": "effective"}


def create_from_leads(store: GraphStore, campaign_id: str, *, lead_type: str = "chain", rm_id: str | None = None,
                      branch_code: str | None = None, limit: int = 1000, start: str | None = None,
                      window_days: int = 90, seed: int = 0, treatment_share: float = 0.5, name: str | None = None,
                      created_by: str | None = None, models_home: Path | None = None) -> Campaign:
    """A campaign over today's lead list of one type (an RM's, a branch's, or the bank's when neither given).

    Chain and new-registration leads convert by becoming customers; threshold (临界户) leads by becoming
    effective. Uplift leads have no conversion event in the bank's data yet, so they cannot be measured.
    """
    if lead_type not in GOAL_OF_TYPE:
        raise InvalidInput(f"campaigns measure {', '.join(GOAL_OF_TYPE)} leads, not {lead_type!r}")
    found = find_leads(store, lead_type, rm_id=rm_id, branch_code=branch_code, limit=limit,
                       bank_wide=rm_id is None and branch_code is None, models_home=models_home)
    leads = [CampaignLead(lead.uscc, "E", lead.score, lead.assigned_rm_id, lead.branch_code, lead.customer_no)
             for lead in found.leads]
    return create_campaign(store, campaign_id, leads, name=name, lead_type=lead_type, goal=GOAL_OF_TYPE[lead_type],
                           start=start or found.as_of or date.today().isoformat(), window_days=window_days,
                           seed=seed, treatment_share=treatment_share, scored_by=found.scored_by,
                           model_version=found.model_version, scope_rm=rm_id, scope_branch=branch_code,
                           created_by=created_by)


def get_campaign(store: GraphStore, campaign_id: str) -> Campaign:
    rows = store.read("campaigns/get_campaign", {"campaign_id": campaign_id})
    if not rows:
        raise NotFound(f"no campaign with id {campaign_id}")
    return Campaign(**rows[0])


def list_campaigns(store: GraphStore) -> list[Row]:
    return store.read("campaigns/list_campaigns")


@dataclass(frozen=True)
class TargetOutcome:
    """One assigned lead and what the bank's data says happened to it."""

    party_id: str
    party_kind: str
    arm: Arm
    decile: int
    score: float
    rank: int
    rm_id: str | None
    branch_code: str | None
    customer_no: str | None
    since: str | None
    best_balance: float | None


def read_targets(store: GraphStore, campaign: Campaign) -> list[TargetOutcome]:
    first = date.fromisoformat(campaign.start) + timedelta(days=1)
    last = date.fromisoformat(campaign.end)
    rows = store.read("campaigns/read_targets", {"campaign_id": campaign.campaign_id,
                                                 "first_month": f"{first:%Y-%m}", "last_month": f"{last:%Y-%m}"})
    return [TargetOutcome(**r) for r in rows]


@dataclass
class ArmComparison:
    """Conversion per arm and the uplift (treatment - control) with its interval; None when an arm is empty."""

    key: str
    treatment_n: int
    treatment_converted: int
    control_n: int
    control_converted: int
    treatment_rate: float | None
    control_rate: float | None
    uplift: Annotated[float | None, Field(description="treatment rate - control rate")]
    low: Annotated[float | None, Field(description="95% interval, Newcombe (1998) method 10")]
    high: float | None


def compare(key: str, outcomes: Iterable[tuple[Arm, bool]], confidence: float = CONFIDENCE) -> ArmComparison:
    counts = {"treatment": [0, 0], "control": [0, 0]}
    for arm, converted in outcomes:
        counts[arm][0] += 1
        counts[arm][1] += int(converted)
    (nt, xt), (nc, xc) = counts["treatment"], counts["control"]
    rate_t = xt / nt if nt else None
    rate_c = xc / nc if nc else None
    uplift = low = high = None
    if nt and nc:
        uplift, low, high = newcombe(xt, nt, xc, nc, confidence)
    return ArmComparison(key, nt, xt, nc, xc, rate_t, rate_c, uplift, low, high)


@dataclass
class CampaignReport:
    campaign: Campaign
    rule: str
    observed_until: str | None
    window_complete: bool
    excluded_already_customer: int
    overall: ArmComparison
    by_decile: list[ArmComparison]
    by_rm: list[ArmComparison]


def converted(target: TargetOutcome, campaign: Campaign) -> bool:
    if campaign.goal == "effective":
        return target.best_balance is not None and target.best_balance >= EFFECTIVE_THRESHOLD[target.party_kind]
    return target.since is not None and campaign.start < target.since <= campaign.end


def campaign_report(store: GraphStore, campaign_id: str) -> CampaignReport:
    """Conversion per arm, uplift with its 95% Newcombe interval, per RM and per score decile."""
    campaign = get_campaign(store, campaign_id)
    targets = read_targets(store, campaign)
    if campaign.goal == "customer":
        # A lead that banked with us before the start cannot convert; keeping it would dilute both arms.
        kept = [t for t in targets if t.since is None or t.since > campaign.start]
        rule = (f"converted = became a customer (customers.since) in ({campaign.start}, {campaign.end}]; "
                "leads already customers at the start are left out")
    else:
        kept = targets
        rule = (f"converted = a monthly average balance in the window's months up to {campaign.end} reaches the "
                f"effective threshold ({EFFECTIVE_THRESHOLD['E']:,.0f} yuan enterprises, "
                f"{EFFECTIVE_THRESHOLD['P']:,.0f} persons)")
    rule += f"; uplift = treatment rate - control rate, {CONFIDENCE:.0%} interval by Newcombe (1998) method 10"
    horizon = store.read("campaigns/get_data_horizon")[0]
    observed = horizon["last_since"] if campaign.goal == "customer" else horizon["last_month"]
    end_month = campaign.end[:7]
    complete = observed is not None and (observed >= campaign.end if campaign.goal == "customer"
                                         else observed >= end_month)
    outcome = [(t, converted(t, campaign)) for t in kept]
    deciles = sorted({t.decile for t in kept})
    rms = sorted({t.rm_id or "-" for t in kept})
    return CampaignReport(
        campaign=campaign, rule=rule, observed_until=observed, window_complete=complete,
        excluded_already_customer=len(targets) - len(kept),
        overall=compare("all", ((t.arm, c) for t, c in outcome)),
        by_decile=[compare(str(d), ((t.arm, c) for t, c in outcome if t.decile == d)) for d in deciles],
        by_rm=[compare(rm, ((t.arm, c) for t, c in outcome if (t.rm_id or "-") == rm)) for rm in rms],
    )
