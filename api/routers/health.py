"""Liveness (/health: the process answers) and readiness (/ready: Neo4j answers and its schema is the
version this code expects), which need no API key; and the Prometheus metrics, for admin keys only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.access import allow
from api.deps import Graph
from api.errors import ERROR_RESPONSES
from graph.schema import current_version, migrations
from graph.store import GraphStore
from liantu import __version__
from liantu.errors import DatabaseUnavailable, QueryTimeout

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    version: str


class Ready(BaseModel):
    status: str
    database: str
    neo4j_version: str | None = None
    schema_version: int | None = None
    expected_schema_version: int


@router.get("/health", response_model=Health)
async def health() -> Health:
    """The process is alive. It does not touch Neo4j: a restart of the database does not make the API
    look dead to an orchestrator (see /ready for that)."""
    return Health(status="ok", version=__version__)


def _ready(graph: GraphStore) -> dict[str, Any]:
    rows = graph.read("admin/get_server_version")
    return {"neo4j_version": rows[0]["version"] if rows else None, "schema_version": current_version(graph)}


@router.get("/ready", response_model=Ready, responses={503: {"model": Ready, "description": "not ready"}})
async def ready(graph: Graph) -> Ready | JSONResponse:
    """Ready to answer: Neo4j answers and its schema is at the version this code expects (else 503)."""
    expected = migrations()[-1].version
    try:
        found = await run_in_threadpool(_ready, graph)
    except (DatabaseUnavailable, QueryTimeout):
        body = Ready(status="unavailable", database="unreachable", expected_schema_version=expected)
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    answer = Ready(status="ok", database="reachable", expected_schema_version=expected, **found)
    if answer.schema_version != expected:
        answer.status = "schema_mismatch"
        return JSONResponse(answer.model_dump(), status_code=503)
    return answer


@router.get("/metrics", response_class=Response, dependencies=[allow("metrics")],
            responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
                       **{code: ERROR_RESPONSES[code] for code in (401, 403, 422, 429)}})
async def metrics(request: Request) -> Response:
    """Requests and latency per route, errors by code, Neo4j read time per named query (admin keys only;
    Prometheus sends the key as `Authorization: Bearer KEY` with its `authorization` scrape setting)."""
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
