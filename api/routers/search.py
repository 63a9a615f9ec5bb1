"""Search by part of a name, a former name, a USCC, or a person's name or id, with badges."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.access import allow
from api.deps import Graph
from api.security import CurrentCaller
from graph.search import MAX_LIMIT, MAX_QUERY, SearchResult, search

router = APIRouter(prefix="/search", tags=["search"], dependencies=[allow("search")])


@router.get("", response_model=SearchResult)
async def find(
    graph: Graph,
    caller: CurrentCaller,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY,
                            description="Part of a name or former name, a USCC, or a person id")],
    kind: Annotated[Literal["all", "enterprise", "person"], Query(description="What to look for")] = "all",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many of each kind")] = 20,
) -> SearchResult:
    """Enterprises (USCC, name, former name) and persons (name, id), best match first, with badges."""
    del caller
    kinds: tuple[Literal["enterprise", "person"], ...] = ("enterprise", "person") if kind == "all" else (kind,)
    return await run_in_threadpool(search, graph, q, limit=limit, kinds=kinds)
