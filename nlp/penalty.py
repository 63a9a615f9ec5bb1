"""Penalty facts: the CBRC-style disclosure table (行政处罚信息公开表) and the free-text decision
(行政处罚决定书). Both yield the same PenaltyFacts so the graph side sees one shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.case_numbers import find_decision_numbers
from nlp.dates import find_dates
from nlp.models import AmountFact, DateFact, TextFact
from nlp.numerals import find_amounts, fold_width


@dataclass
class PenaltyFacts:
    decision_number: TextFact | None = None
    authority: TextFact | None = None
    party_institution: TextFact | None = None
    party_person: TextFact | None = None
    party_person_unit: TextFact | None = None
    responsible_person: TextFact | None = None
    violation: TextFact | None = None
    legal_basis: TextFact | None = None
    penalty_kinds: list[TextFact] = field(default_factory=list)
    fine_amount: AmountFact | None = None
    date: DateFact | None = None


# Label variants seen in the CBRC pages and their HTML renderings; longest first so that
# 行政处罚决定书文号 is not read as 行政处罚决定 followed by a value 书文号.
_LABELS: tuple[tuple[str, str], ...] = (
    ("decision_number", r"行政处罚决定书文号|处罚决定书文号|决定书文号|文\s*号"),
    ("party_person", r"被处罚个人姓名|个人姓名|被处罚人姓名"),
    ("party_person_unit", r"被处罚个人单位|个人所在单位|个人单位|所在单位"),
    ("responsible_person",
     r"法定代表人[（(]主要负责人[）)]姓名|法定代表人[（(]主要负责人[）)]|法定代表人姓名|主要负责人姓名"
     r"|机构负责人|法定代表人|主要负责人"),
    ("party_institution", r"被处罚机构名称|被处罚单位名称|单位名称|机构名称"),
    ("violation", r"主要违法违规事实[（(]案由[）)]|主要违法违规事实|主要违法事实|违法违规事实|案\s*由"),
    ("legal_basis", r"行政处罚依据|处罚依据"),
    ("authority", r"作出处罚决定的机关名称|作出处罚决定机关名称|做出处罚机构的名称|作出处罚的机关|处罚机关"),
    ("date", r"作出处罚决定的日期|作出处罚决定日期|处罚决定日期|做出处罚的日期|处罚日期"),
    ("decision", r"行政处罚决定|处罚决定|处罚内容"),
    ("_header", r"被处罚当事人(?:姓名或名称)?|当事人"),
)
_LABEL_RE = re.compile(
    r"(?m)(?:^|\t|\|)[ \t\u3000|]*(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS)
    + r")[ \t\u3000]*(?:[：:\t]|(?=\|))?[ \t\u3000]*"
)
_EMPTY_VALUES = {"", "—", "——", "－", "-", "--", "/", "无", "空", "null", "NULL", "暂无", "／", "—-"}
TABLE_CONFIDENCE = 0.95


def _clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in " \t\u3000\n\r：:|":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\n\r；;|":
        end -= 1
    if text[start:end].strip() in _EMPTY_VALUES:
        return None
    return start, end


def _fact(text: str, start: int, end: int, confidence: float) -> TextFact | None:
    span = _clean_span(text, start, end)
    if span is None:
        return None
    value = re.sub(r"\s*\n\s*", "", text[span[0] : span[1]])
    return TextFact(value=value, span=span, confidence=confidence)


def extract_disclosure_table(text: str) -> PenaltyFacts:
    """Fields of a 行政处罚信息公开表 rendered as 'label：value' lines (or tab-separated cells)."""
    facts = PenaltyFacts()
    marks = [(m, m.lastgroup) for m in _LABEL_RE.finditer(text) if m.lastgroup]
    seen: set[str] = set()
    for i, (m, name) in enumerate(marks):
        end = marks[i + 1][0].start() if i + 1 < len(marks) else len(text)
        if name in seen or name == "_header":
            continue
        seen.add(name)
        value = _fact(text, m.end(), end, TABLE_CONFIDENCE)
        if value is None:
            continue
        if name == "decision":
            _fill_decision(text, value, facts)
        elif name == "date":
            found = find_dates(text, value.span[0], value.span[1])
            if found:
                d = found[0]
                facts.date = DateFact(value=d.value.isoformat(), span=(d.start, d.end),
                                      confidence=TABLE_CONFIDENCE)
        else:
            setattr(facts, name, value)
    if facts.authority is None:
        facts.authority = _title_authority(text)
    number = facts.decision_number
    if number is not None and ("|" in number.value or "\t" in number.value):
        # A row-wise table puts the label in a header row and the value in a later cell.
        numbers = find_decision_numbers(text)
        facts.decision_number = (
            TextFact(value=numbers[0].text, span=(numbers[0].start, numbers[0].end), confidence=0.8)
            if numbers else None
        )
    return facts



_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("警告", re.compile(r"警告")),
    ("罚款", re.compile(r"罚款|罚金|处以.{0,12}?元")),
    ("没收", re.compile(r"没收")),
    ("取消任职资格", re.compile(r"取消.{0,16}?任职资格|撤销.{0,10}?任职资格")),
    ("禁止从业", re.compile(r"禁止.{0,12}?从事|禁止从业|行业禁入|市场禁入")),
    ("责令改正", re.compile(r"责令(?:限期)?改正")),
    ("责令停业整顿", re.compile(r"停业整顿")),
    ("吊销许可证", re.compile(r"吊销")),
    ("暂停业务", re.compile(r"(?:暂停|限制|停止).{0,10}?业务")),
    ("通报批评", re.compile(r"通报批评")),
)
_CONFISCATE_RE = re.compile(r"没收|违法所得")
_CLAUSE_SPLIT_RE = re.compile(r"[，,。；;、\n]")


def penalty_kinds(text: str, start: int, end: int, confidence: float) -> list[TextFact]:
    out: list[TextFact] = []
    for kind, pattern in _KIND_PATTERNS:
        m = pattern.search(text, start, end)
        if m:
            out.append(TextFact(value=kind, span=(m.start(), m.end()), confidence=confidence))
    return out


def fine_in(text: str, start: int, end: int, confidence: float) -> AmountFact | None:
    """Sum of the fines written in text[start:end]; confiscated gains are not fines."""
    total = 0.0
    first = last = -1
    parts: list[str] = []
    for a in find_amounts(text, start, end):
        clause_start = max(
            (m.end() for m in _CLAUSE_SPLIT_RE.finditer(text, start, a.start)), default=start
        )
        clause_end_m = _CLAUSE_SPLIT_RE.search(text, a.end, end)
        clause_end = clause_end_m.start() if clause_end_m else end
        clause = text[clause_start:clause_end]
        before = text[clause_start : a.start]
        if "罚" not in clause or _CONFISCATE_RE.search(before[-8:]):
            continue
        total += a.value
        first = a.start if first < 0 else first
        last = a.end
        parts.append(a.text)
    if first < 0:
        return None
    return AmountFact(value=round(total, 2), text="+".join(parts), span=(first, last),
                      confidence=confidence if len(parts) == 1 else confidence * 0.9)


def _fill_decision(text: str, value: TextFact, facts: PenaltyFacts) -> None:
    s, e = value.span
    facts.penalty_kinds = penalty_kinds(text, s, e, TABLE_CONFIDENCE)
    facts.fine_amount = fine_in(text, s, e, TABLE_CONFIDENCE)


_AUTHORITY_RE = re.compile(
    r"(?P<a>(?:中国)?[\u4e00-\u9fff]{0,24}?(?:银行业监督管理委员会|银行保险监督管理委员会|银保监会|银监会|证监会|人民银行|"
    r"保险监督管理委员会|证券监督管理委员会|保监会|市场监督管理局|外汇管理局)[\u4e00-\u9fff]{0,16}?"
    r"(?:监管局|监管分局|分局|中心支行|支行|分行|营业管理部|局|会|部))"
)


_ISSUER_LINE_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?P<a>[\u4e00-\u9fff]{2,40}?(?:局|委员会|总局|分局|厅|行|部|办公室|中心))"
    r"[ \t\u3000]*(?:行政处罚(?:决定书|信息公开表)?)?[ \t\u3000]*$"
)


def _title_authority(text: str) -> TextFact | None:
    """The issuer: printed as the title's prefix, on a line of its own above the title, or as the
    signature above the date at the end."""
    first_line_end = text.find("\n")
    head_end = first_line_end if 0 < first_line_end < 200 else min(len(text), 120)
    m = _AUTHORITY_RE.search(text, 0, head_end)
    if m is not None:
        return TextFact(value=m.group("a"), span=(m.start("a"), m.end("a")), confidence=0.8)
    title = re.search(r"(?P<a>[\u4e00-\u9fff]{2,40}?)\s*行政处罚(?:决定书|信息公开表)", text[:300])
    if title and re.search(r"(?:局|委员会|厅|行|部|中心)$", title.group("a")):
        return TextFact(value=title.group("a"), span=title.span("a"), confidence=0.75)
    for line in (_ISSUER_LINE_RE.search(text, 0, min(len(text), 200)),
                 *list(_ISSUER_LINE_RE.finditer(text, max(0, len(text) - 300)))[-1:]):
        if line is not None and not line.group("a").startswith(("当事人", "本机关", "本局")):
            return TextFact(value=line.group("a"), span=line.span("a"), confidence=0.7)
    return None


# ---- free-text 行政处罚决定书 ---------------------------------------------------------------

_PARTY_LINE_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?:当事人|被处罚(?:单位|机构|人)|受处罚(?:单位|机构|人))(?:名称|姓名)?\s*[：:]\s*"
    r"(?P<v>[^，,。；;\n（(]+)"
)
_RESP_RE = re.compile(
    r"(?:法定代表人|主要负责人|负责人)(?:[（(][^）)]{0,8}[）)])?(?:姓名)?\s*[：:]?\s*(?P<v>[\u4e00-\u9fff·]{2,5}?)"
    r"(?=[，,。；;\s（(]|$)"
)
_UNIT_RE = re.compile(
    r"(?:时任|现任|系|任职于|(?:工作)?单位(?:及职务)?[：:]|\A[，,])\s*"
    r"(?P<v>[\u4e00-\u9fff]{2,40}(?:银行|分行|支行|公司|合作社|联社|信用社|营业部|分理处))"
)
_ORG_SUFFIX_RE = re.compile(r"(?:公司|银行|分行|支行|合作社|联社|信用社|营业部|分理处|中心|集团|事务所)$")
_VIOLATION_END = r"(?=(?:以上|上述)(?:违法|违规|事实|行为)|[。]\s*\n|\n|$)"
# The specific cue first: 经查 often opens a sentence that names the party before the facts.
_VIOLATION_RES = (
    re.compile(r"存在(?:以下|如下)?违法(?:违规)?(?:事实|行为)\s*[：:]\s*(?P<v>[^\n]{2,600}?)" + _VIOLATION_END),
    re.compile(r"(?:经查|主要违法违规事实(?:（案由）)?)\s*[，,：:]?\s*(?P<v>[^\n]{4,600}?)" + _VIOLATION_END),
)
_BASIS_RE = re.compile(
    r"(?:根据|依据|依照|按照)\s*(?P<v>《[^》]{2,60}》[^。；\n]{0,200}?)"
    r"(?=[，,]\s*(?:本机关|我局|我分局|本局|我会|本会|决定|对|给予|现)|[。；\n])"
)
_DECISION_RE = re.compile(
    r"(?:决定|作出(?:如下|以下)?(?:行政)?处罚|处罚决定(?:如下)?)\s*[：:，,]?\s*(?P<v>[^\n]{2,400}?)"
    r"(?=\n|。\s*(?:当事人|你|如|若|请)|$)"
)


def extract_penalty_decision(text: str) -> PenaltyFacts:
    """Fields of a free-text 行政处罚决定书. Confidence is lower than for the table: the text
    does not label its fields, cue phrases do."""
    facts = PenaltyFacts()
    folded = fold_width(text)
    numbers = find_decision_numbers(text, 0, min(len(text), 600)) or find_decision_numbers(text)
    if numbers:
        n = numbers[0]
        facts.decision_number = TextFact(value=n.text.strip(), span=(n.start, n.end), confidence=0.9)
    facts.authority = _title_authority(text)
    party = _PARTY_LINE_RE.search(folded)
    if party:
        s, e = party.span("v")
        name = text[s:e].strip()
        target = "party_institution" if _ORG_SUFFIX_RE.search(name) else "party_person"
        setattr(facts, target, TextFact(value=name, span=(s, s + len(name)), confidence=0.85))
        block_end = folded.find("\n\n", e)
        block = (e, block_end if block_end > 0 else min(len(text), e + 300))
        if target == "party_institution":
            resp = _RESP_RE.search(folded, *block)
            if resp:
                facts.responsible_person = TextFact(value=resp.group("v"), span=resp.span("v"),
                                                    confidence=0.8)
        else:
            # Slicing makes \A mean "right after the name": 当事人：王某，某某银行相关业务负责人.
            window = folded[e : min(len(text), e + 200)]
            unit = _UNIT_RE.search(window)
            if unit:
                us, ue = unit.start("v") + e, unit.end("v") + e
                facts.party_person_unit = TextFact(value=text[us:ue], span=(us, ue), confidence=0.75)
    for pattern in _VIOLATION_RES:
        violation = pattern.search(folded)
        if violation:
            s, e = violation.span("v")
            if e > s and text[e - 1] == "。":
                e -= 1
            facts.violation = _fact(text, s, e, 0.7)
            break
    basis = _BASIS_RE.search(folded)
    if basis:
        facts.legal_basis = _fact(text, *basis.span("v"), 0.75)
    decision = None
    for m in _DECISION_RE.finditer(folded):
        if any(p.search(folded, *m.span("v")) for _, p in _KIND_PATTERNS):
            decision = m
            break
    if decision:
        s, e = decision.span("v")
        facts.penalty_kinds = penalty_kinds(text, s, e, 0.85)
        facts.fine_amount = fine_in(text, s, e, 0.85)
    dates = find_dates(text, max(0, len(text) - 400))
    if dates:
        d = dates[-1]
        facts.date = DateFact(value=d.value.isoformat(), span=(d.start, d.end), confidence=0.8)
    return facts
