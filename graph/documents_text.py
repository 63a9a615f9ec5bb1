"""A source document's text and the spans extracted from it, kept so a risk officer reads a court case
or a penalty in the words it came from, with what the extractor took highlighted.

Written by document ingestion right after the Document node (ingestion.documents); read back whole by
`document_text`. The spans are the extraction's own offsets into the decoded text (nlp.models.Fact.span),
so a highlight is exactly what was read, not a later search for the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from graph.store import GraphStore, Row

SpanKind = Literal["entity", "amount", "fact"]


@dataclass(frozen=True)
class DocumentSpan:
    """One extracted fact's place in the text: [start, end) character offsets."""

    field: str  # the extraction field: parties, amounts, case_number, fine_amount, ...
    kind: SpanKind  # entity (a party, court or authority), amount (money), fact (anything else)
    label: str  # what was extracted there, as text
    start: int
    end: int


@dataclass(frozen=True)
class DocumentLink:
    """A party the document names, linked to a case or penalty, with the span of its name."""

    event: str  # the case number or decision number
    role: str | None
    party_id: str | None  # USCC or person id; None for a party linking could not resolve
    name: str | None
    party_kind: str  # E, P or unresolved
    span_start: int | None
    span_end: int | None


@dataclass
class DocumentText:
    sha256: str
    kind: str | None
    source: str | None
    extractor_version: str | None
    text: str | None  # None: loaded before texts were kept; reload the document to add it
    spans: list[DocumentSpan] = field(default_factory=list)
    links: list[DocumentLink] = field(default_factory=list)


@dataclass(frozen=True)
class TextRecord:
    """What ingestion hands over for one document."""

    sha256: str
    text: str
    spans: tuple[DocumentSpan, ...]


def store_texts(store: GraphStore, records: Iterable[TextRecord]) -> int:
    """Set the text and spans of documents already written; returns the documents updated."""
    rows: list[Row] = [{
        "sha256": r.sha256, "text": r.text,
        "span_fields": [s.field for s in r.spans], "span_kinds": [s.kind for s in r.spans],
        "span_labels": [s.label for s in r.spans], "span_starts": [s.start for s in r.spans],
        "span_ends": [s.end for s in r.spans]} for r in records]
    return store.write_rows("documents/set_document_texts", rows).rows if rows else 0


def document_text(store: GraphStore, sha256: str) -> DocumentText | None:
    """The document with its text, spans (in text order) and party links; None when there is no such one."""
    rows = store.read("documents/get_document_text", {"sha256": sha256})
    if not rows:
        return None
    row = rows[0]
    columns = [row[k] or [] for k in ("span_fields", "span_kinds", "span_labels", "span_starts", "span_ends")]
    spans = sorted((DocumentSpan(f, k, label, int(a), int(b)) for f, k, label, a, b in zip(*columns, strict=True)),
                   key=lambda s: (s.start, -s.end, s.field))
    links = sorted((DocumentLink(**link) for link in row["links"] if link is not None),
                   key=lambda lk: (lk.event, lk.span_start if lk.span_start is not None else -1, lk.role or ""))
    return DocumentText(row["sha256"], row["kind"], row["source"], row["extractor_version"], row["text"], spans, links)
