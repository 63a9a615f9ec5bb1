"""Public entry points: text or file in, Extraction out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlp import EXTRACTOR_VERSION
from nlp.court import CourtFacts
from nlp.decoding import MAX_BYTES, read_document
from nlp.errors import DocumentTooLarge, EmptyDocument, ExtractionError
from nlp.models import DocKind, Extraction
from nlp.penalty import PenaltyFacts
from nlp.pipeline import get_nlp

MAX_CHARS = MAX_BYTES // 2
DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".text")


def doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_text(text: str, *, source: str | None = None) -> Extraction:
    """Extract facts from decoded text. Spans index into `text` exactly as given."""
    if not text.strip():
        raise EmptyDocument(source, "no text")
    if len(text) > MAX_CHARS:
        raise DocumentTooLarge(source, f"{len(text)} characters exceeds the {MAX_CHARS} limit")
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["liantu_text"] = text
    for _name, component in nlp.pipeline:
        doc = component(doc)
    guess = doc._.liantu_kind
    facts = doc._.liantu_facts
    result = Extraction(
        doc_id=doc_id(text), source=source, kind=guess.kind, kind_confidence=guess.confidence,
        extractor_version=EXTRACTOR_VERSION, text_length=len(text),
    )
    if isinstance(facts, PenaltyFacts):
        values = {k: getattr(facts, k) for k in facts.__dataclass_fields__}
        if guess.kind is DocKind.UNKNOWN:
            result.warnings.append("document kind not recognised")
    elif isinstance(facts, CourtFacts):
        values = {k: getattr(facts, k) for k in facts.__dataclass_fields__}
        if guess.kind is DocKind.UNKNOWN:
            result.warnings.append("document kind not recognised; read as a court document")
    else:
        values = {}
    return result.model_copy(update=values)


def extract_file(path: str | Path) -> Extraction:
    """Decode and extract one file; raises an ExtractionError subclass naming the file and reason."""
    p = Path(path)
    return extract_text(read_document(p), source=str(p))


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and documents inside folders (sorted, recursive)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            yield p


def extract_many(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Extraction | ExtractionError]]:
    """One result per document; a bad document yields its error and the batch goes on."""
    for p in iter_documents(paths):
        try:
            yield p, extract_file(p)
        except ExtractionError as exc:
            yield p, exc
