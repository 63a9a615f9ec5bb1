"""Upstream suppliers and downstream buyers of an enterprise (上下游), with the payments as evidence.

Coroutines handing the graph work to the thread pool in one call, as routers/enterprises.py explains.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.access import allow
from api.deps import USCC, AsOf, DateParam, Graph
from graph.analytics.chains import MAX_DEPTH, PartnerList, partner_list

router = APIRouter(prefix="/enterprises", tags=["chains"], dependencies=[allow("chains")])

Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops along payment direction")]
MinAmount = Annotated[float, Query(ge=0, description="Ignore ties whose total is below this (CNY)")]
Limit = Annotated[int, Query(ge=1, le=1000)]
FlagLoops = Annotated[bool, Query(description="Flag the partners through which money left this enterprise and came "
                                              "back within 180 days (circular_fund_flow). It costs a search of "
                                              "the payments of its own; false answers the partners alone, faster.")]


@router.get("/{uscc}/upstream", response_model=PartnerList)
async def upstream(uscc: USCC, graph: Graph, depth: Depth = 1,
                   min_amount: MinAmount = 0.0, since: DateParam = None, until: DateParam = None,
                   limit: Limit = 100, as_of: AsOf = None, flag_loops: FlagLoops = True) -> PartnerList:
    """Suppliers: the enterprises this one pays (and their suppliers, up to `depth` hops), as on `as_of`."""
    return await run_in_threadpool(lambda: partner_list(graph, uscc, "upstream", depth=depth, min_amount=min_amount,
                                                        since=since, until=until, limit=limit, as_of=as_of,
                                                        flag_loops=flag_loops))


@router.get("/{uscc}/downstream", response_model=PartnerList)
async def downstream(uscc: USCC, graph: Graph, depth: Depth = 1,
                     min_amount: MinAmount = 0.0, since: DateParam = None, until: DateParam = None,
                     limit: Limit = 100, as_of: AsOf = None, flag_loops: FlagLoops = True) -> PartnerList:
    """Buyers: the enterprises that pay this one (and their buyers, up to `depth` hops), as on `as_of`."""
    return await run_in_threadpool(lambda: partner_list(graph, uscc, "downstream", depth=depth,
                                                        min_amount=min_amount, since=since, until=until,
                                                        limit=limit, as_of=as_of, flag_loops=flag_loops))
