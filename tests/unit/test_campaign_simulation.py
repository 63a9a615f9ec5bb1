"""synth/campaign.py: the simulated contact converts at the planted rates, honours the world's labels, and
writes a delta in the documented formats."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from synth.campaign import AssignedLead, SimulationError, simulate, truth_for, write_delta

START = date(2025, 1, 1)


def _leads(n: int) -> list[AssignedLead]:
    return [AssignedLead(f"E{i:05d}", "E", "treatment" if i % 2 else "control", f"RM{i % 4}", "0101")
            for i in range(n)]


def test_conversion_rates_follow_propensity_plus_effect() -> None:
    leads = _leads(20_000)
    p = {lead.party_id: 0.1 + 0.2 * (i % 3) / 2 for i, lead in enumerate(leads)}  # 0.1, 0.2, 0.3
    sim = simulate("C", leads, p, effect=0.1, start=START, window_days=90, seed=1)
    t, c = sim.arms["treatment"], sim.arms["control"]
    assert sim.planted_uplift == pytest.approx(0.1)
    # 10,000 leads an arm: a rate's standard error is under 0.005; 4 of them is a bound a correct draw meets.
    assert abs(c.rate - c.expected / c.leads) < 0.02 and abs(t.rate - t.expected / t.leads) < 0.02
    assert t.expected / t.leads - c.expected / c.leads == pytest.approx(0.1, abs=0.005)
    again = simulate("C", leads, p, effect=0.1, start=START, window_days=90, seed=1)
    assert again.converted == sim.converted
    assert simulate("C", leads, p, effect=0.1, start=START, window_days=90, seed=2).converted != sim.converted
    days = {row["since"] for row in sim.customers}
    assert min(days) > "2025-01-01" and max(days) <= "2025-04-01"
    assert len(sim.customers) == t.converted + c.converted


def test_capped_effect_and_the_worlds_labels() -> None:
    leads = _leads(200)
    p = dict.fromkeys((lead.party_id for lead in leads), 0.95)
    labels = {lead.party_id: int(i % 5 == 0) for i, lead in enumerate(leads)}
    sim = simulate("C", leads, p, effect=0.2, start=START, window_days=30, seed=3, labels=labels)
    assert sim.planted_uplift == pytest.approx(0.05)  # min(1, 0.95 + 0.2) - 0.95
    control = {lead.party_id for lead in leads if lead.arm == "control"}
    converted_control = set(sim.converted) & control
    assert converted_control == {k for k in control if labels[k]}  # control converts exactly as the world did
    treated_labelled = {k for k, v in labels.items() if v and k not in control}
    assert treated_labelled <= set(sim.converted)  # contact never loses a conversion the world had


def test_effective_goal_writes_balances_and_errors_are_clear(tmp_path: Path) -> None:
    leads = [AssignedLead(f"E{i}", "E", "treatment", "RM1", "0101", f"C{i}") for i in range(50)]
    sim = simulate("C", leads, dict.fromkeys((x.party_id for x in leads), 0.5), effect=0.5, start=START,
                   window_days=60, seed=0, goal="effective")
    assert len(sim.balances) == 50 and all(float(b["avg_balance"]) >= 500_000 for b in sim.balances)
    files = write_delta(sim, tmp_path / "delta")
    assert [f.name for f in files] == ["balances.csv", "campaign_truth.json"]
    with files[0].open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["customer_no", "month", "avg_balance"]
    truth = json.loads(files[1].read_text(encoding="utf-8"))
    assert truth["planted_uplift"] == 0.5 and truth["arms"]["treatment"]["converted"] == 50
    with pytest.raises(SimulationError, match="no true propensity"):
        simulate("C", leads, {}, effect=0.1, start=START, window_days=60, seed=0)
    with pytest.raises(SimulationError, match="effect"):
        simulate("C", leads, {}, effect=1.5, start=START, window_days=60, seed=0)
    homeless = [AssignedLead("E1", "E", "treatment", None, None)]
    with pytest.raises(SimulationError, match="no branch"):
        simulate("C", homeless, {"E1": 1.0}, effect=0.0, start=START, window_days=60, seed=0)


def test_truth_from_a_worlds_outcomes(tmp_path: Path) -> None:
    (tmp_path / "outcomes.csv").write_text(
        "window,party_kind,party_id,customer_no,became_customer,became_effective,propensity\n"
        "1,E,E1,,1,,0.400000\n2,E,E1,,0,,0.250000\n2,E,E2,C2,,1,0.700000\n2,P,P1,,1,,0.100000\n",
        encoding="utf-8")
    propensity, labels = truth_for(tmp_path, 2, "become_customer_e")
    assert propensity == {"E1": 0.25} and labels == {"E1": 0}
    assert truth_for(tmp_path, 2, "become_effective_e") == ({"E2": 0.7}, {"E2": 1})
    with pytest.raises(SimulationError, match="unknown target"):
        truth_for(tmp_path, 2, "become_rich")
