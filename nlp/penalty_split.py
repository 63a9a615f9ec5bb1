"""What a penalty decision imposes on each of its parties: kinds, fine and confiscation, per party.

A decision text names its parties as it goes: 对甲银行罚款50万元；对张三给予警告，并处罚款5万元. The text is cut
at every place a party is named as the object of a sanction (after 对/给予/责令, a list comma, a clause
start or an enumerator), names joined only by 、/和/及 share one segment (对张三、李四分别给予警告), and each
segment's kinds and amounts go to the parties it names. Text naming nobody goes to the only party, or
else to the institutions (persons are always named).

Amounts: a clause with 没收 or 违法所得 before the amount is a confiscation; a clause with 罚 a fine;
totals (合计, 共计) are skipped. A fine written as a share of a base (tax: 对少缴的增值税X元处以百分之五十的罚款，计Y元;
对违法所得处以一倍罚款) is the stated result (计/即/金额 Y) when there is one, else base x share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.models import AmountFact, TextFact
from nlp.numerals import NumeralError, cn_to_number, find_amounts, fold_width

# Canonical kind, pattern. Order is the order kinds are reported in.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("警告", re.compile(r"警告")),
    ("通报批评", re.compile(r"通报批评")),
    ("罚款", re.compile(r"罚款|罚金|处以?[^，,。；;]{0,12}?元|[倍%％]的?罚|百分之[^，,。；;]{1,6}的?罚")),
    ("没收违法所得", re.compile(r"没收[^，,。；;]{0,6}?违法所得|没收违法收入")),
    ("没收非法财物", re.compile(r"没收[^，,。；;]{0,10}?(?:产品|商品|物品|财物|工具|设备|原料|食品|药品|器械)")),
    ("没收业务收入", re.compile(r"没收[^，,。；;]{0,4}?业务收入")),
    ("责令改正", re.compile(r"责令[^，,。；;]{0,6}?(?:立即|限期)?(?:改正|整改)")),
    ("责令停产停业", re.compile(r"责令[^，,。；;]{0,6}?停产停业|责令[^，,。；;]{0,6}?停业(?!整顿)|停产整治")),
    ("责令停业整顿", re.compile(r"停业整顿")),
    ("暂扣许可证", re.compile(r"暂扣[^，,。；;]{0,10}?(?:许可证|执照|证件|证书)")),
    ("吊销营业执照", re.compile(r"吊销[^，,。；;]{0,6}?营业执照")),
    ("吊销许可证", re.compile(r"吊销(?![^，,。；;]{0,6}?营业执照)[^，,。；;]{0,16}?"
                             r"(?:许可证|证书|资格|资质|牌照|证件|执照)|吊销许可")),
    ("降低资质等级", re.compile(r"降低资质等级")),
    ("取消任职资格", re.compile(r"取消[^，,。；;]{0,16}?任职资格|撤销[^，,。；;]{0,10}?任职资格")),
    ("禁止从业", re.compile(r"禁止[^，,。；;]{0,12}?从事|禁止从业|行业禁入")),
    ("市场禁入", re.compile(r"市场禁入")),
    ("暂停业务", re.compile(r"(?:暂停|限制|停止)(?:其)?[^，,。；;]{0,10}?业务")),
)
_TOTAL_RE = re.compile(r"合计|共计|总计|累计|共处|总额")
_CONFISCATE_RE = re.compile(r"没收|违法所得|违法收入")
_SENTENCE_RE = re.compile(r"[。；;\n]")
_CLAUSE_RE = re.compile(r"[，,。；;、\n]|并处|并(?=罚)|(?<=元)并")
# A share of a base: 百分之五十, 50%, 0.5倍, 一倍.
_RATIO_RE = re.compile(
    r"(?:百分之(?P<pct_cn>[零一二两三四五六七八九十百点]+)|(?P<pct>\d+(?:\.\d+)?)\s*[%％]|"
    r"(?P<times>\d+(?:\.\d+)?|[零一二两三四五六七八九十点半]+)\s*倍)"
)
_RESULT_CUE_RE = re.compile(r"(?:计|即|金额|为|罚款|合|共)\s*(?:人民币)?\s*$")


@dataclass
class Sanction:
    """What one segment of a decision imposes (on each party it names)."""

    kinds: list[TextFact] = field(default_factory=list)
    fine: AmountFact | None = None
    confiscation: AmountFact | None = None
    span: tuple[int, int] = (0, 0)


def penalty_kinds(text: str, start: int, end: int, confidence: float) -> list[TextFact]:
    folded = fold_width(text)
    out: list[TextFact] = []
    for kind, pattern in KIND_PATTERNS:
        m = pattern.search(folded, start, end)
        if m:
            out.append(TextFact(value=kind, span=(m.start(), m.end()), confidence=confidence))
    return out


def _ratio(m: re.Match[str]) -> float | None:
    try:
        if m.group("pct_cn"):
            return cn_to_number(m.group("pct_cn")) / 100
        if m.group("pct"):
            return float(m.group("pct")) / 100
        times = m.group("times")
        return 0.5 if times == "半" else cn_to_number(times)
    except NumeralError:
        return None


def _sum(parts: list[tuple[float, int, int, str]], confidence: float) -> AmountFact | None:
    if not parts:
        return None
    total = round(sum(p[0] for p in parts), 2)
    return AmountFact(value=total, text="+".join(p[3] for p in parts), span=(parts[0][1], parts[-1][2]),
                      confidence=confidence if len(parts) == 1 else round(confidence * 0.9, 3))


def amounts_in(text: str, start: int, end: int, confidence: float) -> tuple[AmountFact | None, AmountFact | None]:
    """(fine, confiscation) written in text[start:end]. See the module doc for the rules."""
    folded = fold_width(text)
    fines: list[tuple[float, int, int, str]] = []
    seized: list[tuple[float, int, int, str]] = []
    used: set[int] = set()
    # Shares of a base first, per sentence: they own their amounts (the base is not a fine).
    sentence_starts = [start] + [m.end() for m in _SENTENCE_RE.finditer(folded, start, end)]
    for i, s in enumerate(sentence_starts):
        e = sentence_starts[i + 1] if i + 1 < len(sentence_starts) else end
        for r in _RATIO_RE.finditer(folded, s, e):
            if "罚" not in folded[r.end() : min(e, r.end() + 8)]:
                continue
            share = _ratio(r)
            found = [a for a in find_amounts(text, s, e) if a.start not in used]
            before = [a for a in found if a.end <= r.start() and not _CONFISCATE_RE.search(
                folded[max((c.end() for c in _CLAUSE_RE.finditer(folded, s, a.start)), default=s) : a.start])]
            after = [a for a in found if a.start >= r.end()
                     and _RESULT_CUE_RE.search(folded[max(r.end(), a.start - 8) : a.start])]
            for a in before + after:
                used.add(a.start)
            if after:
                fines += [(a.value, a.start, a.end, a.text) for a in after]
            elif share is not None:
                base = before
                if not base and "违法所得" in folded[max(s, r.start() - 8) : r.start()]:
                    base = [a for a in find_amounts(text, start, r.start())
                            if _CONFISCATE_RE.search(folded[max(start, a.start - 10) : a.start])]
                if base:
                    value = round(sum(a.value for a in base) * share, 2)
                    fines.append((value, r.start(), r.end(), folded[r.start() : r.end()]))
            break
    for a in find_amounts(text, start, end):
        if a.start in used:
            continue
        cs = max((m.end() for m in _CLAUSE_RE.finditer(folded, start, a.start)), default=start)
        ce_m = _CLAUSE_RE.search(folded, a.end, end)
        ce = ce_m.start() if ce_m else end
        clause = folded[cs:ce]
        lead = folded[cs : a.start]
        if _TOTAL_RE.search(lead):
            continue
        if _CONFISCATE_RE.search(lead):
            seized.append((a.value, a.start, a.end, a.text))
        elif "罚" in clause:
            fines.append((a.value, a.start, a.end, a.text))
    fines.sort(key=lambda p: p[1])
    return _sum(fines, confidence), _sum(seized, confidence)


def sanction(text: str, start: int, end: int, confidence: float) -> Sanction:
    fine, seized = amounts_in(text, start, end, confidence)
    return Sanction(penalty_kinds(text, start, end, confidence), fine, seized, (start, end))


# ---- cutting a decision into per-party segments -----------------------------------------------------

_SEGMENT_CUT_RE = re.compile(
    r"[，,。；;：:\n]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]")
_JOINER_RE = re.compile(r"^[\s、和及与以及，,]*$")
_LEAD_OK = set("对、和及与：:\n；;。，,）)予令收.．") | {""}
_ENUM_RE = re.compile(r"(?:^|\n)\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")


@dataclass(frozen=True)
class Mention:
    party: int  # index into the names list
    start: int
    end: int


def find_mentions(text: str, start: int, end: int, names: list[list[str]]) -> list[Mention]:
    """Places in text[start:end] where party i (one of its names or aliases) is named as an object."""
    folded = fold_width(text)
    found: list[Mention] = []
    for i, aliases in enumerate(names):
        for alias in sorted({a for a in aliases if len(a) >= 2}, key=len, reverse=True):
            pos = folded.find(alias, start, end)
            while pos >= 0:
                lead = folded[pos - 1 : pos] if pos > start else ""
                if lead in _LEAD_OK or _ENUM_RE.search(folded, max(start, pos - 6), pos):
                    found.append(Mention(i, pos, pos + len(alias)))
                pos = folded.find(alias, pos + len(alias), end)
    # Longest wins where mentions overlap (甲银行 inside 甲银行乙支行).
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def split_decision(text: str, start: int, end: int, names: list[list[str]], institutions: list[int],
                   confidence: float) -> dict[int, Sanction]:
    """Each party's sanction in the decision text[start:end] (parties with none are absent)."""
    mentions = find_mentions(text, start, end, names)
    folded = fold_width(text)
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups and _JOINER_RE.match(folded[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    out: dict[int, Sanction] = {}
    # A segment starts at the clause of its first mention, so 责令 in 责令当事人改正 stays with it.
    starts = []
    prev_end = start
    for group in groups:
        cut = max((c.end() for c in _SEGMENT_CUT_RE.finditer(folded, prev_end, group[0].start)), default=prev_end)
        starts.append(cut)
        prev_end = group[-1].end
    head_end = starts[0] if groups else end
    if _has_sanction(folded, start, head_end):
        owners = [0] if len(names) == 1 else institutions
        for i in owners:
            out[i] = _merge(out.get(i), sanction(text, start, head_end, confidence))
    for gi, group in enumerate(groups):
        seg_start = starts[gi]
        seg_end = starts[gi + 1] if gi + 1 < len(groups) else end
        found = sanction(text, seg_start, seg_end, confidence)
        if not found.kinds and found.fine is None and found.confiscation is None:
            continue
        for m in group:
            out[m.party] = _merge(out.get(m.party), Sanction(found.kinds, found.fine, found.confiscation,
                                                             (group[0].start, seg_end)))
    return out


def _has_sanction(folded: str, start: int, end: int) -> bool:
    return any(p.search(folded, start, end) for _, p in KIND_PATTERNS)


def _merge(a: Sanction | None, b: Sanction) -> Sanction:
    if a is None:
        return b
    kinds = list(a.kinds) + [k for k in b.kinds if k.value not in {x.value for x in a.kinds}]
    return Sanction(kinds, _add(a.fine, b.fine), _add(a.confiscation, b.confiscation),
                    (min(a.span[0], b.span[0]), max(a.span[1], b.span[1])))


def _add(a: AmountFact | None, b: AmountFact | None) -> AmountFact | None:
    if a is None or b is None:
        return a or b
    return AmountFact(value=round(a.value + b.value, 2), text=f"{a.text}+{b.text}",
                      span=(min(a.span[0], b.span[0]), max(a.span[1], b.span[1])),
                      confidence=round(min(a.confidence, b.confidence) * 0.9, 3))
