"""The hand-written penalty gold set (tests/gold/penalties/): every decision, one test each.

Each document must come out with exactly the gold's parties, and for each party its kind, identifiers,
unit, position, penalty kinds, fine and confiscation, plus the decision number (the document's and a
table row's own), authority, date and legal basis where the gold states them. benchmarks/eval_penalties.py
reports the same comparison as figures.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.eval_penalties import TARGETS, differences, evaluate, load_gold
from nlp.extract import extract_text

GOLD = load_gold()


def test_gold_set_covers_the_issue() -> None:
    families = {d["id"].split("_")[0] for d in GOLD}
    assert len(GOLD) >= 60
    assert {"pbc", "nfra", "csrc", "samr", "tax", "env"} <= families
    assert sum(1 for d in GOLD if d["layout"] == "table") >= 15
    assert sum(1 for d in GOLD if len(d["parties"]) > 1) >= 20


@pytest.mark.parametrize("doc", GOLD, ids=[d["id"] for d in GOLD])
def test_gold_decision(doc: dict[str, Any]) -> None:
    e = extract_text(doc["text"], source=doc["file"])
    assert e.kind.is_penalty
    assert differences(doc, e) == []
    for p in e.penalty_parties:
        assert doc["text"][p.span[0] : p.span[1]] == p.name
        for fact in (p.uscc, p.legal_representative, p.unit, p.position, p.fine, p.confiscation, *p.penalty_kinds):
            if fact is not None:
                assert 0 <= fact.span[0] <= fact.span[1] <= len(doc["text"])


def test_gold_targets() -> None:
    scores = evaluate(GOLD)
    for name, target in TARGETS.items():
        assert scores[name] >= target, f"{name} {scores[name]:.3f} < {target}"
