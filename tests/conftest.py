"""Shared fixtures: one real Neo4j for the whole run, a clean database for each test.

When LIANTU_NEO4J_URI is set the tests use that server; otherwise they start the project's own local
Community server in a temporary home on a free port. If it cannot start, the run fails: it never skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from liantu.config import Settings

# Development keys of the test apps: an RM of the builders' bank (RM001, branch 0101), another RM, the
# manager of branch 0101, a risk officer and an administrator.
RM_KEY = "test-rm-key-0123456789abcdef"
OTHER_RM_KEY = "test-other-rm-key-012345678"
BRANCH_KEY = "test-branch-key-0123456789ab"
RISK_KEY = "test-risk-key-0123456789abcd"
ADMIN_KEY = "test-admin-key-0123456789abc"
LEAD_RM_KEY = "test-lead-rm-key-0123456789"  # RM0102001 of the synthetic tiny world, which has chain leads
TEST_API_KEYS = {RM_KEY: "rm:RM001", OTHER_RM_KEY: "rm:RM999", BRANCH_KEY: "rm@0101", RISK_KEY: "risk",
                 ADMIN_KEY: "admin", LEAD_RM_KEY: "rm:RM0102001"}
INTEGRATION_DIR = Path(__file__).parent / "integration"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration `integration`: they all talk to the real Neo4j, so
    `pytest -m "not integration"` runs the unit tests alone, without starting a server."""
    for item in items:
        if INTEGRATION_DIR in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if os.environ.get("LIANTU_NEO4J_URI"):
        yield Settings(env="test", api_keys=TEST_API_KEYS)
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    settings = Settings(
        env="test",
        home=home,
        neo4j_bolt_port=free_port(),
        neo4j_heap="768m",
        neo4j_pagecache="256m",
        api_keys=TEST_API_KEYS,
    )
    server = local_server(settings)
    server.start(timeout_s=settings.neo4j_start_timeout_s)
    try:
        yield settings
    finally:
        server.stop()


@pytest.fixture(scope="session")
def session_store(neo4j_settings: Settings) -> Iterator[GraphStore]:
    store = GraphStore.from_settings(neo4j_settings)
    store.verify()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def graph(session_store: GraphStore) -> GraphStore:
    """The store over an empty database with the schema applied."""
    session_store.run_in_transactions("admin/delete_all_data")
    apply_schema(session_store)
    return session_store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "dataset"
    d.mkdir()
    return d
