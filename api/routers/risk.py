"""Risk of an enterprise from negative events, in two parts kept apart, and the restricted list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.access import allow
from api.deps import USCC, AsOf, Graph
from api.paging import PAGE_HEADERS, Cursor, needed, offset_of, page
from graph.analytics.risk import LEGAL_RULE, RestrictedList, RiskView, restricted_parties, risk_view

enterprise_risk = APIRouter(prefix="/enterprises", tags=["risk"], dependencies=[allow("risk")])
restricted = APIRouter(prefix="/risk", tags=["risk"], dependencies=[allow("risk")])



@enterprise_risk.get("/{uscc}/risk", response_model=RiskView)
def enterprise_risk_view(uscc: USCC, graph: Graph, as_of: AsOf = None) -> RiskView:
    """Own negative events; the legal extension (restrictions, a rule); the diffusion score with its paths."""
    return risk_view(graph, uscc, as_of=as_of)


@restricted.get("/restricted", response_model=RestrictedList, responses={200: {"headers": PAGE_HEADERS}})
def restricted_list(request: Request, response: Response, graph: Graph,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100, cursor: Cursor = None) -> RestrictedList:
    """Restricted debtors (被执行人 in enforcement cases) and the persons and controllers restricted with them."""
    offset = offset_of(cursor)
    found = restricted_parties(graph, needed(offset, limit))
    return RestrictedList(LEGAL_RULE, page(found, offset, limit, request, response))


router = APIRouter()
router.include_router(enterprise_risk)
router.include_router(restricted)
