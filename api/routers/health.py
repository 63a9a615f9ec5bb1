"""Liveness and database reachability; the only endpoint without an API key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Graph
from api.schemas import Health
from liantu.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
async def health(graph: Graph) -> Health | JSONResponse:
    # One hop to the thread pool for the blocking read, as in routers/enterprises.py.
    try:
        rows = await run_in_threadpool(graph.read, "admin/get_server_version")
    except DatabaseUnavailable:
        return JSONResponse({"status": "degraded", "database": "unreachable"}, status_code=503)
    return Health(status="ok", database="reachable", neo4j_version=rows[0]["version"] if rows else None)
