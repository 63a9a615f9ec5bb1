from __future__ import annotations

import datetime as dt

import pytest

from nlp.dates import find_dates, parse_date

DATES = [
    ("2015年3月6日", dt.date(2015, 3, 6)),
    ("二〇一五年十二月八日", dt.date(2015, 12, 8)),
    ("二○一六年一月三十一日", dt.date(2016, 1, 31)),
    ("２０１７年２月２６日", dt.date(2017, 2, 26)),
    ("2015-12-8", dt.date(2015, 12, 8)),
    ("2017.02.06", dt.date(2017, 2, 6)),
    ("2016/7/19", dt.date(2016, 7, 19)),
    ("二〇二〇年二月二十九日", dt.date(2020, 2, 29)),
    ("2013年6月10日起", dt.date(2013, 6, 10)),
]


@pytest.mark.parametrize(("text", "value"), DATES)
def test_parse_date(text: str, value: dt.date) -> None:
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["2017年2月30日", "二〇一九年二月二十九日", "12345-12-1", "第3月"])
def test_impossible_or_absent_dates(text: str) -> None:
    assert find_dates(text) == []


def test_spans() -> None:
    text = "于２０１７年２月２６日作出"
    (d,) = find_dates(text)
    assert text[d.start : d.end] == "２０１７年２月２６日"
