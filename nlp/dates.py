"""Dates written as 2015年3月6日, 二〇一五年三月六日, 2015-12-8, 2015.12.08 or 2015/12/8."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nlp.numerals import NumeralError, cn_to_number, fold_width

_CN_YEAR = "[零〇○Ｏ一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|{_CN_YEAR})\s*年\s*(?P<m>\d{{1,2}}|{_CN_SMALL})\s*月\s*(?P<d>\d{{1,2}}|{_CN_SMALL})\s*[日号]"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})(?P<sep>[-./])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d)"
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    value: dt.date
    start: int
    end: int
    text: str


def _part(raw: str) -> int:
    return int(raw) if raw.isdigit() else int(cn_to_number(raw))


def parse_date(text: str) -> dt.date:
    """The first date in text; ValueError when there is none or it is not a real calendar day."""
    found = find_dates(text)
    if not found:
        raise ValueError(f"no date in {text!r}")
    return found[0].value


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every valid calendar date in text[start:end]; impossible ones (2月30日) are dropped."""
    folded = fold_width(text)
    out: list[DateMatch] = []
    for m in _DATE_RE.finditer(folded, start, len(text) if end is None else end):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (
            m.group("y2"), m.group("m2"), m.group("d2"))
        try:
            value = dt.date(_part(y), _part(mo), _part(d))
        except (ValueError, NumeralError):
            continue
        out.append(DateMatch(value, m.start(), m.end(), text[m.start() : m.end()]))
    return out
