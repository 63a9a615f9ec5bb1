"""Documents in the graph, read back: the linker's view of enterprises and persons, what linking could
not decide (`unresolved_parties`, for `liantu review`), and an enterprise's court cases and penalties.

The write path is graph.events; extraction and linking run in ingestion.documents.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from nlp.linking import Candidate, EnterpriseIndex, PersonTie

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

@dataclass(frozen=True)
class Mention:
    event_kind: str  # court_case | penalty
    reference: str  # case number or decision number
    role: str
    doc_sha256: str
    source: str | None
    span_start: int
    span_end: int
    confidence: float
    claimed_id: str | None


@dataclass(frozen=True)
class UnresolvedParty:
    key: str
    name: str
    kind: str  # E | P
    mentions: list[Mention]
    candidates: list[Candidate]  # E: blocked fuzzy matches with their similarity; P: namesakes (score 1)
    candidate_notes: dict[str, list[str]]  # person_id -> enterprises the namesake is tied to


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
        notes: dict[str, list[str]] = {}
        if r["kind"] == "E":
            assert index is not None
            candidates = index.fuzzy(r["name"])
        else:
            namesakes = persons.get(r["name"], [])[:5]
            candidates = [Candidate(p["person_id"], p["name"], 1.0) for p in namesakes]
            notes = {p["person_id"]: list(p["companies"]) for p in namesakes}
        out.append(UnresolvedParty(r["key"], r["name"], r["kind"], [Mention(**m) for m in r["mentions"]],
                                   candidates, notes))
    return out


# -- reading events back ------------------------------------------------------------------------------

def enterprise_cases(store: GraphStore, uscc: str, *, limit: int = 100
                     ) -> tuple[str, list[dict[str, Any]]] | None:
    """(name, court-case links with provenance) of an enterprise; None when it does not exist."""
    rows = store.read("documents/get_enterprise_cases", {"uscc": uscc, "limit": limit})
    if not rows:
        return None
    return rows[0]["name"], [r for r in rows if r["case_number"] is not None]


def enterprise_penalties(store: GraphStore, uscc: str, *, limit: int = 100
                         ) -> tuple[str, list[dict[str, Any]]] | None:
    """(name, penalty links with provenance) of an enterprise; None when it does not exist."""
    rows = store.read("documents/get_enterprise_penalties", {"uscc": uscc, "limit": limit})
    if not rows:
        return None
    return rows[0]["name"], [r for r in rows if r["decision_number"] is not None]
