"""Liveness and database reachability; the only endpoint without an API key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import Graph
from liantu.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    neo4j_version: str | None = None


@router.get("/health", response_model=Health)
async def health(graph: Graph) -> Health | JSONResponse:
    # One hop to the thread pool for the blocking read, as in routers/chains.py.
    try:
        rows = await run_in_threadpool(graph.read, "admin/get_server_version")
    except DatabaseUnavailable:
        return JSONResponse({"status": "degraded", "database": "unreachable"}, status_code=503)
    return Health(status="ok", database="reachable", neo4j_version=rows[0]["version"] if rows else None)
