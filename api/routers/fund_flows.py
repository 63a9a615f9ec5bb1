"""Circular fund flows (资金闭环) around a core enterprise."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import USCC, DateParam, Graph
from graph.analytics.fund_flows import MAX_HOPS, LoopReport, fund_loops

router = APIRouter(prefix="/enterprises", tags=["fund flows"], dependencies=[allow("fund_flows")])


@router.get("/{uscc}/fund-loops", response_model=LoopReport)
def loops(uscc: USCC, graph: Graph,
          window_days: Annotated[int, Query(ge=1, le=3660)] = 180, since: DateParam = None,
          until: DateParam = None, min_ratio: Annotated[float, Query(gt=0, le=1)] = 0.8,
          max_ratio: Annotated[float, Query(ge=1)] = 1.25,
          max_hops: Annotated[int, Query(ge=2, le=MAX_HOPS)] = MAX_HOPS,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> LoopReport:
    """Money that left this enterprise and came back to it or a related party within the window."""
    report = fund_loops(graph, uscc, window_days=window_days, since=since, until=until, min_ratio=min_ratio,
                        max_ratio=max_ratio, max_hops=max_hops)
    return replace(report, loops=report.loops[:limit])
