"""Core enterprises (核心企业) of an industry and/or region, ranked by a hub score with evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import Graph
from graph.analytics.core import CoreResult, Order, core_enterprises

router = APIRouter(prefix="/hubs", tags=["core"], dependencies=[allow("core")])


@router.get("/core", response_model=CoreResult)
def core(
    graph: Graph,
    industry: Annotated[str | None, Query(pattern=r"^[A-Ta-t]?\d{0,4}$", min_length=1,
                                          description="GB/T 4754 section (C) or code prefix (C36, 36)")] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2,6}$",
                                        description="GB/T 2260 region code prefix (41, 4101, 410102)")] = None,
    order: Annotated[Order, Query(description="Ranking: a hub score, counterparties or amount")] = "pagerank",
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> CoreResult:
    """Core enterprises (核心企业) of an industry and/or region, ranked with evidence."""
    return core_enterprises(graph, industry=industry, region=region, order=order, limit=limit)
