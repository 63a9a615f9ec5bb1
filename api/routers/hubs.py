"""Supply-chain hubs of the payment graph, computed by `liantu hubs compute`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import Graph
from graph.analytics.hubs import Algorithm, HubRanking, hub_ranking

router = APIRouter(prefix="/hubs", tags=["hubs"], dependencies=[allow("hubs")])


@router.get("", response_model=HubRanking)
def hubs(graph: Graph, limit: Annotated[int, Query(ge=1, le=1000)] = 10,
         algorithm: Annotated[Algorithm, Query(description="Which centrality ranks the hubs")] = "pagerank",
         ) -> HubRanking:
    """Top hubs of the payment graph by one centrality, with the figures behind each score."""
    return hub_ranking(graph, algorithm, limit)
