"""Campaigns: assign a lead list to treatment and control, and report conversion and uplift per arm.

Roles (api/access.py): every role reads, only admin creates; an rm sees the campaigns scoped to its
book (its RM id, a branch manager's branch), and another's answers 403 (checked by the role check).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import AfterValidator, BaseModel, Field

from api.access import allow
from api.deps import Graph, real_date
from api.security import CurrentCaller
from graph.access import rms_of_branch
from graph.analytics.campaigns import (
    Campaign,
    CampaignReport,
    campaign_report,
    create_from_leads,
    get_campaign,
    list_campaigns,
)
from liantu.config import Role

router = APIRouter(prefix="/campaigns", tags=["campaigns"], dependencies=[allow("campaigns")])


class CampaignIn(BaseModel):
    """The request to create a campaign (the answer is graph.analytics.campaigns.Campaign)."""

    campaign_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str | None = Field(None, max_length=200)
    lead_type: Literal["chain", "new_registration", "threshold", "uplift"] = "chain"
    rm: str | None = Field(None, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    branch: str | None = Field(None, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    limit: int = Field(1000, ge=1, le=100_000)
    start: Annotated[str | None, Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="default: the data's date",
                                       json_schema_extra={"format": "date"}), AfterValidator(real_date)]
    window_days: int = Field(90, ge=1, le=730)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    treatment_share: float = Field(0.5, gt=0, lt=1)


class CampaignSummary(BaseModel):
    """One row of the campaign list, as the list query returns it."""

    campaign_id: str
    name: str
    lead_type: str
    goal: str
    start: str
    end: str
    window_days: int
    scope_rm: str | None = None
    scope_branch: str | None = None
    treatment: int
    control: int


CampaignId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


@router.get("", response_model=list[CampaignSummary])
def campaigns(graph: Graph, caller: CurrentCaller) -> list[CampaignSummary]:
    """Every campaign, newest start first, with the size of each arm (for an rm: those of its book)."""
    found = [CampaignSummary.model_validate(row) for row in list_campaigns(graph)]
    if caller.role == Role.RM:
        branch_rms = set(rms_of_branch(graph, caller.branch)) if caller.branch else set()
        found = [c for c in found if (caller.rm_id is not None and c.scope_rm == caller.rm_id)
                 or (caller.branch is not None and (c.scope_branch == caller.branch or c.scope_rm in branch_rms))]
    return found


@router.post("", response_model=Campaign, status_code=201)
def create(request: Request, body: CampaignIn, graph: Graph, caller: CurrentCaller) -> Campaign:
    """Take today's leads of a type, stratify by score decile, draw the arms (seeded) and record them."""
    found = create_from_leads(graph, body.campaign_id, lead_type=body.lead_type, rm_id=body.rm,
                              branch_code=body.branch, limit=body.limit, start=body.start,
                              window_days=body.window_days, seed=body.seed, treatment_share=body.treatment_share,
                              name=body.name, created_by=f"{caller.role}:{caller.key_id}",
                              models_home=request.app.state.settings.home)
    return found


@router.get("/{campaign_id}", response_model=Campaign)
def campaign(campaign_id: CampaignId, graph: Graph, caller: CurrentCaller) -> Campaign:
    del caller
    return get_campaign(graph, campaign_id)


@router.get("/{campaign_id}/report", response_model=CampaignReport)
def report(campaign_id: CampaignId, graph: Graph, caller: CurrentCaller) -> CampaignReport:
    """Conversion per arm and the uplift with its 95% Newcombe interval, overall, per RM and per decile."""
    del caller
    return campaign_report(graph, campaign_id)
