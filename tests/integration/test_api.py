"""What every route shares, through FastAPI's TestClient: health and readiness, API keys, errors as JSON,
the driver's failures mapped to 503/504, dates, money, the local OpenAPI page and the metrics."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.business_date import business_date, record_load, remember_business_date
from graph.connection import resolve
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.config import Settings
from tests.builders import uscc, write_table
from tests.conftest import ADMIN_KEY, RISK_KEY, RM_KEY
from tests.integration.conftest import OpenClient


def test_health_needs_no_key_and_ready_checks_the_database(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    del client.headers["X-API-Key"]
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    ready = client.get("/ready")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ok" and body["neo4j_version"].startswith("5.26")
    assert body["schema_version"] == body["expected_schema_version"] >= 1


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong-key"}, {"X-API-Key": "lt_0123456789ab_" + "x" * 43}])
def test_missing_or_wrong_key_is_401(api: OpenClient, chain: GraphStore, headers: dict[str, str]) -> None:
    client = api(chain)
    del client.headers["X-API-Key"]
    r = client.get(f"/enterprises/{uscc(3)}", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized" and r.json()["message"]
    assert r.headers["www-authenticate"] == "APIKey"


@pytest.mark.parametrize(
    ("code", "says"),
    [("91350100M000100Y44", "check character"), ("9135010", "18 characters")],
)
def test_malformed_uscc_is_422_saying_why(api: OpenClient, chain: GraphStore, code: str, says: str) -> None:
    r = api(chain).get(f"/enterprises/{code}/upstream")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_uscc"
    assert says in r.json()["message"]


@pytest.mark.parametrize("query", ["depth=0", "depth=9", "min_amount=-1", "limit=0", "depth=abc",
                                   "since=2024-13", "since=7556-49-46", "until=2024-02-30"])
def test_bad_parameters_are_422(api: OpenClient, chain: GraphStore, query: str) -> None:
    r = api(chain).get(f"/enterprises/{uscc(3)}/upstream?{query}")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_parameters"
    assert r.json()["message"].startswith("invalid parameter query.")


@pytest.mark.parametrize("route", [f"/enterprises/{uscc(3)}/risk?as_of=8605-39-39",
                                   "/guarantee-circles?as_of=2023-02-29",
                                   f"/enterprises/{uscc(3)}/fund-loops?since=2024-00-10",
                                   "/leads?rm=RM001&as_of=2024-04-31"])
def test_dates_that_match_the_pattern_but_are_not_days_are_422(api: OpenClient, chain: GraphStore,
                                                               route: str) -> None:
    r = api(chain).get(route)
    assert r.status_code == 422, r.text
    assert "not a calendar date" in r.json()["message"]


def _dead_store(settings: Settings) -> GraphStore:
    """A store whose server is gone: the right credentials, a port nothing listens on."""
    info = resolve(settings)
    return GraphStore(replace(info, uri=f"bolt://127.0.0.1:{free_port()}"), retry_time_s=0.5, connect_timeout_s=1.0)


def test_database_down_is_503_with_retry_after(api: OpenClient, neo4j_settings: Settings) -> None:
    dead = _dead_store(neo4j_settings)
    try:
        client = api(dead)
        for route in (f"/enterprises/{uscc(3)}", f"/enterprises/{uscc(3)}/upstream", "/hubs",
                      f"/enterprises/{uscc(3)}/penetration", "/guarantee-circles"):
            r = client.get(route)
            assert r.status_code == 503, (route, r.text)
            assert r.json()["code"] == "database_unavailable" and int(r.headers["retry-after"]) >= 1
        assert client.get("/health").status_code == 200  # the process is alive
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
    finally:
        dead.close()


def test_a_query_over_its_timeout_is_504(api: OpenClient, chain: GraphStore) -> None:
    slow = GraphStore(chain.info, query_timeout_s=0.001)
    try:
        r = api(slow).get(f"/enterprises/{uscc(3)}/downstream?depth=4")
        # The server may finish so small a query inside a millisecond; it never answers 500.
        assert r.status_code in (200, 504), r.text
        if r.status_code == 504:
            assert r.json()["code"] == "query_timeout"
        hits = [api(slow).get(f"/paths?from={uscc(1)}&to={uscc(6)}&max_hops=6").status_code for _ in range(3)]
        assert 504 in hits or set(hits) == {200}
    finally:
        slow.close()


def test_money_is_yuan_to_the_fen(api: OpenClient, chain: GraphStore, tmp_path: Path) -> None:
    # 0.10 + 0.20 yuan sum to 0.30000000000000004 in floating point, in either order (with three terms
    # the result depends on the order the server adds them in).
    write_table(tmp_path, "payments", [
        {"txn_id": f"M{i}", "payer_uscc": uscc(7), "payee_kind": "E", "payee_id": uscc(1), "amount": amount,
         "date": "2024-05-0" + str(i + 1), "purpose": "货款"} for i, amount in enumerate(["0.10", "0.20"])])
    load_directory(chain, tmp_path)
    assert chain.read("enterprises/get_enterprise", {"uscc": uscc(7)})[0]["paid_out_total"] != 0.3
    client = api(chain)
    body = client.get(f"/enterprises/{uscc(7)}/upstream").json()
    assert body["partners"][0]["amount"] == 0.3 and body["partners"][0]["evidence"][0]["total"] == 0.3
    assert client.get(f"/enterprises/{uscc(7)}").json()["paid_out_total"] == 0.3


def test_docs_are_served_from_local_assets(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "/docs/assets/swagger-ui-bundle.js" in page.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200


def test_metrics_count_requests_errors_and_queries(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    client.get(f"/enterprises/{uscc(3)}")
    client.get(f"/enterprises/{uscc(99)}")
    text = client.get("/metrics").text
    assert 'liantu_http_requests_total{method="GET",route="/enterprises/{uscc}",status="200"} 1.0' in text
    assert 'liantu_http_errors_total{code="not_found"} 1.0' in text
    assert 'liantu_neo4j_query_seconds_count{query="enterprises/get_enterprise"} 2.0' in text
    assert "liantu_http_request_seconds_bucket" in text


def test_metrics_are_for_admin_keys_only(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain, key=RISK_KEY)
    assert client.get("/metrics", headers={"X-API-Key": ""}).status_code == 401
    for key in (RM_KEY, RISK_KEY):
        r = client.get("/metrics", headers={"X-API-Key": key})
        assert r.status_code == 403 and "needs role admin" in r.json()["message"]
    assert "liantu_http_requests_total" in client.get("/metrics", headers={"X-API-Key": ADMIN_KEY}).text
    # What Prometheus sends with its `authorization` scrape setting.
    r = client.get("/metrics", headers={"X-API-Key": "", "Authorization": f"Bearer {ADMIN_KEY}"})
    assert r.status_code == 200 and "liantu_http_requests_total" in r.text
    r = client.get("/metrics", headers={"X-API-Key": "", "Authorization": f"Bearer {RM_KEY}"})
    assert r.status_code == 403


def test_every_answer_carries_a_request_id(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    assert len(client.get("/health").headers["x-request-id"]) == 32
    given = "0123456789abcdef"
    assert client.get("/health", headers={"X-Request-ID": given}).headers["x-request-id"] == given
    assert client.get("/health", headers={"X-Request-ID": "<script>"}).headers["x-request-id"] != "<script>"


def test_long_lists_are_paged_with_a_cursor(api: OpenClient, chain: GraphStore) -> None:
    from graph.analytics.hubs import compute_hubs

    compute_hubs(chain, ("degree",))
    client = api(chain)
    everything = [h["uscc"] for h in client.get("/hubs?algorithm=degree&limit=100").json()["hubs"]]
    seen: list[str] = []
    url = "/hubs?algorithm=degree&limit=2"
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        seen += [h["uscc"] for h in r.json()["hubs"]]
        pages += 1
        link = r.headers.get("link")
        assert (link is None) == ("x-next-cursor" not in r.headers)
        url = link.split(";")[0].strip("<>") if link else ""
    assert seen == everything and pages == (len(everything) + 1) // 2 and len(everything) >= 5
    bad = client.get("/hubs?cursor=bm90LWEtY3Vyc29y")
    assert bad.status_code == 422 and "cursor" in bad.json()["message"]


def test_a_serving_store_keeps_the_business_date_until_a_load(chain: GraphStore) -> None:
    """The API turns on remembering the business date for its store (api/app.py); a load forgets it."""
    def later_load(day: str) -> None:
        chain.write("business_date/merge_data_load", {"business_date": day, "source": "test"})

    first = business_date(chain)
    later_load("2030-01-01")
    assert business_date(chain) == "2030-01-01"  # not remembered: every call asks the graph
    remember_business_date(chain)
    try:
        assert business_date(chain) == "2030-01-01"
        later_load("2031-01-01")
        assert business_date(chain) == "2030-01-01"  # remembered
        record_load(chain)  # a load in this process forgets it at once
        assert business_date(chain) == "2031-01-01"
    finally:
        remember_business_date(chain, on=False)
    later_load("2032-01-01")
    assert business_date(chain) == "2032-01-01" and first < "2030-01-01"
