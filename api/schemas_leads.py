"""Response models of the leads and campaigns endpoints (built from graph/analytics dataclasses)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


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


class LeadState(_FromGraph):
    status: str = Field(description="contacted, converted or not_interested")
    by: str | None = Field(description="who recorded it")
    at: str = Field(description="when (ISO date-time, UTC)")
    note: str | None
    campaign_id: str | None


class Lead(_FromGraph):
    uscc: str
    name: str
    rank: int
    lead_type: str
    score: float
    scored_by: str = Field(description="model: the promoted model's probability; formula: the documented rule")
    model_version: str | None
    components: dict[str, float]
    tie: LeadTie | None = Field(description="chain leads: the payment tie; other types: null")
    other_ties: int
    assigned_rm_id: str | None
    assigned_rm_name: str | None
    branch_code: str | None
    customer_no: str | None = Field(description="the lead's own customer number (threshold and uplift leads)")
    pagerank: float | None
    risk_diffusion: float | None
    flags: list[str]
    reasons: list[str]
    evidence: list[str] = Field(description="ids from the RM's customer to the lead (enterprises, persons)")
    status: LeadState | None = Field(description="the latest status recorded for this party")


class LoopPartner(_FromGraph):
    uscc: str
    customer_uscc: str
    loops: int
    amount_out: float
    amount_back: float
    first_date: str
    last_date: str
    path: list[str]


class LeadList(_FromGraph):
    lead_type: str
    rm_id: str | None
    branch_code: str | None
    depth: int
    as_of: str | None
    scored_by: str
    model_version: str | None
    formula: str
    notes: list[str]
    customers: int
    candidates: int
    excluded_customers: int
    excluded_negative: int
    excluded_loops: int = Field(description="partners in a circular fund flow with the customer: never leads")
    loop_partners: list[LoopPartner]
    leads: list[Lead]


class StatusIn(BaseModel):
    status: Literal["contacted", "converted", "not_interested"]
    by: str | None = Field(None, max_length=64, description="who acted, e.g. the RM id; default: the API key's role")
    note: str | None = Field(None, max_length=500)
    lead_type: str | None = Field(None, max_length=32)
    campaign_id: str | None = Field(None, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


class LeadStatusHistory(BaseModel):
    party_id: str
    history: list[LeadState]


class Campaign(_FromGraph):
    campaign_id: str
    name: str
    lead_type: str
    goal: str
    start: str
    end: str
    window_days: int
    seed: int
    treatment_share: float
    scored_by: str
    model_version: str | None
    scope_rm: str | None
    scope_branch: str | None
    created_by: str | None
    created_at: str
    leads: int
    treatment: int
    control: int
    skipped: list[str]


class CampaignIn(BaseModel):
    campaign_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str | None = Field(None, max_length=200)
    lead_type: Literal["chain", "new_registration", "threshold", "uplift"] = "chain"
    rm: str | None = Field(None, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    branch: str | None = Field(None, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    limit: int = Field(1000, ge=1, le=100_000)
    start: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="default: the data's date")
    window_days: int = Field(90, ge=1, le=730)
    seed: int = Field(0, ge=0)
    treatment_share: float = Field(0.5, gt=0, lt=1)


class CampaignSummary(BaseModel):
    campaign_id: str
    name: str
    lead_type: str
    goal: str
    start: str
    end: str
    window_days: int
    treatment: int
    control: int


class ArmComparison(_FromGraph):
    key: str
    treatment_n: int
    treatment_converted: int
    control_n: int
    control_converted: int
    treatment_rate: float | None
    control_rate: float | None
    uplift: float | None = Field(description="treatment rate - control rate")
    low: float | None = Field(description="95% interval, Newcombe (1998) method 10")
    high: float | None


class CampaignReport(_FromGraph):
    campaign: Campaign
    rule: str
    observed_until: str | None
    window_complete: bool
    excluded_already_customer: int
    overall: ArmComparison
    by_decile: list[ArmComparison]
    by_rm: list[ArmComparison]
