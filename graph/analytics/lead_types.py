"""Lead types beyond the chain (graph/analytics/leads.py), and `find_leads`, the one door to all four.

Every lead is routed to the RM of the customer it comes through, carries its score, what scored it
(`scored_by` formula or model, `model_version`), its reasons and its evidence path (ids from the RM's
customer to the lead). With `scorer="auto"` a type ranks by the promoted model's scores written on the
graph (`liantu model score`) when they exist, else by its formula, and says which.

* `chain`: suppliers and buyers of the customers that do not bank with us (leads.py; model
  `become_customer_e`).
* `new_registration` (新注册企业营销): enterprises registered within `registered_days` of `as_of` that trade
  with a customer, belong to its group (a shareholding either way, or a common enterprise shareholder) or
  share an officer or legal representative with it. Formula (model `become_customer_e`):
      score = 0.5 * tie + 0.3 * freshness + 0.2 * tier
  tie: trade 1.0, group 0.8, officer 0.6, plus 0.1 for each further kind of tie (at most 1.0);
  freshness: 1 - days since registration / registered_days; tier: the customer's tier as in leads.py.
* `threshold` (临界户): enterprise customers whose latest monthly average balance is below the effective
  threshold (500,000 yuan) and at least `floor` of it. Formula (model `become_effective_e`):
      score = 0.7 * closeness + 0.3 * trend
  closeness: balance / threshold; trend: 0.5 + (latest - balance 3 months earlier) / threshold, in [0, 1].
* `uplift` (existing customers): enterprise customers whose trade receipts (货款, 服务费) over the 12
  months to `as_of` are large beside the balance they keep with us. No model target exists for it, so the
  formula always scores it:
      score = 0.6 * gap + 0.4 * size
  gap: 1 - latest balance / average monthly receipts (kept when positive); size: log1p(monthly receipts)
  / log1p(the largest monthly receipts among the candidates).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from graph.analytics.leads import (
    TIER_WEIGHT,
    Lead,
    LeadList,
    Scorer,
    apply_model_score,
    attach_status,
    chain_leads,
    model_scores,
    seed_customers,
)
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput

LeadType = Literal["chain", "new_registration", "threshold", "uplift"]
LEAD_TYPES: tuple[LeadType, ...] = ("chain", "new_registration", "threshold", "uplift")
EFFECTIVE_THRESHOLD_E = 500_000.0  # DOMAIN.md 有效户, enterprises
TIE_WEIGHT = {"trade": 1.0, "group": 0.8, "officer": 0.6}
NEW_REGISTRATION_FORMULA = ("score = 0.5 * tie + 0.3 * freshness + 0.2 * tier; tie trade 1.0 / group 0.8 / officer "
                            "0.6, +0.1 per further kind (max 1); freshness = 1 - days since registration / window; "
                            "tier 高端 1.0, 核心 0.8, 基础 0.5, 潜在/unknown 0.3")
THRESHOLD_FORMULA = ("score = 0.7 * closeness + 0.3 * trend; closeness = latest monthly average balance / 500,000; "
                     "trend = 0.5 + (latest - 3 months earlier) / 500,000, clipped to [0, 1]")
UPLIFT_FORMULA = ("score = 0.6 * gap + 0.4 * size; gap = 1 - latest balance / average monthly trade receipts over "
                  "12 months; size = log1p(monthly receipts) / log1p(largest among the candidates)")
FORMULAS = {"new_registration": NEW_REGISTRATION_FORMULA, "threshold": THRESHOLD_FORMULA, "uplift": UPLIFT_FORMULA}


def find_leads(store: GraphStore, lead_type: str = "chain", *, rm_id: str | None = None,
               branch_code: str | None = None, limit: int = 50, as_of: str | None = None, scorer: Scorer = "auto",
               depth: int = 1, include_flagged: bool = False, since: str | None = None, registered_days: int = 365,
               floor: float = 0.5, bank_wide: bool = False, models_home: Path | None = None) -> LeadList:
    """Leads of one type for an RM, a branch or (with `bank_wide`) the whole bank, ranked, with evidence."""
    if lead_type not in LEAD_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(LEAD_TYPES)}, got {lead_type!r}")
    if rm_id is None and branch_code is None and not bank_wide:
        raise InvalidInput("give an RM (rm) or a branch (branch)")
    if limit < 1:
        raise InvalidInput("limit must be at least 1")
    if lead_type == "chain":
        return chain_leads(store, rm_id=rm_id, branch_code=branch_code, depth=depth, limit=limit,
                           include_flagged=include_flagged, since=since, as_of=as_of, scorer=scorer,
                           bank_wide=bank_wide, models_home=models_home)
    day = _as_of(store, as_of)
    customers = seed_customers(store, rm_id, branch_code)
    result = LeadList(rm_id=rm_id, branch_code=branch_code, depth=1, as_of=day.isoformat(),
                      formula=FORMULAS[lead_type], customers=len({c["uscc"] for c in customers}), leads=[],
                      lead_type=lead_type)
    if lead_type == "new_registration":
        if not 1 <= registered_days <= 3650:
            raise InvalidInput("registered_days must be between 1 and 3650")
        leads = _new_registrations(store, customers, day, registered_days)
        target = "become_customer_e"
    elif lead_type == "threshold":
        if not 0 <= floor < 1:
            raise InvalidInput("floor must lie in [0, 1)")
        leads = _threshold(store, customers, day, floor)
        target = "become_effective_e"
    else:
        leads = _uplift(store, customers, day)
        target = ""
    result.candidates = len(leads)
    if target:
        scores = model_scores(store, target, sorted(lead.uscc for lead in leads), scorer, result, models_home)
    else:
        result.notes.append("scored by the formula: no model target exists for existing-customer uplift")
        scores = {}
    for lead in leads:
        apply_model_score(lead, scores.get(lead.uscc))
    leads.sort(key=lambda lead: (lead.scored_by != "model", -lead.score, lead.uscc))
    result.leads = leads[:limit]
    for rank, lead in enumerate(result.leads, start=1):
        lead.rank = rank
    attach_status(store, result.leads)
    return result


def _as_of(store: GraphStore, as_of: str | None) -> date:
    if as_of is not None:
        try:
            return date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput(f"as_of must be a date YYYY-MM-DD, got {as_of!r}") from None
    row = store.read("leads/get_data_date")[0]
    days = [date.fromisoformat(row[k]) for k in ("since", "established") if row[k]]
    if row["month"]:
        year, month = (int(x) for x in row["month"].split("-"))
        days.append(date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))  # the month's last day
    return max(days, default=date.today())


def _lead(uscc: str, name: str, score: float, components: dict[str, float], customer: Row, lead_type: str,
          reasons: list[str], evidence: list[str], customer_no: str | None = None) -> Lead:
    return Lead(uscc=uscc, name=name, rank=0, score=round(score, 6), components=components, tie=None, other_ties=0,
                assigned_rm_id=customer["rm_id"], assigned_rm_name=customer["rm_name"], pagerank=None,
                risk_diffusion=None, flags=[], reasons=reasons, lead_type=lead_type,
                branch_code=customer["branch_code"], customer_no=customer_no, evidence=evidence)


def _new_registrations(store: GraphStore, customers: list[Row], day: date, window: int) -> list[Lead]:
    by_uscc = {c["uscc"]: c for c in customers}
    since = day - timedelta(days=window)
    rows = store.read("leads/read_new_registrations", {"usccs": sorted(by_uscc), "since": since.isoformat()})
    ties: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r["established"] <= day.isoformat():  # registered after as_of: not known yet on that day
            ties[r["uscc"]].append(r)
    leads: list[Lead] = []
    for uscc, found in ties.items():
        kinds = sorted({r["kind"] for r in found}, key=lambda k: -TIE_WEIGHT[k])
        # The strongest tie explains the lead and routes it; ties of the same kind go to the best tier.
        best = max(found, key=lambda r: (TIE_WEIGHT[r["kind"]], TIER_WEIGHT.get(by_uscc[r["via"]]["tier"] or "", 0.3),
                                         r["amount"] or 0.0, r["via"]))
        customer = by_uscc[best["via"]]
        age = (day - date.fromisoformat(found[0]["established"])).days
        comp = {"tie": min(1.0, TIE_WEIGHT[kinds[0]] + 0.1 * (len(kinds) - 1)),
                "freshness": max(0.0, 1.0 - age / window), "tier": TIER_WEIGHT.get(customer["tier"] or "", 0.3)}
        score = 0.5 * comp["tie"] + 0.3 * comp["freshness"] + 0.2 * comp["tier"]
        reasons = [f"registered {found[0]['established']} ({age} days before {day.isoformat()})"]
        for r in sorted(found, key=lambda r: (-TIE_WEIGHT[r["kind"]], r["via"])):
            c = by_uscc[r["via"]]
            money = f", {r['amount']:,.2f} CNY in payments" if r["amount"] else ""
            reasons.append(f"{r['kind']} tie with customer {c['customer_no']} {c['name']}: {r['detail']}{money}")
        reasons.append(f"assigned to {customer['rm_id'] or 'no RM'} {customer['rm_name'] or ''}, the RM of "
                       f"{customer['customer_no']}".strip())
        leads.append(_lead(uscc, best["name"], score, comp, customer, "new_registration", reasons, list(best["path"])))
    return leads


def _balances(store: GraphStore, customers: list[Row], day: date, months: int) -> dict[str, list[tuple[str, float]]]:
    first = date(day.year, day.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    last_month = f"{day:%Y-%m}"
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in store.read("leads/read_customer_balances", {"customer_nos": sorted({c["customer_no"] for c in customers}),
                                                         "first_month": f"{first:%Y-%m}"}):
        if r["month"] <= last_month:
            out[r["customer_no"]].append((r["month"], float(r["avg_balance"])))
    return out


def _threshold(store: GraphStore, customers: list[Row], day: date, floor: float) -> list[Lead]:
    balances = _balances(store, customers, day, 4)
    leads: list[Lead] = []
    seen: set[str] = set()
    for c in customers:
        series = balances.get(c["customer_no"])
        if not series or c["uscc"] in seen:
            continue
        month, latest = series[-1]
        if not floor * EFFECTIVE_THRESHOLD_E <= latest < EFFECTIVE_THRESHOLD_E:
            continue
        seen.add(c["uscc"])
        earlier_month, earlier = series[0]
        comp = {"closeness": latest / EFFECTIVE_THRESHOLD_E,
                "trend": min(1.0, max(0.0, 0.5 + (latest - earlier) / EFFECTIVE_THRESHOLD_E))}
        score = 0.7 * comp["closeness"] + 0.3 * comp["trend"]
        short = EFFECTIVE_THRESHOLD_E - latest
        reasons = [f"average balance {latest:,.2f} CNY in {month}, {comp['closeness']:.0%} of the "
                   f"{EFFECTIVE_THRESHOLD_E:,.0f} effective threshold (临界户): {short:,.2f} short",
                   f"{latest - earlier:+,.2f} CNY since {earlier_month}" if earlier_month != month
                   else "one month of balances known",
                   f"assigned to {c['rm_id'] or 'no RM'} {c['rm_name'] or ''}, its RM".strip()]
        leads.append(_lead(c["uscc"], c["name"], score, comp, c, "threshold", reasons, [c["uscc"]], c["customer_no"]))
    return leads


def _uplift(store: GraphStore, customers: list[Row], day: date) -> list[Lead]:
    balances = _balances(store, customers, day, 1)
    by_uscc: dict[str, Row] = {}
    for c in customers:
        by_uscc.setdefault(c["uscc"], c)
    since = day - timedelta(days=365)
    inflows = {r["uscc"]: r for r in store.read("leads/read_trade_inflows", {"usccs": sorted(by_uscc),
                                                                            "since": since.isoformat()})}
    found: list[tuple[Row, float, float, str, int]] = []
    for uscc, c in by_uscc.items():
        series = balances.get(c["customer_no"])
        monthly = float(inflows[uscc]["inflow"]) / 12 if uscc in inflows else 0.0
        if not series or monthly <= series[-1][1]:
            continue
        found.append((c, monthly, series[-1][1], series[-1][0], int(inflows[uscc]["payers"])))
    top = max((m for _, m, _, _, _ in found), default=0.0)
    leads: list[Lead] = []
    for c, monthly, balance, month, payers in found:
        comp = {"gap": 1.0 - balance / monthly, "size": math.log1p(monthly) / math.log1p(top) if top > 0 else 0.0}
        score = 0.6 * comp["gap"] + 0.4 * comp["size"]
        reasons = [f"received {monthly * 12:,.2f} CNY in trade payments from {payers} payer(s) in the 12 months to "
                   f"{day.isoformat()} ({monthly:,.2f} a month)",
                   f"keeps an average {balance:,.2f} CNY with us in {month}, "
                   f"{balance / monthly:.0%} of a month's receipts",
                   f"assigned to {c['rm_id'] or 'no RM'} {c['rm_name'] or ''}, its RM".strip()]
        leads.append(_lead(c["uscc"], c["name"], score, comp, c, "uplift", reasons, [c["uscc"]], c["customer_no"]))
    return leads
