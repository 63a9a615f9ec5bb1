"""The write path for negative events: documents, court cases and administrative penalties.

NLP extraction (nlp/) reads judgments and penalty decisions; entity linking decides which Enterprise or
Person each named party is; this module writes the result. Call order for a batch of documents::

    merge_documents(store, [DocumentRecord(sha256, kind, source, extractor_version)])
    merge_court_cases(store, [CourtCaseRecord(case_number, doc_sha256, extractor_version, ..., parties=(
        PartyMention(name, kind="E", role="被执行人", span_start, span_end, confidence,
                     party_id=uscc_or_None, match_rule="uscc"), ...),
        guarantees=(StatedGuarantee(guarantor_uscc, borrower_uscc, span_start, span_end, confidence),))])
    merge_penalties(store, [PenaltyRecord(decision_number, doc_sha256, extractor_version, ..., parties=(
        PartyMention(name, kind="E", role="institution", ...), ...))])

Graph written (keys in cypher/schema/V001 and V006)::

    (:Document {sha256, kind, source, extractor_version, loaded_at})-[:DESCRIBES {key}]->(:CourtCase|:Penalty)
    (:CourtCase {case_number, court, cause, date, year, court_code, case_type, sequence, outcome, amounts,
                 status, status_doc, listing})
    (party:Enterprise|Person|UnresolvedParty)-[:PARTY_IN {key, role, doc_sha256, span_start, span_end,
        confidence, extractor_version, match_rule}]->(:CourtCase)
    (:Enterprise|Person)-[:STATED_GUARANTEE {key, case_number, doc_sha256, span_start, span_end,
        confidence}]->(:Enterprise)
    (:Person)-[:PARTY_IN {role: '法定代表人', via: the company's name}]->(:CourtCase)  (the representative a document
        states for a party, when the graph has that tie)
    (:Penalty {decision_number, authority, violation, legal_basis, penalty_kinds, fine_amount, date})
    (party)-[:PENALISED_IN {key, role: institution|individual|responsible_person|unit, penalty_kinds, fine,
        confiscation, unit, position, via, ...provenance}]->(:Penalty)

Guarantees of the API:

* Idempotent: every node and relationship is MERGEd on a deterministic key (`link_key`): a link is
  document + case (or decision) + party + role, so loading the same document again changes nothing
  (`graph.fingerprint.fingerprint` is equal before and after). `Document.loaded_at` is set on first load only.
* A document owns its links: after writing a document's case, links that *this document* stated earlier
  but no longer states (a re-extraction, a party now resolved) are removed; links stated by other documents
  of the same case stay. Case-level attributes are merged with `coalesce`, so a null never erases a value.
* A party with `party_id=None` is written as an `(:UnresolvedParty)` placeholder (companies share one per
  normalised name; persons get one per document, because a person's name alone identifies nobody). A
  `party_id` that is not in the graph falls back to a placeholder too, keeps the id as `claimed_id`, and
  is reported in `EventWriteReport.fallback_unresolved` — never dropped silently.
* Case status moves forward only: closed or restriction_lifted replace anything, terminated replaces active,
  and active never replaces a later state (documents of one case may load in any order).
* Stated guarantees need both parties in the graph (an enterprise or a person guarantor); the others are
  reported in `skipped_guarantees`.
* Batched: rows go through `GraphStore.write_rows` (UNWIND, one retried transaction per batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from graph.store import GraphStore, Row
from liantu.errors import InvalidInput
from liantu.ids import InvalidUSCC, normalise_name, validate_uscc

PartyKind = Literal["E", "P"]
# unit: the company a penalised individual worked for, written when the graph ties the person to it.
PENALTY_ROLES = frozenset({"institution", "individual", "responsible_person", "unit"})


@dataclass(frozen=True)
class DocumentRecord:
    sha256: str
    kind: str  # nlp.models.DocKind value: judgment, ruling, enforcement_ruling, penalty_decision ...
    extractor_version: str
    source: str | None = None
    loaded_at: datetime | None = None  # first load time; None = now


@dataclass(frozen=True)
class PartyMention:
    """A party as the document names it, and what entity linking resolved it to."""

    name: str
    kind: PartyKind  # E = enterprise/institution, P = natural person
    role: str  # court: 原告/被告/第三人/上诉人/被上诉人/申请执行人/被执行人 ...; penalty: PENALTY_ROLES
    span_start: int
    span_end: int
    confidence: float
    party_id: str | None = None  # USCC (kind E) or person_id (kind P); None = not resolved
    match_rule: str | None = None  # how the linker resolved it, e.g. "uscc_in_text", "name_exact"
    # Penalties only: what the decision imposes on this party, and for a person the unit and position.
    penalty_kinds: tuple[str, ...] = ()
    fine: float | None = None
    confiscation: float | None = None
    unit: str | None = None
    position: str | None = None
    via: str | None = None  # a unit link: the penalised person it comes through


@dataclass(frozen=True)
class StatedGuarantee:
    guarantor_uscc: str  # the guarantor's id: a USCC, or a person_id when guarantor_kind is P
    borrower_uscc: str
    span_start: int
    span_end: int
    confidence: float
    guarantor_kind: PartyKind = "E"  # P: a natural-person guarantor (自然人保证)


@dataclass(frozen=True)
class CourtCaseRecord:
    case_number: str
    doc_sha256: str
    extractor_version: str
    court: str | None = None
    cause: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    year: int | None = None
    court_code: str | None = None
    case_type: str | None = None  # 民初, 民终, 执, 执恢, 刑初 ...
    sequence: int | None = None
    outcome: str | None = None
    amounts: tuple[float, ...] = ()
    parties: tuple[PartyMention, ...] = ()
    guarantees: tuple[StatedGuarantee, ...] = ()
    # Enforcement: active, terminated (终结本次执行), closed or restriction_lifted; the list it puts the debtor
    # on (restricted = 限制消费, dishonest = 失信被执行人); the date of the document that stated them.
    status: str | None = None
    listing: str | None = None


@dataclass(frozen=True)
class PenaltyRecord:
    decision_number: str
    doc_sha256: str
    extractor_version: str
    authority: str | None = None
    violation: str | None = None
    legal_basis: str | None = None
    penalty_kinds: tuple[str, ...] = ()
    fine_amount: float | None = None
    date: str | None = None
    parties: tuple[PartyMention, ...] = ()


@dataclass
class EventWriteReport:
    records: int = 0
    links: int = 0  # links to resolved Enterprise/Person nodes
    unresolved: int = 0  # links to UnresolvedParty placeholders (including fallbacks)
    fallback_unresolved: list[str] = field(default_factory=list)  # party_ids given but not in the graph
    guarantees: int = 0
    skipped_guarantees: list[tuple[str, str]] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    pruned: int = 0  # stale links this run removed


def link_key(doc_sha256: str, event_ref: str, party_key: str, role: str) -> str:
    """The MERGE key of a PARTY_IN / PENALISED_IN link: one per document, event, party and role."""
    return f"{doc_sha256}|{event_ref}|{party_key}|{role}"


def unresolved_key(mention: PartyMention, doc_sha256: str) -> str:
    if mention.kind == "E":
        return f"E:{normalise_name(mention.name)}"
    return f"P:{normalise_name(mention.name)}@{doc_sha256}"


def merge_documents(store: GraphStore, docs: Iterable[DocumentRecord]) -> int:
    """Write the documents first: cases and penalties link to them by sha256. Returns the rows written."""
    docs = list(docs)
    for d in docs:
        _check_sha(d.sha256)
    rows: list[Row] = [{"sha256": d.sha256, "kind": d.kind, "source": d.source,
                        "extractor_version": d.extractor_version,
                        "loaded_at": d.loaded_at.isoformat() if d.loaded_at else None} for d in docs]
    return store.write_rows("events/merge_documents", rows).rows


def merge_court_cases(store: GraphStore, cases: Sequence[CourtCaseRecord]) -> EventWriteReport:
    """Write cases, their parties (PARTY_IN) and the guarantees their text states. See the module doc."""
    report = EventWriteReport(records=len(cases))
    for case in cases:
        _check_sha(case.doc_sha256)
        for m in case.parties:
            _check_mention(m)
    case_rows = [{
        "case_number": c.case_number, "doc_sha256": c.doc_sha256,
        "describes_key": f"{c.doc_sha256}>{c.case_number}", "court": c.court, "cause": c.cause,
        "date": c.date, "year": c.year, "court_code": c.court_code, "case_type": c.case_type,
        "sequence": c.sequence, "outcome": c.outcome, "amounts": list(c.amounts) or None,
        "status": c.status, "listing": c.listing,
    } for c in cases]
    written = store.write_rows("events/merge_court_cases", case_rows)
    report.missing_documents = sorted({r["case_number"] for r in written.records if not r["described"]})

    links = [(c.case_number, c.doc_sha256, c.extractor_version, m) for c in cases for m in c.parties]
    party_keys = _write_party_links(store, links, report, "case")
    guarantee_rows: list[Row] = [{
        "key": f"{c.doc_sha256}|{c.case_number}|{g.guarantor_uscc}>{g.borrower_uscc}",
        "guarantor_uscc": g.guarantor_uscc, "borrower_uscc": g.borrower_uscc, "case_number": c.case_number,
        "doc_sha256": c.doc_sha256, "span_start": g.span_start, "span_end": g.span_end,
        "confidence": g.confidence, "extractor_version": c.extractor_version, "guarantor_kind": g.guarantor_kind,
    } for c in cases for g in c.guarantees]
    done: set[str] = set()
    for kind, query in (("E", "events/merge_stated_guarantees"), ("P", "events/merge_stated_guarantees_person")):
        rows = [r for r in guarantee_rows if r["guarantor_kind"] == kind]
        done |= {r["key"] for r in store.write_rows(query, rows).records}
    report.guarantees = len(done)
    report.skipped_guarantees = [(r["guarantor_uscc"], r["borrower_uscc"]) for r in guarantee_rows
                                 if r["key"] not in done]
    prune_rows = [{
        "case_number": c.case_number, "doc_sha256": c.doc_sha256,
        "keys": sorted(party_keys.get((c.case_number, c.doc_sha256), set())),
        "guarantee_keys": sorted(r["key"] for r in guarantee_rows
                                 if r["case_number"] == c.case_number and r["doc_sha256"] == c.doc_sha256),
    } for c in cases]
    report.pruned = store.write_rows("events/prune_case_links", prune_rows).counters.get(
        "relationships_deleted", 0)
    return report


def merge_penalties(store: GraphStore, penalties: Sequence[PenaltyRecord]) -> EventWriteReport:
    """Write penalty decisions and their parties (PENALISED_IN). See the module doc."""
    report = EventWriteReport(records=len(penalties))
    for p in penalties:
        _check_sha(p.doc_sha256)
        for m in p.parties:
            _check_mention(m)
            if m.role not in PENALTY_ROLES:
                raise InvalidInput(f"penalty party role must be one of {sorted(PENALTY_ROLES)}, got {m.role!r}")
    rows = [{
        "decision_number": p.decision_number, "doc_sha256": p.doc_sha256,
        "describes_key": f"{p.doc_sha256}>{p.decision_number}", "authority": p.authority,
        "violation": p.violation, "legal_basis": p.legal_basis, "penalty_kinds": list(p.penalty_kinds) or None,
        "fine_amount": p.fine_amount, "date": p.date,
    } for p in penalties]
    written = store.write_rows("events/merge_penalties", rows)
    report.missing_documents = sorted({r["decision_number"] for r in written.records if not r["described"]})
    links = [(p.decision_number, p.doc_sha256, p.extractor_version, m) for p in penalties for m in p.parties]
    party_keys = _write_party_links(store, links, report, "penalty")
    prune_rows = [{"decision_number": p.decision_number, "doc_sha256": p.doc_sha256,
                   "keys": sorted(party_keys.get((p.decision_number, p.doc_sha256), set()))} for p in penalties]
    report.pruned = store.write_rows("events/prune_penalty_links", prune_rows).counters.get(
        "relationships_deleted", 0)
    return report


# The queries per (event family, party kind); a fixed allow-list, never formatted text.
_LINK_QUERIES = {
    ("case", "E"): "events/merge_case_parties_enterprise",
    ("case", "P"): "events/merge_case_parties_person",
    ("case", "U"): "events/merge_case_parties_unresolved",
    ("penalty", "E"): "events/merge_penalty_parties_enterprise",
    ("penalty", "P"): "events/merge_penalty_parties_person",
    ("penalty", "U"): "events/merge_penalty_parties_unresolved",
}


def _write_party_links(store: GraphStore, links: list[tuple[str, str, str, PartyMention]],
                       report: EventWriteReport, family: Literal["case", "penalty"]
                       ) -> dict[tuple[str, str], set[str]]:
    """Write resolved links, then placeholders for the rest; return the keys written per (event, doc)."""
    ref_field = "case_number" if family == "case" else "decision_number"
    resolved: dict[PartyKind, list[Row]] = {"E": [], "P": []}
    unresolved: list[Row] = []
    fallback: dict[str, Row] = {}
    for ref, doc, version, m in links:
        base = {ref_field: ref, "role": m.role, "doc_sha256": doc, "span_start": m.span_start,
                "span_end": m.span_end, "confidence": m.confidence, "extractor_version": version,
                "match_rule": m.match_rule, "via": m.via}
        if family == "penalty":
            base.update(penalty_kinds=list(m.penalty_kinds) or None, fine=m.fine, confiscation=m.confiscation,
                        unit=m.unit, position=m.position)
        placeholder = {**base, "party_key": unresolved_key(m, doc), "name": m.name, "kind": m.kind,
                       "claimed_id": m.party_id}
        placeholder["key"] = link_key(doc, ref, f"U:{placeholder['party_key']}", m.role)
        if m.party_id is None:
            unresolved.append(placeholder)
            continue
        key = link_key(doc, ref, f"{m.kind}:{m.party_id}", m.role)
        resolved[m.kind].append({**base, "key": key, "party_id": m.party_id})
        fallback[key] = placeholder
    keys: dict[tuple[str, str], set[str]] = {}
    for kind, rows in resolved.items():
        done = {r["key"] for r in store.write_rows(_LINK_QUERIES[(family, kind)], rows).records}
        report.links += len(done)
        for row in rows:
            if row["key"] in done:
                keys.setdefault((row[ref_field], row["doc_sha256"]), set()).add(row["key"])
            else:
                report.fallback_unresolved.append(row["party_id"])
                unresolved.append(fallback[row["key"]])
    done = {r["key"] for r in store.write_rows(_LINK_QUERIES[(family, "U")], unresolved).records}
    report.unresolved += len(done)
    for row in unresolved:
        if row["key"] in done:
            keys.setdefault((row[ref_field], row["doc_sha256"]), set()).add(row["key"])
    return keys


def _check_sha(sha: str) -> None:
    if len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha):
        raise InvalidInput(f"document sha256 must be 64 lower-case hex characters, got {sha!r}")


def _check_mention(m: PartyMention) -> None:
    if m.kind not in ("E", "P"):
        raise InvalidInput(f"party kind must be E or P, got {m.kind!r}")
    if not 0 <= m.span_start <= m.span_end:
        raise InvalidInput(f"bad span [{m.span_start}, {m.span_end}) for party {m.name!r}")
    if not 0.0 <= m.confidence <= 1.0:
        raise InvalidInput(f"confidence must be in [0, 1], got {m.confidence}")
    for label, amount in (("fine", m.fine), ("confiscation", m.confiscation)):
        if amount is not None and amount < 0:
            raise InvalidInput(f"party {m.name!r}: {label} must not be negative, got {amount}")
    if m.kind == "E" and m.party_id is not None:
        try:
            validate_uscc(m.party_id)
        except InvalidUSCC as exc:
            raise InvalidInput(f"party {m.name!r}: {exc}") from None
