from __future__ import annotations

import pytest

from nlp.numerals import cn_to_number, find_amounts, fold_width, parse_amount

NUMERALS = [
    ("二十万", 200_000),
    ("一千二百三十四", 1234),
    ("二〇一六", 2016),
    ("十二点五", 12.5),
    ("一亿二千万", 120_000_000),
    ("十万零五百", 100_500),
    ("叁拾伍万", 350_000),
    ("两千", 2000),
    ("一百零五", 105),
    ("12万5千", 125_000),
    ("1.5万", 15_000),
]


@pytest.mark.parametrize(("text", "value"), NUMERALS)
def test_cn_to_number(text: str, value: float) -> None:
    assert cn_to_number(text) == value


AMOUNTS = [
    ("人民币1,234,567.89元", 1_234_567.89),
    ("123.45万元", 1_234_500),
    ("罚款人民币二十万元", 200_000),
    ("罚款四十万元人民币", 400_000),
    ("借款本金3000000元", 3_000_000),
    ("１２３万元", 1_230_000),  # full-width digits
    ("人民币１，２３４．５元", 1234.5),
    ("叁拾万元整", 300_000),
    ("人民币伍仟元", 5000),
    ("1.2亿元", 120_000_000),
    ("四十九万元", 490_000),
    ("处以五万元人民币罚款", 50_000),
    ("利息人民币贰万柒仟玖佰壹拾柒元捌角叁分", 27_917.83),
    ("案件受理费人民币伍仟叁佰玖拾叁元柒角柒分", 5393.77),
]


@pytest.mark.parametrize(("text", "value"), AMOUNTS)
def test_parse_amount(text: str, value: float) -> None:
    assert parse_amount(text) == pytest.approx(value)


def test_find_amounts_keeps_spans_into_original_text() -> None:
    text = "原告借给被告１２万元，利息人民币3,000元。"
    found = find_amounts(text)
    assert [a.value for a in found] == [120_000, 3000]
    for a in found:
        assert text[a.start : a.end] == a.text


@pytest.mark.parametrize("text", ["100美元", "统一元素", "一元钱", "无金额"])
def test_not_yuan_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_fold_width_keeps_length() -> None:
    s = "（２０２３）豫０１民初１２３４号"
    assert len(fold_width(s)) == len(s)
