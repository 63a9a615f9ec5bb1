"""Fixtures shared by the integration tests of the HTTP API and the command line.

The session's Neo4j and the clean `graph` per test come from tests/conftest.py; here, `api` opens
FastAPI's TestClient over the store a test has filled, as one caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore, close_store
from ingestion.loader import load_directory
from liantu.config import Settings, get_settings
from tests.builders import write_chain_dataset
from tests.conftest import ADMIN_KEY, RISK_KEY, RM_KEY

__all__ = ["ADMIN_KEY", "RISK_KEY", "RM_KEY", "OpenClient", "point_cli_at"]

OpenClient = Callable[..., TestClient]


@pytest.fixture
def api(neo4j_settings: Settings) -> Iterator[OpenClient]:
    """`api(store, key=ADMIN_KEY)`: a TestClient over the app serving `store`, sending `key`; closed at
    teardown. A feature's own tests call as admin (every route, unmasked); what each role may do is
    tested by test_api_access.py."""
    with ExitStack() as stack:

        def open_client(store: GraphStore, key: str = ADMIN_KEY) -> TestClient:
            client = stack.enter_context(TestClient(create_app(neo4j_settings, store=store)))
            client.headers["X-API-Key"] = key
            return client

        yield open_client


@pytest.fixture
def chain(graph: GraphStore, data_dir: Path) -> GraphStore:
    """The hand-made five-tier payment chain of tests/builders.py, loaded."""
    load_directory(graph, write_chain_dataset(data_dir))
    return graph


@contextmanager
def point_cli_at(store: GraphStore, monkeypatch: pytest.MonkeyPatch, home: Path) -> Iterator[None]:
    """Point the CLI at `store`'s server as an external one, with a home of its own (keys, models):
    the CLI reads only the environment, and its settings and store are cached per process."""
    monkeypatch.setenv("LIANTU_NEO4J_URI", store.info.uri)
    monkeypatch.setenv("LIANTU_NEO4J_USER", store.info.user)
    monkeypatch.setenv("LIANTU_NEO4J_PASSWORD", store.info.password)
    monkeypatch.setenv("LIANTU_HOME", str(home))
    get_settings.cache_clear()
    close_store()
    try:
        yield
    finally:
        close_store()
        get_settings.cache_clear()


@pytest.fixture
def cli_env(graph: GraphStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The CLI on the test's clean graph."""
    with point_cli_at(graph, monkeypatch, tmp_path / "home"):
        yield
