from __future__ import annotations

import pytest

from nlp.case_numbers import find_case_numbers, find_decision_numbers, parse_case_number

CASES = [
    ("（2023）豫01民初1234号", 2023, "豫01", "民初", 1234, "2016"),
    ("(2019)最高法民终123号", 2019, "最高法", "民终", 123, "2016"),
    ("（2020）豫民终12号", 2020, "豫", "民终", 12, "2016"),
    ("（2021）京0105执恢12号之一", 2021, "京0105", "执恢", 12, "2016"),
    ("（２０２１）京０１０５执１２号", 2021, "京0105", "执", 12, "2016"),
    ("（2016）京73民初1号", 2016, "京73", "民初", 1, "2016"),
    ("（2018）粤0304执异88号", 2018, "粤0304", "执异", 88, "2016"),
    ("（2017）浙01民终5678号", 2017, "浙01", "民终", 5678, "2016"),
    ("〔2019〕沪74民初9号", 2019, "沪74", "民初", 9, "2016"),
    ("（2014）绍越商初字第3988号", 2014, "绍越", "商初", 3988, "legacy"),
    ("(2013)杭西商初字第123号", 2013, "杭西", "商初", 123, "legacy"),
    ("（2015）浙杭商外初字第5号", 2015, "浙杭", "商外初", 5, "legacy"),
    ("（2012）深中法民二终字第 45 号", 2012, "深中法", "民二终", 45, "legacy"),
    ("（2010）一中民初字第100号", 2010, "一中", "民初", 100, "legacy"),
]


@pytest.mark.parametrize(("text", "year", "court", "ctype", "seq", "style"), CASES)
def test_parse_case_number(text: str, year: int, court: str, ctype: str, seq: int, style: str) -> None:
    c = parse_case_number(text)
    assert (c.year, c.court_code, c.case_type, c.sequence, c.style) == (year, court, ctype, seq, style)


def test_case_number_in_running_text_keeps_span() -> None:
    text = "本院作出的（2016）苏0508执123号执行裁定书"
    (c,) = find_case_numbers(text)
    assert text[c.start : c.end] == "（2016）苏0508执123号"


@pytest.mark.parametrize("text", ["（2023）年度报告", "2023民初1234号", "（2023）第1234号"])
def test_not_case_numbers(text: str) -> None:
    assert find_case_numbers(text) == []


DECISIONS = [
    ("惠银监罚决字〔2015〕1号", 2015, 1),
    ("（鲁银监）罚字〔2016〕3号", 2016, 3),
    ("黔银监罚[2016]9号", 2016, 9),
    ("京银监发〔2017〕12号", 2017, 12),
    ("抚银监罚字【2015】4号", 2015, 4),
    ("川银监罚字（2016）21号", 2016, 21),
    ("银保监罚决字〔2019〕1号", 2019, 1),
    ("沪银保监银罚决字〔2020〕第15号", 2020, 15),
]


@pytest.mark.parametrize(("text", "year", "seq"), DECISIONS)
def test_decision_numbers(text: str, year: int, seq: int) -> None:
    (d,) = find_decision_numbers("文号：" + text + "。")
    assert (d.text, d.year, d.sequence) == (text, year, seq)
