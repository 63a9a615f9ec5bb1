"""Response models of the document endpoints: cases and penalties with provenance, the review list."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Provenance(BaseModel):
    doc_sha256: str = Field(description="sha256 of the document text")
    source: str | None = Field(description="the file the document was loaded from")
    doc_kind: str | None
    span: tuple[int, int] = Field(description="[start, end) character offsets of the party's name in the text")
    confidence: float = Field(description="extraction confidence times linking confidence")
    extractor_version: str | None
    match_rule: str | None = Field(description="how the party was linked: uscc, exact_name, normalised_name, "
                                               "former_name, fuzzy_name, fuzzy_name_legal_rep ...")


class CaseLink(BaseModel):
    case_number: str
    court: str | None
    cause: str | None
    case_type: str | None
    date: str | None
    outcome: str | None
    amounts: list[float] | None
    role: str = Field(description="原告, 被告, 被执行人 ...")
    provenance: Provenance


class EnterpriseCases(BaseModel):
    uscc: str
    name: str
    cases: list[CaseLink]


class PenaltyLink(BaseModel):
    decision_number: str
    authority: str | None
    violation: str | None
    legal_basis: str | None
    penalty_kinds: list[str] | None
    fine_amount: float | None
    date: str | None
    role: str
    provenance: Provenance


class EnterprisePenalties(BaseModel):
    uscc: str
    name: str
    penalties: list[PenaltyLink]


class ReviewCandidate(BaseModel):
    party_id: str = Field(description="USCC or person_id")
    name: str
    score: float = Field(description="name similarity 0..1 (1 for a namesake person)")
    companies: list[str] = Field(default_factory=list, description="for persons: enterprises they serve")


class ReviewMention(BaseModel):
    event_kind: str
    reference: str
    role: str
    doc_sha256: str
    source: str | None
    span: tuple[int, int]
    confidence: float
    claimed_id: str | None = Field(description="an id the text stated that is not in the graph")


class UnresolvedPartyOut(BaseModel):
    key: str
    name: str
    kind: str = Field(description="E enterprise, P person")
    mentions: list[ReviewMention]
    candidates: list[ReviewCandidate]


class UnresolvedList(BaseModel):
    total: dict[str, int] = Field(description="unresolved parties per kind")
    parties: list[UnresolvedPartyOut]
