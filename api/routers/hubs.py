"""Supply-chain hubs of the payment graph, computed by `liantu hubs compute`."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.access import allow
from api.deps import AsOf, Graph
from api.paging import PAGE_HEADERS, Cursor, needed, offset_of, page
from graph.analytics.hubs import Algorithm, HubRanking, hub_ranking

router = APIRouter(prefix="/hubs", tags=["hubs"], dependencies=[allow("hubs")])


@router.get("", response_model=HubRanking, responses={200: {"headers": PAGE_HEADERS}})
def hubs(request: Request, response: Response, graph: Graph, limit: Annotated[int, Query(ge=1, le=1000)] = 10,
         algorithm: Annotated[Algorithm, Query(description="Which centrality ranks the hubs")] = "pagerank",
         cursor: Cursor = None, as_of: AsOf = None) -> HubRanking:
    """Top hubs of the payment graph by one centrality, with the figures behind each score (paged): the
    stored scores on the business date (the default), computed on the payments up to an earlier `as_of`."""
    offset = offset_of(cursor)
    ranking = hub_ranking(graph, algorithm, needed(offset, limit), as_of=as_of)
    return replace(ranking, hubs=page(ranking.hubs, offset, limit, request, response))
