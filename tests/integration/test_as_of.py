"""`as_of` through the API: every route whose analytic reads ownership, officers, guarantees or payments
takes it, defaults to the business date and says in its answer which day it used.

The hand-made ownership world of tests/builders_control.py (business date 2024-03-01), then a later load
(business date 2025-04-01) that
    - on 2025-04-01 moves E6 from P8 50% / P9 50% (joint, no controller) to P8 80% / P9 20%;
    - on 2025-02-01 adds payments: E7 pays E10 again (50,000, an existing tie going on), E11 pays E10
      (100,000: a new buyer of E10, so E10's income doubles), E7 pays E12 (30,000: a new supplier of E7).
At D = 2024-12-31 none of those payments exists yet, so E7's upstream at D must not move.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import pid, uscc, write_table
from tests.builders_control import write_control_dataset
from tests.integration.conftest import OpenClient

D = "2024-12-31"


def _delta(graph: GraphStore, directory: Path) -> None:
    directory.mkdir()
    write_table(directory, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(h), "company_uscc": uscc(6), "ratio": 0.5,
         "valid_from": "2020-01-01", "valid_to": "2025-04-01"} for h in (8, 9)
    ] + [
        {"holder_kind": "P", "holder_id": pid(8), "company_uscc": uscc(6), "ratio": 0.8, "valid_from": "2025-04-01"},
        {"holder_kind": "P", "holder_id": pid(9), "company_uscc": uscc(6), "ratio": 0.2, "valid_from": "2025-04-01"},
    ])
    write_table(directory, "payments", [
        {"txn_id": txn, "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b), "amount": amount,
         "date": "2025-02-01", "purpose": "货款"}
        for txn, a, b, amount in [("T2-7-10", 7, 10, "50000"), ("T2-11-10", 11, 10, "100000"),
                                  ("T2-7-12", 7, 12, "30000")]
    ])
    assert load_directory(graph, directory).business_date == "2025-04-01"


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    assert load_directory(graph, write_control_dataset(data_dir)).business_date == "2024-03-01"
    return graph


def _ok(client: Any, url: str, **params: str) -> dict[str, Any]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_control_owners_group_and_stakes_before_and_after_a_later_shareholding(
        world: GraphStore, api: OpenClient, tmp_path: Path) -> None:
    client = api(world)
    e6 = f"/enterprises/{uscc(6)}"
    first = _ok(client, f"{e6}/actual-controller")
    assert first["as_of"] == "2024-03-01" and first["controller"] is None  # the business date, 50/50
    _delta(world, tmp_path / "delta")

    after = _ok(client, f"{e6}/actual-controller")
    assert after["as_of"] == "2025-04-01"  # the new load's business date is the new default
    assert after["controller"]["id"] == pid(8) and after["rule"] == "equity_majority"
    before = _ok(client, f"{e6}/actual-controller", as_of="2025-03-31")
    assert before["as_of"] == "2025-03-31" and before["controller"] is None
    assert before["rule"] == "joint_50_50"

    owners_after = _ok(client, f"{e6}/beneficial-owners")
    owners_before = _ok(client, f"{e6}/beneficial-owners", as_of="2025-03-31")
    assert {o["person"]["id"] for o in owners_after["owners"]} == {pid(8)}  # P9's 20% is under 25%
    assert {o["person"]["id"] for o in owners_before["owners"]} == {pid(8), pid(9)}
    assert (owners_after["as_of"], owners_before["as_of"]) == ("2025-04-01", "2025-03-31")

    group_after = _ok(client, f"{e6}/group")
    group_before = _ok(client, f"{e6}/group", as_of="2025-03-31")
    assert group_after["controller"]["id"] == pid(8) and group_before["controller"]["id"] == uscc(6)
    # P8 controls E6, which holds only 20% of E7: the group is E6 alone, either way, but headed by P8 now.
    assert uscc(6) in {m["uscc"] for m in group_after["members"]}

    stakes = {h["id"]: h["integrated"] for h in _ok(client, f"{e6}/penetration")["holders"]}
    stakes_before = {h["id"]: h["integrated"]
                     for h in _ok(client, f"{e6}/penetration", as_of="2025-03-31")["holders"]}
    assert stakes == {pid(8): pytest.approx(0.8), pid(9): pytest.approx(0.2)}
    assert stakes_before == {pid(8): pytest.approx(0.5), pid(9): pytest.approx(0.5)}

    related = _ok(client, f"{e6}/related-parties")
    related_before = _ok(client, f"{e6}/related-parties", as_of="2025-03-31")
    rules = {p["party"]["id"]: p["rules"] for p in related["parties"]}
    rules_before = {p["party"]["id"]: p["rules"] for p in related_before["parties"]}
    assert "actual_controller" in rules[pid(8)] and "actual_controller" not in rules_before[pid(8)]
    assert (related["as_of"], related_before["as_of"]) == ("2025-04-01", "2025-03-31")

    # Before the holdings began (2020-01-01) nobody held E6, so no path runs through ownership.
    path = _ok(client, "/paths", **{"from": pid(8), "to": uscc(6), "ties": "ownership"})
    assert path["as_of"] == "2025-04-01" and len(path["paths"]) == 1
    assert _ok(client, "/paths", **{"from": pid(8), "to": uscc(6), "ties": "ownership",
                                    "as_of": "2019-06-30"})["paths"] == []

    for bad in ("2025-02-30", "yesterday"):
        response = client.get(f"{e6}/actual-controller", params={"as_of": bad})
        assert response.status_code == 422, response.text


def test_payments_dated_after_d_leave_upstream_and_downstream_at_d_unchanged(
        world: GraphStore, api: OpenClient, tmp_path: Path) -> None:
    client = api(world)
    e7, e10 = f"/enterprises/{uscc(7)}", f"/enterprises/{uscc(10)}"
    up_at_d = _ok(client, f"{e7}/upstream", as_of=D)
    down_at_d = _ok(client, f"{e10}/downstream", as_of=D)
    assert up_at_d["as_of"] == D and [p["uscc"] for p in up_at_d["partners"]] == [uscc(10)]
    assert up_at_d["partners"][0]["amount"] == 50_000.0 and up_at_d["partners"][0]["tie_share"] == 1.0
    _delta(world, tmp_path / "delta")

    # The same question about D, asked after the later load, gets the same answer, tie shares included.
    assert _ok(client, f"{e7}/upstream", as_of=D) == up_at_d
    assert _ok(client, f"{e10}/downstream", as_of=D) == down_at_d
    assert _ok(client, f"{e7}/upstream", as_of=D, depth="2", min_amount="40000") == up_at_d | {"depth": 2,
                                                                                             "min_amount": 40000.0}
    # On the business date (the default) the later payments count.
    now = _ok(client, f"{e7}/upstream")
    assert now["as_of"] == "2025-04-01"
    got = {p["uscc"]: (p["amount"], p["payments"], p["tie_share"]) for p in now["partners"]}
    assert got == {uscc(10): (100_000.0, 2, 0.5), uscc(12): (30_000.0, 1, 1.0)}
    down = {p["uscc"]: (p["amount"], p["tie_share"]) for p in _ok(client, f"{e10}/downstream")["partners"]}
    assert down == {uscc(7): (100_000.0, pytest.approx(100_000 / 130_000)), uscc(11): (100_000.0, 1.0)}
    # A day inside the later payments' month, before them: still only the first payment.
    mid = _ok(client, f"{e7}/upstream", as_of="2025-01-31")
    assert [(p["uscc"], p["amount"], p["tie_share"]) for p in mid["partners"]] == [(uscc(10), 50_000.0, 1.0)]
    # Before the first payment there was no tie at all.
    assert _ok(client, f"{e7}/upstream", as_of="2024-02-29")["partners"] == []


def test_risk_reads_events_and_ties_as_they_stood(world: GraphStore, api: OpenClient, tmp_path: Path) -> None:
    """A court case of 2025-01-15 against P8, who holds half of E6 (then 80% from 2025-04-01)."""
    from graph.events import CourtCaseRecord, DocumentRecord, PartyMention, merge_court_cases, merge_documents

    _delta(world, tmp_path / "delta")
    merge_documents(world, [DocumentRecord("c" * 64, "judgment", "test")])
    merge_court_cases(world, [CourtCaseRecord(
        "（2025）豫0105民初7号", "c" * 64, "test", date="2025-01-15", year=2025, court_code="豫0105", case_type="民初",
        sequence=7, parties=(PartyMention("自然人8", "P", "被告", 0, 0, 1.0, pid(8), "person_id"),))])
    client = api(world)
    e6 = f"/enterprises/{uscc(6)}/risk"
    now = _ok(client, e6)
    then = _ok(client, e6, as_of=D)
    assert (now["as_of"], then["as_of"]) == ("2025-04-01", D)
    assert [c["party"] for c in now["diffusion"]["contributions"]] == [f"P:{pid(8)}"]
    assert then["diffusion"]["contributions"] == [] and then["diffusion"]["score"] == 0.0
    # P8's stake weighs in: 80% now, 50% on 2025-03-31 (the case already filed, the sale not yet made).
    mid = _ok(client, e6, as_of="2025-03-31")["diffusion"]["contributions"][0]["contribution"]
    assert now["diffusion"]["contributions"][0]["contribution"] == pytest.approx(mid * 0.8 / 0.5)
    # The holder's own events: none on E6 either way, and P8's case is not E6's event.
    assert now["events"] == [] == then["events"]


def test_hubs_on_an_earlier_day_are_computed_on_the_payments_up_to_it(
        world: GraphStore, api: OpenClient, tmp_path: Path) -> None:
    from graph.analytics.hubs import compute_hubs

    _delta(world, tmp_path / "delta")
    compute_hubs(world)
    client = api(world)
    now = _ok(client, "/hubs")
    assert (now["as_of"], now["scores"]) == ("2025-04-01", "stored")
    assert now["hubs"][0]["uscc"] == uscc(10) and now["hubs"][0]["paid_in_total"] == 200_000.0
    then = _ok(client, "/hubs", as_of=D)
    assert (then["as_of"], then["scores"]) == (D, "computed")
    assert [(h["uscc"], h["paid_in_total"], h["buyers"]) for h in then["hubs"][:1]] == [(uscc(10), 50_000.0, 1)]
    assert {h["uscc"] for h in then["hubs"]} == {uscc(7), uscc(10)}  # E11 and E12 had not traded yet
    assert then["hubs"][0]["pagerank"] == then["hubs"][0]["score"] and then["hubs"][0]["articlerank"] is None
    # Inside a month, its days up to as_of come from the payments themselves (2025-02-01 counts on the 15th).
    mid = _ok(client, "/hubs", as_of="2025-02-15", algorithm="degree")
    assert {h["uscc"]: h["paid_in_total"] for h in mid["hubs"]}[uscc(10)] == 200_000.0
    assert {h["uscc"]: h["paid_in_total"] for h in _ok(client, "/hubs", as_of="2025-01-31")["hubs"]} == {
        uscc(10): 50_000.0, uscc(7): 0.0}
    # The calendar's first days: nothing paid, nothing ranked (and no date arithmetic running off it).
    assert _ok(client, "/hubs", as_of="0001-01-05")["hubs"] == [] == _ok(client, "/hubs", as_of="0001-01-31")["hubs"]
