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
    monkeypatch.setenv("LIANTU_API_KEYS", '{"k1": "rm:RM0100001", "k2": "admin", "k3": "rm@0101", '
                                          '"k4": {"role": "risk", "name": "credit desk"}}')
    s = Settings(_env_file=None)
    found = {k.secret.get_secret_value(): k.grant for k in s.api_keys}
    assert found["k1"].role == Role.RM and found["k1"].rm_id == "RM0100001" and found["k1"].branch is None
    assert found["k2"].role == Role.ADMIN and found["k3"].branch == "0101" and found["k4"].name == "credit desk"
    assert len({k.key_id for k in s.api_keys}) == 4


def test_api_keys_never_show_in_reprs_or_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "a-development-key-of-some-length-7f3a"
    monkeypatch.setenv("LIANTU_API_KEYS", f'{{"{key}": "risk"}}')
    s = Settings(_env_file=None)
    assert key not in repr(s) and key not in str(s) and key not in repr(s.api_keys)
    assert key not in s.model_dump_json()
    monkeypatch.setenv("LIANTU_API_KEYS", f'{{"{key}": "superuser"}}')
    with pytest.raises(ConfigurationError) as caught:
        Settings(_env_file=None)
    assert key not in str(caught.value) and "entry 1" in str(caught.value)


def test_password_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIANTU_NEO4J_URI", "bolt://db:7687")
    monkeypatch.setenv("LIANTU_NEO4J_PASSWORD", "hunter2-but-longer")
    s = Settings(_env_file=None)
    assert "hunter2" not in repr(s)
    assert not s.uses_local_server


def test_short_keys_refused_in_production() -> None:
    with pytest.raises(ConfigurationError, match="24 characters"):
        Settings(_env_file=None, env="production", api_keys={"short": "rm:RM1"})


def test_local_server_passwords_never_look_like_an_option() -> None:
    # neo4j-admin set-initial-password takes a leading "-" for an option and fails.
    from graph.server.manager import new_password

    passwords = {new_password() for _ in range(2000)}
    assert len(passwords) == 2000
    assert not any(p.startswith("-") for p in passwords)
    assert all(len(p) >= 32 for p in passwords)
