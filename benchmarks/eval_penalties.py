"""Evaluate penalty extraction on the hand-written gold set of tests/gold/penalties/.

    .venv/bin/python benchmarks/eval_penalties.py [--gold tests/gold/penalties] [--show-errors]

The gold set: 63 decisions written by hand in the public formats of the People's Bank, the financial
regulator (金融监管总局 and its 监管分局, and the former 银保监), the securities regulator (证监会 and its
监管局), market regulation, tax inspection (稽查局) and ecology and environment, plus three other
authorities that follow the same law; free-text decisions and disclosure tables, single- and multi-party.
Parties are invented. Each text runs through the full pipeline (nlp.extract.extract_text: kind, then
extractor), and is compared with expected.jsonl:

  party           a predicted (kind, name) equal to a gold one (multiset); P, R, F1
  fine per party  of the gold parties, the share whose predicted fine equals the gold fine exactly (a
                  missing party or a fine where the gold has none counts as wrong)
  decision number of the gold numbers (the document's, and a table row's own where it has one), the share
                  predicted exactly
and, the same way, confiscation, penalty kinds (as a set), USCC/taxpayer number, legal representative,
unit, position per party, and authority, date and legal basis per document (where the gold states them).
Targets (issue 13): party F1 >= 0.97, fine per party >= 0.97, decision numbers >= 0.99.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.extract import extract_text  # noqa: E402
from nlp.models import Extraction, PenaltyPartyFact  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "penalties"
PARTY_FIELDS = ("fine", "confiscation", "penalty_kinds", "uscc", "legal_representative", "unit", "position")
DOC_FIELDS = ("authority", "date", "legal_basis")
TARGETS = {"party F1": 0.97, "fine per party": 0.97, "decision number": 0.99}


def load_gold(folder: Path = GOLD) -> list[dict[str, Any]]:
    rows = [json.loads(x) for x in (folder / "expected.jsonl").read_text("utf-8").splitlines() if x.strip()]
    for r in rows:
        r["text"] = (folder / r["file"]).read_text("utf-8")
    return rows


def party_value(p: PenaltyPartyFact | None, field: str) -> Any:
    """A predicted party's field in the gold's terms (amounts as floats, kinds as a sorted list)."""
    if p is None:
        return None
    if field == "penalty_kinds":
        return sorted({k.value for k in p.penalty_kinds})
    value = getattr(p, field)
    if value is None:
        return None
    return round(value.value, 2) if field in ("fine", "confiscation") else value.value


def gold_value(g: dict[str, Any], field: str) -> Any:
    value = g.get(field)
    if field == "penalty_kinds":
        return sorted(set(value or []))
    if field in ("fine", "confiscation") and value is not None:
        return round(float(value), 2)
    return value


def match_parties(pred: list[PenaltyPartyFact], gold: list[dict[str, Any]]
                  ) -> list[tuple[dict[str, Any], PenaltyPartyFact | None]]:
    """Each gold party with the predicted party of the same kind and name (each used once)."""
    free = list(pred)
    out: list[tuple[dict[str, Any], PenaltyPartyFact | None]] = []
    for g in gold:
        hit = next((p for p in free if p.kind == g["kind"] and p.name == g["name"]), None)
        if hit is not None:
            free.remove(hit)
        out.append((g, hit))
    return out


def compare(doc: dict[str, Any], e: Extraction) -> dict[str, tuple[int, int]]:
    """(correct, total) per measure for one document; 'party' holds (tp, predicted) and 'party gold'."""
    out: dict[str, tuple[int, int]] = {}
    pairs = match_parties(e.penalty_parties, doc["parties"])
    tp = sum(1 for _, p in pairs if p is not None)
    out["party tp/pred"] = (tp, len(e.penalty_parties))
    out["party tp/gold"] = (tp, len(doc["parties"]))
    for field in PARTY_FIELDS:
        ok = sum(1 for g, p in pairs if p is not None and party_value(p, field) == gold_value(g, field))
        out[f"{field} per party"] = (ok, len(pairs))
    numbers_ok = int(e.decision_number is not None and e.decision_number.value == doc["decision_number"])
    numbers_total = 1
    for g, p in pairs:
        if "decision_number" in g:
            numbers_total += 1
            own = p.decision_number or e.decision_number if p is not None else None
            numbers_ok += int(own is not None and own.value == g["decision_number"])
    out["decision number"] = (numbers_ok, numbers_total)
    for field in DOC_FIELDS:
        if field in doc:
            fact = getattr(e, field)
            out[field] = (int(fact is not None and fact.value == doc[field]), 1)
    spans_ok = spans = 0
    for p in e.penalty_parties:
        for fact in (p, p.uscc, p.legal_representative, p.unit, p.position):
            if fact is None:
                continue
            spans += 1
            value = p.name if fact is p else getattr(fact, "value", "")
            spans_ok += int(e_text(doc)[fact.span[0] : fact.span[1]] == value)
    out["spans point at values"] = (spans_ok, spans)
    return out


def e_text(doc: dict[str, Any]) -> str:
    return str(doc["text"])


def differences(doc: dict[str, Any], e: Extraction) -> list[str]:
    """Human-readable mismatches, for --show-errors and the gold test's failure message."""
    diffs: list[str] = []
    if e.decision_number is None or e.decision_number.value != doc["decision_number"]:
        diffs.append(f"decision_number {e.decision_number.value if e.decision_number else None!r} "
                     f"!= {doc['decision_number']!r}")
    for field in DOC_FIELDS:
        fact = getattr(e, field)
        if field in doc and (fact is None or fact.value != doc[field]):
            diffs.append(f"{field} {fact.value if fact else None!r} != {doc[field]!r}")
    pairs = match_parties(e.penalty_parties, doc["parties"])
    matched = {id(p) for _, p in pairs if p is not None}
    for g, p in pairs:
        if p is None:
            diffs.append(f"missing party {g['kind']} {g['name']}")
            continue
        for field in (*PARTY_FIELDS, "decision_number"):
            if field == "decision_number" and field not in g:
                continue
            want = gold_value(g, field)
            own = p.decision_number or e.decision_number
            got = (own.value if own else None) if field == "decision_number" else party_value(p, field)
            if got != want:
                diffs.append(f"{g['name']}.{field} {got!r} != {want!r}")
    for p in e.penalty_parties:
        if id(p) not in matched:
            diffs.append(f"extra party {p.kind} {p.name}")
    return diffs


def evaluate(docs: list[dict[str, Any]], show_errors: bool = False) -> dict[str, float]:
    totals: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for doc in docs:
        e = extract_text(doc["text"], source=doc["file"])
        for name, (ok, n) in compare(doc, e).items():
            totals[name] += ok
            counts[name] += n
        if show_errors:
            for d in differences(doc, e):
                print(f"  {doc['id']}: {d}")
    p = totals["party tp/pred"] / counts["party tp/pred"] if counts["party tp/pred"] else 0.0
    r = totals["party tp/gold"] / counts["party tp/gold"] if counts["party tp/gold"] else 0.0
    scores = {"party P": p, "party R": r, "party F1": 2 * p * r / (p + r) if p + r else 0.0}
    for name in counts:
        if not name.startswith("party tp"):
            scores[name.replace("fine per party", "fine per party")] = totals[name] / counts[name]
    scores["fine per party"] = scores.pop("fine per party")
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    docs = load_gold(args.gold)
    layouts = Counter(d["layout"] for d in docs)
    multi = sum(1 for d in docs if len(d["parties"]) > 1)
    families = Counter(d["id"].split("_")[0] for d in docs)
    print(f"== penalty gold set: {len(docs)} documents ({layouts['decision']} decisions, {layouts['table']} tables; "
          f"{multi} with several parties; {sum(len(d['parties']) for d in docs)} parties)")
    print("   by authority: " + ", ".join(f"{k} {v}" for k, v in sorted(families.items())))
    scores = evaluate(docs, args.show_errors)
    print(f"{'measure':32} {'value':>7} {'target':>7}")
    for name, value in scores.items():
        target = TARGETS.get(name)
        mark = "" if target is None else ("  met" if value >= target else "  NOT met")
        print(f"{name:32} {value:7.3f} {'' if target is None else f'{target:7.2f}'}{mark}")


if __name__ == "__main__":
    main()
