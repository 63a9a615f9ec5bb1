"""Court cases and penalties of an enterprise with provenance, and the entity-linking review list."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import USCC, Graph
from api.schemas_documents import (
    CaseLink,
    EnterpriseCases,
    EnterprisePenalties,
    PenaltyLink,
    Provenance,
    ReviewCandidate,
    ReviewMention,
    UnresolvedList,
    UnresolvedPartyOut,
)
from api.security import CurrentCaller
from graph.documents import count_unresolved, enterprise_cases, enterprise_penalties, unresolved_parties
from liantu.errors import NotFound

enterprise_events = APIRouter(prefix="/enterprises", tags=["documents"])
review = APIRouter(prefix="/review", tags=["documents"])

Limit = Annotated[int, Query(ge=1, le=1000)]


def _provenance(row: dict[str, Any]) -> Provenance:
    return Provenance(doc_sha256=row["doc_sha256"], source=row["source"], doc_kind=row["doc_kind"],
                      span=(row["span_start"], row["span_end"]), confidence=row["confidence"],
                      extractor_version=row["extractor_version"], match_rule=row["match_rule"])


@enterprise_events.get("/{uscc}/cases", response_model=EnterpriseCases)
def cases(uscc: USCC, graph: Graph, caller: CurrentCaller, limit: Limit = 100) -> EnterpriseCases:
    """Court cases the enterprise is a party in (any role), each with the document and span that say so."""
    del caller
    found = enterprise_cases(graph, uscc, limit=limit)
    if found is None:
        raise NotFound(f"no enterprise with USCC {uscc}")
    name, rows = found
    return EnterpriseCases(uscc=uscc, name=name, cases=[
        CaseLink(case_number=r["case_number"], court=r["court"], cause=r["cause"], case_type=r["case_type"],
                 date=r["date"], outcome=r["outcome"], amounts=r["amounts"], role=r["role"],
                 provenance=_provenance(r)) for r in rows])


@enterprise_events.get("/{uscc}/penalties", response_model=EnterprisePenalties)
def penalties(uscc: USCC, graph: Graph, caller: CurrentCaller, limit: Limit = 100) -> EnterprisePenalties:
    """Administrative penalties imposed on the enterprise, each with the document and span that say so."""
    del caller
    found = enterprise_penalties(graph, uscc, limit=limit)
    if found is None:
        raise NotFound(f"no enterprise with USCC {uscc}")
    name, rows = found
    return EnterprisePenalties(uscc=uscc, name=name, penalties=[
        PenaltyLink(decision_number=r["decision_number"], authority=r["authority"], violation=r["violation"],
                    legal_basis=r["legal_basis"], penalty_kinds=r["penalty_kinds"], fine_amount=r["fine_amount"],
                    date=r["date"], role=r["role"], provenance=_provenance(r)) for r in rows])


@review.get("/unresolved", response_model=UnresolvedList)
def unresolved(graph: Graph, caller: CurrentCaller, limit: Limit = 50,
               kind: Literal["E", "P"] | None = None) -> UnresolvedList:
    """Parties entity linking could not resolve, most mentioned first, with mentions and candidates."""
    del caller
    found = unresolved_parties(graph, limit=limit, kind=kind)
    return UnresolvedList(total=count_unresolved(graph), parties=[
        UnresolvedPartyOut(
            key=p.key, name=p.name, kind=p.kind,
            mentions=[ReviewMention(event_kind=m.event_kind, reference=m.reference, role=m.role,
                                    doc_sha256=m.doc_sha256, source=m.source, span=(m.span_start, m.span_end),
                                    confidence=m.confidence, claimed_id=m.claimed_id) for m in p.mentions],
            candidates=[ReviewCandidate(party_id=c.party_id, name=c.name, score=c.score,
                                        companies=p.candidate_notes.get(c.party_id, [])) for c in p.candidates])
        for p in found])


router = APIRouter()
router.include_router(enterprise_events)
router.include_router(review)
