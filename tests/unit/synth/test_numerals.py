from __future__ import annotations

from datetime import date

import pytest

from synth.events import court_fee
from synth.names import org_code, resident_id
from synth.numerals import cn_amount, cn_date, cn_integer, wan


@pytest.mark.parametrize(("yuan", "upper", "lower"), [
    (1_000_000, "壹佰万元整", "一百万元"),
    (1_234.5, "壹仟贰佰叁拾肆元伍角", "一千二百三十四元五角"),
    (100_010, "壹拾万零壹拾元整", "十万零一十元"),
    (200_000, "贰拾万元整", "二十万元"),
    (15, "壹拾伍元整", "十五元"),
    (10_005_000.07, "壹仟万伍仟元零柒分", "一千万五千元零七分"),
])
def test_chinese_amounts(yuan: float, upper: str, lower: str) -> None:
    assert cn_amount(yuan) == upper
    assert cn_amount(yuan, upper=False) == lower


def test_integers_dates_and_wan() -> None:
    assert cn_integer(105, False) == "一百零五"
    assert cn_date(date(2023, 6, 12)) == "二〇二三年六月十二日"
    assert cn_date(date(2020, 10, 30)) == "二〇二〇年十月三十日"
    assert wan(1_000_000) == "100万"
    assert wan(125_000) == "12.5万"
    assert wan(123_456.7) is None


def test_court_fee_follows_the_bands() -> None:
    assert court_fee(10_000) == 50
    assert court_fee(100_000) == 2_300
    assert court_fee(1_000_000) == 13_800


def test_identity_check_characters() -> None:
    # GB 11643 worked example and a GB 11714 code with check character X
    assert resident_id("110105", "19491231", 2) == "11010519491231002X"
    assert org_code(12345678) == "123456788"
