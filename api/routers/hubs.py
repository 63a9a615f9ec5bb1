"""Supply-chain hubs ranked by weighted PageRank (computed by `liantu hubs compute`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Graph
from api.schemas import Hub, HubList
from api.security import CurrentCaller
from graph.analytics.hubs import top_hubs

router = APIRouter(prefix="/hubs", tags=["hubs"])


@router.get("", response_model=HubList)
def hubs(graph: Graph, caller: CurrentCaller, limit: Annotated[int, Query(ge=1, le=1000)] = 10) -> HubList:
    del caller
    return HubList(hubs=[Hub(**row) for row in top_hubs(graph, limit)])
