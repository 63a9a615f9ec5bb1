"""Simulate a campaign's contact: who converts, with a planted treatment effect, as a delta dataset.

Given a campaign's assignment (graph/analytics/campaigns.py) and each lead's true propensity (the
probability the world drew its outcome from, outcomes.csv), a lead in the control arm converts as the
world would have it anyway: its own outcome label when the truth has one for it, else a draw at its
propensity p. A treated lead converts when that happens or, failing it, with probability
(p_t - p) / (1 - p), where p_t = min(1, p + effect): overall it converts with probability p_t. The
planted uplift is therefore mean(p_t - p) over the campaign's leads, which is what a randomised
comparison estimates.

The conversions are written in the documented input formats (docs/data-formats.md), so `liantu ingest`
loads them like any bank extract:

* goal `customer`: `customers.csv`, one new customer per converted lead (tier 潜在, booked at the lead's
  branch with the RM it was routed to), `since` drawn uniformly in (start, start + window];
* goal `effective`: `balances.csv`, one month in the window whose average balance reaches the threshold.

`campaign_truth.json` beside them records the planted effect, the expected uplift and what was drawn.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np

from synth.outcomes import read_outcomes
from synth.rand import rng_for

EFFECTIVE_THRESHOLD = {"E": 500_000.0, "P": 50_000.0}  # DOMAIN.md 有效户, as the world uses it
CUSTOMER_COLUMNS = ("customer_no", "party_kind", "party_id", "branch_code", "rm_id", "tier", "since")
BALANCE_COLUMNS = ("customer_no", "month", "avg_balance")


class SimulationError(ValueError):
    """The assignment or the truth cannot be simulated (a lead without a branch, a missing propensity)."""


@dataclass(frozen=True)
class AssignedLead:
    party_id: str
    party_kind: Literal["E", "P"]
    arm: Literal["treatment", "control"]
    rm_id: str | None
    branch_code: str | None
    customer_no: str | None = None


@dataclass
class ArmDraw:
    leads: int = 0
    converted: int = 0
    expected: float = 0.0  # sum of the conversion probabilities of the arm's leads

    @property
    def rate(self) -> float:
        return self.converted / self.leads if self.leads else 0.0


@dataclass
class Simulation:
    campaign_id: str
    goal: str
    effect: float
    seed: int
    start: str
    end: str
    planted_uplift: float  # mean over the leads of min(1, p + effect) - p
    arms: dict[str, ArmDraw]
    propensity_source: str
    customers: list[dict[str, str]] = field(default_factory=list)
    balances: list[dict[str, str]] = field(default_factory=list)
    converted: list[str] = field(default_factory=list)

    @property
    def realised_uplift(self) -> float:
        return self.arms["treatment"].rate - self.arms["control"].rate


def simulate(campaign_id: str, leads: Sequence[AssignedLead], propensity: Mapping[str, float], *,
             effect: float, start: date, window_days: int, seed: int, goal: str = "customer",
             labels: Mapping[str, int] | None = None, propensity_source: str = "given") -> Simulation:
    """Draw who converts; seeded by (seed, campaign id), so the same inputs give the same delta."""
    if not 0.0 <= effect < 1.0:
        raise SimulationError(f"effect must lie in [0, 1), got {effect}")
    if goal not in ("customer", "effective"):
        raise SimulationError(f"goal must be customer or effective, got {goal!r}")
    missing = [lead.party_id for lead in leads if lead.party_id not in propensity]
    if missing:
        raise SimulationError(f"{len(missing)} lead(s) have no true propensity, e.g. {missing[0]}")
    ordered = sorted(leads, key=lambda lead: lead.party_id)
    rng = rng_for(seed, f"campaign:{campaign_id}")
    u_base, u_extra = rng.random(len(ordered)), rng.random(len(ordered))
    days = rng.integers(1, window_days + 1, size=len(ordered))
    lift = rng.uniform(1.0, 1.5, size=len(ordered))
    end = start + timedelta(days=window_days)
    sim = Simulation(campaign_id, goal, effect, seed, start.isoformat(), end.isoformat(), 0.0,
                     {"treatment": ArmDraw(), "control": ArmDraw()}, propensity_source)
    gains: list[float] = []
    for i, lead in enumerate(ordered):
        p = min(max(float(propensity[lead.party_id]), 0.0), 1.0)
        p_t = min(1.0, p + effect)
        gains.append(p_t - p)
        base = bool(labels[lead.party_id]) if labels is not None and lead.party_id in labels else u_base[i] < p
        if lead.arm == "treatment":
            won, chance = base or (p < 1.0 and u_extra[i] < (p_t - p) / (1.0 - p)), p_t
        else:
            won, chance = base, p
        arm = sim.arms[lead.arm]
        arm.leads += 1
        arm.expected += chance
        if not won:
            continue
        arm.converted += 1
        sim.converted.append(lead.party_id)
        when = start + timedelta(days=int(days[i]))
        if goal == "customer":
            if not lead.branch_code:
                raise SimulationError(f"lead {lead.party_id} has no branch to book a new customer at")
            sim.customers.append({
                "customer_no": _customer_no(campaign_id, lead.party_id), "party_kind": lead.party_kind,
                "party_id": lead.party_id, "branch_code": lead.branch_code, "rm_id": lead.rm_id or "",
                "tier": "潜在", "since": when.isoformat()})
        else:
            if not lead.customer_no:
                raise SimulationError(f"lead {lead.party_id} is not a customer: it cannot become effective")
            sim.balances.append({"customer_no": lead.customer_no, "month": f"{when:%Y-%m}",
                                 "avg_balance": f"{EFFECTIVE_THRESHOLD[lead.party_kind] * lift[i]:.2f}"})
    sim.planted_uplift = float(np.mean(gains)) if gains else 0.0
    return sim


def truth_for(directory: Path, window: int, target: str) -> tuple[dict[str, float], dict[str, int]]:
    """Each party's true propensity and drawn label for a target in one window of a world's outcomes.csv."""
    truth = read_outcomes(directory, window)
    if target not in truth:
        raise SimulationError(f"unknown target {target!r}; outcomes.csv has {', '.join(sorted(truth))}")
    rows = truth[target]
    return {k: p for k, (_, p) in rows.items()}, {k: label for k, (label, _) in rows.items()}


def _customer_no(campaign_id: str, party_id: str) -> str:
    # Derived, not counted, so a re-run writes the same numbers and a reload changes nothing.
    return "CMP" + hashlib.sha1(f"{campaign_id}|{party_id}".encode()).hexdigest()[:13].upper()


def write_delta(sim: Simulation, out: Path) -> list[Path]:
    """Write the delta dataset and campaign_truth.json into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    table, columns, rows = (("customers", CUSTOMER_COLUMNS, sim.customers) if sim.goal == "customer"
                            else ("balances", BALANCE_COLUMNS, sim.balances))
    path = out / f"{table}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    written.append(path)
    truth = {
        "campaign_id": sim.campaign_id, "goal": sim.goal, "effect": sim.effect, "seed": sim.seed,
        "start": sim.start, "end": sim.end, "planted_uplift": round(sim.planted_uplift, 6),
        "realised_uplift": round(sim.realised_uplift, 6), "propensity_source": sim.propensity_source,
        "arms": {name: {**asdict(arm), "rate": round(arm.rate, 6)} for name, arm in sim.arms.items()},
        "how": ("control converts as the world would (its label, else a draw at its propensity p); treatment "
                "converts with probability min(1, p + effect); planted_uplift = mean(min(1, p + effect) - p)"),
        "converted": sorted(sim.converted),
    }
    truth_path = out / "campaign_truth.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(truth_path)
    return written
