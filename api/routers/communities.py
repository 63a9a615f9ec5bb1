"""Communities of the payment graph (industrial clusters), computed by `liantu communities compute`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import allow
from api.deps import Graph
from graph.analytics.communities import Community, CommunityList, get_community, list_communities

router = APIRouter(prefix="/communities", tags=["communities"], dependencies=[allow("communities")])


@router.get("", response_model=CommunityList)
def communities(graph: Graph, limit: Annotated[int, Query(ge=1, le=1000)] = 20,
                members: Annotated[int, Query(ge=1, le=100, description="Top members per community")] = 5,
                ) -> CommunityList:
    """The largest communities with their top members by hub score and their industry/city mix."""
    return CommunityList(list_communities(graph, limit, members))


@router.get("/{community_id}", response_model=Community)
def community(graph: Graph, community_id: Annotated[int, Path(ge=1)],
              members: Annotated[int, Query(ge=1, le=1000)] = 20) -> Community:
    """One community: members by hub score, industry/city mix and how much of its payments stay inside."""
    return get_community(graph, community_id, members)
