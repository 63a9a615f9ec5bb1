"""Guarantee circles (担保圈) and the default-contagion stress test."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import USCC, AsOf, Graph
from graph.analytics.guarantees import (
    MAX_EXPOSURE_DEPTH,
    CircleReport,
    ExposureReport,
    StructureType,
    enterprise_circles,
    guarantee_circles,
    guarantee_exposure,
)

router = APIRouter(tags=["guarantees"], dependencies=[allow("guarantees")])



@router.get("/guarantee-circles", response_model=CircleReport)
def circles(graph: Graph, type: StructureType | None = None, as_of: AsOf = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> CircleReport:
    """Every mutual, circle, chain, cross and focus structure of the active guarantees."""
    return guarantee_circles(graph, as_of=as_of, kind=type, limit=limit)


@router.get("/enterprises/{uscc}/guarantee-circles", response_model=CircleReport)
def enterprise_guarantee_circles(uscc: USCC, graph: Graph,
                                 as_of: AsOf = None) -> CircleReport:
    """The guarantee structures this enterprise belongs to."""
    return enterprise_circles(graph, uscc, as_of=as_of)


@router.get("/enterprises/{uscc}/guarantee-exposure", response_model=ExposureReport)
def exposure(uscc: USCC, graph: Graph, as_of: AsOf = None,
             max_depth: Annotated[int, Query(ge=1, le=MAX_EXPOSURE_DEPTH)] = 3) -> ExposureReport:
    """Stress test: if this enterprise defaults, the guarantors exposed transitively and for how much."""
    return guarantee_exposure(graph, uscc, as_of=as_of, max_depth=max_depth)
