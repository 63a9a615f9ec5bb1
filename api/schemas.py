"""Response models of the API (separate from what the graph stores)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str
    database: str
    neo4j_version: str | None = None


class Enterprise(BaseModel):
    uscc: str
    name: str
    former_names: list[str] = Field(default_factory=list)
    legal_form: str | None = None
    registered_capital: float | None = None
    established: str | None = None
    status: str | None = None
    industry_code: str | None = None
    industry_section: str | None = None
    region_code: str | None = None
    address: str | None = None
    scale: str | None = None
    legal_representative: str | None = None
    customer_no: str | None = None
    tier: str | None = None
    rm_id: str | None = None
    rm_name: str | None = None
    paid_in_total: float = 0.0
    paid_out_total: float = 0.0
    pagerank: float | None = None
    pagerank_rank: int | None = None


class PaymentEdge(BaseModel):
    payer: str
    payee: str
    total: float = Field(description="Total paid on this tie, CNY")
    count: int
    first_date: str | None
    last_date: str | None


class Partner(BaseModel):
    uscc: str
    name: str
    depth: int
    amount: float = Field(description="Total on the tie that reaches this partner, CNY")
    payments: int
    tie_share: float | None = Field(
        description="Upstream: share of the supplier's income from this buyer; downstream: share of the "
        "buyer's spending going to this supplier")
    path: list[str]
    evidence: list[PaymentEdge]
    flags: list[str] = Field(default_factory=list,
                             description="circular_fund_flow: money leaves the enterprise through it and comes back")


class PartnerList(BaseModel):
    uscc: str
    direction: str
    depth: int
    min_amount: float
    partners: list[Partner]


class Hub(BaseModel):
    rank: int
    uscc: str
    name: str
    pagerank: float
    buyers: int
    suppliers: int
    paid_in_total: float
    paid_out_total: float


class HubList(BaseModel):
    algorithm: str = "weighted PageRank (damping 0.85) on enterprise-to-enterprise payment totals"
    hubs: list[Hub]
