"""Ways a Chinese legal document writes amounts and dates, and the width variants of its characters.

Amounts: 1000000元, 1,000,000.00元, 100万元, 人民币壹佰万元整, 一百万元. Dates: 2023年6月12日 or
二〇二三年六月十二日. `amount_renderings` lists every form the generator can produce, so a test (or
a scorer) can check that an amount in the truth really is in the text.
"""

from __future__ import annotations

from datetime import date

UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
LOWER_DIGITS = "零一二三四五六七八九"
UPPER_UNITS = ("", "拾", "佰", "仟")
LOWER_UNITS = ("", "十", "百", "千")
_DATE_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_HALFWIDTH_BRACKETS = str.maketrans("（）", "()")


def _section(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000 written with units, zeros collapsed: 1005 -> 一千零五."""
    out = ""
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += digits[d] + units[pos]
    return out


def cn_integer(n: int, upper: bool) -> str:
    digits, units = (UPPER_DIGITS, UPPER_UNITS) if upper else (LOWER_DIGITS, LOWER_UNITS)
    if n == 0:
        return digits[0]
    parts: list[str] = []
    big = ("", "万", "亿", "万亿")
    k = 0
    need_zero = False
    while n > 0:
        sec = n % 10_000
        if sec:
            text = _section(sec, digits, units) + big[k]
            if need_zero:
                text += digits[0]
            parts.append(text)
            need_zero = sec < 1000
        elif parts:
            need_zero = True
        n //= 10_000
        k += 1
    text = "".join(reversed(parts))
    if not upper and text.startswith("一十"):
        text = text[1:]
    return text.rstrip(digits[0]) if text != digits[0] else text


def cn_amount(yuan: float, upper: bool = True) -> str:
    """壹佰万元整 / 一百二十万元 / 壹仟元伍角: the 大写 form banks and courts write."""
    cents = round(yuan * 100)
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    digits = UPPER_DIGITS if upper else LOWER_DIGITS
    text = cn_integer(whole, upper) + "元"
    if jiao == 0 and fen == 0:
        return text + ("整" if upper else "")
    if jiao:
        text += digits[jiao] + "角"
    elif fen:
        text += digits[0]
    if fen:
        text += digits[fen] + "分"
    return text


def arabic(yuan: float, commas: bool, decimals: bool) -> str:
    if decimals or round(yuan * 100) % 100:
        return f"{yuan:,.2f}" if commas else f"{yuan:.2f}"
    return f"{round(yuan):,d}" if commas else f"{round(yuan):d}"


def wan(yuan: float) -> str | None:
    """100万 for amounts that are whole hundreds of yuan; None where 万 would need many decimals."""
    cents = round(yuan * 100)
    if cents % 10_000:
        return None
    w = cents // 10_000 / 100
    return f"{w:.2f}".rstrip("0").rstrip(".") + "万"


def amount_renderings(yuan: float) -> list[str]:
    forms = [arabic(yuan, c, d) for c in (False, True) for d in (False, True)]
    w = wan(yuan)
    if w is not None:
        forms.append(w)
    forms.extend([cn_amount(yuan, True), cn_amount(yuan, False)])
    return forms


def cn_date(d: date) -> str:
    year = "".join(_DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn_integer(d.month, False)}月{cn_integer(d.day, False)}日"


def arabic_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def date_renderings(d: date) -> list[str]:
    return [cn_date(d), arabic_date(d), d.isoformat()]


def fullwidth_digits(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


def halfwidth_brackets(text: str) -> str:
    return text.translate(_HALFWIDTH_BRACKETS)
