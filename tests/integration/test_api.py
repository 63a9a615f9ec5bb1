"""What every route shares, through FastAPI's TestClient: health, API keys, errors as JSON."""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from tests.builders import uscc
from tests.integration.conftest import OpenClient


def test_health_needs_no_key(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    del client.headers["X-API-Key"]
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["neo4j_version"].startswith("5.26")


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong-key"}])
def test_missing_or_wrong_key_is_401(api: OpenClient, chain: GraphStore, headers: dict[str, str]) -> None:
    client = api(chain)
    del client.headers["X-API-Key"]
    r = client.get(f"/enterprises/{uscc(3)}", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized" and r.json()["message"]


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
                                   "since=2024-13"])
def test_bad_parameters_are_422(api: OpenClient, chain: GraphStore, query: str) -> None:
    r = api(chain).get(f"/enterprises/{uscc(3)}/upstream?{query}")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_parameters"
