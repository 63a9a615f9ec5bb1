"""The audit log (one JSON line per request), stored keys (hashed, revocable), the rate limit, and no key
ever showing in a log, a repr, an answer or an error."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from liantu.audit import read_lines
from liantu.config import Role, Settings
from liantu.keys import KEY_FORMAT, KeyStore
from tests.builders import uscc
from tests.conftest import ADMIN_KEY, RISK_KEY, RM_KEY, TEST_API_KEYS


@pytest.fixture
def settings(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The session's settings with this test's own audit log and key file."""
    return neo4j_settings.model_copy(update={"audit_log": tmp_path / "audit.jsonl",
                                             "api_keys_file": tmp_path / "keys.json"})


@pytest.fixture
def client(chain: GraphStore, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=chain)) as c:
        yield c


def test_one_audit_line_per_request_with_who_what_and_how_much(client: TestClient, settings: Settings) -> None:
    r = client.get(f"/enterprises/{uscc(3)}/upstream?depth=2&limit=5", headers={"X-API-Key": RM_KEY})
    assert r.status_code == 200
    client.get(f"/enterprises/{uscc(3)}", headers={"X-API-Key": RISK_KEY})
    client.get(f"/enterprises/{uscc(3)}/penetration", headers={"X-API-Key": RM_KEY})
    client.get("/hubs", headers={"X-API-Key": "not-a-key"})
    lines = list(read_lines(settings.audit_path))
    assert len(lines) == 4
    first = lines[0]
    assert set(first) >= {"time", "request_id", "key_id", "role", "method", "route", "params", "status", "rows",
                          "latency_ms", "person_data"}
    assert first["request_id"] == r.headers["x-request-id"] and first["key_id"].startswith("env-")
    assert first["role"] == "rm" and first["rm_id"] == "RM001" and first["method"] == "GET"
    assert first["route"] == "/enterprises/{uscc}/upstream" and first["status"] == 200
    assert first["params"] == {"uscc": uscc(3), "depth": "2", "limit": "5"}
    assert first["rows"] == len(r.json()["partners"]) > 0 and first["latency_ms"] > 0
    assert first["person_data"] is False
    assert lines[1]["person_data"] is True and lines[1]["role"] == "risk"  # the profile names persons
    assert lines[2]["status"] == 403 and lines[2]["code"] == "forbidden" and lines[2]["rows"] == 0
    assert lines[3]["status"] == 401 and lines[3]["key_id"] is None and lines[3]["code"] == "unauthorized"
    assert (settings.audit_path.stat().st_mode & 0o777) == 0o600


def test_stored_keys_work_until_revoked(client: TestClient, settings: Settings) -> None:
    store = KeyStore(settings.keys_path)
    identity, key = store.create(Role.RM, rm_id="RM001", name="RM app")
    assert key not in settings.keys_path.read_text() and "scrypt$" in settings.keys_path.read_text()
    r = client.get(f"/enterprises/{uscc(3)}", headers={"X-API-Key": key})
    assert r.status_code == 200 and r.json()["legal_representative"] == "张*"
    assert client.get(f"/enterprises/{uscc(3)}/group", headers={"X-API-Key": key}).status_code == 403
    store.revoke(identity.key_id)
    r = client.get(f"/enterprises/{uscc(3)}", headers={"X-API-Key": key})
    assert r.status_code == 401 and r.json()["message"] == "unknown or revoked API key"
    assert [e["key_id"] for e in read_lines(settings.audit_path)][:2] == [identity.key_id] * 2


def test_rate_limit_answers_429_with_retry_after(chain: GraphStore, settings: Settings) -> None:
    limited = settings.model_copy(update={"api_rate_per_s": 0.2, "api_rate_burst": 3})
    with TestClient(create_app(limited, store=chain)) as c:
        codes = [c.get("/hubs", headers={"X-API-Key": RISK_KEY}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = c.get("/hubs", headers={"X-API-Key": RISK_KEY})
        assert r.json()["code"] == "rate_limited" and 1 <= int(r.headers["retry-after"]) <= 5
        # Another key has its own bucket.
        assert c.get("/hubs", headers={"X-API-Key": ADMIN_KEY}).status_code == 200


def test_no_key_shows_in_logs_reprs_answers_or_errors(chain: GraphStore, settings: Settings,
                                                      caplog: pytest.LogCaptureFixture,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.INFO)
    store = KeyStore(settings.keys_path)
    _, stored_key = store.create(Role.ADMIN, name="leak test")
    keys = [*TEST_API_KEYS, stored_key]
    seen: list[str] = [repr(settings), str(settings), settings.model_dump_json(), repr(settings.api_keys)]
    with TestClient(create_app(settings, store=chain)) as c:
        for key in keys:
            for url in (f"/enterprises/{uscc(3)}", f"/enterprises/{uscc(3)}/group", "/hubs?limit=abc",
                        f"/enterprises/NOTAUSCC?api_key={key}", "/leads?rm=RM001", "/nope",
                        f"/enterprises/{uscc(99)}/upstream"):
                for sent in (key, key + "x", key[:-1]):
                    r = c.get(url, headers={"X-API-Key": sent})
                    seen += [r.text, json.dumps(dict(r.headers))]
            r = c.post("/campaigns", headers={"X-API-Key": key}, json={"campaign_id": "bad id!"})
            seen += [r.text, json.dumps(dict(r.headers))]
        seen.append(c.get("/metrics", headers={"X-API-Key": ADMIN_KEY}).text)
        seen.append(c.get("/openapi.json").text)
    seen.append(settings.audit_path.read_text(encoding="utf-8"))
    seen.append(settings.keys_path.read_text(encoding="utf-8"))
    # Every server-side log record (the test client's own httpx lines print the URL it was given).
    seen += [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records if not r.name.startswith("httpx")]
    out = capsys.readouterr()
    seen += [out.out, out.err]
    text = "\n".join(seen)
    assert len(read_lines_count := list(read_lines(settings.audit_path))) >= 100, len(read_lines_count)
    for key in keys:
        # The whole key, and any 16-character piece of its secret part.
        assert key not in text
        # The secret of a stored key may itself hold "_" (URL-safe base64), so it is cut by the key's format.
        stored = KEY_FORMAT.match(key)
        secret = stored.group(2) if stored else key
        pieces = {secret[i:i + 16] for i in range(0, max(1, len(secret) - 15), 4)}
        leaked = [p for p in pieces if p in text]
        assert not leaked, (key[:6], leaked)
