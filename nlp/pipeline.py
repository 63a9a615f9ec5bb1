"""The spaCy pipeline: blank Chinese with the jieba segmenter plus Liantu's registered components.

Company names from the graph go into jieba's dictionary (load_user_dictionary) so each stays one
token; the `liantu_known_orgs` component then marks those tokens as ORG spans, which the court
extractor trusts more than suffix rules when it decides a party is a company.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from liantu.ids import normalise_name
from nlp.classify import classify
from nlp.court import extract_court
from nlp.models import DocKind
from nlp.penalty import extract_disclosure_table, extract_penalty_decision
from nlp.penalty_tables import find_row_table

# Enough to beat any split of a name into dictionary words (jieba compares products of word
# frequencies), small enough that 10^5 names do not swamp the base dictionary's total.
USER_WORD_FREQ = 2000
MIN_NAME_CHARS = 4

_KNOWN: set[str] = set()
jieba.setLogLevel(logging.WARNING)
_LOCK = threading.Lock()

for _attr in ("liantu_kind", "liantu_facts"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def load_user_dictionary(names: Iterable[str]) -> int:
    """Add enterprise names to jieba's dictionary and to the known-organisation set.

    Returns how many names were new. Safe to call repeatedly (the graph side feeds batches).
    """
    jieba.initialize()
    added = 0
    with _LOCK:
        for raw in names:
            name = raw.strip()
            if len(name) < MIN_NAME_CHARS or any(ch.isspace() for ch in name):
                continue
            key = normalise_name(name)
            if key in _KNOWN:
                continue
            _KNOWN.add(key)
            jieba.add_word(name, freq=USER_WORD_FREQ)
            added += 1
    return added


def known_organisations() -> frozenset[str]:
    return frozenset(_KNOWN)


@Language.component("liantu_known_orgs")
def known_orgs_component(doc: Doc) -> Doc:
    if _KNOWN:
        spans = [Span(doc, t.i, t.i + 1, label="ORG") for t in doc if normalise_name(t.text) in _KNOWN]
        doc.spans["liantu_orgs"] = spans
    return doc


def doc_text(doc: Doc) -> str:
    """The text the caller passed in; Doc.text rebuilds it from every token on each access."""
    cached = doc.user_data.get("liantu_text")
    if isinstance(cached, str):
        return cached
    text = doc.text
    doc.user_data["liantu_text"] = text
    return text


@Language.component("liantu_doc_kind")
def doc_kind_component(doc: Doc) -> Doc:
    doc._.liantu_kind = classify(doc_text(doc))
    return doc


@Language.component("liantu_facts")
def facts_component(doc: Doc) -> Doc:
    text = doc_text(doc)
    guess = doc._.liantu_kind or classify(text)
    if guess.kind.is_penalty:
        if guess.kind is DocKind.PENALTY_DECISION and find_row_table(text) is None:
            table = extract_penalty_decision(text)
        else:
            table = extract_disclosure_table(text)
            if table.decision_number is None and table.violation is None:
                table = extract_penalty_decision(text)
        doc._.liantu_facts = table
    else:
        known: set[str] = set(_KNOWN)
        if "liantu_orgs" in doc.spans:
            known |= {normalise_name(s.text) for s in doc.spans["liantu_orgs"]}
        doc._.liantu_facts = extract_court(text, known, guess.kind.value)
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("liantu_known_orgs")
    nlp.add_pipe("liantu_doc_kind")
    nlp.add_pipe("liantu_facts")
    return nlp
