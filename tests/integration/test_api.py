"""The HTTP API against the real database, through FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analytics.hubs import compute_hubs
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.config import Settings
from tests.builders import uscc, write_chain_dataset
from tests.conftest import TEST_API_KEYS

RM_KEY = next(k for k, v in TEST_API_KEYS.items() if v == "rm")


@pytest.fixture
def client(graph: GraphStore, data_dir: Path, neo4j_settings: Settings) -> Iterator[TestClient]:
    load_directory(graph, write_chain_dataset(data_dir))
    compute_hubs(graph)
    with TestClient(create_app(neo4j_settings, store=graph)) as c:
        c.headers["X-API-Key"] = RM_KEY
        yield c


def test_health_needs_no_key(client: TestClient) -> None:
    del client.headers["X-API-Key"]
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["neo4j_version"].startswith("5.26")


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong-key"}])
def test_missing_or_wrong_key_is_401(client: TestClient, headers: dict[str, str]) -> None:
    del client.headers["X-API-Key"]
    r = client.get(f"/enterprises/{uscc(3)}", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized" and r.json()["message"]


def test_enterprise_profile(client: TestClient) -> None:
    r = client.get(f"/enterprises/{uscc(3)}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "郑州宇通客车制造股份有限公司"
    assert body["former_names"] == ["郑州宇通客车有限公司"]
    assert body["legal_representative"] == "张伟"
    assert body["customer_no"] == "C0003" and body["rm_id"] == "RM001" and body["tier"] == "核心"


def test_unknown_uscc_is_404(client: TestClient) -> None:
    r = client.get(f"/enterprises/{uscc(99)}")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    assert client.get(f"/enterprises/{uscc(99)}/upstream").status_code == 404


@pytest.mark.parametrize(
    ("code", "says"),
    [("91350100M000100Y44", "check character"), ("9135010", "18 characters")],
)
def test_malformed_uscc_is_422_saying_why(client: TestClient, code: str, says: str) -> None:
    r = client.get(f"/enterprises/{code}/upstream")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_uscc"
    assert says in r.json()["message"]


@pytest.mark.parametrize("query", ["depth=0", "depth=9", "min_amount=-1", "limit=0", "depth=abc",
                                   "since=2024-13"])
def test_bad_parameters_are_422(client: TestClient, query: str) -> None:
    r = client.get(f"/enterprises/{uscc(3)}/upstream?{query}")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_parameters"


def test_upstream_with_evidence(client: TestClient) -> None:
    r = client.get(f"/enterprises/{uscc(3)}/upstream", params={"depth": 2})
    assert r.status_code == 200
    partners = r.json()["partners"]
    assert [p["uscc"] for p in partners] == [uscc(2), uscc(4), uscc(1)]
    steel = partners[2]
    assert steel["depth"] == 2 and steel["path"] == [uscc(3), uscc(2), uscc(1)]
    assert [e["total"] for e in steel["evidence"]] == [2_000_000.0, 250_000.0]


def test_downstream_with_min_amount(client: TestClient) -> None:
    r = client.get(f"/enterprises/{uscc(3)}/downstream", params={"depth": 2, "min_amount": 500_000})
    assert r.status_code == 200
    assert [p["uscc"] for p in r.json()["partners"]] == [uscc(5)]


def test_hubs(client: TestClient) -> None:
    r = client.get("/hubs", params={"limit": 3})
    assert r.status_code == 200
    hubs = r.json()["hubs"]
    assert len(hubs) == 3 and [h["rank"] for h in hubs] == [1, 2, 3]
    assert hubs[0]["pagerank"] >= hubs[1]["pagerank"] >= hubs[2]["pagerank"]
