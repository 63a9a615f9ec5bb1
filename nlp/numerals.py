"""Chinese numerals and money amounts.

All matching runs on `fold_width(text)`, which maps full-width ASCII to half-width one character
for one character, so spans found in the folded text are valid spans of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20


# Every extractor folds the same document; caching the last few saves a pass per extractor.
@lru_cache(maxsize=8)
def fold_width(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ，．) to half-width; keeps the length, so spans stay valid."""
    return text.translate(_FULL_WIDTH)


_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUMERAL_CHARS = "".join(k for k in _DIGITS if len(k) == 1 and not k.isascii() and k not in "洞幺Ｏ")
CN_NUMERAL_CHARS += "".join(_SMALL_UNITS) + "".join(_BIG_UNITS) + "点點"


class NumeralError(ValueError):
    """A string that is not a Chinese or Arabic number."""


def cn_to_number(text: str) -> float:
    """Value of a Chinese numeral: 二十万 -> 200000, 一千二百三十四 -> 1234, 二〇一六 -> 2016,
    叁拾伍万元整's numeral part, 十二点五 -> 12.5. Mixed forms like 12万 are handled too."""
    s = fold_width(text).strip().replace(",", "").replace("，", "")
    if not s:
        raise NumeralError("empty numeral")
    for point in ("点", "點", "."):
        if point in s:
            whole, frac = s.split(point, 1)
            if any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in frac):
                # 1.5万: the unit after the fraction scales the whole number.
                unit = frac[-1]
                scale = _BIG_UNITS.get(unit) or _SMALL_UNITS.get(unit)
                if scale is None:
                    raise NumeralError(f"cannot read {text!r}")
                return cn_to_number(whole + point + frac[:-1]) * scale
            int_part = cn_to_number(whole) if whole else 0.0
            digits = "".join(str(_digit(ch)) for ch in frac)
            return int_part + (float("0." + digits) if digits else 0.0)
    if s.isdigit():
        return float(s)
    if all(ch in _DIGITS or ch.isdigit() for ch in s):
        # A digit string such as 二〇一六 reads positionally.
        return float("".join(str(_digit(ch)) for ch in s))
    yi_part = 0.0
    wan_part = 0.0
    section = 0.0
    number = 0.0
    pending_digits = ""
    for ch in s:
        if ch.isdigit() and ch.isascii():
            pending_digits += ch
            continue
        if pending_digits:
            number = float(pending_digits)
            pending_digits = ""
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[ch]
            number = 0
        elif ch in ("万", "萬"):
            wan_part = (section + number or 1) * 10_000
            section = number = 0
        elif ch in ("亿", "億"):
            yi_part = (yi_part + wan_part + section + number or 1) * 100_000_000
            wan_part = section = number = 0
        else:
            raise NumeralError(f"{ch!r} is not a numeral character in {text!r}")
    if pending_digits:
        number = float(pending_digits)
    return yi_part + wan_part + section + number


def _digit(ch: str) -> int:
    if ch.isdigit() and ch.isascii():
        return int(ch)
    if ch in _DIGITS:
        return _DIGITS[ch]
    raise NumeralError(f"{ch!r} is not a digit")


@dataclass(frozen=True, slots=True)
class AmountMatch:
    value: float
    start: int
    end: int
    text: str


_JIAO_DIGITS = "0-9零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = f"[{CN_NUMERAL_CHARS}]+"
# 人民币 may come before the number or after 元; 万/亿 scale it; 整 and 正 close a written amount.
_AMOUNT_RE = re.compile(
    rf"(?P<cur>人民币|RMB|￥|¥)?\s*(?P<num>{_ARABIC}|{_CN})\s*(?P<unit>万|亿|萬|億)?(?:元|圆)"
    rf"(?:(?P<jiao>[{_JIAO_DIGITS}])角)?(?:(?P<fen>[{_JIAO_DIGITS}])分)?(?P<tail>整|正)?"
    rf"(?:人民币)?"
)
_BAD_PREFIX = re.compile(r"[美港日欧英韩澳]$")


def parse_amount(text: str) -> float:
    """Yuan value of one written amount: '人民币1,234,567.89元', '123.45万元', '二十万元' -> 200000."""
    m = _AMOUNT_RE.search(fold_width(text))
    if m is None:
        raise NumeralError(f"no amount in {text!r}")
    return _match_value(m)


def _match_value(m: re.Match[str]) -> float:
    value = cn_to_number(m.group("num"))
    unit = m.group("unit")
    if unit in ("万", "萬"):
        value *= 10_000
    elif unit in ("亿", "億"):
        value *= 100_000_000
    # 捌角叁分: tenths and hundredths of a yuan written after 元.
    if m.group("jiao"):
        value += _digit(m.group("jiao")) / 10
    if m.group("fen"):
        value += _digit(m.group("fen")) / 100
    return round(value, 2)


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[AmountMatch]:
    """Every money amount in text[start:end], with spans into `text`."""
    folded = fold_width(text)
    out: list[AmountMatch] = []
    for m in _AMOUNT_RE.finditer(folded, start, len(text) if end is None else end):
        num = m.group("num")
        if _BAD_PREFIX.search(folded[max(0, m.start() - 1) : m.start()]) or num in ("点", "點"):
            continue
        # 一元 / 单元 style words: a bare single CJK numeral right before 元 is rarely money.
        bare = not m.group("cur") and folded[m.end("num") : m.end()].lstrip().startswith(("元", "圆"))
        if bare and len(num) == 1 and not num.isdigit():
            continue
        try:
            value = _match_value(m)
        except NumeralError:
            continue
        s = m.start("cur") if m.group("cur") else m.start("num")
        out.append(AmountMatch(value, s, m.end(), text[s : m.end()]))
    return out
