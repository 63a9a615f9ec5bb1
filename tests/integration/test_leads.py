"""Leads on tests/builders_risk.py (chain leads: who, for which RM, why) and tests/builders_leads.py (the other
types, circular-fund-flow partners, model scores, lead status, the API)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analytics.chains import LOOP_FLAG, partners
from graph.analytics.lead_types import find_leads
from graph.analytics.leads import WEIGHTS, Lead, LeadTie, chain_leads, lead_history, record_status
from graph.store import GraphStore
from liantu.config import Settings
from liantu.errors import InvalidInput, NotFound
from tests.builders import pid, uscc
from tests.builders_leads import AS_OF, load_leads_world
from tests.builders_risk import load_risk_world
from tests.conftest import ADMIN_KEY  # these tests are about leads; test_api_access.py is about roles


def tie(lead: Lead) -> LeadTie:
    assert lead.tie is not None, "a chain lead carries its payment tie"
    return lead.tie


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    return load_risk_world(graph, data_dir)


def test_direct_partners_that_are_not_customers_go_to_the_customers_rm(world: GraphStore) -> None:
    found = chain_leads(world, rm_id="RM001")
    assert {lead.uscc for lead in found.leads} == {uscc(3), uscc(4)}  # not B (customer), not S3 (penalty)
    assert found.excluded_customers == 1 and found.excluded_negative == 1 and found.customers == 1
    by = {lead.uscc: lead for lead in found.leads}
    assert all(lead.assigned_rm_id == "RM001" and tie(lead).customer_no == "C001" for lead in found.leads)
    assert tie(by[uscc(3)]).direction == "upstream" and tie(by[uscc(4)]).direction == "downstream"
    # S1 gets 1.0m of its 1.5m income from A; D1 spends all of its 0.8m on A.
    assert by[uscc(3)].components["tie_share"] == pytest.approx(2 / 3)
    assert by[uscc(4)].components["tie_share"] == pytest.approx(1.0)
    assert tie(by[uscc(3)]).total == 1_000_000.0 and tie(by[uscc(3)]).tier == "核心"
    for lead in found.leads:  # the score is the documented formula over the reported components
        assert lead.score == pytest.approx(sum(WEIGHTS[k] * v for k, v in lead.components.items()), abs=1e-6)
    assert [lead.rank for lead in found.leads] == [1, 2]
    assert found.leads[0].score >= found.leads[1].score
    assert any("RM001" in reason for reason in found.leads[0].reasons)


def test_flagged_partners_on_request_and_second_hop_at_half_weight(world: GraphStore) -> None:
    flagged = {lead.uscc: lead for lead in chain_leads(world, rm_id="RM001", include_flagged=True).leads}
    assert flagged[uscc(6)].flags == ["negative_events"]
    two = {lead.uscc: lead for lead in chain_leads(world, rm_id="RM001", depth=2).leads}
    assert set(two) == {uscc(3), uscc(4), uscc(7), uscc(8)}
    assert tie(two[uscc(7)]).path == (uscc(1), uscc(3), uscc(7)) and tie(two[uscc(7)]).hops == 2
    assert tie(two[uscc(8)]).path == (uscc(1), uscc(2), uscc(8))  # through customer B, still A's chain
    assert two[uscc(7)].score == pytest.approx(
        0.5 * sum(WEIGHTS[k] * v for k, v in two[uscc(7)].components.items()), abs=1e-6)


def test_branch_leads_are_split_between_rms(world: GraphStore) -> None:
    found = chain_leads(world, branch_code="0101")
    assert {(lead.uscc, lead.assigned_rm_id) for lead in found.leads} == {
        (uscc(3), "RM001"), (uscc(4), "RM001"), (uscc(8), "RM002")}
    assert found.excluded_customers == 2  # A and B are each other's partners
    assert [lead.uscc for lead in chain_leads(world, rm_id="RM002").leads] == [uscc(8)]
    assert chain_leads(world, branch_code="0202").leads == []


def test_unknown_or_missing_rm_and_branch(world: GraphStore) -> None:
    with pytest.raises(NotFound):
        chain_leads(world, rm_id="RM999")
    with pytest.raises(NotFound):
        chain_leads(world, branch_code="9999")
    with pytest.raises(InvalidInput):
        chain_leads(world)


@pytest.fixture
def client(world: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, store=world)) as c:
        c.headers["X-API-Key"] = ADMIN_KEY
        yield c


def test_api_leads_answer_with_evidence(client: TestClient) -> None:
    r = client.get("/leads?rm=RM001&limit=1")
    assert r.status_code == 200
    body = r.json()
    assert body["rm_id"] == "RM001" and len(body["leads"]) == 1 and "score =" in body["formula"]
    lead = body["leads"][0]
    assert lead["uscc"] in {uscc(3), uscc(4)} and lead["assigned_rm_id"] == "RM001"
    assert lead["tie"]["customer_no"] == "C001" and lead["tie"]["path"][0] == uscc(1) and lead["reasons"]
    branch = client.get("/leads?branch=0101").json()
    assert {x["assigned_rm_id"] for x in branch["leads"]} == {"RM001", "RM002"}


@pytest.mark.parametrize(("query", "status"), [
    ("rm=RM999", 404), ("branch=9999", 404), ("", 422), ("rm=RM001&limit=0", 422), ("rm=RM001&depth=3", 422),
    ("rm=R%20M", 422)])
def test_api_leads_errors(client: TestClient, query: str, status: int) -> None:
    assert client.get(f"/leads?{query}").status_code == status


def test_api_leads_needs_a_key(client: TestClient) -> None:
    del client.headers["X-API-Key"]
    r = client.get("/leads?rm=RM001")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


# ---- lead types, loop partners, model scores and status on tests/builders_leads.py ----

@pytest.fixture
def bank(graph: GraphStore, data_dir: Path) -> GraphStore:
    return load_leads_world(graph, data_dir)


def test_loop_partners_are_flagged_and_never_leads(bank: GraphStore) -> None:
    found = chain_leads(bank, rm_id="RM001", as_of=AS_OF, include_flagged=True)
    assert {lead.uscc for lead in found.leads} == {uscc(3), uscc(31), uscc(4)}  # S, N1 (A's), D (E's buyer)
    assert {lp.uscc for lp in found.loop_partners} == {uscc(21), uscc(22)} and found.excluded_loops == 2
    l1 = next(lp for lp in found.loop_partners if lp.uscc == uscc(21))
    assert l1.customer_uscc == uscc(1) and l1.path == [uscc(1), uscc(21), uscc(22), uscc(1)]
    assert l1.amount_out == 1_000_000.0 and l1.amount_back == 970_000.0 and l1.first_date == "2024-05-01"
    # Without the check (the evaluation baseline's switch) the same partners come back as leads.
    unchecked = chain_leads(bank, rm_id="RM001", as_of=AS_OF, check_loops=False)
    assert {uscc(21), uscc(22)} <= {lead.uscc for lead in unchecked.leads} and not unchecked.loop_partners
    assert found.scored_by == "formula" and all(lead.evidence[0] in {uscc(1), uscc(5)} for lead in found.leads)


def test_new_registration_leads_by_trade_group_and_officer(bank: GraphStore, tmp_path: Path) -> None:
    found = find_leads(bank, "new_registration", rm_id="RM001", as_of=AS_OF, models_home=tmp_path)
    by = {lead.uscc: lead for lead in found.leads}
    assert set(by) == {uscc(31), uscc(32), uscc(33)}  # N4 (2018) is not new
    assert by[uscc(31)].components["tie"] == 1.0 and by[uscc(31)].evidence == [uscc(1), uscc(31)]
    assert by[uscc(33)].components["tie"] == 0.8 and "holds 60%" in " ".join(by[uscc(33)].reasons)
    assert by[uscc(32)].components["tie"] == 0.6 and by[uscc(32)].evidence == [uscc(1), pid(1), uscc(32)]
    for lead in found.leads:
        c = lead.components
        assert lead.score == pytest.approx(0.5 * c["tie"] + 0.3 * c["freshness"] + 0.2 * c["tier"], abs=1e-6)
        assert lead.assigned_rm_id == "RM001" and lead.lead_type == "new_registration"
    assert by[uscc(32)].components["freshness"] == pytest.approx(1 - 46 / 365)
    assert found.leads[0].uscc == uscc(31)
    assert found.scored_by == "formula" and "no promoted become_customer_e model" in found.notes[0]
    # Before N2 was registered, it is no lead.
    earlier = find_leads(bank, "new_registration", rm_id="RM001", as_of="2024-11-01", models_home=tmp_path)
    assert uscc(32) not in {lead.uscc for lead in earlier.leads}


def test_threshold_and_uplift_leads(bank: GraphStore, tmp_path: Path) -> None:
    threshold = find_leads(bank, "threshold", branch_code="0101", as_of=AS_OF, models_home=tmp_path)
    assert [(lead.uscc, lead.customer_no, lead.assigned_rm_id) for lead in threshold.leads] == [
        (uscc(2), "C002", "RM002")]  # A is effective, E is under half the threshold
    b = threshold.leads[0]
    assert b.components == pytest.approx({"closeness": 0.84, "trend": 0.74})
    assert b.score == pytest.approx(0.7 * 0.84 + 0.3 * 0.74) and "临界户" in b.reasons[0]
    uplift = find_leads(bank, "uplift", branch_code="0101", as_of=AS_OF, models_home=tmp_path)
    by = {lead.uscc: lead for lead in uplift.leads}
    assert set(by) == {uscc(2), uscc(5)}  # A's only receipts are the loop's 往来款, not trade
    assert by[uscc(5)].components["gap"] == pytest.approx(0.5) and by[uscc(2)].components["gap"] == pytest.approx(
        1 - 420_000 / 500_000)
    assert by[uscc(5)].rank == 1 and "no model target" in uplift.notes[0]
    with pytest.raises(InvalidInput):
        find_leads(bank, "hot", rm_id="RM001")


def test_model_scores_rank_chain_leads_when_present(bank: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="model score"):
        find_leads(bank, "chain", rm_id="RM001", as_of=AS_OF, scorer="model", models_home=tmp_path)
    prop = "score_become_customer_e"
    bank.write_rows("learning/write_scores_enterprise", [
        {"id": uscc(4), "props": {prop: 0.9, f"{prop}_model": "become_customer_e-v0001",
                                  f"{prop}_reasons": ["pays 核心客户 A"], f"{prop}_as_of": AS_OF}},
        {"id": uscc(3), "props": {prop: 0.2, f"{prop}_model": "become_customer_e-v0001",
                                  f"{prop}_reasons": ["small"], f"{prop}_as_of": AS_OF}}])
    found = find_leads(bank, "chain", rm_id="RM001", as_of=AS_OF, models_home=tmp_path)
    assert found.scored_by == "model" and found.model_version == "become_customer_e-v0001"
    assert [lead.uscc for lead in found.leads] == [uscc(4), uscc(3), uscc(31)]  # unscored N1 last
    top = found.leads[0]
    assert top.score == 0.9 and top.scored_by == "model" and top.reasons[1] == "pays 核心客户 A"
    assert "formula_score" in top.components and found.leads[2].scored_by == "formula"
    formula = find_leads(bank, "chain", rm_id="RM001", as_of=AS_OF, scorer="formula", models_home=tmp_path)
    assert formula.scored_by == "formula" and all(lead.model_version is None for lead in formula.leads)
    # A promoted model whose scores are not on the graph: the formula, saying why.
    promoted = tmp_path / "models" / "become_customer_e"
    promoted.mkdir(parents=True)
    (promoted / "promoted.json").write_text('{"version": "become_customer_e-v0002"}', encoding="utf-8")
    stale = find_leads(bank, "chain", rm_id="RM001", as_of=AS_OF, models_home=tmp_path)
    assert stale.scored_by == "formula" and "become_customer_e-v0002" in stale.notes[0]


def test_lead_status_is_recorded_with_who_and_when(bank: GraphStore) -> None:
    record_status(bank, uscc(3), "contacted", by="RM001", at=datetime(2025, 1, 5, 9, 0, tzinfo=UTC))
    record_status(bank, uscc(3), "not_interested", by="RM001", note="已有主办行",
                  at=datetime(2025, 1, 9, 9, 0, tzinfo=UTC))
    record_status(bank, uscc(3), "not_interested", by="RM001", note="已有主办行",
                  at=datetime(2025, 1, 9, 9, 0, tzinfo=UTC))  # the same event again: recorded once
    history = lead_history(bank, uscc(3))
    assert [(s.status, s.by) for s in history] == [("not_interested", "RM001"), ("contacted", "RM001")]
    assert history[0].at.startswith("2025-01-09T09:00") and history[0].note == "已有主办行"
    lead = next(lead for lead in chain_leads(bank, rm_id="RM001", as_of=AS_OF).leads if lead.uscc == uscc(3))
    assert lead.status is not None and lead.status.status == "not_interested"
    with pytest.raises(InvalidInput):
        record_status(bank, uscc(3), "maybe", by="RM001")
    with pytest.raises(NotFound):
        record_status(bank, uscc(99), "contacted", by="RM001")


@pytest.fixture
def bank_client(bank: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, store=bank)) as c:
        c.headers["X-API-Key"] = ADMIN_KEY
        yield c


def test_api_lead_types_status_and_campaigns(bank_client: TestClient) -> None:
    body = bank_client.get(f"/leads?rm=RM001&type=new_registration&as_of={AS_OF}").json()
    assert body["lead_type"] == "new_registration" and body["scored_by"] == "formula"
    assert {x["uscc"] for x in body["leads"]} == {uscc(31), uscc(32), uscc(33)}
    assert all(x["evidence"] and x["reasons"] and x["assigned_rm_id"] == "RM001" for x in body["leads"])
    chain = bank_client.get(f"/leads?rm=RM001&as_of={AS_OF}").json()
    assert {x["uscc"] for x in chain["loop_partners"]} == {uscc(21), uscc(22)}
    assert not {x["uscc"] for x in chain["leads"]} & {uscc(21), uscc(22)}
    assert bank_client.get("/leads?rm=RM001&type=hot").status_code == 422
    r = bank_client.post(f"/leads/{uscc(31)}/status", json={"status": "contacted", "by": "RM001"})
    assert r.status_code == 201 and r.json()["status"] == "contacted" and r.json()["by"] == "RM001"
    assert bank_client.get(f"/leads/{uscc(31)}/status").json()["history"][0]["status"] == "contacted"
    assert bank_client.post(f"/leads/{uscc(31)}/status", json={"status": "won"}).status_code == 422
    assert bank_client.post(f"/leads/{uscc(99)}/status", json={"status": "contacted"}).status_code == 404
    created = bank_client.post("/campaigns", json={"campaign_id": "T1", "lead_type": "chain", "branch": "0101",
                                                   "start": AS_OF, "seed": 1})
    assert created.status_code == 201, created.text
    assert created.json()["treatment"] + created.json()["control"] == created.json()["leads"] > 0
    assert bank_client.post("/campaigns", json={"campaign_id": "T1", "branch": "0101"}).status_code == 422
    assert bank_client.post("/campaigns", json={"campaign_id": "T2", "lead_type": "uplift",
                                                "branch": "0101"}).status_code == 422
    assert [c["campaign_id"] for c in bank_client.get("/campaigns").json()] == ["T1"]
    report = bank_client.get("/campaigns/T1/report").json()
    assert report["overall"]["treatment_converted"] == 0 and "Newcombe" in report["rule"]
    assert bank_client.get("/campaigns/nope/report").status_code == 404


def test_chain_answers_flag_loop_partners(bank: GraphStore) -> None:
    suppliers = {p.uscc: p for p in partners(bank, uscc(1), "upstream")}
    buyers = {p.uscc: p for p in partners(bank, uscc(1), "downstream")}
    assert suppliers[uscc(21)].flags == [LOOP_FLAG] and buyers[uscc(22)].flags == [LOOP_FLAG]
    assert suppliers[uscc(3)].flags == [] and suppliers[uscc(31)].flags == []
    assert partners(bank, uscc(1), "upstream", flag_loops=False)[0].flags == []


def test_api_chain_answers_flag_loops_unless_asked_not_to(bank_client: TestClient) -> None:
    def flags(query: str) -> dict[str, list[str]]:
        r = bank_client.get(f"/enterprises/{uscc(1)}/upstream{query}")
        assert r.status_code == 200, r.text
        return {p["uscc"]: p["flags"] for p in r.json()["partners"]}

    flagged, plain = flags(""), flags("?flag_loops=false")
    assert flagged[uscc(21)] == [LOOP_FLAG] and plain[uscc(21)] == []
    assert flagged.keys() == plain.keys()
    assert bank_client.get(f"/enterprises/{uscc(1)}/upstream?flag_loops=maybe").status_code == 422
