"""The API attacked: schemathesis over the whole OpenAPI schema against the app on the real Neo4j with a
loaded synthetic world (no 5xx, every answer as its schema says), and Cypher-injection payloads in every
string parameter with the graph's fingerprint unchanged.

Bounded: a fixed number of examples per operation, derandomised, so a run takes about as long each time.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.access import is_public, operations
from api.app import create_app
from graph.analytics.communities import compute_communities
from graph.analytics.hubs import ALGORITHMS, compute_hubs
from graph.fingerprint import fingerprint
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.config import Settings
from synth import generate
from tests.builders import uscc
from tests.conftest import ADMIN_KEY, RM_KEY

EXAMPLES_PER_OPERATION = 12
# The world's enterprises, filled when it is loaded; the `uscc` format draws from them and from valid
# codes of enterprises that do not exist, so generated requests reach the analytics and the 404 path.
USCCS: list[str] = []
schemathesis.openapi.format("uscc", st.deferred(lambda: st.sampled_from(USCCS or [uscc(1)])))


@pytest.fixture(scope="module")
def world(session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The tiny synthetic world (seed 7) with hubs and communities computed, loaded once for this module."""
    session_store.run_in_transactions("admin/delete_all_data")
    apply_schema(session_store)
    data = tmp_path_factory.mktemp("fuzz-world")
    generate("tiny", 7, data)
    load_directory(session_store, data)
    compute_hubs(session_store, ALGORITHMS)
    compute_communities(session_store)
    with (data / "enterprises.csv").open(encoding="utf-8") as rows:
        found = [row["uscc"] for row in csv.DictReader(rows)]
    USCCS[:] = found[:40] + [uscc(n) for n in range(900, 905)]
    return session_store


@pytest.fixture(scope="module")
def live_app(world: GraphStore, neo4j_settings: Settings,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    fuzz_settings = neo4j_settings.model_copy(update={
        "audit_log": tmp_path_factory.mktemp("fuzz-audit") / "audit.jsonl", "api_rate_burst": 100_000})
    app = create_app(fuzz_settings, store=world)
    with TestClient(app):  # runs the lifespan: the app holds its store while schemathesis calls it
        yield app


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


def _fuzz(operation: Any, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def run(case: Any) -> None:
        # Creating a campaign scores the whole bank's leads: slow on a loaded two-core host.
        case.call_and_validate(headers={"X-API-Key": ADMIN_KEY}, checks=CHECKS, timeout=90)

    try:
        run()
    except Unsatisfiable:
        if mode == GenerationMode.NEGATIVE and not operation.path_parameters and not operation.query \
                and not operation.body:
            return  # a route without parameters has no invalid input to send
        raise


def test_schema_fuzzing(live_app: FastAPI) -> None:
    """Every operation, data that fits its schema and data that does not: no 5xx, every status
    documented, every body as its schema says, bad input refused."""
    api_schema = schemathesis.openapi.from_asgi("/openapi.json", live_app)
    failures: list[str] = []
    fuzzed = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid operation raises here, failing the test
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode)
            except (Exception, BaseExceptionGroup) as exc:  # gathered over every operation, then shown
                failures.append(f"{operation.label} [{mode}]: {str(exc)[:600]}")
        fuzzed += 1
    assert fuzzed >= 27
    assert not failures, "\n\n".join(failures)


PAYLOADS = [
    "'", '"', "//", "`", "\\", "}) MATCH (n) DETACH DELETE n //", "') MATCH (n) DETACH DELETE n //",
    "\" }) MATCH (n) DETACH DELETE n RETURN 1 //", "`) DETACH DELETE n //", "x` WHERE 1=1 DETACH DELETE n //",
    "\\u0027}) MATCH (n) DETACH DELETE n //", "' OR 1=1 //", "91410100MA0000001X' OR '1'='1",
    "CALL db.labels() YIELD label RETURN label //", "$uscc", "{uscc: 'x'}", "\u0000", "丨' UNION MATCH (n) RETURN n //",
]
VALID = {"uscc": None, "party_id": None, "campaign_id": "NOPE", "community_id": "1", "from": None, "to": None,
         "rm": "RM0102001", "link_id": "SL0", "tag": "core_enterprise", "alert_id": "0" * 20,
         "customer_no": "C0000000001"}


def _string_params(spec: dict[str, Any], path: str, method: str) -> list[tuple[str, str]]:
    entry = spec["paths"][path][method.lower()]
    found = []
    for param in entry.get("parameters", []):
        schema_ = param.get("schema", {})
        kinds = [schema_.get("type")] + [s.get("type") for s in schema_.get("anyOf", [])]
        items = [s.get("items", {}).get("type") for s in [schema_, *schema_.get("anyOf", [])]]
        if "string" in kinds or "string" in items or param["in"] == "path":
            found.append((param["in"], param["name"]))
    return found


def _fill(path: str, own: str) -> str:
    values = {k: (own if v is None else v) for k, v in VALID.items()}
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def test_cypher_injection_changes_nothing(live_app: FastAPI, world: GraphStore) -> None:
    """Every string parameter of every GET route, each payload: a 4xx or an answer; the graph unchanged."""
    before = fingerprint(world)
    own = USCCS[0]
    client = TestClient(live_app)
    spec = client.get("/openapi.json").json()
    tried = 0
    wrong: list[str] = []
    for op in operations(live_app):
        if is_public(op.path) or op.method != "GET":
            continue
        for where, name in _string_params(spec, op.path, op.method):
            for payload in PAYLOADS:
                query: dict[str, str] = {}
                if where == "path":
                    # Percent-encoded as a client must send it (a raw NUL or slash is not a URL).
                    path = _fill(op.path.replace("{" + name + "}", quote(payload, safe="")), own)
                else:
                    path = _fill(op.path, own)
                    query[name] = payload
                if op.path == "/paths":
                    query.setdefault("from", own)
                    query.setdefault("to", USCCS[1])
                for key in (ADMIN_KEY, RM_KEY):
                    r = client.get(path, params=query, headers={"X-API-Key": key})
                    tried += 1
                    if r.status_code >= 500 or not (r.status_code < 300 or 400 <= r.status_code < 500):
                        wrong.append(f"{op.path} {name}={payload!r}: {r.status_code} {r.text[:120]}")
    assert tried > 500
    assert not wrong, "\n".join(wrong[:20])
    assert fingerprint(world) == before


def test_injection_in_a_body_is_stored_as_text(live_app: FastAPI) -> None:
    client = TestClient(live_app)
    payload = "}) MATCH (n) DETACH DELETE n //'\"`"
    party = USCCS[0]
    r = client.post(f"/leads/{party}/status", headers={"X-API-Key": ADMIN_KEY},
                    json={"status": "contacted", "note": payload, "by": payload[:60]})
    assert r.status_code == 201, r.text
    history = client.get(f"/leads/{party}/status", headers={"X-API-Key": ADMIN_KEY}).json()["history"]
    assert history[0]["note"] == payload and history[0]["by"] == payload[:60]
    assert client.get("/hubs?limit=1", headers={"X-API-Key": ADMIN_KEY}).json()["hubs"]
