"""Shortest relationship paths between two parties (找关系)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import AsOf, Graph
from graph.analytics.paths import MAX_HOPS, MAX_PATHS, PathResult, shortest_paths

router = APIRouter(prefix="/paths", tags=["paths"], dependencies=[allow("paths")])

TieKind = Literal["ownership", "officer", "guarantee", "payment", "address", "phone"]


@router.get("", response_model=PathResult)
def paths(
    graph: Graph,
    source: Annotated[str, Query(alias="from", min_length=18, max_length=64,
                                 description="A USCC or a person_id (64 hex)")],
    target: Annotated[str, Query(alias="to", min_length=18, max_length=64,
                                 description="A USCC or a person_id (64 hex)")],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = 4,
    ties: Annotated[list[TieKind] | None, Query(description="Tie kinds to follow; all when omitted")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PATHS)] = 10,
    as_of: AsOf = None,
) -> PathResult:
    """All shortest paths of at most `max_hops` ties of the chosen kinds in force on `as_of`, ignoring
    direction."""
    return shortest_paths(graph, source, target, max_hops=max_hops, ties=list(ties) if ties else None,
                          limit=limit, as_of=as_of)
