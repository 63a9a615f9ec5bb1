"""Documents into the graph: extract (nlp.extract), link (nlp.linking), load (graph.events).

`ingest_documents(store, paths)` builds the linker's name indexes and the jieba user dictionary from
the enterprises in the graph, extracts each file (in worker processes when asked), links the parties
of a batch at once, and writes documents, court cases, penalties, party links with their provenance
and the guarantees the text states through graph.events, which MERGEs on deterministic keys: loading
the same documents again changes nothing. A bad file (empty, binary, undecodable, not Chinese,
truncated, too large, or with neither a case nor a decision number) becomes a FileError in the report
and the batch goes on; database errors are not swallowed.
"""

from __future__ import annotations

import multiprocessing
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from graph.documents import person_ties, read_enterprise_names
from graph.documents_text import DocumentSpan, SpanKind, TextRecord, store_texts
from graph.events import (
    CourtCaseRecord,
    DocumentRecord,
    EventWriteReport,
    PartyMention,
    PenaltyRecord,
    StatedGuarantee,
    merge_court_cases,
    merge_documents,
    merge_penalties,
)
from graph.store import GraphStore
from nlp.decoding import read_document
from nlp.errors import ExtractionError
from nlp.extract import doc_id, extract_file, iter_documents
from nlp.linking import DocumentLinks, EnterpriseIndex, Linker, PartyLink
from nlp.models import AmountFact, Extraction, Fact, PenaltyPartyFact
from nlp.pipeline import load_user_dictionary

BATCH_DOCUMENTS = 64
ProgressFn = Callable[[Path], None]


@dataclass(frozen=True)
class FileError:
    path: str
    code: str
    reason: str


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0
    court_cases: int = 0
    penalties: int = 0
    links: int = 0
    unresolved: int = 0
    stated_guarantees: int = 0
    links_by_rule: Counter[str] = field(default_factory=Counter)
    errors: list[FileError] = field(default_factory=list)
    fallback_unresolved: list[str] = field(default_factory=list)
    skipped_guarantees: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    linked: list[DocumentLinks] = field(default_factory=list)  # kept only when asked (evaluation)

    def add(self, written: EventWriteReport) -> None:
        self.links += written.links
        self.unresolved += written.unresolved
        self.stated_guarantees += written.guarantees
        self.fallback_unresolved += written.fallback_unresolved
        self.skipped_guarantees += written.skipped_guarantees


def build_linker(store: GraphStore, names: Sequence[tuple[str, str, list[str]]] | None = None) -> Linker:
    rows = read_enterprise_names(store) if names is None else names
    return Linker(EnterpriseIndex(rows), person_ties(store))


def dictionary_words(names: Iterable[tuple[str, str, list[str]]]) -> list[str]:
    return [w for _uscc, name, former in names for w in (name, *former)]


def load_user_dictionary_from_graph(store: GraphStore) -> int:
    """Put every enterprise name and former name of the graph into jieba's dictionary; returns new ones."""
    return load_user_dictionary(dictionary_words(read_enterprise_names(store)))


# -- converting linked extractions to event records -----------------------------------------------------

_SPACE_RE = re.compile(r"\s+")


def canonical_case_number(written: str) -> str:
    """（2023）豫01民初1234号 whatever the width of digits and brackets: the CourtCase key."""
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", written))
    return text.replace("(", "（").replace(")", "）")


def canonical_decision_number(written: str) -> str:
    """豫银保监罚决字〔2021〕12号 whatever the width of digits and the bracket style: the Penalty key."""
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", written))
    year = re.search(r"[\[(（〔【]((?:19|20)\d{2})[\])）〕】]", text)
    if year:
        text = f"{text[:year.start()]}〔{year.group(1)}〕{text[year.end():]}"
    return text


def _mention(party: PartyLink) -> PartyMention:
    fact, link = party.fact, party.link
    # One confidence per link: the extraction's confidence in the span times the linker's in the entity.
    conf = fact.confidence * link.confidence if link.party_id else fact.confidence
    extra: dict[str, Any] = {}
    if isinstance(fact, PenaltyPartyFact):
        extra = {"penalty_kinds": tuple(dict.fromkeys(k.value for k in fact.penalty_kinds)),
                 "fine": fact.fine.value if fact.fine else None,
                 "confiscation": fact.confiscation.value if fact.confiscation else None,
                 "unit": fact.unit.value if fact.unit else None,
                 "position": fact.position.value if fact.position else None}
    return PartyMention(name=link.name, kind=link.kind, role=party.role, span_start=fact.span[0],
                        span_end=fact.span[1], confidence=round(conf, 4), party_id=link.party_id,
                        match_rule=link.match_rule, via=party.via, **extra)


def _penalties(linked: DocumentLinks) -> list[PenaltyRecord]:
    """One record per decision number: a table whose rows carry their own numbers holds several decisions,
    each with the parties of its rows; kinds and the summed fine are per decision."""
    ex = linked.extraction
    assert ex.decision_number is not None
    own = canonical_decision_number(ex.decision_number.value)
    groups: dict[str, list[PartyLink]] = {own: []}
    for p in linked.parties:
        groups.setdefault(canonical_decision_number(p.decision_number) if p.decision_number else own, []).append(p)
    out = []
    for number, parties in groups.items():
        if not parties and number != own:
            continue
        mentions = tuple(_mention(p) for p in parties)
        kinds = tuple(dict.fromkeys(k for m in mentions for k in m.penalty_kinds)) or \
            tuple(dict.fromkeys(k.value for k in ex.penalty_kinds))
        fines = [m.fine for m in mentions if m.fine is not None]
        total = round(sum(fines), 2) if fines else (ex.fine_amount.value if ex.fine_amount and number == own
                                                    and not ex.penalty_parties else None)
        out.append(PenaltyRecord(
            decision_number=number, doc_sha256=ex.doc_id, extractor_version=ex.extractor_version,
            authority=ex.authority.value if ex.authority else None,
            violation=ex.violation.value if ex.violation else None,
            legal_basis=ex.legal_basis.value if ex.legal_basis else None, penalty_kinds=kinds,
            fine_amount=total, date=ex.date.value if ex.date else None, parties=mentions))
    return out


def to_records(linked: DocumentLinks) -> tuple[DocumentRecord, list[CourtCaseRecord | PenaltyRecord]]:
    """The document and the events it describes: one court case, or one penalty per decision number."""
    ex = linked.extraction
    doc = DocumentRecord(sha256=ex.doc_id, kind=ex.kind.value, extractor_version=ex.extractor_version,
                         source=ex.source)
    date = ex.date.value if ex.date else None
    if ex.kind.is_penalty:
        return doc, list(_penalties(linked))
    mentions = tuple(_mention(p) for p in linked.parties)
    number = ex.case_number
    assert number is not None
    # Guarantor an enterprise or a natural person (自然人保证); the borrower an enterprise.
    guarantees = tuple(
        StatedGuarantee(g.guarantor.party_id, g.debtor.party_id, g.fact.span[0], g.fact.span[1],
                        round(g.fact.confidence * min(g.guarantor.confidence, g.debtor.confidence), 4),
                        guarantor_kind=g.guarantor.kind)
        for g in linked.guarantees
        if g.debtor.kind == "E" and g.guarantor.party_id and g.debtor.party_id)
    return doc, [CourtCaseRecord(
        case_number=canonical_case_number(number.value), doc_sha256=ex.doc_id,
        extractor_version=ex.extractor_version, court=ex.court.value if ex.court else None,
        cause=ex.cause.value if ex.cause else None, date=date, year=number.year, court_code=number.court_code,
        case_type=number.case_type, sequence=number.sequence, outcome=ex.outcome.value if ex.outcome else None,
        amounts=tuple(a.value for a in ex.amounts), parties=mentions, guarantees=guarantees,
        status=ex.case_status.value if ex.case_status else None, listing=ex.listing.value if ex.listing else None)]


_ENTITY_FIELDS = frozenset({"parties", "penalty_parties", "court", "authority", "party_institution", "party_person",
                            "party_person_unit", "responsible_person"})


def _label(fact: Fact) -> str:
    for attr in ("name", "text", "value", "guarantor"):
        value = getattr(fact, attr, None)
        if value is not None:
            return str(value)[:120]
    return ""


def extraction_spans(ex: Extraction) -> tuple[DocumentSpan, ...]:
    """Every extracted fact's span, a penalty party's own fine and confiscation with it, for the reader."""
    out: list[DocumentSpan] = []

    def add(name: str, fact: Fact) -> None:
        kind: SpanKind = ("amount" if isinstance(fact, AmountFact)
                          else "entity" if name in _ENTITY_FIELDS else "fact")
        if fact.span[1] > fact.span[0]:
            out.append(DocumentSpan(name, kind, _label(fact), fact.span[0], fact.span[1]))

    for name, fact in ex.facts():
        add(name, fact)
        if isinstance(fact, PenaltyPartyFact):
            for part in ("fine", "confiscation"):
                sub = getattr(fact, part)
                if sub is not None:
                    add(part, sub)
    return tuple(dict.fromkeys(out))


def text_record(ex: Extraction) -> TextRecord | None:
    """The text the spans point into: the source decoded again, kept only when it is the very text the
    extraction read (its sha256 is the document id); None when the source is gone or changed."""
    if not ex.source:
        return None
    try:
        text = read_document(ex.source)
    except (OSError, ExtractionError):
        return None
    if doc_id(text) != ex.doc_id:
        return None
    return TextRecord(ex.doc_id, text, extraction_spans(ex))


def event_reference(ex: Extraction) -> str | None:
    fact = ex.decision_number if ex.kind.is_penalty else ex.case_number
    return fact.value if fact is not None else None


# -- the batch ------------------------------------------------------------------------------------------

def _extract(path: Path) -> Extraction | FileError:
    """Runs in a worker process too, so it returns errors instead of raising them."""
    try:
        ex = extract_file(path)
    except ExtractionError as exc:
        return FileError(str(path), exc.code, exc.reason)
    except Exception as exc:  # an extractor bug on one file must not stop the batch
        return FileError(str(path), "extraction_failed", f"{type(exc).__name__}: {exc}")
    if event_reference(ex) is None:
        what = "decision number (文号)" if ex.kind.is_penalty else "case number (案号)"
        return FileError(str(path), "no_event_reference",
                         f"no {what} found (document kind {ex.kind.value}); nothing to load")
    return ex


def _init_worker(words: list[str]) -> None:
    load_user_dictionary(words)


def _chunks(items: Iterable[Path], size: int) -> Iterator[list[Path]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_documents(store: GraphStore, paths: Iterable[str | Path], *, workers: int = 1,
                     batch_size: int = BATCH_DOCUMENTS, progress: ProgressFn | None = None,
                     linker: Linker | None = None, keep_links: bool = False) -> IngestReport:
    """Extract, link and load documents (files, or folders searched recursively). See the module doc."""
    started = time.perf_counter()
    report = IngestReport()
    names = read_enterprise_names(store)
    words = dictionary_words(names)
    load_user_dictionary(words)
    linker = linker or build_linker(store, names)
    files = list(iter_documents(paths))
    pool: ProcessPoolExecutor | None = None
    if workers > 1:
        # spawn, not fork: the parent holds the Neo4j driver's threads and sockets.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(words,))
    try:
        for chunk in _chunks(files, batch_size):
            results = pool.map(_extract, chunk) if pool else map(_extract, chunk)
            extractions: list[Extraction] = []
            for path, result in zip(chunk, results, strict=True):
                report.files += 1
                if isinstance(result, FileError):
                    report.errors.append(result)
                else:
                    extractions.append(result)
                if progress is not None:
                    progress(path)
            _load(store, linker, extractions, report, keep_links)
    finally:
        if pool is not None:
            pool.shutdown()
    report.seconds = time.perf_counter() - started
    return report


def _load(store: GraphStore, linker: Linker, extractions: list[Extraction], report: IngestReport,
          keep_links: bool) -> None:
    if not extractions:
        return
    linked = linker.link_many(extractions)
    if keep_links:
        report.linked.extend(linked)
    records = [to_records(one) for one in linked]
    events = [e for _doc, evs in records for e in evs]
    for event in events:
        report.links_by_rule.update(m.match_rule or "unresolved" for m in event.parties)
    report.documents += merge_documents(store, [doc for doc, _ in records])
    store_texts(store, [t for t in map(text_record, extractions) if t is not None])
    cases = [e for e in events if isinstance(e, CourtCaseRecord)]
    penalties = [e for e in events if isinstance(e, PenaltyRecord)]
    if cases:
        report.add(merge_court_cases(store, cases))
        report.court_cases += len(cases)
    if penalties:
        report.add(merge_penalties(store, penalties))
        report.penalties += len(penalties)
