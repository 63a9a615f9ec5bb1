"""Supply-chain hubs (computed by `liantu hubs compute`) and the core enterprises of an industry/region."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Graph
from api.schemas_structure import CoreEnterpriseList, HubRanking, HubScore
from api.security import CurrentCaller
from graph.analytics.core import Order, core_enterprises
from graph.analytics.hubs import RULES, Algorithm, ranked_hubs

router = APIRouter(prefix="/hubs", tags=["hubs"])

Limit = Annotated[int, Query(ge=1, le=1000)]


@router.get("", response_model=HubRanking)
def hubs(graph: Graph, caller: CurrentCaller, limit: Limit = 10,
         algorithm: Annotated[Algorithm, Query(description="Which centrality ranks the hubs")] = "pagerank",
         ) -> HubRanking:
    """Top hubs of the payment graph by one centrality, with the figures behind each score."""
    del caller
    found = ranked_hubs(graph, algorithm, limit)
    return HubRanking(algorithm=algorithm, rule=RULES[algorithm],
                      hubs=[HubScore(**{k: v for k, v in asdict(h).items() if k != "rule"}) for h in found])


@router.get("/core", response_model=CoreEnterpriseList)
def core(
    graph: Graph,
    caller: CurrentCaller,
    industry: Annotated[str | None, Query(pattern=r"^[A-Ta-t]?\d{0,4}$", min_length=1,
                                          description="GB/T 4754 section (C) or code prefix (C36, 36)")] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2,6}$",
                                        description="GB/T 2260 region code prefix (41, 4101, 410102)")] = None,
    order: Annotated[Order, Query(description="Ranking: a hub score, counterparties or amount")] = "pagerank",
    limit: Limit = 20,
) -> CoreEnterpriseList:
    """Core enterprises (核心企业) of an industry and/or region, ranked with evidence."""
    del caller
    result = core_enterprises(graph, industry=industry, region=region, order=order, limit=limit)
    return CoreEnterpriseList.model_validate(asdict(result))
