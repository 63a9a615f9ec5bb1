"""Response models for guarantee circles, default-contagion exposure and circular fund flows."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GuaranteeEdgeOut(BaseModel):
    guarantor: str
    borrower: str
    amount: float = Field(description="Sum of the active guarantees on this pair, CNY")
    guarantee_ids: list[str]


class GuaranteeCycleOut(BaseModel):
    members: list[str] = Field(description="In guarantee direction; the last member guarantees the first")
    edges: list[GuaranteeEdgeOut]


class GuaranteeStructureOut(BaseModel):
    structure_id: str
    type: str = Field(description="mutual | circle | chain | cross | focus")
    members: list[str] = Field(description="chain: in path order; cross/focus: the hub first")
    names: dict[str, str]
    total_amount: float = Field(description="Sum of the active guarantees inside the structure, CNY")
    guarantee_count: int
    edges: list[GuaranteeEdgeOut]
    cycles: list[GuaranteeCycleOut] = Field(default_factory=list)
    cycles_truncated: bool = False
    rule: str


class GuaranteeCircleList(BaseModel):
    as_of: str
    guarantees: int = Field(description="Active guarantees read")
    enterprises: int
    truncated: bool = Field(description="A cap on cycles, chains or component size was reached")
    limits: dict[str, int]
    structures: list[GuaranteeStructureOut]


class ExposedGuarantorOut(BaseModel):
    uscc: str
    name: str
    depth: int
    amount_at_risk: float
    path: list[str] = Field(description="From the defaulting enterprise to this guarantor")
    guarantee_ids: list[str]
    via: list[str]


class ExposureOut(BaseModel):
    uscc: str
    name: str
    as_of: str
    max_depth: int
    total_at_risk: float
    rule: str
    exposed: list[ExposedGuarantorOut]


class LoopTxnOut(BaseModel):
    txn_id: str
    payer: str
    payee: str
    amount: float
    date: str


class FundLoopOut(BaseModel):
    core: str
    returns_to: list[str]
    paths: list[list[LoopTxnOut]]
    outflow_total: float
    inflow_total: float
    ratio: float = Field(description="inflow_total / outflow_total")
    first_date: str
    last_date: str
    span_days: int


class RelatedPartyOut(BaseModel):
    uscc: str
    name: str
    basis: list[str]


class FundLoopList(BaseModel):
    core: str
    name: str
    window_days: int
    since: str | None
    until: str | None
    rule: str
    txns_read: int
    paths_found: int
    truncated: bool
    limits: dict[str, float]
    related_parties: list[RelatedPartyOut]
    loops: list[FundLoopOut]
