"""Documents in the graph, read back: the linker's view of enterprises and persons, what linking could
not decide (`unresolved_parties`, for `liantu review`), and an enterprise's court cases and penalties.

The write path is graph.events; extraction and linking run in ingestion.documents.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from graph.store import GraphStore
from nlp.linking import EnterpriseIndex, PersonTie

# -- building the linker from the graph ----------------------------------------------------------------

def read_enterprise_names(store: GraphStore) -> list[tuple[str, str, list[str]]]:
    return [(uscc, name, list(former or [])) for uscc, name, former in
            store.stream("enterprises/read_enterprise_names")]


def person_ties(store: GraphStore) -> Callable[[Collection[str]], Mapping[str, Sequence[PersonTie]]]:
    """The linker's view of LEGAL_REP_OF / OFFICER_OF / HOLDS_SHARES, one query per batch of USCCs."""

    def ties(usccs: Collection[str]) -> Mapping[str, Sequence[PersonTie]]:
        out: dict[str, list[PersonTie]] = {}
        for row in store.read("documents/read_person_ties", {"usccs": sorted(usccs)}):
            out.setdefault(row["uscc"], []).append(PersonTie(
                row["person_id"], row["name"], row["uscc"], row["relation"], row["role"]))
        return out

    return ties


# -- review ---------------------------------------------------------------------------------------------

Span = Annotated[tuple[int, int], Field(description="[start, end) character offsets of the party's name "
                                                     "in the text")]


@dataclass(frozen=True)
class Mention:
    event_kind: str  # court_case | penalty
    reference: str  # case number or decision number
    role: str
    doc_sha256: str
    source: str | None
    span: Span
    confidence: float
    claimed_id: Annotated[str | None, Field(description="an id the text stated that is not in the graph")]


@dataclass(frozen=True)
class ReviewCandidate:
    party_id: Annotated[str, Field(description="USCC or person_id")]
    name: str
    score: Annotated[float, Field(description="name similarity 0..1 (1 for a namesake person)")]
    companies: Annotated[list[str], Field(description="for persons: enterprises they serve")]


@dataclass(frozen=True)
class UnresolvedParty:
    key: str
    name: str
    kind: Annotated[str, Field(description="E enterprise, P person")]
    mentions: list[Mention]
    # E: blocked fuzzy matches with their similarity; P: namesakes (score 1) with the enterprises they serve
    candidates: list[ReviewCandidate]


@dataclass(frozen=True)
class UnresolvedList:
    total: Annotated[dict[str, int], Field(description="unresolved parties per kind")]
    parties: list[UnresolvedParty]


def count_unresolved(store: GraphStore) -> dict[str, int]:
    return {r["kind"]: r["parties"] for r in store.read("documents/count_unresolved_parties")}


def unresolved_parties(store: GraphStore, *, limit: int = 50, kind: str | None = None,
                       index: EnterpriseIndex | None = None) -> list[UnresolvedParty]:
    """Unresolved parties, most mentioned first, with their mentions and review candidates."""
    rows = store.read("documents/list_unresolved_parties", {"limit": limit, "kind": kind})
    if not rows:
        return []
    if index is None and any(r["kind"] == "E" for r in rows):
        index = EnterpriseIndex(read_enterprise_names(store))
    persons: dict[str, list[dict[str, Any]]] = {}
    person_names = sorted({r["name"] for r in rows if r["kind"] == "P"})
    if person_names:
        for row in store.read("documents/find_persons_by_name", {"names": person_names}):
            persons.setdefault(row["name"], []).append(row)
    out = []
    for r in rows:
        if r["kind"] == "E":
            assert index is not None
            candidates = [ReviewCandidate(c.party_id, c.name, c.score, []) for c in index.fuzzy(r["name"])]
        else:
            candidates = [ReviewCandidate(p["person_id"], p["name"], 1.0, list(p["companies"]))
                          for p in persons.get(r["name"], [])[:5]]
        mentions = [Mention(m["event_kind"], m["reference"], m["role"], m["doc_sha256"], m["source"],
                            (m["span_start"], m["span_end"]), m["confidence"], m["claimed_id"])
                    for m in r["mentions"]]
        out.append(UnresolvedParty(r["key"], r["name"], r["kind"], mentions, candidates))
    return out


# -- reading events back ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Provenance:
    doc_sha256: Annotated[str, Field(description="sha256 of the document text")]
    source: Annotated[str | None, Field(description="the file the document was loaded from")]
    doc_kind: str | None
    span: Span
    confidence: Annotated[float, Field(description="extraction confidence times linking confidence")]
    extractor_version: str | None
    match_rule: Annotated[str | None, Field(description="how the party was linked: uscc, exact_name, "
                                                        "normalised_name, former_name, fuzzy_name, "
                                                        "fuzzy_name_legal_rep ...")]


@dataclass(frozen=True)
class CaseLink:
    case_number: str
    court: str | None
    cause: str | None
    case_type: str | None
    date: str | None
    outcome: str | None
    amounts: list[float] | None
    role: Annotated[str, Field(description="原告, 被告, 被执行人 ...")]
    provenance: Provenance


@dataclass(frozen=True)
class EnterpriseCases:
    uscc: str
    name: str
    cases: list[CaseLink]


@dataclass(frozen=True)
class PenaltyLink:
    decision_number: str
    authority: str | None
    violation: str | None
    legal_basis: str | None
    penalty_kinds: list[str] | None
    fine_amount: Annotated[float | None, Field(description="the decision's fine (all parties together), yuan")]
    date: str | None
    role: str
    provenance: Provenance
    party_fine: Annotated[float | None, Field(description="this enterprise's own fine in the decision, yuan")] = None
    party_confiscation: Annotated[float | None, Field(description="this enterprise's own confiscation, yuan")] = None
    party_penalty_kinds: list[str] | None = None


@dataclass(frozen=True)
class EnterprisePenalties:
    uscc: str
    name: str
    penalties: list[PenaltyLink]


def _provenance(row: dict[str, Any]) -> Provenance:
    return Provenance(row["doc_sha256"], row["source"], row["doc_kind"], (row["span_start"], row["span_end"]),
                      row["confidence"], row["extractor_version"], row["match_rule"])


def enterprise_cases(store: GraphStore, uscc: str, *, limit: int = 100) -> EnterpriseCases | None:
    """The court cases an enterprise is a party in, each with its provenance; None when it does not exist."""
    rows = store.read("documents/get_enterprise_cases", {"uscc": uscc, "limit": limit})
    if not rows:
        return None
    return EnterpriseCases(uscc, rows[0]["name"], [
        CaseLink(r["case_number"], r["court"], r["cause"], r["case_type"], r["date"], r["outcome"], r["amounts"],
                 r["role"], _provenance(r)) for r in rows if r["case_number"] is not None])


def enterprise_penalties(store: GraphStore, uscc: str, *, limit: int = 100) -> EnterprisePenalties | None:
    """The penalties imposed on an enterprise, each with its provenance; None when it does not exist."""
    rows = store.read("documents/get_enterprise_penalties", {"uscc": uscc, "limit": limit})
    if not rows:
        return None
    return EnterprisePenalties(uscc, rows[0]["name"], [
        PenaltyLink(r["decision_number"], r["authority"], r["violation"], r["legal_basis"], r["penalty_kinds"],
                    r["fine_amount"], r["date"], r["role"], _provenance(r), r["party_fine"],
                    r["party_confiscation"], r["party_penalty_kinds"])
        for r in rows if r["decision_number"] is not None])
