from __future__ import annotations

import pytest

from liantu.config import Role, Settings
from liantu.errors import ConfigurationError


def test_external_uri_needs_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIANTU_NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    monkeypatch.delenv("LIANTU_NEO4J_PASSWORD", raising=False)
    with pytest.raises(ConfigurationError, match="PASSWORD"):
        Settings(_env_file=None)


def test_api_keys_come_from_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIANTU_API_KEYS", '{"k1": "rm", "k2": "admin"}')
    s = Settings(_env_file=None)
    assert s.api_keys == {"k1": Role.RM, "k2": Role.ADMIN}


def test_password_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIANTU_NEO4J_URI", "bolt://db:7687")
    monkeypatch.setenv("LIANTU_NEO4J_PASSWORD", "hunter2-but-longer")
    s = Settings(_env_file=None)
    assert "hunter2" not in repr(s)
    assert not s.uses_local_server


def test_short_keys_refused_in_production() -> None:
    with pytest.raises(ConfigurationError, match="24 characters"):
        Settings(_env_file=None, env="production", api_keys={"short": Role.RM})


def test_local_server_passwords_never_look_like_an_option() -> None:
    # neo4j-admin set-initial-password takes a leading "-" for an option and fails.
    from graph.server.manager import new_password

    passwords = {new_password() for _ in range(2000)}
    assert len(passwords) == 2000
    assert not any(p.startswith("-") for p in passwords)
    assert all(len(p) >= 32 for p in passwords)
