"""Who may call what: the role matrix over every route of the app, RM book scoping, masking for rm,
and the roles on the OpenAPI page.

The keys (tests/conftest.py): RM_KEY is RM001 of branch 0101, whose customer is enterprise 3 of the
chain (tests/builders.py); OTHER_RM_KEY is RM999, for whom enterprise 3 is another RM's customer;
BRANCH_KEY is the manager of branch 0101; then a risk officer and an administrator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.access import ROLE_TABLE, Operation, is_public, operations, roles_for
from api.app import create_app
from graph.store import GraphStore
from liantu.config import Role, Settings
from tests.builders import pid, uscc
from tests.conftest import ADMIN_KEY, BRANCH_KEY, OTHER_RM_KEY, RISK_KEY, RM_KEY

KEYS = {"rm": RM_KEY, "other_rm": OTHER_RM_KEY, "branch": BRANCH_KEY, "risk": RISK_KEY, "admin": ADMIN_KEY}
ROLE_OF = {"rm": Role.RM, "other_rm": Role.RM, "branch": Role.RM, "risk": Role.RISK, "admin": Role.ADMIN}
OWN = uscc(3)  # RM001's customer
PROSPECT = uscc(2)  # a supplier of 3 that banks with no one here

# Concrete values for path parameters, and the query each route needs to answer 200.
PATH_VALUES = {"uscc": OWN, "party_id": OWN, "campaign_id": "C1", "community_id": "1", "link_id": "SL0",
               "tag": "core_enterprise", "alert_id": "0" * 20, "customer_no": "C0003", "sha256": "0" * 64}
QUERIES = {"/paths": f"from={OWN}&to={uscc(5)}", "/leads": "rm=RM001", "/search": "q=3"}
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/leads/{party_id}/status"): {"status": "contacted", "note": "matrix"},
    ("POST", "/campaigns"): {"campaign_id": "C2", "rm": "RM001", "limit": 5},
}


@pytest.fixture
def app_client(chain: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, store=chain)) as client:
        client.headers["X-API-Key"] = ADMIN_KEY
        created = client.post("/campaigns", json={"campaign_id": "C1", "rm": "RM001", "limit": 5})
        assert created.status_code == 201, created.text
        yield client


def protected_routes(client: TestClient) -> list[Operation]:
    return [op for op in operations(client.app) if not is_public(op.path)]  # type: ignore[arg-type]


def test_every_route_is_in_the_role_table_or_public(app_client: TestClient) -> None:
    routes = protected_routes(app_client)
    assert len(routes) >= 25
    missing = [f"{op.method} {op.path}" for op in routes if op.check is None]
    assert not missing, f"routes without allow(<feature>) in their router: {missing}"
    assert {op.check.feature for op in routes if op.check is not None} <= set(ROLE_TABLE)


def _url(route: Operation) -> str:
    path = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], route.path)
    query = QUERIES.get(route.path)
    return f"{path}?{query}" if query else path


def _expected(who: str, route: Operation) -> set[int]:
    check = route.check
    assert check is not None
    if ROLE_OF[who] not in roles_for(check.access, route.method):
        return {403}
    book_params = {"uscc", "party_id", "campaign_id", "customer_no"}
    names_a_book = bool(book_params & route.param_names) or route.path == "/leads"
    if who == "other_rm" and check.access.book and names_a_book:
        return {403}
    # Allowed: an answer, or 404 where the chain world has nothing (no community computed).
    return {200, 201, 404}


@pytest.mark.parametrize("who", list(KEYS))
def test_role_matrix(app_client: TestClient, who: str) -> None:
    """Every route × this key (role, own or other book) → the expected 200/201/403/404."""
    wrong: list[str] = []
    routes = protected_routes(app_client)
    assert len(routes) >= 25
    for route in routes:
        method, url = route.method, _url(route)
        r = app_client.request(method, url, headers={"X-API-Key": KEYS[who]},
                               json=BODIES.get((method, route.path)))
        expected = _expected(who, route)
        if r.status_code not in expected:
            wrong.append(f"{who} {method} {url}: {r.status_code} not in {sorted(expected)}: {r.text[:200]}")
        elif r.status_code == 403:
            body = r.json()
            if body["code"] != "forbidden" or not re.search(r"needs role|book|scoped", body["message"]):
                wrong.append(f"{who} {method} {url}: 403 without saying why: {body}")
    assert not wrong, "\n".join(wrong)


def test_forbidden_names_the_role_needed(app_client: TestClient) -> None:
    r = app_client.get(f"/enterprises/{OWN}/actual-controller", headers={"X-API-Key": RM_KEY})
    assert r.status_code == 403
    assert r.json() == {"code": "forbidden", "message": "GET /enterprises/{uscc}/actual-controller needs role "
                                                        "risk or admin; this key's role is rm"}
    r = app_client.post("/campaigns", headers={"X-API-Key": RISK_KEY}, json={})
    assert r.status_code == 403 and "needs role admin" in r.json()["message"]


def test_an_rm_sees_its_book_and_prospects_but_not_another_rms_customers(app_client: TestClient) -> None:
    for key in (RM_KEY, BRANCH_KEY):
        assert app_client.get(f"/enterprises/{OWN}", headers={"X-API-Key": key}).status_code == 200
    for key in (RM_KEY, OTHER_RM_KEY):
        assert app_client.get(f"/enterprises/{PROSPECT}/upstream", headers={"X-API-Key": key}).status_code == 200
    r = app_client.get(f"/enterprises/{OWN}/downstream", headers={"X-API-Key": OTHER_RM_KEY})
    assert r.status_code == 403 and "another RM's customer" in r.json()["message"]
    # Leads: its own by default, another RM's or a branch's refused; a branch manager its branch's.
    own = app_client.get("/leads", headers={"X-API-Key": RM_KEY})
    assert own.status_code == 200 and own.json()["rm_id"] == "RM001"
    assert app_client.get("/leads?rm=RM002", headers={"X-API-Key": RM_KEY}).status_code == 403
    assert app_client.get("/leads?branch=0101", headers={"X-API-Key": RM_KEY}).status_code == 403
    assert app_client.get("/leads?branch=0101", headers={"X-API-Key": BRANCH_KEY}).status_code == 200
    assert app_client.get("/leads?rm=RM001", headers={"X-API-Key": BRANCH_KEY}).status_code == 200
    # Campaigns: the list holds its book's only; another's campaign is refused.
    assert [c["campaign_id"] for c in app_client.get("/campaigns", headers={"X-API-Key": RM_KEY}).json()] == ["C1"]
    assert app_client.get("/campaigns", headers={"X-API-Key": OTHER_RM_KEY}).json() == []
    assert app_client.get("/campaigns/C1/report", headers={"X-API-Key": OTHER_RM_KEY}).status_code == 403
    assert app_client.get("/campaigns/C1/report", headers={"X-API-Key": BRANCH_KEY}).status_code == 200


def test_an_rm_records_lead_status_under_its_own_id(app_client: TestClient) -> None:
    r = app_client.post(f"/leads/{PROSPECT}/status", headers={"X-API-Key": RM_KEY},
                        json={"status": "contacted", "by": "RM777"})
    assert r.status_code == 201 and r.json()["by"] == "RM001"


def test_person_names_are_masked_and_ids_left_out_for_rm(app_client: TestClient) -> None:
    as_rm = app_client.get(f"/enterprises/{OWN}", headers={"X-API-Key": RM_KEY}).json()
    as_risk = app_client.get(f"/enterprises/{OWN}", headers={"X-API-Key": RISK_KEY}).json()
    assert as_risk["legal_representative"] == "张伟" and as_rm["legal_representative"] == "张*"
    # Nothing an rm can call carries a person's id or an unmasked name of the chain's persons.
    for route in protected_routes(app_client):
        if route.method != "GET":
            continue
        r = app_client.get(_url(route), headers={"X-API-Key": RM_KEY})
        if r.status_code == 200:
            for secret in (pid(1), pid(2), "张伟", "王芳"):
                assert secret not in r.text, (route.path, secret)


def test_openapi_shows_each_routes_roles_and_errors(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    controller = spec["paths"]["/enterprises/{uscc}/actual-controller"]["get"]
    assert controller["x-roles"] == ["risk", "admin"] and "**Roles:** risk, admin." in controller["description"]
    leads = spec["paths"]["/leads"]["get"]
    assert leads["x-roles"] == ["rm", "risk", "admin"] and "own book" in leads["description"]
    assert spec["paths"]["/campaigns"]["post"]["x-roles"] == ["admin"]
    for status in ("401", "403", "422", "429", "503", "504"):
        assert controller["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorBody")
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["in"] == "header"
    uscc_param = next(p for p in controller["parameters"] if p["name"] == "uscc")
    assert uscc_param["schema"]["pattern"].startswith("^[0-9A-HJ-NPQRTUWXY]")


def _raise_alert(store: GraphStore, alert_id: str, rm_id: str | None, recipient: str = "rm") -> None:
    store.write_rows("alerts/merge_alerts", [{
        "alert_id": alert_id, "rule": "tier_drop", "severity": "medium", "recipient": recipient, "rm_id": rm_id,
        "customer_no": "C0003", "uscc": OWN, "name": "test", "title": "test alert", "message": "test",
        "evidence": [], "since": "2024-01-01", "until": "2024-03-31"}])


def test_an_rm_acts_only_on_alerts_raised_for_its_book(app_client: TestClient, chain: GraphStore) -> None:
    mine, other, desk = "a" * 20, "b" * 20, "c" * 20
    _raise_alert(chain, mine, "RM001")
    _raise_alert(chain, other, "RM002")
    _raise_alert(chain, desk, None, recipient="risk")
    for alert in (other, desk):
        for action in ("ack", "close"):
            r = app_client.post(f"/alerts/{alert}/{action}", headers={"X-API-Key": RM_KEY})
            assert r.status_code == 403 and "not raised for RM RM001" in r.json()["message"], r.text
    # Refused means untouched: the other RM's alert is still open.
    listed = app_client.get("/alerts?status=open", headers={"X-API-Key": RISK_KEY}).json()["alerts"]
    assert {a["alert_id"] for a in listed} == {mine, other, desk}
    assert app_client.post(f"/alerts/{other}/ack", headers={"X-API-Key": OTHER_RM_KEY}).status_code == 403
    r = app_client.post(f"/alerts/{mine}/ack", headers={"X-API-Key": RM_KEY})
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert app_client.post(f"/alerts/{mine}/close", headers={"X-API-Key": BRANCH_KEY}).status_code == 200
    assert app_client.post(f"/alerts/{'d' * 20}/ack", headers={"X-API-Key": RM_KEY}).status_code == 404
    assert app_client.post(f"/alerts/{other}/close", headers={"X-API-Key": RISK_KEY}).status_code == 200


def test_lead_status_only_for_leads_routed_to_the_book(app_client: TestClient) -> None:
    unrelated = uscc(7)  # trades with no one: no customer's lead
    for key in (RM_KEY, BRANCH_KEY):
        for method in ("GET", "POST"):
            r = app_client.request(method, f"/leads/{unrelated}/status", headers={"X-API-Key": key},
                                   json={"status": "contacted"} if method == "POST" else None)
            assert r.status_code == 403 and "not routed to" in r.json()["message"], r.text
    # A supplier's supplier (1 ← 2 ← 3, RM001's customer) is in reach; so is its own customer.
    for party in (uscc(1), uscc(2), OWN):
        r = app_client.post(f"/leads/{party}/status", headers={"X-API-Key": RM_KEY}, json={"status": "contacted"})
        assert r.status_code == 201, r.text
    # RM999 has no customers: nothing is its lead, not even a prospect nobody banks.
    r = app_client.post(f"/leads/{uscc(2)}/status", headers={"X-API-Key": OTHER_RM_KEY}, json={"status": "contacted"})
    assert r.status_code == 403
    assert app_client.post(f"/leads/{unrelated}/status", json={"status": "contacted"}).status_code == 201
