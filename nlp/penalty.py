"""Penalty facts: the disclosure table (行政处罚信息公开表, label: value or one row per party) and the free-text
decision (行政处罚决定书). All yield the same PenaltyFacts: the decision's number, authority, date, violation,
legal basis and decision text, and its list of parties, each with its own kinds and amounts
(nlp.penalty_parties reads the parties, nlp.penalty_split cuts the decision between them,
nlp.penalty_tables reads row-wise tables). The one-party fields (party_institution, fine_amount ...) are
summaries of the list, kept for readers of the older shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nlp.case_numbers import find_decision_numbers
from nlp.dates import find_dates
from nlp.models import AmountFact, DateFact, PenaltyPartyFact, TextFact
from nlp.numerals import fold_width
from nlp.penalty_parties import PartyBlock, aliases_of, find_party_blocks, split_unit_position
from nlp.penalty_split import KIND_PATTERNS, Sanction, sanction, split_decision
from nlp.penalty_tables import read_row_table


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
    penalty_parties: list[PenaltyPartyFact] = field(default_factory=list)
    decision: TextFact | None = None


# Label variants seen in the CBRC pages and their HTML renderings; longest first so that
# 行政处罚决定书文号 is not read as 行政处罚决定 followed by a value 书文号.
_LABELS: tuple[tuple[str, str], ...] = (
    ("decision_number", r"行政处罚决定书文号|处罚决定书文号|决定书文号|文\s*号"),
    ("party_person", r"被处罚个人姓名|个人姓名|被处罚人姓名"),
    ("party_person_unit", r"被处罚个人单位|个人所在单位|个人单位|所在单位"),
    ("responsible_person",
     r"法定代表人[（(]主要负责人[）)]姓名|法定代表人[（(]主要负责人[）)]|法定代表人姓名|主要负责人姓名"
     r"|机构负责人|法定代表人|主要负责人"),
    # 单位 | 名称: the nested header of the pipe-rendered table, its two levels in two cells.
    ("party_institution", r"被处罚机构名称|被处罚单位名称|单位名称|机构名称|单位[ \t\u3000]*\|[ \t\u3000]*名称"),
    ("violation", r"主要违法违规事实[（(]案由[）)]|主要违法违规事实|主要违法事实|违法违规事实|违法行为类型|违法事实"
                  r"|处罚事由|案\s*由"),
    ("legal_basis", r"行政处罚依据|处罚依据"),
    ("authority", r"作出处罚决定的机关名称|作出处罚决定机关名称|做出处罚机构的名称|作出处罚的机关|处罚机关"),
    ("date", r"作出处罚决定的日期|作出处罚决定日期|处罚决定日期|做出处罚的日期|处罚日期"),
    ("decision", r"行政处罚决定|行政处罚内容|处罚决定|处罚内容|处罚结果"),
    ("party_name", r"当事人名称|当事人姓名|被处罚人名称|被处罚人姓名|行政相对人名称|纳税人名称"),
    ("uscc", r"统一社会信用代码(?:/纳税人识别号)?|纳税人识别号|社会信用代码"),
    ("_header", r"被处罚当事人(?:姓名或名称)?|当事人"),
)
_LABEL_RE = re.compile(
    r"(?m)(?:^|(?<=\t)|\t|\|)[ \t\u3000|]*(?:"
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
    """Fields of a 行政处罚信息公开表: one row per party under a header row, or 'label：value' lines (or
    tab-separated cells) for one decision."""
    rows = read_row_table(text)
    if rows is not None:
        return _row_table_facts(text, rows)
    facts = PenaltyFacts()
    extra: dict[str, TextFact] = {}
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
            facts.decision = value
        elif name in ("party_name", "uscc"):
            extra[name] = value
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
    _table_parties(text, facts, extra)
    return facts


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

_VIOLATION_END = r"(?=(?:以上|上述)(?:违法|违规|事实|行为)|[。]\s*\n|\n|$)"
# The specific cue first: 经查 often opens a sentence that names the party before the facts.
_VIOLATION_RES = (
    re.compile(r"存在(?:以下|如下)?违法(?:违规)?(?:事实|行为)\s*[：:]\s*(?P<v>[^\n]{2,600}?)" + _VIOLATION_END),
    re.compile(r"(?:经查|经调查|经检查|主要违法违规事实(?:（案由）)?)\s*[，,：:]?\s*(?P<v>[^\n]{4,600}?)"
               + _VIOLATION_END),
)
_BASIS_RE = re.compile(r"(?:根据|依据|依照|按照)\s*(?:[^《。；\n]{0,30}?)(?P<v>《[^》]{2,60}》[^。；\n]{0,200}?)"
                       r"(?:的规定|之规定|规定)?(?=[，,]|[。；\n]|$)")
_DECISION_CUE_RE = re.compile(
    r"(?<!拟)(?:决定(?:如下)?\s*[：:]|决定(?=对|给予|[，,]|责令|没收|处以)|作出(?:如下|以下)(?:行政)?处罚(?:决定)?\s*[：:]?"
    r"|处罚(?:决定)?如下\s*[：:]?|(?:给予|作出)(?:如下|以下)(?:行政)?处罚\s*[：:]?)"
)
_DECISION_END_RE = re.compile(
    r"\n\s*(?:当事人应|你(?:单位|公司|（单位）)?应|请(?:你|当事人)?|如不服|如对本|逾期|限你|上述罚款|罚款(?:应|须|请))"
    r"|(?:当事人|你(?:单位|公司|（单位）)?)(?:应|须)(?:当)?(?:自|于|在)收到|如不服|如对本(?:处罚)?决定不服"
)
CONFIDENCE = 0.85


# An issuer line: a name ending in an authority word, then the end of the line or the title (行政处罚…,
# 税务行政处罚…, 重大税收违法…). Lazy, so 国家税务总局郑州市税务局第一稽查局 runs on to the last 局 that a
# title or the line end follows.
_ISSUER_HEAD_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?P<a>[\u4e00-\u9fff]{2,40}?(?:局|委员会|分行|支行|营业管理部|厅|办公室))"
    r"(?=[ \t\u3000]*(?:$|行政处罚|税务行政处罚|重大税收|税收违法))"
)


def document_authority(text: str) -> TextFact | None:
    """The issuer printed above the title (or as the title's prefix); else the older title and signature
    rules of _title_authority."""
    folded = fold_width(text)
    for m in _ISSUER_HEAD_RE.finditer(folded, 0, min(len(folded), 300)):
        s, e = m.span("a")
        if not re.search(r"[：:，,。]", m.group("a")):
            return TextFact(value=text[s:e], span=(s, e), confidence=0.9)
    return _title_authority(text)


def _legal_basis(text: str, start: int, end: int) -> TextFact | None:
    """The last 根据《...》... before the decision cue: the law cited, without the decision that follows."""
    folded = fold_width(text)
    found = None
    for m in _BASIS_RE.finditer(folded, start, end):
        found = m
    if found is None:
        return None
    s, e = found.span("v")
    return TextFact(value=text[s:e], span=(s, e), confidence=0.8)


def _party_fact(block: PartyBlock, sanction: Sanction | None, decision: TextFact | None = None,
                number: TextFact | None = None) -> PenaltyPartyFact:
    s = sanction or Sanction()
    return PenaltyPartyFact(
        kind=block.kind, name=block.name.value, span=block.name.span, confidence=block.name.confidence,
        uscc=block.uscc, legal_representative=block.legal_representative, unit=block.unit,
        position=block.position, penalty_kinds=s.kinds, fine=s.fine, confiscation=s.confiscation,
        decision=decision, decision_number=number)


def _assign(text: str, blocks: list[PartyBlock], start: int, end: int, confidence: float
            ) -> list[PenaltyPartyFact]:
    institutions = [i for i, b in enumerate(blocks) if b.kind == "institution"]
    split = split_decision(text, start, end, aliases_of(blocks), institutions, confidence)
    out = []
    for i, b in enumerate(blocks):
        got = split.get(i)
        part = None
        if got is not None:
            part = TextFact(value=text[got.span[0] : got.span[1]].strip(), span=got.span, confidence=confidence)
        out.append(_party_fact(b, got, part))
    return out


def summarise(facts: PenaltyFacts) -> PenaltyFacts:
    """Fill the one-party fields from the list of parties (first institution, first person, every kind,
    the sum of the fines) where the reader left them empty."""
    parties = facts.penalty_parties
    inst = next((p for p in parties if p.kind == "institution"), None)
    person = next((p for p in parties if p.kind == "person"), None)
    if facts.party_institution is None and inst is not None:
        facts.party_institution = TextFact(value=inst.name, span=inst.span, confidence=inst.confidence)
        facts.responsible_person = facts.responsible_person or inst.legal_representative
    if facts.party_person is None and person is not None:
        facts.party_person = TextFact(value=person.name, span=person.span, confidence=person.confidence)
        facts.party_person_unit = facts.party_person_unit or person.unit
    if not facts.penalty_kinds:
        seen: dict[str, TextFact] = {}
        for p in parties:
            for k in p.penalty_kinds:
                seen.setdefault(k.value, k)
        facts.penalty_kinds = list(seen.values())
    if facts.fine_amount is None:
        fines = [p.fine for p in parties if p.fine is not None]
        if fines:
            first, last = min(f.span[0] for f in fines), max(f.span[1] for f in fines)
            facts.fine_amount = AmountFact(value=round(sum(f.value for f in fines), 2),
                                           text="+".join(f.text for f in fines), span=(first, last),
                                           confidence=min(f.confidence for f in fines))
    return facts


def _table_parties(text: str, facts: PenaltyFacts, extra: dict[str, TextFact]) -> None:
    """Parties of a label: value table: the institution and the person cells (张三、李四 are two persons;
    张三（某某支行行长） carries its unit), or a 当事人名称 cell; the decision cell is cut between them."""
    blocks: list[PartyBlock] = []
    named = extra.get("party_name")
    if named is not None and facts.party_institution is None and facts.party_person is None:
        from nlp.penalty_parties import name_kind

        if name_kind(named.value, "法定代表人" if facts.responsible_person or "uscc" in extra else "") \
                == "institution":
            facts.party_institution = named
        else:
            facts.party_person = named
    if facts.party_institution is not None:
        b = PartyBlock("institution", facts.party_institution, uscc=extra.get("uscc"),
                       legal_representative=facts.responsible_person)
        blocks.append(b)
    if facts.party_person is not None:
        cell = facts.party_person
        offset = cell.span[0]
        for raw in re.split(r"[、，,]", cell.value):
            name = re.sub(r"[（(][^）)]*[）)]$", "", raw).strip()
            s = text.find(name, offset)
            if not name or s < 0:
                continue
            b = PartyBlock("person", TextFact(value=name, span=(s, s + len(name)), confidence=TABLE_CONFIDENCE))
            note = re.match(r"[（(](?:时任|现任)?(?P<v>[^）)]{2,60})[）)]", fold_width(text)[s + len(name) :])
            if note:
                ns = s + len(name) + note.start("v")
                b.unit, b.position = split_unit_position(text, ns, ns + len(note.group("v")), TABLE_CONFIDENCE)
            elif facts.party_person_unit is not None:
                b.unit, b.position = split_unit_position(text, *facts.party_person_unit.span, TABLE_CONFIDENCE)
            if "uscc" in extra and facts.party_institution is None:
                b.uscc = extra["uscc"]
            blocks.append(b)
            offset = s + len(name)
    if facts.decision is not None and blocks:
        facts.penalty_parties = _assign(text, blocks, *facts.decision.span, TABLE_CONFIDENCE)
    elif facts.decision is not None:
        # No party cell filled (a scraper lost it): the decision still says what was imposed.
        whole = sanction(text, *facts.decision.span, TABLE_CONFIDENCE)
        facts.penalty_kinds, facts.fine_amount = whole.kinds, whole.fine
    else:
        facts.penalty_parties = [_party_fact(b, None) for b in blocks]
    summarise(facts)


def _row_table_facts(text: str, table: Any) -> PenaltyFacts:
    facts = PenaltyFacts()
    numbers = {r.number.value for r in table.rows if r.number is not None}
    first = table.rows[0]
    facts.decision_number = first.number
    facts.authority = first.authority or document_authority(text)
    facts.date = first.date
    facts.violation = first.violation
    facts.legal_basis = first.basis
    for r in table.rows:
        own = r.number if r.number is not None and len(numbers) > 1 else None
        facts.penalty_parties.append(_party_fact(r.party, r.sanction, r.decision, own))
    return summarise(facts)


def extract_penalty_decision(text: str) -> PenaltyFacts:
    """Fields of a free-text 行政处罚决定书. Confidence is lower than for a table: the text does not label its
    fields, cue phrases do."""
    facts = PenaltyFacts()
    folded = fold_width(text)
    numbers = find_decision_numbers(text, 0, min(len(text), 600)) or find_decision_numbers(text)
    if numbers:
        n = numbers[0]
        facts.decision_number = TextFact(value=n.text.strip(), span=(n.start, n.end), confidence=0.9)
    facts.authority = document_authority(text)
    head_start = numbers[0].end if numbers and numbers[0].start < 600 else 0
    blocks = find_party_blocks(text, head_start, len(text), CONFIDENCE)
    body = max((b.end for b in blocks), default=head_start)
    for pattern in _VIOLATION_RES:
        violation = pattern.search(folded, body)
        if violation:
            s, e = violation.span("v")
            if e > s and text[e - 1] == "。":
                e -= 1
            facts.violation = _fact(text, s, e, 0.7)
            break
    cue = _DECISION_CUE_RE.search(folded, body)
    basis_end = cue.start() if cue else len(text)
    facts.legal_basis = _legal_basis(text, body, basis_end)
    if cue is not None:
        start = cue.end()
    elif facts.legal_basis is not None:
        # No 决定 cue (tax decisions): the sanctions follow the first citation (根据《…》…，对你单位…处以…).
        first = _BASIS_RE.search(folded, body)
        start = first.end("v") if first else facts.legal_basis.span[1]
    else:
        start = body
    stop = _DECISION_END_RE.search(folded, start)
    dates = find_dates(text, max(0, len(text) - 400))
    signed = dates[-1].start if dates and dates[-1].start > start else len(text)
    end = min(stop.start(), signed) if stop else signed
    while end > start and folded[end - 1] in " \n\t\u3000":
        end -= 1
    if end > start and any(p.search(folded, start, end) for _, p in KIND_PATTERNS):
        facts.decision = TextFact(value=text[start:end].strip(), span=(start, end), confidence=CONFIDENCE)
        facts.penalty_parties = _assign(text, blocks, start, end, CONFIDENCE)
    else:
        facts.penalty_parties = [_party_fact(b, None) for b in blocks]
    if dates:
        d = dates[-1]
        facts.date = DateFact(value=d.value.isoformat(), span=(d.start, d.end), confidence=0.8)
    return summarise(facts)
