"""Result objects. Each fact carries its own span into the decoded text and a confidence; the
document id and extractor version sit on the Extraction, and `provenance()` joins them per fact."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class DocKind(StrEnum):
    JUDGMENT = "judgment"
    RULING = "ruling"
    ENFORCEMENT_RULING = "enforcement_ruling"
    # The enforcement lists as documents: a 限制消费令 (or its lifting) and a 失信决定书 (纳入失信被执行人名单).
    RESTRICTION_ORDER = "restriction_order"
    DISHONEST_LISTING = "dishonest_listing"
    PENALTY_DECISION = "penalty_decision"
    PENALTY_DISCLOSURE = "penalty_disclosure"
    UNKNOWN = "unknown"

    @property
    def is_court(self) -> bool:
        return self in (DocKind.JUDGMENT, DocKind.RULING, DocKind.ENFORCEMENT_RULING, DocKind.RESTRICTION_ORDER,
                        DocKind.DISHONEST_LISTING)

    @property
    def is_penalty(self) -> bool:
        return self in (DocKind.PENALTY_DECISION, DocKind.PENALTY_DISCLOSURE)


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    span: tuple[int, int] = Field(description="[start, end) character offsets into the decoded text")
    confidence: float = Field(ge=0.0, le=1.0)


class TextFact(Fact):
    value: str


class DateFact(Fact):
    value: str = Field(description="ISO date, yyyy-mm-dd")


class CaseNumberFact(Fact):
    value: str
    year: int
    court_code: str
    case_type: str
    sequence: int
    style: Literal["2016", "legacy"]


class PartyFact(Fact):
    name: str
    role: str
    kind: Literal["company", "person"]
    legal_representative: str | None = None
    legal_representative_span: tuple[int, int] | None = None
    address: str | None = None
    uscc: str | None = None


class GuaranteeFact(Fact):
    guarantor: str
    debtor: str | None = None
    guarantor_kind: Literal["company", "person"] | None = None


class AmountFact(Fact):
    value: float = Field(description="yuan")
    text: str


class PenaltyPartyFact(Fact):
    """One party of a penalty decision (the span is its name's), with its own penalty.

    A decision against a bank and three of its staff holds four of these; each carries the kinds and
    amounts the decision imposes on that party alone, the identifiers the text states for it, and, for a
    person, the unit and position the decision names (时任某某支行行长: unit 某某支行, position 行长)."""

    kind: Literal["institution", "person"]
    name: str
    uscc: TextFact | None = Field(default=None, description="USCC or 纳税人识别号 as stated")
    legal_representative: TextFact | None = None
    unit: TextFact | None = None
    position: TextFact | None = None
    penalty_kinds: list[TextFact] = Field(default_factory=list)
    fine: AmountFact | None = None
    confiscation: AmountFact | None = None
    decision: TextFact | None = Field(default=None, description="the part of the decision about this party")
    decision_number: TextFact | None = Field(
        default=None, description="set when a table row carries its own decision number")


class Provenance(BaseModel):
    doc_id: str
    source: str | None
    extractor_version: str
    span: tuple[int, int]
    confidence: float


COURT_FIELDS = ("case_number", "court", "cause", "date", "parties", "guarantees", "amounts", "outcome",
                "case_status", "listing")
PENALTY_FIELDS = (
    "decision_number", "authority", "date", "penalty_parties", "violation", "legal_basis", "decision",
    # Summaries of penalty_parties, kept for readers of the one-party shape (the CBRC evaluation):
    # the first institution, its legal representative, the first person and unit, every kind, the fines' sum.
    "party_institution", "party_person", "party_person_unit", "responsible_person", "penalty_kinds",
    "fine_amount",
)


class Extraction(BaseModel):
    doc_id: str = Field(description="sha256 hex of the decoded text as UTF-8")
    source: str | None = None
    kind: DocKind
    kind_confidence: float = 0.0
    extractor_version: str
    text_length: int
    warnings: list[str] = Field(default_factory=list)

    case_number: CaseNumberFact | None = None
    court: TextFact | None = None
    cause: TextFact | None = None
    date: DateFact | None = None
    parties: list[PartyFact] = Field(default_factory=list)
    guarantees: list[GuaranteeFact] = Field(default_factory=list)
    amounts: list[AmountFact] = Field(default_factory=list)
    outcome: TextFact | None = None
    case_status: TextFact | None = Field(
        default=None, description="active, terminated (终结本次执行), closed or restriction_lifted; enforcement only")
    listing: TextFact | None = Field(default=None, description="restricted (限制消费) or dishonest (失信被执行人)")

    decision_number: TextFact | None = None
    authority: TextFact | None = None
    penalty_parties: list[PenaltyPartyFact] = Field(default_factory=list)
    decision: TextFact | None = None
    party_institution: TextFact | None = None
    party_person: TextFact | None = None
    party_person_unit: TextFact | None = None
    responsible_person: TextFact | None = None
    violation: TextFact | None = None
    legal_basis: TextFact | None = None
    penalty_kinds: list[TextFact] = Field(default_factory=list)
    fine_amount: AmountFact | None = None

    def field_names(self) -> tuple[str, ...]:
        if self.kind.is_penalty:
            return PENALTY_FIELDS
        return COURT_FIELDS

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with only the fields of this document's family."""
        head = {"doc_id", "source", "kind", "kind_confidence", "extractor_version", "text_length",
                "warnings"}
        return self.model_dump(mode="json", include=head | set(self.field_names()))

    def provenance(self, fact: Fact) -> Provenance:
        return Provenance(
            doc_id=self.doc_id, source=self.source, extractor_version=self.extractor_version,
            span=fact.span, confidence=fact.confidence,
        )

    def facts(self) -> Iterator[tuple[str, Fact]]:
        """(field name, fact) for every fact of this document's family, for the graph loader."""
        for name in self.field_names():
            value = getattr(self, name)
            if isinstance(value, list):
                for item in value:
                    yield name, item
            elif isinstance(value, Fact):
                yield name, value
