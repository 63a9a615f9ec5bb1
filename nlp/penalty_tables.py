"""Row-wise disclosure tables (行政处罚信息公开表 / 公示表): a header row naming the columns, then one row per
party, numbered, in whatever column order the authority uses; cells split by | or tabs.

Columns are recognised by their header text (COLUMNS). A row may carry its own decision number; an empty
cell under a merged header cell repeats the row above (decision number, authority, date, basis).
An amount column states its unit in the header (罚款金额（万元）); it is used when the decision cell
itself states no amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.dates import find_dates
from nlp.models import AmountFact, DateFact, TextFact
from nlp.numerals import find_amounts, fold_width
from nlp.penalty_parties import PartyBlock, PartyKind, name_kind, read_name, split_unit_position
from nlp.penalty_split import Sanction, sanction

TABLE_CONFIDENCE = 0.95

# Column -> header texts; the longest matching header text decides (单位名称 before 单位).
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "name": ("被处罚当事人姓名或名称", "被处罚当事人名称", "被处罚当事人", "当事人名称", "当事人姓名", "当事人",
             "被处罚人姓名", "被处罚人名称", "被处罚人", "被处罚单位", "被处罚机构名称", "行政相对人名称",
             "违法主体名称", "纳税人名称", "单位名称", "机构名称", "名称", "姓名", "被处罚对象"),
    "uscc": ("统一社会信用代码/纳税人识别号", "统一社会信用代码", "社会信用代码", "纳税人识别号", "信用代码",
             "证件号码"),
    "rep": ("法定代表人（负责人）", "法定代表人(负责人)", "法定代表人或负责人", "法定代表人姓名", "法定代表人",
            "主要负责人", "机构负责人", "负责人"),
    "unit": ("个人所在单位", "被处罚个人单位", "工作单位", "所在单位", "任职单位", "单位"),
    "position": ("时任职务", "职务", "岗位"),
    "unit_position": ("单位及职务", "工作单位及职务", "任职单位及职务"),
    "violation": ("主要违法违规事实（案由）", "主要违法违规事实", "主要违法事实", "违法违规事实", "违法事实",
                  "违法行为类型", "违法行为", "案由", "处罚事由", "处罚原因"),
    "basis": ("行政处罚依据", "处罚依据", "法律依据", "依据"),
    "decision": ("相关法律依据及税务处理处罚情况", "行政处罚决定", "行政处罚内容",
                  "处罚决定", "处罚内容", "处罚结果", "处罚种类及金额",
                 "处罚措施", "处罚情况"),
    "fine_col": ("罚款金额", "罚没金额", "罚款数额"),
    "seized_col": ("没收违法所得", "没收金额"),
    "authority": ("作出处罚决定的机关名称", "作出行政处罚决定机关名称", "作出处罚决定机关", "决定机关", "处罚机关",
                  "处罚机构", "作出决定机关", "实施机关"),
    "date": ("作出处罚决定的日期", "作出行政处罚决定日期", "处罚决定日期", "决定日期", "处罚日期", "作出决定日期"),
    "number": ("行政处罚决定书文号", "处罚决定书文号", "决定书文号", "决定文书号", "文书号", "文号"),
    "kind": ("当事人类型", "主体类型", "当事人类别", "类型"),
}
_REPEATS = ("number", "authority", "date", "basis", "violation")


@dataclass
class TableRow:
    party: PartyBlock
    sanction: Sanction
    decision: TextFact | None
    number: TextFact | None
    authority: TextFact | None
    date: DateFact | None
    violation: TextFact | None
    basis: TextFact | None


@dataclass
class Table:
    rows: list[TableRow] = field(default_factory=list)


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the cells of one row (| or tab separated), trimmed."""
    sep = "|" if line.count("|") >= 2 else "\t"
    out: list[tuple[int, int]] = []
    pos = 0
    parts = line.split(sep)
    if sep == "|":
        # | a | b |: the text before the first bar and after the last is not a cell.
        pos = len(parts[0]) + 1
        parts = parts[1:-1] if line.rstrip().endswith("|") else parts[1:]
    for part in parts:
        s, e = pos, pos + len(part)
        while s < e and line[s] in " \t\u3000":
            s += 1
        while e > s and line[e - 1] in " \t\u3000":
            e -= 1
        out.append((offset + s, offset + e))
        pos += len(part) + 1
    return out


def _column(header: str) -> str | None:
    h = re.sub(r"\s", "", header)
    best: tuple[int, str] | None = None
    for col, names in COLUMNS.items():
        for n in names:
            if h.startswith(n) and (best is None or len(n) > best[0]):
                best = (len(n), col)
    return best[1] if best else None


def _unit_scale(header: str) -> float:
    return 10_000.0 if "万元" in header else 1.0


def find_row_table(text: str) -> tuple[int, list[str | None], list[str], list[tuple[int, str]]] | None:
    """(header line start, column of each cell, header texts, data lines with their offsets)."""
    folded = fold_width(text)
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", folded)]
    for i, (off, line) in enumerate(lines):
        if line.count("|") < 3 and line.count("\t") < 2:
            continue
        spans = _cells(line, off)
        headers = [folded[s:e] for s, e in spans]
        cols = [_column(h) for h in headers]
        known = {c for c in cols if c}
        if len(known) >= 3 and "name" in known:
            data = [(o, ln) for o, ln in lines[i + 1 :] if ln.count("|") >= 2 or ln.count("\t") >= 1]
            data = [(o, ln) for o, ln in data if not re.fullmatch(r"[\s|:\-—]+", ln)]
            return off, cols, headers, data
    return None


def read_row_table(text: str) -> Table | None:
    found = find_row_table(text)
    if found is None:
        return None
    _, cols, headers, data = found
    folded = fold_width(text)
    table = Table()
    carried: dict[str, tuple[int, int]] = {}
    for off, line in data:
        spans = _cells(line, off)
        if len(spans) < len(cols) - 1:
            continue
        cell: dict[str, tuple[int, int]] = {}
        scale: dict[str, float] = {}
        for col, header, span in zip(cols, headers, spans, strict=False):
            if col is None or col in cell:
                continue
            value = folded[span[0] : span[1]].strip()
            if value in ("", "—", "-", "/", "／", "同上", "〃"):
                if col in _REPEATS and col in carried:
                    cell[col] = carried[col]
                continue
            cell[col] = span
            scale[col] = _unit_scale(header)
            if col in _REPEATS:
                carried[col] = span
        row = _row(text, cell, scale)
        if row is not None:
            table.rows.append(row)
    # 单位及职务 or 职务 naming an institution of the same table: split there (and at an organisation word).
    known = [r.party.name.value for r in table.rows if r.party.kind == "institution"]
    for r in table.rows:
        p = r.party
        if p.kind == "person" and p.position is not None and p.unit is None:
            p.unit, p.position = split_unit_position(text, *p.position.span, TABLE_CONFIDENCE, known)
    return table if table.rows else None


def _text(text: str, span: tuple[int, int] | None) -> TextFact | None:
    if span is None or span[1] <= span[0]:
        return None
    return TextFact(value=re.sub(r"\s*\n\s*", "", text[span[0] : span[1]]), span=span, confidence=TABLE_CONFIDENCE)


def _row(text: str, cell: dict[str, tuple[int, int]], scale: dict[str, float]) -> TableRow | None:
    if "name" not in cell:
        return None
    folded = fold_width(text)
    ns, ne = cell["name"]
    name, aliases, _ = read_name(text, ns, ne, TABLE_CONFIDENCE)
    if name is None:
        return None
    kind_cell = folded[slice(*cell["kind"])] if "kind" in cell else ""
    kind: PartyKind
    if re.search(r"自然人|个人", kind_cell):
        kind = "person"
    elif re.search(r"法人|机构|单位|组织|企业|个体", kind_cell):
        kind = "institution"
    else:
        kind = name_kind(name.value, folded[ns:ne] + ("法定代表人" if "rep" in cell else ""))
    party = PartyBlock(kind, name, aliases)
    if "uscc" in cell:
        party.uscc = _text(text, cell["uscc"])
    if "rep" in cell and kind == "institution":
        party.legal_representative = _text(text, cell["rep"])
    if kind == "person":
        if "unit_position" in cell:
            party.unit, party.position = split_unit_position(text, *cell["unit_position"], TABLE_CONFIDENCE)
        if "unit" in cell:
            party.unit = _text(text, cell["unit"])
        if "position" in cell:
            party.position = _text(text, cell["position"])
        if party.unit is None and party.position is None and ne > name.span[1]:
            note = re.match(r"\s*[（(](?:时任|现任)?(?P<v>[^）)]{2,60})[）)]", folded[name.span[1] : ne])
            if note:
                s = name.span[1] + note.start("v")
                party.unit, party.position = split_unit_position(text, s, s + len(note.group("v")),
                                                                 TABLE_CONFIDENCE)
    decision = _text(text, cell.get("decision"))
    found = sanction(text, *decision.span, TABLE_CONFIDENCE) if decision else Sanction()
    if found.fine is None and "fine_col" in cell:
        found.fine = _column_amount(text, cell["fine_col"], scale["fine_col"])
        if found.fine is not None and not any(k.value == "罚款" for k in found.kinds):
            found.kinds.append(TextFact(value="罚款", span=found.fine.span, confidence=TABLE_CONFIDENCE))
    if found.confiscation is None and "seized_col" in cell:
        found.confiscation = _column_amount(text, cell["seized_col"], scale["seized_col"])
    date = None
    if "date" in cell:
        dates = find_dates(text, *cell["date"])
        if dates:
            d = dates[0]
            date = DateFact(value=d.value.isoformat(), span=(d.start, d.end), confidence=TABLE_CONFIDENCE)
    return TableRow(party, found, decision, _text(text, cell.get("number")), _text(text, cell.get("authority")),
                    date, _text(text, cell.get("violation")), _text(text, cell.get("basis")))


def _column_amount(text: str, span: tuple[int, int], scale: float) -> AmountFact | None:
    """An amount cell: '50' under 罚款金额（万元）, or a written amount (20万元) whatever the header says."""
    written = find_amounts(text, *span)
    if written:
        a = written[0]
        return AmountFact(value=a.value, text=a.text, span=(a.start, a.end), confidence=TABLE_CONFIDENCE)
    raw = fold_width(text)[span[0] : span[1]].replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", raw) and float(raw) > 0:
        return AmountFact(value=round(float(raw) * scale, 2), text=text[span[0] : span[1]], span=span,
                          confidence=TABLE_CONFIDENCE * 0.95)
    return None
