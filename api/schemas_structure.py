"""Response models of the structure endpoints: hubs, core enterprises, communities."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HubScore(BaseModel):
    rank: int = Field(description="1 = top hub by the chosen algorithm")
    uscc: str
    name: str
    score: float = Field(description="The chosen algorithm's score (degree: distinct counterparties)")
    pagerank: float | None
    articlerank: float | None
    betweenness: float | None
    counterparties: int = Field(description="Distinct enterprises it pays or is paid by")
    buyers: int
    suppliers: int
    paid_in_total: float = Field(description="Received from enterprises, CNY")
    paid_out_total: float = Field(description="Paid to enterprises, CNY")


class HubRanking(BaseModel):
    algorithm: str
    rule: str
    hubs: list[HubScore]


class Counterparty(BaseModel):
    uscc: str
    name: str
    total: float = Field(description="Total paid on this tie, CNY")
    count: int


class CoreEnterprise(BaseModel):
    rank: int
    uscc: str
    name: str
    industry_code: str | None
    region_code: str | None
    score: float
    pagerank: float | None
    pagerank_rank: int | None = Field(description="Rank by PageRank over the whole graph")
    articlerank: float | None
    betweenness: float | None
    counterparties: int
    buyers: int
    suppliers: int
    paid_in_total: float
    paid_out_total: float
    share_of_income: float | None = Field(
        description="Its income as a share of the income of all enterprises in the filter")
    top_buyers: list[Counterparty]
    top_suppliers: list[Counterparty]


class CoreEnterpriseList(BaseModel):
    industry: str | None
    region: str | None
    order: str
    candidates: int = Field(description="Enterprises in the filter with payment ties")
    scores_missing: bool = Field(description="True when the hub score ordering was asked for but never "
                                 "computed (run `liantu hubs compute`)")
    rule: str
    enterprises: list[CoreEnterprise]


class Member(BaseModel):
    uscc: str
    name: str
    pagerank: float | None
    industry_code: str | None
    region_code: str | None
    paid_in_total: float


class Share(BaseModel):
    key: str
    count: int


class Flows(BaseModel):
    internal: float = Field(description="Paid between members, CNY")
    inbound: float = Field(description="Paid to members from outside, CNY")
    outbound: float = Field(description="Paid by members to outside, CNY")
    internal_ties: int
    cohesion: float | None = Field(description="internal / (internal + inbound + outbound)")


class Community(BaseModel):
    id: int = Field(description="1 = largest community")
    size: int
    members: list[Member] = Field(description="Top members by PageRank")
    sections: list[Share] = Field(description="Most frequent GB/T 4754 sections among members")
    regions: list[Share] = Field(description="Most frequent cities (first 4 digits of GB/T 2260 code)")
    rule: str
    flows: Flows | None = None


class CommunityList(BaseModel):
    communities: list[Community]
