"""Chain leads (沿链营销) for a relationship manager or a branch, with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Graph
from api.security import CurrentCaller
from graph.analytics.leads import chain_leads
from liantu.errors import InvalidInput

router = APIRouter(prefix="/leads", tags=["leads"])


class _FromGraph(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LeadTie(_FromGraph):
    customer_no: str
    customer_uscc: str
    customer_name: str
    tier: str | None
    rm_id: str | None
    rm_name: str | None
    branch_code: str | None
    direction: str = Field(description="upstream: the lead supplies the chain; downstream: it buys from it")
    hops: int
    path: list[str]
    total: float
    count: int
    first_date: str | None
    last_date: str | None
    tie_share: float | None


class Lead(_FromGraph):
    uscc: str
    name: str
    rank: int
    score: float
    components: dict[str, float]
    tie: LeadTie
    other_ties: int
    assigned_rm_id: str | None
    assigned_rm_name: str | None
    pagerank: float | None
    risk_diffusion: float | None
    flags: list[str]
    reasons: list[str]


class LeadList(_FromGraph):
    rm_id: str | None
    branch_code: str | None
    depth: int
    as_of: str | None
    formula: str
    customers: int
    candidates: int
    excluded_customers: int
    excluded_negative: int
    leads: list[Lead]


Code = Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
DateParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


@router.get("", response_model=LeadList)
def leads(graph: Graph, caller: CurrentCaller, rm: Code = None, branch: Code = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 50,
          depth: Annotated[int, Query(ge=1, le=2, description="1: direct partners; 2: also their partners")] = 1,
          include_flagged: Annotated[bool, Query(description="Keep partners with negative events, flagged")] = False,
          since: DateParam = None, as_of: DateParam = None) -> LeadList:
    """Non-customer suppliers and buyers of the RM's (or branch's) customers, ranked, each with its RM."""
    del caller
    if rm is None and branch is None:
        raise InvalidInput("give rm or branch")
    return LeadList.model_validate(chain_leads(graph, rm_id=rm, branch_code=branch, depth=depth, limit=limit,
                                               include_flagged=include_flagged, since=since, as_of=as_of))
