"""Chain leads (沿链营销) on tests/builders_risk.py: who is a lead, for which RM, and why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analytics.leads import WEIGHTS, chain_leads
from graph.store import GraphStore
from liantu.config import Settings
from liantu.errors import InvalidInput, NotFound
from tests.builders import uscc
from tests.builders_risk import load_risk_world
from tests.conftest import TEST_API_KEYS

RM_KEY = next(k for k, v in TEST_API_KEYS.items() if v == "rm")


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    return load_risk_world(graph, data_dir)


def test_direct_partners_that_are_not_customers_go_to_the_customers_rm(world: GraphStore) -> None:
    found = chain_leads(world, rm_id="RM001")
    assert {lead.uscc for lead in found.leads} == {uscc(3), uscc(4)}  # not B (customer), not S3 (penalty)
    assert found.excluded_customers == 1 and found.excluded_negative == 1 and found.customers == 1
    by = {lead.uscc: lead for lead in found.leads}
    assert all(lead.assigned_rm_id == "RM001" and lead.tie.customer_no == "C001" for lead in found.leads)
    assert by[uscc(3)].tie.direction == "upstream" and by[uscc(4)].tie.direction == "downstream"
    # S1 gets 1.0m of its 1.5m income from A; D1 spends all of its 0.8m on A.
    assert by[uscc(3)].components["tie_share"] == pytest.approx(2 / 3)
    assert by[uscc(4)].components["tie_share"] == pytest.approx(1.0)
    assert by[uscc(3)].tie.total == 1_000_000.0 and by[uscc(3)].tie.tier == "核心"
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
    assert two[uscc(7)].tie.path == (uscc(1), uscc(3), uscc(7)) and two[uscc(7)].tie.hops == 2
    assert two[uscc(8)].tie.path == (uscc(1), uscc(2), uscc(8))  # through customer B, still A's chain
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
        c.headers["X-API-Key"] = RM_KEY
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
