"""The local server the project manages: a real process, clear messages when it cannot start."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.connection import local_server
from graph.server import LocalNeo4j
from graph.store import GraphStore
from liantu.config import Settings
from liantu.errors import ServerError


def test_server_is_real_community_with_auth(neo4j_settings: Settings, session_store: GraphStore) -> None:
    rows = session_store.read("admin/get_server_version")
    assert rows[0]["version"].startswith("5.26")
    if neo4j_settings.uses_local_server:
        assert rows[0]["edition"] == "community"
        server = local_server(neo4j_settings)
        assert server.status().running
        assert (server.auth_file.stat().st_mode & 0o777) == 0o600


def test_wrong_password_is_refused(neo4j_settings: Settings, session_store: GraphStore) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    with GraphDatabase.driver(session_store.info.uri, auth=("neo4j", "not-the-password")) as drv, \
            pytest.raises(AuthError):
        drv.verify_connectivity()


def test_starting_twice_says_already_running(neo4j_settings: Settings) -> None:
    if not neo4j_settings.uses_local_server:
        pytest.fail("this test needs the local server; unset LIANTU_NEO4J_URI to run it")
    with pytest.raises(ServerError, match="already running"):
        local_server(neo4j_settings).start()


def test_port_in_use_is_reported(neo4j_settings: Settings, tmp_path: Path) -> None:
    other = LocalNeo4j(home=tmp_path / "other", cache_dir=neo4j_settings.cache_dir,
                       version=neo4j_settings.neo4j_version, bolt_port=_bolt_port(neo4j_settings))
    with pytest.raises(ServerError, match="already in use"):
        other.start()


def test_missing_java_is_reported(neo4j_settings: Settings, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH: no java, no mvn
    other = LocalNeo4j(home=tmp_path / "h", cache_dir=tmp_path / "cache", version="5.26.30", bolt_port=1)
    with pytest.raises(ServerError, match=r"`(java|mvn)` was not found"):
        other.start()


def test_stop_when_not_running_is_harmless(tmp_path: Path) -> None:
    assert LocalNeo4j(home=tmp_path, cache_dir=tmp_path, version="5.26.30", bolt_port=1).stop() is False


def _bolt_port(settings: Settings) -> int:
    if settings.uses_local_server:
        return settings.neo4j_bolt_port
    pytest.fail("this test needs the local server; unset LIANTU_NEO4J_URI to run it")
