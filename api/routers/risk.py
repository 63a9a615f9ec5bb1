"""Risk of an enterprise from negative events, in two parts kept apart, and the restricted list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import USCC, Graph
from api.security import CurrentCaller
from graph.analytics.risk import LEGAL_RULE, RestrictedList, RiskView, restricted_parties, risk_view

enterprise_risk = APIRouter(prefix="/enterprises", tags=["risk"])
restricted = APIRouter(prefix="/risk", tags=["risk"])

AsOf = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                   description="Guarantees in force on this date (YYYY-MM-DD); default today")]


@enterprise_risk.get("/{uscc}/risk", response_model=RiskView)
def enterprise_risk_view(uscc: USCC, graph: Graph, caller: CurrentCaller, as_of: AsOf = None) -> RiskView:
    """Own negative events; the legal extension (restrictions, a rule); the diffusion score with its paths."""
    del caller
    return risk_view(graph, uscc, as_of=as_of)


@restricted.get("/restricted", response_model=RestrictedList)
def restricted_list(graph: Graph, caller: CurrentCaller,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> RestrictedList:
    """Restricted debtors (被执行人 in enforcement cases) and the persons and controllers restricted with them."""
    del caller
    return RestrictedList(LEGAL_RULE, restricted_parties(graph, limit))


router = APIRouter()
router.include_router(enterprise_risk)
router.include_router(restricted)
