"""Response models of the risk endpoints (built from graph/analytics dataclasses); leads are in schemas_leads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _FromGraph(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class NegativeEvent(_FromGraph):
    event_kind: str = Field(description="court_case or penalty")
    reference: str = Field(description="案号 or 文号")
    role: str | None
    case_type: str | None
    title: str | None = Field(description="案由 or the violation")
    issuer: str | None = Field(description="court or authority")
    date: str | None
    amount: float | None
    doc_sha256: str | None
    span: tuple[int, int] | None
    confidence: float
    severity: float


class EnforcementCase(_FromGraph):
    case_number: str
    court: str | None
    cause: str | None
    date: str | None
    doc_sha256: str | None
    confidence: float | None


class Restriction(_FromGraph):
    kind: str = Field(description="E (id = USCC) or P (id = person_id)")
    id: str
    name: str | None
    basis: str = Field(description="debtor, legal_representative, principal_officer or actual_controller")
    role: str
    debtor_uscc: str | None
    debtor_name: str | None
    cases: list[EnforcementCase]
    rule: str


class LegalExtension(_FromGraph):
    uscc: str
    rule: str
    controller_method: str
    debtor_cases: list[EnforcementCase]
    extends_to: list[Restriction]
    as_controller_of: list[Restriction]


class RiskArc(_FromGraph):
    source: str = Field(description="E:<uscc> or P:<person_id>: where the risk comes from")
    target: str
    tie: str
    direction: str
    transmission: float
    figure: str
    source_name: str | None
    target_name: str | None


class Contribution(_FromGraph):
    party: str
    name: str | None
    seed: float
    contribution: float
    path: list[RiskArc]
    events: list[NegativeEvent]


class Diffusion(_FromGraph):
    uscc: str
    score: float
    rule: str
    contributions: list[Contribution]


class RiskView(_FromGraph):
    uscc: str
    name: str
    events: list[NegativeEvent] = Field(description="this enterprise's own negative events")
    legal_extension: LegalExtension = Field(description="the legal rule (restrictions), not a score")
    diffusion: Diffusion = Field(description="the statistical exposure score, kept apart from the legal rule")


class RestrictedList(BaseModel):
    rule: str
    restricted: list[Restriction]
