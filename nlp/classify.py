"""Document kind from the title, falling back to what the body says."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.models import DocKind

# Titles are looked for in the head, where the court or regulator prints them; a body that quotes
# another document's title must not decide the kind.
HEAD_CHARS = 400
_TITLE_RULES: tuple[tuple[re.Pattern[str], DocKind], ...] = (
    (re.compile(r"行政处罚信息公[开示]|处罚信息公示|违法失信主体信息公布表"), DocKind.PENALTY_DISCLOSURE),
    (re.compile(r"行政处罚决定书"), DocKind.PENALTY_DECISION),
    (re.compile(r"限\s*制\s*消\s*费\s*令"), DocKind.RESTRICTION_ORDER),
    (re.compile(r"失信(?:被执行人)?决定书|纳入失信被执行人名单决定书"), DocKind.DISHONEST_LISTING),
    (re.compile(r"执\s*行\s*裁\s*定\s*书"), DocKind.ENFORCEMENT_RULING),
    (re.compile(r"裁\s*定\s*书"), DocKind.RULING),
    (re.compile(r"判\s*决\s*书"), DocKind.JUDGMENT),
)
_TABLE_LABELS = re.compile(r"决定书文号|被处罚当事人|作出处罚决定的机关|处罚依据")
_PENALTY_BODY = re.compile(r"罚决字|罚字|银监|银保监|当事人[：:]|行政处罚")
_COURT_BODY = re.compile(r"(?:^|[。\n])\s*(?:原告|被告|上诉人|被上诉人|申请执行人|被执行人)")
_ENFORCE_CASE = re.compile(r"[）)]\s*[\u4e00-\u9fff]{1,4}\d{0,4}执")


@dataclass(frozen=True, slots=True)
class KindGuess:
    kind: DocKind
    confidence: float
    span: tuple[int, int]


def classify(text: str) -> KindGuess:
    head = text[:HEAD_CHARS]
    for pattern, kind in _TITLE_RULES:
        m = pattern.search(head)
        if m:
            return KindGuess(kind, 0.98, (m.start(), m.end()))
    if len(_TABLE_LABELS.findall(head)) >= 2:
        return KindGuess(DocKind.PENALTY_DISCLOSURE, 0.85, (0, 0))
    court = _COURT_BODY.search(text)
    if "裁定如下" in text:
        kind = DocKind.ENFORCEMENT_RULING if _ENFORCE_CASE.search(head) else DocKind.RULING
        return KindGuess(kind, 0.8, (0, 0))
    if "判决如下" in text or (court and court.start() < HEAD_CHARS):
        return KindGuess(DocKind.JUDGMENT, 0.7 if "判决如下" in text else 0.55, (0, 0))
    if _PENALTY_BODY.search(head):
        return KindGuess(DocKind.PENALTY_DECISION, 0.6, (0, 0))
    return KindGuess(DocKind.UNKNOWN, 0.0, (0, 0))
