"""Equity penetration, actual controller, beneficial owners and group of an enterprise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import USCC, AsOf, Graph
from graph.analytics import control, ownership
from graph.analytics.control import BeneficialOwners, ControllerResult, GroupResult
from graph.analytics.ownership import Penetration

router = APIRouter(prefix="/enterprises", tags=["control"], dependencies=[allow("control")])

MinStake = Annotated[float, Query(ge=0.0, le=1.0, description="Only holders with at least this integrated stake")]


@router.get("/{uscc}/penetration", response_model=Penetration)
def penetration(uscc: USCC, graph: Graph, min_stake: MinStake = 0.0, as_of: AsOf = None) -> Penetration:
    """Every holder's integrated (direct + indirect) stake on `as_of`, with the ownership paths behind it."""
    return ownership.penetrate(graph, uscc, min_stake=min_stake, as_of=as_of)


@router.get("/{uscc}/actual-controller", response_model=ControllerResult)
def actual_controller(uscc: USCC, graph: Graph, as_of: AsOf = None) -> ControllerResult:
    """The actual controller (实际控制人) on `as_of`, the control chain and the rule at each link."""
    return control.actual_controller(graph, uscc, as_of)


@router.get("/{uscc}/beneficial-owners", response_model=BeneficialOwners)
def beneficial_owners(uscc: USCC, graph: Graph, as_of: AsOf = None) -> BeneficialOwners:
    """Beneficial owners (受益所有人): >= 25% integrated stake, control, or the senior-manager fallback."""
    return control.beneficial_owners(graph, uscc, as_of)


@router.get("/{uscc}/group", response_model=GroupResult)
def group(uscc: USCC, graph: Graph, as_of: AsOf = None) -> GroupResult:
    """The group client (集团客户) on `as_of`: everything the enterprise's ultimate controller controls."""
    return control.group_of(graph, uscc, as_of)
