"""The parties of a penalty decision as its head states them, one block per party.

Free text opens with one block per party: a cue line (当事人：, 当事人一：, 被处罚单位：, 纳税人名称：, or a
salutation line 某某有限公司：) followed by field lines (统一社会信用代码, 纳税人识别号, 法定代表人, 住所, 职务 ...).
A person's block says where they worked: 时任某某银行某某支行行长, 单位及职务：..., 工作单位：... 职务：....
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from nlp.models import TextFact
from nlp.numerals import fold_width

PartyKind = Literal["institution", "person"]

ORG_END_RE = re.compile(
    r"(?:公司|银行|分行|支行|营业部|分理处|信用社|联社|合作社|中心|事务所|集团|厂|店|商行|经营部|门市部|超市|"
    r"医院|药房|酒店|宾馆|学校|协会|基金会|研究所|研究院|合伙[）)]|合伙企业|所|互助社|专业合作社|站)$"
)
# Where a unit ends inside "unit + position": the last of these in the phrase.
_UNIT_END_RE = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司|银行|分行|支行|营业部|分理处|信用社|联社|合作社|中心|"
    r"事务所|集团|厂|店|互助社|站)"
)
_CUE = (r"(?:当\s*事\s*人|被处罚(?:单位|机构|人|当事人)|受处罚(?:单位|机构|人)|纳税人|违法(?:单位|主体)|"
        r"行政相对人)")
_CUE_LINE_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?" + _CUE
    + r"(?:[一二三四五六七八九十\d]{1,2}|[（(][一二三四五六七八九十\d]{1,2}[）)])?"
    r"(?:名称或姓名|姓名或名称|名称|姓名)?[ \t\u3000]*[：:][ \t\u3000]*(?P<v>[^\n]*)$"
)
_SALUTATION_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?P<v>[^：:\n，,。]{2,60}?)(?P<note>[（(][^）)\n]*(?:识别号|信用代码)[^）)\n]*[）)])?"
    r"[ \t\u3000]*[：:][ \t\u3000]*(?P<note2>[（(][^）)\n]*(?:识别号|信用代码)[^）)\n]*[）)])?[ \t\u3000]*$"
)
_FIELD_LINE_RE = re.compile(
    r"^[ \t\u3000]*(?:统一社会信用代码|社会信用代码|纳税人识别号|注册号|住所|地址|住址|经营场所|营业场所|法定代表人|"
    r"负责人|主要负责人|经营者|投资人|职务|单位|工作单位|单位及职务|身份证|证件|公民身份号码|出生|性别|民族|联系|"
    r"主体资格|营业执照|登记|类型|时任|现任|居民身份证|电话|邮编|注册地址|成立日期|经营范围|执业|证照)"
)
_ID_RE = re.compile(r"(?:统一社会信用代码|社会信用代码|纳税人识别号|信用代码)(?:/纳税人识别号)?\s*[：:]?\s*"
                    r"(?P<v>[0-9A-Z]{15,20})(?![0-9A-Z])")
_REP_RE = re.compile(r"(?:法定代表人|主要负责人|负责人|经营者|投资人)(?:[（(][^）)]{0,8}[）)])?(?:姓名)?\s*[：:]?\s*"
                     r"(?P<v>[\u4e00-\u9fff·]{2,5}?)(?=[，,。；;\s（(、]|$)")
_ROLE_RE = re.compile(r"(?:时任|现任|原任|曾任|任职于|系)\s*(?P<v>[^，,。；;\n（(）)]{2,60})")
_UNIT_POS_RE = re.compile(r"(?:单位及职务|工作单位及职务|任职单位及职务)\s*[：:]\s*(?P<v>[^，,。；;\n]{2,60})")
_UNIT_RE = re.compile(r"(?:工作单位|所在单位|任职单位|单位)\s*[：:]\s*(?P<v>[^，,。；;\n]{2,60})")
_POS_RE = re.compile(r"(?:职务|时任职务)\s*[：:]\s*(?:时任|现任)?(?P<v>[^，,。；;\n]{2,30})")
_PERSON_CUE_RE = re.compile(r"[，,]\s*(?:男|女)|出生|身份证|公民身份")
_ALIAS_RE = re.compile(r"[（(](?:以下简称|下称|简称)[“\"]?(?P<a>[^”\"）)]{2,20})[”\"]?(?:或[“\"]?[^）)]*)?[）)]")
_NOT_UNIT_RE = re.compile(r"纳税人|统一社会|社会信用|身份证|证件|男|女|以下简称|简称|下称|\d")
_FORM_RE = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)$")


@dataclass
class PartyBlock:
    kind: PartyKind
    name: TextFact
    aliases: list[str] = field(default_factory=list)
    uscc: TextFact | None = None
    legal_representative: TextFact | None = None
    unit: TextFact | None = None
    position: TextFact | None = None
    end: int = 0  # where the block's text ends


def _tf(text: str, start: int, end: int, confidence: float) -> TextFact | None:
    while start < end and text[start] in " \t\u3000“\"":
        start += 1
    while end > start and text[end - 1] in " \t\u3000”\"":
        end -= 1
    if end <= start:
        return None
    return TextFact(value=text[start:end], span=(start, end), confidence=confidence)


def split_unit_position(text: str, start: int, end: int, confidence: float, known: Sequence[str] = ()
                        ) -> tuple[TextFact | None, TextFact | None]:
    """时任某某银行某某支行行长 -> (某某银行某某支行, 行长): the unit is the longest organisation of the same
    decision (its name or 简称) the phrase starts with, else it runs to the last organisation word."""
    folded = fold_width(text)
    for name in sorted(known, key=len, reverse=True):
        if name and folded.startswith(name, start) and start + len(name) < end:
            # A branch after the known name (西工支行, 营业部) belongs to the unit; 公司业务部 is a department.
            cut = start + len(name)
            for m in _UNIT_END_RE.finditer(folded, cut, end):
                if m.start() - start - len(name) >= 2 or m.group() == "营业部":
                    cut = m.end()
            return _tf(text, start, cut, confidence), _tf(text, cut, end, confidence)
    last = None
    for m in _UNIT_END_RE.finditer(folded, start, end):
        last = m
    if last is None:
        return None, _tf(text, start, end, confidence)
    return _tf(text, start, last.end(), confidence), _tf(text, last.end(), end, confidence)


def name_kind(name: str, block: str) -> PartyKind:
    if ORG_END_RE.search(name) or (_ID_RE.search(block) and len(name) > 4):
        return "institution"
    if _PERSON_CUE_RE.search(block) or len(name) <= 4:
        return "person"
    return "institution" if re.search(r"法定代表人|负责人", block) else "person"


def read_name(text: str, start: int, end: int, confidence: float) -> tuple[TextFact | None, list[str], int]:
    """The party name at text[start:end] up to its first comma, without notes in brackets.

    Returns the name, aliases (以下简称...), and where the name's clause ends."""
    folded = fold_width(text)
    stop = re.search(r"[，,。；;\n]", folded[start:end])
    clause_end = start + stop.start() if stop else end
    aliases = [m.group("a") for m in _ALIAS_RE.finditer(folded, start, clause_end)]
    # The name ends at the first bracket that holds a note (简称, an id, the person's unit, 男/女).
    name_end = clause_end
    for m in re.finditer(r"[（(][^）)]*[）)]", folded[start:clause_end]):
        inner = m.group()[1:-1]
        if re.match(r"以下简称|下称|简称|统一社会|社会信用|纳税人|注册号|时任|现任|男|女|身份证", inner) \
                or (_UNIT_END_RE.search(inner) and not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", inner)):
            name_end = start + m.start()
            break
    fact = _tf(text, start, name_end, confidence)
    return fact, aliases, clause_end


def _fill(block: PartyBlock, text: str, start: int, end: int, confidence: float, known: Sequence[str]) -> None:
    folded = fold_width(text)
    uid = _ID_RE.search(folded, start, end)
    if uid:
        block.uscc = TextFact(value=text[uid.start("v") : uid.end("v")], span=uid.span("v"), confidence=confidence)
    if block.kind == "institution":
        rep = _REP_RE.search(folded, start, end)
        if rep:
            block.legal_representative = TextFact(value=rep.group("v"), span=rep.span("v"), confidence=confidence)
        return
    both = _UNIT_POS_RE.search(folded, start, end) or _ROLE_RE.search(folded, start, end)
    if both:
        block.unit, block.position = split_unit_position(text, *both.span("v"), confidence, known)
    unit = _UNIT_RE.search(folded, start, end)
    if unit and block.unit is None:
        block.unit = _tf(text, *unit.span("v"), confidence)
    pos = _POS_RE.search(folded, start, end)
    if pos and (block.position is None or block.unit is None):
        if block.unit is None:
            block.unit, block.position = split_unit_position(text, *pos.span("v"), confidence, known)
        else:
            block.position = _tf(text, *pos.span("v"), confidence)
    # 张三（某某银行某某支行行长）: the unit and position in brackets after the name.
    if block.unit is None and block.position is None:
        note = re.match(r"\s*[（(](?:时任|现任)?(?P<v>[^）)]{2,60})[）)]", folded[block.name.span[1] : end])
        if note and not _NOT_UNIT_RE.match(note.group("v")):
            s = block.name.span[1] + note.start("v")
            block.unit, block.position = split_unit_position(text, s, s + len(note.group("v")), confidence, known)


def find_party_blocks(text: str, start: int, end: int, confidence: float = 0.85) -> list[PartyBlock]:
    """Every party block in text[start:end] (the head of a decision), in order."""
    folded = fold_width(text)
    cues = list(_CUE_LINE_RE.finditer(folded, start, end))
    heads: list[tuple[int, int, int]] = []  # (line start, value start, line end)
    for m in cues:
        if m.group("v").strip():
            heads.append((m.start(), m.start("v"), m.end("v")))
    if not heads:
        sal = _SALUTATION_RE.search(folded, start, end)
        if sal and (ORG_END_RE.search(sal.group("v").strip()) or sal.group("note") or sal.group("note2")):
            heads.append((sal.start(), sal.start("v"), sal.end("note") if sal.group("note") else sal.end("v")))
    parsed: list[tuple[PartyBlock, int, int]] = []
    for i, (_line_start, vs, ve) in enumerate(heads):
        # The block runs over the field lines that follow its cue line.
        stop = heads[i + 1][0] if i + 1 < len(heads) else end
        block_end = ve
        for line in re.finditer(r"[^\n]*\n?", folded[ve:stop]):
            body = line.group()
            if not body:
                break
            if body.strip() and not _FIELD_LINE_RE.match(body) and line.start() > 0:
                break
            block_end = ve + line.end()
        name, aliases, _clause_end = read_name(text, vs, ve, confidence)
        if name is None:
            continue
        kind = name_kind(name.value, folded[vs:block_end])
        parsed.append((PartyBlock(kind, name, aliases, end=block_end), vs, block_end))
    known = [n for b, _, _ in parsed if b.kind == "institution" for n in (b.name.value, *b.aliases)]
    blocks: list[PartyBlock] = []
    for block, vs, block_end in parsed:
        _fill(block, text, vs, block_end, confidence, known)
        name = block.name
        # 张三、李四 on one cue line: several persons sharing the block.
        if block.kind == "person" and "、" in name.value:
            offset = name.span[0]
            for part in name.value.split("、"):
                s = text.find(part, offset)
                one = PartyBlock("person", TextFact(value=part, span=(s, s + len(part)), confidence=confidence),
                                 end=block_end)
                one.unit, one.position = block.unit, block.position
                blocks.append(one)
                offset = s + len(part)
            continue
        blocks.append(block)
    return blocks


def aliases_of(blocks: list[PartyBlock]) -> list[list[str]]:
    """Names each party may be called by in the decision: its name, 简称, the name without its legal form,
    and, for the only institution, the pronouns decisions use (当事人, 你单位, 该行 ...)."""
    institutions = [i for i, b in enumerate(blocks) if b.kind == "institution"]
    out: list[list[str]] = []
    for i, b in enumerate(blocks):
        names = [b.name.value, *b.aliases]
        short = _FORM_RE.sub("", b.name.value)
        if short != b.name.value and len(short) >= 4:
            names.append(short)
        if institutions == [i]:
            names += ["你单位", "你公司", "你（单位）", "你行", "该行", "该公司", "你社", "该社", "你司"]
        if len(blocks) == 1:
            names += ["当事人", "你单位", "你公司", "你（单位）"]
        out.append(names)
    return out
