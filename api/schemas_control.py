"""Response models of the control and relations endpoints, read from the analytics dataclasses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Party(_Out):
    kind: str = Field(description="'E' enterprise (id = USCC) or 'P' person (id = person_id)")
    id: str
    name: str


class OwnershipPath(_Out):
    nodes: list[str] = Field(description="holder -> ... -> company")
    ratios: list[float]
    product: float


class PenetratedHolder(_Out):
    kind: str
    id: str
    name: str
    direct: float
    integrated: float = Field(description="direct + indirect stake, cross-holdings solved exactly")
    paths: list[OwnershipPath]
    paths_total: float = Field(description="sum over the listed simple paths (below `integrated` with loops)")


class Penetration(_Out):
    uscc: str
    name: str
    holders: list[PenetratedHolder]
    persons_total: float
    self_stake: float
    closed_loops: list[list[str]]
    truncated: bool
    warnings: list[str]
    rule: str


class BlocHolding(_Out):
    holder: Party
    ratio: float


class ControlLink(_Out):
    company: Party
    controlled_by: Party
    ultimate: Party
    rule: str
    share: float
    holdings: list[BlocHolding]
    seats: int
    nominees: int


class Controller(_Out):
    uscc: str
    name: str
    controller: Party | None
    rule: str
    explanation: str
    chain: list[ControlLink]
    integrated_stake: float
    paths: list[OwnershipPath]
    truncated: bool
    warnings: list[str]
    basis: str


class BeneficialOwner(_Out):
    person: Party
    rule: str
    stake: float
    role: str | None
    paths: list[OwnershipPath]


class BeneficialOwners(_Out):
    uscc: str
    name: str
    owners: list[BeneficialOwner]
    truncated: bool
    warnings: list[str]
    basis: str


class GroupMember(_Out):
    uscc: str
    name: str
    rule: str
    controlled_by: Party | None
    share: float
    chain: list[str]


class Group(_Out):
    uscc: str
    name: str
    controller: Party
    members: list[GroupMember]
    is_group: bool
    truncated: bool
    basis: str
    note: str


class RelatedParty(_Out):
    party: Party
    rules: list[str]
    evidence: list[str]
    stake: float | None


class RelatedParties(_Out):
    uscc: str
    name: str
    parties: list[RelatedParty]
    truncated: bool
    warnings: list[str]
    basis: str
    note: str


class PathNode(_Out):
    kind: str = Field(description="'E', 'P', 'phone' or 'address'")
    id: str
    name: str


class Tie(_Out):
    kind: str
    type: str
    source: str
    target: str
    facts: dict[str, Any]


class RelationPath(_Out):
    nodes: list[PathNode]
    ties: list[Tie]
    hops: int


class Paths(_Out):
    source: PathNode
    target: PathNode
    ties: list[str]
    max_hops: int
    paths: list[RelationPath]
