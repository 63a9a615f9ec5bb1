from __future__ import annotations

import pytest

from liantu.ids import (
    InvalidUSCC,
    hash_id_number,
    is_valid_uscc,
    make_uscc,
    normalise_name,
    uscc_check_char,
    validate_uscc,
)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the worked example of GB 32100-2015
        "91410100MA44ABCD1F",
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width digits and letters fold to the same code
        " 91350100m000100y43 ",  # case and surrounding space do not matter
    ],
)
def test_valid_usccs(code: str) -> None:
    assert is_valid_uscc(code)
    assert len(validate_uscc(code)) == 18


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y433", "18 characters"),
        ("91350100M000100Y44", "check character"),
        ("91350100I000100Y43", "not in the USCC alphabet"),  # I is excluded to avoid confusion with 1
        ("", "18 characters"),
    ],
)
def test_invalid_usccs_say_why(code: str, reason: str) -> None:
    with pytest.raises(InvalidUSCC, match=reason):
        validate_uscc(code)


def test_check_char_follows_the_weights() -> None:
    # 31 - (sum mod 31), with 31 mapped to 0: a body whose weighted sum is 0 mod 31 gets '0'.
    assert uscc_check_char("0" * 17) == "0"
    assert make_uscc("9", "1", "350100", "M000100Y4") == "91350100M000100Y43"


def test_hash_id_number_is_stable_and_hides_the_number() -> None:
    h = hash_id_number("41010519800101123x")
    assert h == hash_id_number("41010519800101123X")
    assert len(h) == 64 and "410105" not in h
    assert hash_id_number("41010519800101123X", salt="bank") != h


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("河南宏达（集团）有限公司", "河南宏达(集团)有限公司"),
        ("ＡＢＣ 科技有限公司", "abc科技有限公司"),
    ],
)
def test_normalise_name_folds_width_brackets_space_case(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)
