"""Tier drops and change alerts between two loads on a hand-made bank world whose changes are planted
by a later-dated delta, through the library, the API and the CLI.

Base load (business date 2024-06-30), customers E2, E3 (RM0100001) and E7 (RM0100002):
    E2 average balance 800,000 in 2024-06, 3 products (核心); trades 1,000,000 with E6 in Apr-Jun 2024.
    E4 guarantees E3 and E3 guarantees E5: a chain, no circle.
    E3 held 60% by P1 (its controller), 40% by P2; E4 guarantees E3; E3 guarantees E5.
    E7: 600,000 every month, nothing else happens to it.
    E8 is held 100% by E1 (its actual controller); E9 is held 100% by E3 (controlled through it by P1).
Delta (business date 2024-12-31):
    E2's balance is 40,000 in 2024-12 (核心 -> 基础: its 3 products keep it there); its trade with E6
    falls to 100,000.
    From 2024-10-01 P2 holds 70% and P1 30% of E3: the controller changes.
    E5 guarantees E3 from 2024-08-01: E3 and E5 form a mutual guarantee pair.
    A court case of 2024-10-10 with E4 (E3's guarantor) as 被告; a penalty of 2024-11-05 on E3; one of
    2024-11-20 on E1, E8's controller. E9 changes controller with E3, nothing of its own changing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.analytics.alerts import list_alerts, run_alerts, set_alert_status, tier_of
from graph.events import (
    CourtCaseRecord,
    DocumentRecord,
    PartyMention,
    PenaltyRecord,
    merge_court_cases,
    merge_documents,
    merge_penalties,
)
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from tests.builders import pid, uscc, write_table
from tests.integration.conftest import RISK_KEY, OpenClient

RM1, RM2 = "RM0100001", "RM0100002"


def _base(d: Path) -> Path:
    d.mkdir()
    write_table(d, "enterprises", [{"uscc": uscc(n), "name": f"预警企业{n}有限公司", "status": "存续",
                                    "region_code": "410100", "industry_code": "C3670", "industry_section": "C"}
                                   for n in range(1, 10)])
    write_table(d, "persons", [{"person_id": pid(n), "name": f"自然人{n}"} for n in (1, 2)])
    write_table(d, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": 0.6, "valid_from": "2020-01-01"},
        {"holder_kind": "P", "holder_id": pid(2), "company_uscc": uscc(3), "ratio": 0.4, "valid_from": "2020-01-01"},
        {"holder_kind": "E", "holder_id": uscc(1), "company_uscc": uscc(8), "ratio": 1.0, "valid_from": "2020-01-01"},
        {"holder_kind": "E", "holder_id": uscc(3), "company_uscc": uscc(9), "ratio": 1.0, "valid_from": "2020-01-01"},
    ])
    write_table(d, "guarantees", [
        {"guarantee_id": "G-4-3", "guarantor_uscc": uscc(4), "borrower_uscc": uscc(3), "amount": "2000000",
         "start_date": "2024-01-01", "end_date": "2026-12-31", "kind": "连带责任保证"},
        {"guarantee_id": "G-3-5", "guarantor_uscc": uscc(3), "borrower_uscc": uscc(5), "amount": "1000000",
         "start_date": "2024-01-01", "end_date": "2026-12-31", "kind": "连带责任保证"},
    ])
    write_table(d, "payments", [
        {"txn_id": f"P{m}", "payer_uscc": uscc(2), "payee_kind": "E", "payee_id": uscc(6), "amount": "333333.33",
         "date": f"2024-0{m}-15", "purpose": "货款"} for m in (4, 5, 6)
    ])
    write_table(d, "branches", [{"branch_code": "0100", "name": "郑州分行", "region_code": "410100"}])
    write_table(d, "rms", [{"rm_id": rm, "name": rm, "branch_code": "0100"} for rm in (RM1, RM2)])
    write_table(d, "customers", [
        {"customer_no": f"C{n}", "party_kind": "E", "party_id": uscc(n), "branch_code": "0100",
         "rm_id": RM2 if n == 7 else RM1, "tier": "核心", "since": "2020-01-01"} for n in (2, 3, 7, 8, 9)
    ])
    write_table(d, "products", [{"customer_no": "C2", "product": p, "opened": "2020-01-01"}
                                for p in ("单位活期存款", "企业网银", "代发工资")])
    write_table(d, "balances", [{"customer_no": "C2", "month": "2024-06", "avg_balance": "800000"},
                                {"customer_no": "C3", "month": "2024-06", "avg_balance": "600000"},
                                {"customer_no": "C7", "month": "2024-06", "avg_balance": "600000"}])
    return d


def _delta(d: Path) -> Path:
    d.mkdir()
    write_table(d, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": 0.6, "valid_from": "2020-01-01",
         "valid_to": "2024-10-01"},
        {"holder_kind": "P", "holder_id": pid(2), "company_uscc": uscc(3), "ratio": 0.4, "valid_from": "2020-01-01",
         "valid_to": "2024-10-01"},
        {"holder_kind": "P", "holder_id": pid(2), "company_uscc": uscc(3), "ratio": 0.7, "valid_from": "2024-10-01"},
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": 0.3, "valid_from": "2024-10-01"},
    ])
    write_table(d, "guarantees", [
        {"guarantee_id": "G-5-3", "guarantor_uscc": uscc(5), "borrower_uscc": uscc(3), "amount": "1000000",
         "start_date": "2024-08-01", "end_date": "2026-12-31", "kind": "连带责任保证"},
    ])
    write_table(d, "payments", [
        {"txn_id": "P12", "payer_uscc": uscc(2), "payee_kind": "E", "payee_id": uscc(6), "amount": "100000",
         "date": "2024-12-15", "purpose": "货款"},
    ])
    write_table(d, "balances", [{"customer_no": "C2", "month": "2024-12", "avg_balance": "40000"},
                                {"customer_no": "C3", "month": "2024-12", "avg_balance": "600000"},
                                {"customer_no": "C7", "month": "2024-12", "avg_balance": "600000"}])
    return d


def _events(store: GraphStore) -> None:
    merge_documents(store, [DocumentRecord("a" * 64, "judgment", "test"), DocumentRecord("b" * 64, "penalty_decision",
                                                                                          "test"),
                            DocumentRecord("c" * 64, "penalty_decision", "test")])
    merge_court_cases(store, [CourtCaseRecord(
        "（2024）豫0105民初1号", "a" * 64, "test", date="2024-10-10", year=2024, court_code="豫0105", case_type="民初",
        sequence=1, parties=(PartyMention("预警企业4有限公司", "E", "被告", 0, 0, 1.0, uscc(4), "uscc_in_text"),))])
    merge_penalties(store, [PenaltyRecord(
        "豫银保监罚决字〔2024〕9号", "b" * 64, "test", date="2024-11-05",
        parties=(PartyMention("预警企业3有限公司", "E", "institution", 0, 0, 1.0, uscc(3), "uscc_in_text"),)),
        PenaltyRecord("豫银保监罚决字〔2024〕12号", "c" * 64, "test", date="2024-11-20", parties=(
            PartyMention("预警企业1有限公司", "E", "institution", 0, 0, 1.0, uscc(1), "uscc_in_text"),))])


@pytest.fixture
def world(graph: GraphStore, tmp_path: Path) -> GraphStore:
    assert load_directory(graph, _base(tmp_path / "base")).business_date == "2024-06-30"
    assert load_directory(graph, _delta(tmp_path / "delta")).business_date == "2024-12-31"
    _events(graph)
    return graph


def test_tiers_follow_the_documented_bands() -> None:
    assert [tier_of(b, n) for b, n in [(6e6, 0), (1.2e6, 4), (1.2e6, 3), (5e5, 0), (6e4, 0), (0, 2), (None, 0)]] == \
        ["高端", "高端", "核心", "核心", "基础", "基础", "潜在"]


def test_planted_changes_raise_their_alerts_once(world: GraphStore) -> None:
    run = run_alerts(world, "2024-06-30")
    assert (run.since, run.until, run.customers) == ("2024-06-30", "2024-12-31", 5)
    got = {(a.rule, a.customer_no, a.recipient, a.severity) for a in run.alerts}
    assert got == {
        ("tier_drop", "C2", "rm", "medium"),
        ("chain_disruption", "C2", "rm", "medium"),
        ("controller_change", "C3", "risk", "high"),
        ("guarantee_circle", "C3", "risk", "high"),
        ("negative_event", "C3", "risk", "high"),  # its own penalty
        ("negative_event", "C3", "risk", "medium"),  # its guarantor's case
        ("negative_event", "C8", "risk", "medium"),  # its controller's penalty
        ("controller_change", "C9", "risk", "high"),  # through E3, upstream of it
    }
    assert run.raised == len(run.alerts) == 8
    drop = next(a for a in run.alerts if a.rule == "tier_drop")
    assert drop.rm_id == RM1 and "核心 → 基础" in drop.title and "800,000.00" in drop.message
    ctrl = next(a for a in run.alerts if a.rule == "controller_change" and a.customer_no == "C3")
    assert pid(1) in ctrl.message and pid(2) in ctrl.message
    sued = next(a for a in run.alerts
                if a.rule == "negative_event" and a.customer_no == "C3" and a.severity == "medium")
    assert "guarantor" in sued.message and "（2024）豫0105民初1号" in sued.message
    circle = next(a for a in run.alerts if a.rule == "guarantee_circle")
    assert "forms" in circle.title and any("G-5-3" in e for e in circle.evidence)
    # Running again raises nothing new; an acknowledged alert stays acknowledged.
    set_alert_status(world, drop.alert_id, "acknowledged", RM1)
    again = run_alerts(world, "2024-06-30")
    assert again.raised == 0 and {a.alert_id for a in again.alerts} == {a.alert_id for a in run.alerts}
    assert [a.status for a in list_alerts(world, rm=RM1, status="acknowledged").alerts] == ["acknowledged"]
    assert list_alerts(world, rm=RM2).alerts == []  # nothing happened to E7
    closed = set_alert_status(world, drop.alert_id, "closed", "risk-officer-1")
    assert (closed.status, closed.acknowledged_by, closed.closed_by) == ("closed", RM1, "risk-officer-1")
    assert closed.closed_at is not None and closed.acknowledged_at is not None
    with pytest.raises(NotFound):
        set_alert_status(world, "0" * 20, "closed", RM1)
    with pytest.raises(InvalidInput):
        run_alerts(world, "2025-01-31")


def test_alerts_through_the_api_and_the_cli(world: GraphStore, api: OpenClient, cli_env: None) -> None:
    from cli.main import app

    result = CliRunner().invoke(app, ["alerts", "run", "--since", "2024-06-30"])
    assert result.exit_code == 0, result.output
    assert "8 new" in result.output and "tier_drop: 1" in result.output
    client = api(world, RISK_KEY)
    mine = client.get("/alerts", params={"rm": RM1, "status": "open"}).json()["alerts"]
    assert len(mine) == 8 and {a["rm_id"] for a in mine} == {RM1}
    first = mine[0]["alert_id"]
    acked = client.post(f"/alerts/{first}/ack", json={"by": "风控-王"})
    assert acked.status_code == 200 and acked.json()["acknowledged_by"] == "风控-王"
    closed = client.post(f"/alerts/{first}/close").json()
    assert closed["status"] == "closed" and closed["closed_by"].startswith("risk:")
    assert len(client.get("/alerts", params={"status": "open"}).json()["alerts"]) == 7
    assert client.get("/alerts", params={"status": "gone"}).status_code == 422
    assert client.post(f"/alerts/{'0' * 20}/ack").status_code == 404
    listed = CliRunner().invoke(app, ["alerts", "list", "--rm", RM1, "--status", "closed"])
    assert listed.exit_code == 0 and first in listed.output
    again = CliRunner().invoke(app, ["alerts", "run", "--since", "2024-06-30"])
    assert "0 new, 8 raised before" in again.output
