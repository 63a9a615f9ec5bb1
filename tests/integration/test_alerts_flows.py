"""The alert rules on where a customer's money goes (graph/analytics/alerts_flows.py, docs/alerts.md), on a
hand-made bank world with a base load (business date 2024-06-30) and a later-dated delta (2024-12-31).

Customers: C1 (E1), C2 (E2), C3 (E3), C4 (E4), C9 (E9); all with RM0100001 but C4 (RM0100002).
In the delta E8 becomes a customer from 2024-11-01. Non-customers: E5, E6, E7; persons P1, P2.

payments_to_non_customers (the 90 days to 2024-06-30 against the 90 days to 2024-12-31):
    E1: 800k to E2 (customer), 200k to E5, 300k to E7     = 500k of 1.3M outside (38%)
        then 50k to E2, 200k to E5, 750k to E6 (new)      = 950k of 1.0M outside (95%): +57 points, high
    E3: 500k to E2, then 500k to E8, a customer by the window's end: 0% both times, no alert
    E3 also pays 900k of salaries to persons P1, P2 in the second window: not trade, left out
    E9: 10k to E2, then 50k to E6: 100% outside but under the 100k floor, no alert
    E4: nothing in the first window (no baseline), 980k to E5 in the second: no alert
new_fund_loop:
    E1 -> E7 -> E1 in May 2024 (before D0), and again in September: the same loop going on, not new
    E3 -> E4 -> E5 -> E3 in August 2024: new; E3's alert is high, E4 (a customer the money passed
    through) gets a medium one; the evidence holds all three payments
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.analytics.alerts import run_alerts
from graph.analytics.alerts_flows import LOOP_RULE, OUTFLOW_RULE
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from tests.builders import pid, uscc, write_table

RM1, RM2 = "RM0100001", "RM0100002"
MINE = ("payments_to_non_customers", "new_fund_loop")


def _pay(txn: str, payer: int, payee: int, amount: int, day: str, kind: str = "E",
         purpose: str = "货款") -> dict[str, Any]:
    return {"txn_id": txn, "payer_uscc": uscc(payer), "payee_kind": kind,
            "payee_id": uscc(payee) if kind == "E" else pid(payee), "amount": str(amount), "date": day,
            "purpose": purpose}


def _customer(n: int, since: str = "2020-01-01") -> dict[str, Any]:
    return {"customer_no": f"C{n}", "party_kind": "E", "party_id": uscc(n), "branch_code": "0100",
            "rm_id": RM2 if n == 4 else RM1, "tier": "基础", "since": since}


def _base(d: Path) -> Path:
    d.mkdir()
    write_table(d, "enterprises", [{"uscc": uscc(n), "name": f"流向企业{n}有限公司", "status": "存续",
                                    "region_code": "410100"} for n in range(1, 10)])
    write_table(d, "persons", [{"person_id": pid(n), "name": f"员工{n}"} for n in (1, 2)])
    write_table(d, "branches", [{"branch_code": "0100", "name": "郑州分行", "region_code": "410100"}])
    write_table(d, "rms", [{"rm_id": rm, "name": rm, "branch_code": "0100"} for rm in (RM1, RM2)])
    write_table(d, "customers", [_customer(n) for n in (1, 2, 3, 4, 9)])
    write_table(d, "payments", [
        _pay("B1", 1, 2, 800_000, "2024-04-10"), _pay("B2", 1, 5, 200_000, "2024-04-20"),
        _pay("L1", 1, 7, 300_000, "2024-05-02"), _pay("L2", 7, 1, 290_000, "2024-05-20"),
        _pay("B3", 3, 2, 500_000, "2024-05-15"), _pay("B4", 9, 2, 10_000, "2024-06-01"),
    ])
    write_table(d, "balances", [{"customer_no": "C1", "month": "2024-06", "avg_balance": "100000"}])
    return d


def _delta(d: Path) -> Path:
    d.mkdir()
    write_table(d, "customers", [_customer(8, since="2024-11-01")])
    write_table(d, "payments", [
        # E1's loop with E7 again: the loop of D0 going on.
        _pay("L3", 1, 7, 300_000, "2024-09-01"), _pay("L4", 7, 1, 295_000, "2024-09-10"),
        # A new loop through E3, E4 and E5.
        _pay("N1", 3, 4, 1_000_000, "2024-08-01"), _pay("N2", 4, 5, 980_000, "2024-08-05"),
        _pay("N3", 5, 3, 960_000, "2024-08-10"),
        # The second window (2024-10-02 .. 2024-12-31).
        _pay("D1", 1, 2, 50_000, "2024-10-15"), _pay("D2", 1, 5, 200_000, "2024-11-15"),
        _pay("D3", 1, 6, 750_000, "2024-12-10"),
        _pay("D4", 3, 8, 500_000, "2024-12-05"),
        _pay("S1", 3, 1, 450_000, "2024-11-30", kind="P", purpose="工资"),
        _pay("S2", 3, 2, 450_000, "2024-12-31", kind="P", purpose="工资"),
        _pay("D5", 9, 6, 50_000, "2024-11-01"), _pay("D6", 4, 5, 980_000, "2024-11-20"),
    ])
    write_table(d, "balances", [{"customer_no": "C1", "month": "2024-12", "avg_balance": "100000"}])
    return d


@pytest.fixture
def world(graph: GraphStore, tmp_path: Path) -> GraphStore:
    assert load_directory(graph, _base(tmp_path / "base")).business_date == "2024-06-30"
    assert load_directory(graph, _delta(tmp_path / "delta")).business_date == "2024-12-31"
    return graph


def test_money_moving_out_of_the_bank_and_new_loops_raise_their_alerts_once(world: GraphStore) -> None:
    run = run_alerts(world, "2024-06-30")
    mine = [a for a in run.alerts if a.rule in MINE]
    assert {(a.rule, a.customer_no, a.recipient, a.severity, a.rm_id) for a in mine} == {
        ("payments_to_non_customers", "C1", "rm", "high", RM1),
        ("new_fund_loop", "C3", "risk", "high", RM1),
        ("new_fund_loop", "C4", "risk", "medium", RM2),
    }
    assert run.found["payments_to_non_customers"] == 1 and run.found["new_fund_loop"] == 2

    out = next(a for a in mine if a.rule == "payments_to_non_customers")
    assert "from 38% (2024-04-01..2024-06-30) to 95% (2024-10-02..2024-12-31)" in out.message
    assert "950,000.00 of 1,000,000.00" in out.message
    assert out.evidence[0].endswith("500,000.00 of 1,300,000.00 CNY to non-customers (38%)")
    assert any(uscc(6) in e and "750,000.00" in e and "(not paid before)" in e for e in out.evidence)
    assert any(uscc(5) in e and "(not paid before)" not in e for e in out.evidence)
    assert not any(uscc(2) in e for e in out.evidence[2:])  # E2 banks with us: not a non-customer payee
    assert out.evidence[-1] == OUTFLOW_RULE

    loop = next(a for a in mine if a.rule == "new_fund_loop" and a.customer_no == "C3")
    payments = [e for e in loop.evidence if e.startswith("N")]
    assert payments == [f"N1 2024-08-01 {uscc(3)} → {uscc(4)} 1,000,000.00 CNY",
                        f"N2 2024-08-05 {uscc(4)} → {uscc(5)} 980,000.00 CNY",
                        f"N3 2024-08-10 {uscc(5)} → {uscc(3)} 960,000.00 CNY"]
    assert f"leg 1: {uscc(3)} → {uscc(4)} → {uscc(5)} → {uscc(3)}" in loop.evidence
    assert loop.evidence[-1] == LOOP_RULE and "ratio 0.96" in loop.message
    through = next(a for a in mine if a.customer_no == "C4")
    assert through.evidence == loop.evidence and "passed through" in through.message
    # E1's loop with E7 existed on 2024-06-30 (L1, L2); going on in September (L3, L4) is not a new loop.
    assert not any("L3" in e for a in mine for e in a.evidence)

    again = run_alerts(world, "2024-06-30")
    assert again.raised == 0
    assert {a.alert_id for a in again.alerts if a.rule in MINE} == {a.alert_id for a in mine}


def test_before_the_new_loop_closed_nothing_is_new(world: GraphStore) -> None:
    # Up to 2024-08-07 the money had left E3 but not come back: no loop yet, and no outflow window moved.
    early = run_alerts(world, "2024-06-30", "2024-08-07")
    assert [a for a in early.alerts if a.rule == "new_fund_loop"] == []
    # From a date after the loop closed, the loop is old news.
    late = run_alerts(world, "2024-08-31")
    assert [a for a in late.alerts if a.rule == "new_fund_loop"] == []
    with pytest.raises(InvalidInput, match="1900"):
        run_alerts(world, "0001-01-01")


# Seed 42: a core buys from another loop's core through the shells both loops use (test_fund_flows.py).
@pytest.mark.parametrize("seed", [42])
def test_planted_loops_of_the_synthetic_world_are_new_loops_with_every_payment(graph: GraphStore, tmp_path: Path,
                                                                                seed: int) -> None:
    """Each planted loop whose core is a customer, seen from the day before its first payment, is a new
    loop of that customer, and its evidence holds every payment of every planted leg."""
    import csv
    import json

    from synth import generate

    world = tmp_path / "world"
    generate("tiny", seed, world)
    load_directory(graph, world)
    truth = json.loads((world / "ground_truth.json").read_text("utf-8"))
    with (world / "payments.csv").open(encoding="utf-8") as fh:
        day = {row["txn_id"]: row["date"] for row in csv.DictReader(fh)}
    with (world / "customers.csv").open(encoding="utf-8") as fh:
        customers = {row["party_id"] for row in csv.DictReader(fh)}
    checked = 0
    for planted in truth["fund_loops"]:
        if planted["core"] not in customers:
            continue
        ids = {t for leg in planted["legs"] for t in leg}
        first = min(day[t] for t in ids)
        since = (date.fromisoformat(first) - timedelta(days=1)).isoformat()
        run = run_alerts(graph, since)
        # High: loops the money left the core by and came back in (medium ones pass through it).
        alerts = [a for a in run.alerts if a.rule == "new_fund_loop" and a.uscc == planted["core"]
                  and a.severity == "high"]
        reported = {e.split(" ")[0] for a in alerts for e in a.evidence}
        assert ids <= reported, (planted["loop_id"], sorted(ids - reported))
        assert all(a.recipient == "risk" and a.rm_id is not None for a in alerts)
        checked += 1
    assert checked >= 1, "no planted loop has a customer for its core"
    print(f"synthetic tiny seed {seed}: {checked} of {len(truth['fund_loops'])} planted loops start at a customer; "
          f"each a new loop with all its payments")
