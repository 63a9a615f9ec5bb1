"""Court case numbers (案号) and penalty decision numbers (文号).

Since 2016 (最高人民法院《关于人民法院案件案号的若干规定》) a case number reads
（2023）豫01民初1234号: year, court code (province abbreviation + digits, or 最高法), case type,
sequence. Before that, courts wrote （2014）绍越商初字第3988号: a free abbreviation of the court,
the type, then 字第 and the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nlp.numerals import fold_width

PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵黔云滇陕甘青蒙桂藏宁新兵军港澳"
# The first character of every case-type code in the 2016 rules (民初, 商初, 执恢, 刑终, 行初, 赔, 破,
# 财保, 司惩, 知民, 认台, 请台 ...); used to split a pre-2016 prefix into court and type.
TYPE_START = "民商刑行执赔破财司知认请国协送监委立申再"
_OPEN = "（(〔［\\[【"
_CLOSE = "）)〕］\\]】"

_NEW_RE = re.compile(
    rf"[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{_CLOSE}]\s*"
    rf"(?P<court>最高法|[{PROVINCES}](?:\d{{1,4}}|(?=[{TYPE_START}])))"
    r"(?P<type>[\u4e00-\u9fff]{1,6}?)\s*(?P<seq>\d{1,6})\s*号(?P<suffix>之[一二三四五六七八九十\d]+)?"
)
_LEGACY_RE = re.compile(
    rf"[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{_CLOSE}]\s*"
    r"(?P<prefix>[\u4e00-\u9fff\d]{2,14}?)\s*字\s*第\s*(?P<seq>\d{1,6})\s*号(?P<suffix>之[一二三四五六七八九十\d]+)?"
)


@dataclass(frozen=True, slots=True)
class CaseNumber:
    text: str
    year: int
    court_code: str
    case_type: str
    sequence: int
    style: Literal["2016", "legacy"]
    start: int
    end: int

    def parts(self) -> dict[str, object]:
        return {
            "year": self.year,
            "court_code": self.court_code,
            "case_type": self.case_type,
            "sequence": self.sequence,
            "style": self.style,
        }


def _split_legacy(prefix: str) -> tuple[str, str]:
    for i, ch in enumerate(prefix):
        if i >= 1 and ch in TYPE_START:
            return prefix[:i], prefix[i:]
    return prefix, ""


def find_case_numbers(text: str, start: int = 0, end: int | None = None) -> list[CaseNumber]:
    """Every case number in text[start:end], in order, either style."""
    folded = fold_width(text)
    stop = len(text) if end is None else end
    out: list[CaseNumber] = []
    taken: list[tuple[int, int]] = []
    for m in _LEGACY_RE.finditer(folded, start, stop):
        court, ctype = _split_legacy(m.group("prefix"))
        out.append(
            CaseNumber(text[m.start() : m.end()], int(m.group("year")), court, ctype,
                       int(m.group("seq")), "legacy", m.start(), m.end())
        )
        taken.append((m.start(), m.end()))
    for m in _NEW_RE.finditer(folded, start, stop):
        if any(s < m.end() and m.start() < e for s, e in taken) or "字" in m.group("type"):
            continue
        out.append(
            CaseNumber(text[m.start() : m.end()], int(m.group("year")), m.group("court"),
                       m.group("type"), int(m.group("seq")), "2016", m.start(), m.end())
        )
    return sorted(out, key=lambda c: c.start)


def parse_case_number(text: str) -> CaseNumber:
    """Parse one case number; ValueError when text holds none."""
    found = find_case_numbers(text)
    if not found:
        raise ValueError(f"not a case number: {text!r}")
    return found[0]


@dataclass(frozen=True, slots=True)
class DecisionNumber:
    text: str
    year: int
    sequence: int
    start: int
    end: int


# 惠银监罚决字〔2015〕1号, 黔银监罚[2016]9号, （鲁银监）罚字〔2016〕3号, 银保监罚决字〔2019〕1号,
# 郑银罚字〔2023〕第8号, 豫金罚决字〔2024〕3号, 郑市监处罚〔2023〕15号, 郑税一稽罚〔2023〕28号, 郑环罚〔2023〕第015号,
# 京银监发〔2017〕12号: an issuer abbreviation (optionally bracketed, possibly with digits: 京朝市监), then year
# and sequence.
_DECISION_RE = re.compile(
    rf"(?P<issuer>(?:[{_OPEN}][\u4e00-\u9fff]{{1,10}}[{_CLOSE}])?[\u4e00-\u9fffA-Za-z\d]{{0,20}}?[\u4e00-\u9fff]"
    r"(?:罚|发|字|決|决|处)[\u4e00-\u9fff]{0,4}?)[ \t\u3000]*"
    rf"[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{_CLOSE}]\s*第?\s*(?P<seq>\d{{1,6}})\s*号"
)
# The securities regulator and its offices print a bare 〔2023〕12号 (or 鄂〔2022〕14号) under the title.
_BARE_DECISION_RE = re.compile(
    rf"(?m)(?:^[ \t\u3000]*|行政处罚决定书[ \t\u3000]*)(?P<n>[{PROVINCES}]?[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{_CLOSE}]\s*第?\s*(?P<seq>\d{{1,6}})\s*号)"
)


def find_decision_numbers(text: str, start: int = 0, end: int | None = None) -> list[DecisionNumber]:
    """Decision numbers in text[start:end]: issuer-prefixed ones, or else bare 〔YYYY〕N号 at a line start."""
    folded = fold_width(text)
    stop = len(text) if end is None else end
    out = []
    for m in _DECISION_RE.finditer(folded, start, stop):
        if re.search(r"决定书|行政处罚|处罚决定", m.group("issuer")):
            continue  # a title run into a bare number on the next line
        out.append(
            DecisionNumber(text[m.start() : m.end()], int(m.group("year")), int(m.group("seq")),
                           m.start(), m.end())
        )
    if not out:
        for m in _BARE_DECISION_RE.finditer(folded, start, stop):
            s, e = m.span("n")
            out.append(DecisionNumber(text[s:e], int(m.group("year")), int(m.group("seq")), s, e))
    return out
