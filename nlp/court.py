"""Court document facts: court, case number, cause, date, parties, guarantees, amounts, outcome."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from liantu.ids import InvalidUSCC, normalise_name, validate_uscc
from nlp.case_numbers import find_case_numbers
from nlp.dates import find_dates
from nlp.models import AmountFact, CaseNumberFact, DateFact, GuaranteeFact, PartyFact, TextFact
from nlp.numerals import find_amounts, fold_width


@dataclass
class CourtFacts:
    case_number: CaseNumberFact | None = None
    court: TextFact | None = None
    cause: TextFact | None = None
    date: DateFact | None = None
    parties: list[PartyFact] = field(default_factory=list)
    guarantees: list[GuaranteeFact] = field(default_factory=list)
    amounts: list[AmountFact] = field(default_factory=list)
    outcome: TextFact | None = None
    case_status: TextFact | None = None
    listing: TextFact | None = None


# Longest first: 原审第三人 before 第三人, 被上诉人 before 上诉人, 被执行人 before 执行人.
ROLES = (
    "再审申请人", "被申请再审人", "申请再审人", "原审第三人", "原审原告", "原审被告", "申请执行人",
    "被执行人", "被上诉人", "上诉人", "复议申请人", "被申请人", "申请人", "第三人", "原告", "被告",
    "申诉人", "被申诉人", "异议人", "案外人",
)
_ROLE_ALT = "|".join(ROLES)
_NAME_STOP = "，,。；;：:\n"
_PARTY_RE = re.compile(
    rf"(?:^|(?<=[。\n；;]))[ \t\u3000]*(?P<role>{_ROLE_ALT})"
    r"(?P<note>[（(][^）)\n]{1,24}[）)])?[ \t\u3000]*[：:]?[ \t\u3000]*"
    rf"(?P<name>(?:(?!法定代表人|负责人|委托诉讼代理人|委托代理人)[^{_NAME_STOP}]){{1,60}})"
)
# A party clause never says these; the first clause that does ends the party section.
_SECTION_END_RE = re.compile(
    r"一案|诉讼请求|诉称|辩称|向本院|本院|纠纷|不服|提起|起诉|审理|判决|裁定|申请执行[^人]|事实和理由"
)
_BAD_NAME_START = ("与", "向", "诉", "对", "的", "称", "在", "于", "因", "及", "均", "共同", "为")
ORG_SUFFIX_RE = re.compile(
    r"(?:公司|银行|分行|支行|合作社|联合社|联社|信用社|厂|店|中心|事务所|集团|协会|学校|学院|大学|医院|委员会"
    r"|政府|局|营业部|分理处|经营部|商行|商店|工作室|基金会|研究所|研究院|管理处|办事处|酒店|宾馆|农场|"
    r"公社|村民委员会|居民委员会|俱乐部|超市|门市部|加工厂|分公司|总公司|有限合伙[）)]?|合伙企业[）)]?)$"
)
_PERSON_CUE_RE = re.compile(r"^[，,]\s*(?:男|女|[男女]性|\d{4}年|[一二]?[〇○零一二三四五六七八九]{3,4}年)")
_TRAILING_NOTE_RE = re.compile(r"[（(](?:以下简称|下称|简称|曾用名|反诉|原审|一审|二审|系|又名|原名)[^）)]*[）)]$")
_NOTE_ONLY_RE = re.compile(r"[（(](?P<n>[^）)]*)[）)]$")
# A trailing bracket that belongs to the registered name, not a note about the party.
_NAME_BRACKETS = ("有限合伙", "普通合伙", "特殊普通合伙", "集团", "中国", "个体工商户")
_REP_RE = re.compile(
    r"(?:法定代表人|法定代表|负责人|主要负责人|经营者|投资人|执行事务合伙人)\s*[：:]?\s*"
    r"(?P<v>[\u4e00-\u9fff·]{1,5}?[某xX×*＊\d]{0,2}\d?)(?=[，,。；;\s（(]|$)"
)
_ADDR_RE = re.compile(
    r"(?:住所地|住所|地址|经营场所|营业场所|住址|户籍地|户籍所在地|住)\s*[：:]?\s*(?P<v>[^，,。；;\n]{2,80})"
)
_USCC_RE = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*[：:]?\s*(?P<v>[0-9A-Za-z]{18})")


def _strip_name(raw: str) -> str:
    name = raw.strip(" \t\u3000")
    while True:
        m = _TRAILING_NOTE_RE.search(name)
        if m is None:
            break
        name = name[: m.start()].rstrip()
    m = _NOTE_ONLY_RE.search(name)
    if m and m.start() > 0 and m.group("n") not in _NAME_BRACKETS:
        name = name[: m.start()].rstrip()
    return name


def party_kind(name: str, clause: str, known: Collection[str] = ()) -> tuple[Literal["company", "person"], float]:
    if normalise_name(name) in known:
        return "company", 0.99
    if ORG_SUFFIX_RE.search(name):
        return "company", 0.95
    if re.search(r"法定代表人|负责人|统一社会信用代码|住所地", clause) and len(name) > 5:
        return "company", 0.7
    if len(name) <= 5 or _PERSON_CUE_RE.search(clause):
        return "person", 0.9
    return "person", 0.6


@dataclass
class _Clause:
    role: str | None
    start: int
    end: int


def _party_section(text: str) -> tuple[int, int] | None:
    """The run of party clauses: from the first role clause to the first clause that tells the story."""
    folded = fold_width(text)
    first = _PARTY_RE.search(folded)
    if first is None or first.start() > max(600, len(text) // 3):
        return None
    pos = first.start()
    for m in re.finditer(r"[^。\n]*[。\n]?", folded[pos:]):
        if not m.group():
            break
        clause = m.group()
        cut = _SECTION_END_RE.search(clause)
        if cut and not re.search(r"(?:人民法院|法院)\s*$", clause[: cut.end()]):
            # 纠纷 may appear in a company name (纠纷调解中心); only stop when it reads as the story.
            role_head = re.match(rf"\s*(?:{_ROLE_ALT})", clause)
            if not role_head or cut.start() > 0:
                return first.start(), pos + m.start()
    return first.start(), len(text)


def extract_parties(text: str, known: Collection[str] = ()) -> list[PartyFact]:
    section = _party_section(text)
    if section is None:
        return []
    folded = fold_width(text)
    s0, e0 = section
    marks = list(_PARTY_RE.finditer(folded, s0, e0))
    out: list[PartyFact] = []
    for i, m in enumerate(marks):
        block_end = marks[i + 1].start() if i + 1 < len(marks) else e0
        raw = text[m.start("name") : m.end("name")]
        name = _strip_name(raw)
        if not name or name.startswith(_BAD_NAME_START) or len(name) < 2:
            continue
        names = [name]
        if "、" in name and not ORG_SUFFIX_RE.search(name.split("、")[0]):
            names = [n for n in name.split("、") if n]
        block = folded[m.end("name") : block_end]
        role = m.group("role")
        note = m.group("note")
        if note and role in ("上诉人", "被上诉人", "申请人", "被申请人", "再审申请人") and "原审" in note:
            role = f"{role}{note}"
        offset = m.start("name") + (len(raw) - len(raw.lstrip(" \t\u3000")))
        for n in names:
            ns = text.find(n, offset, m.end("name") + 1)
            ns = ns if ns >= 0 else m.start("name")
            kind, conf = party_kind(n, block, known)
            rep = addr = uscc = None
            rep_span: tuple[int, int] | None = None
            if kind == "company":
                rep_m = _REP_RE.search(block)
                rep = rep_m.group("v") if rep_m else None
                if rep_m:
                    rep_span = (m.end("name") + rep_m.start("v"), m.end("name") + rep_m.end("v"))
                uscc_m = _USCC_RE.search(block)
                if uscc_m:
                    try:
                        uscc = validate_uscc(uscc_m.group("v"))
                    except InvalidUSCC:
                        uscc = None
            addr_m = _ADDR_RE.search(block)
            if addr_m:
                addr = addr_m.group("v").strip()
            out.append(PartyFact(name=n, role=_canonical_role(role), kind=kind,
                                 legal_representative=rep, legal_representative_span=rep_span,
                                 address=addr, uscc=uscc,
                                 span=(ns, ns + len(n)), confidence=round(conf * 0.97, 3)))
    return out


def _canonical_role(role: str) -> str:
    return role.replace("(", "（").replace(")", "）")


_COURT_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?P<c>[\u4e00-\u9fff]{2,30}?(?:人民法院|金融法院|海事法院|知识产权法院|互联网法院|"
    r"铁路运输法院|军事法院|铁路运输中级法院))"
)
_CAUSE_RE = re.compile(r"(?P<c>[\u4e00-\u9fff]{2,40}?纠纷)(?:[一两二三四五六七八九十\d]*案|一案)")
_CAUSE_LINE_RE = re.compile(r"案\s*由\s*[：:]\s*(?P<c>[^，,。；;\n]{2,30})")
_COMMON_CAUSE_HEADS = (
    "金融借款合同", "借款合同", "民间借贷", "保证合同", "买卖合同", "融资租赁合同", "追偿权", "债权转让合同",
    "信用卡", "租赁合同", "建设工程施工合同", "房屋买卖合同", "储蓄存款合同", "票据", "股权转让",
    "抵押合同", "质押合同", "委托合同", "承揽合同", "服务合同", "劳动", "侵权责任", "合同",
)


def _cause(text: str, parties: list[PartyFact]) -> TextFact | None:
    folded = fold_width(text)
    line = _CAUSE_LINE_RE.search(folded)
    if line:
        return TextFact(value=line.group("c"), span=line.span("c"), confidence=0.95)
    m = _CAUSE_RE.search(folded)
    if m is None:
        return None
    s, e = m.span("c")
    # The match starts inside the last party's name; cut after the last party name it contains.
    cut = s
    for p in parties:
        i = folded.rfind(p.name, s, e)
        if i >= 0:
            cut = max(cut, i + len(p.name))
    value = folded[cut:e]
    if cut == s:
        for head in _COMMON_CAUSE_HEADS:
            i = value.find(head)
            if i >= 0:
                cut = s + i
                value = folded[cut:e]
                break
        else:
            return TextFact(value=value, span=(s, e), confidence=0.4)
    for lead in ("之间", "间的", "间", "的"):
        if value.startswith(lead):
            cut += len(lead)
            value = value[len(lead) :]
    return TextFact(value=value, span=(cut, e), confidence=0.85)


_DEBT_WORDS = r"(?:借款|债务|贷款|欠款|融资|款项)"
_GUARANTEE_RES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"(?P<g>[^，,。；;：:\n]{2,40}?)对(?P<d>[^，,。；;：:\n]{2,40}?)的[^，,。；;\n]{0,30}?"
                r"(?:债务|借款|欠款|款项|还款义务|给付义务|付款义务|清偿义务|责任)[^，,。；;\n]{0,20}?"
                r"承担连带(?:保证|清偿|担保|偿还|给付)?责任"), 0.9),
    (re.compile(rf"(?P<g>[^，,。；;：:\n]{{2,40}}?)为(?P<d>[^，,。；;：:\n]{{2,40}}?)(?:的|(?={_DEBT_WORDS}))"
                rf"[^，,。；;\n]{{0,24}}?{_DEBT_WORDS}[^，,。；;\n]{{0,24}}?提供(?:了)?(?:连带责任保证|连带保证|"
                r"连带责任担保|保证担保|担保|保证)"), 0.8),
    (re.compile(r"担保人(?:位置|处|栏)[^，,。；;\n]{0,6}?(?:签有|签名|签字|签署|署名)?[“\"]?"
                r"(?P<g>[\u4e00-\u9fff][\u4e00-\u9fffxX×*＊某\d]{1,6}?)[”\"]"), 0.7),
    (re.compile(r"(?:担保人|保证人)(?:为|是)?\s*[：:]?\s*(?P<g>(?!位置|处|栏)[\u4e00-\u9fff][^，,。；;：:\n“”\"]{1,30}?)"
                r"(?=[，,。；;\n（(]|$|在|签|作为|承担|提供)"), 0.6),
    (re.compile(r"(?P<g>[\u4e00-\u9fff][^，,。；;：:\n]{1,30}?)(?:作为|以)(?:连带责任)?(?:担保人|保证人)"), 0.6),
    (re.compile(r"由(?P<g>[^，,。；;：:\n]{2,40}?)(?:提供)?(?:连带责任|连带)?(?:担保|保证)(?!人|合同|公司)"), 0.6),
    (re.compile(r"(?P<g>[^，,。；;：:\n]{2,40}?)(?:在|于)(?:借条|借据|欠条|合同|借款合同)?(?:的)?(?:担保人|保证人)"
                r"(?:处|栏|一栏|位置)?(?:签字|签名|签章|盖章)"), 0.65),
    (re.compile(r"(?P<g>[^，,。；;：:\n]{2,40}?)(?:愿意|同意|自愿)?(?:为|对)(?P<d>[^，,。；;：:\n]{2,20}?)"
                r"(?:提供|做|作)?(?:连带责任)?(?:担保|保证)(?!人|合同|公司|期间|范围|方式)"), 0.55),
)
_NAME_TRIM_RE = re.compile(
    rf"^(?:(?:经审理查明|查明|另查明|同日|当日|后|且|并|由|及|和|其中|被告人|{_ROLE_ALT}|担保人|保证人|"
    r"借款人|出借人|债务人|债权人|贷款人|[\d一二三四五六七八九十]+[、.．])\s*[：:]?)+"
)
_LAST_ROLE_RE = re.compile(rf"(?:{_ROLE_ALT}|被告人|担保人|保证人)")
_FILLER_TAIL_RE = re.compile(r"(?:自愿|同意|愿意|共同|均|亦|也|的|作|以|同时|分别|向原告|另)+$")
_BAD_GUARANTOR = re.compile(r"[《》]|本院|法院|借款|合同|约定|原告|被告$|^[其该此]")
# What a guarantor can look like: an organisation, a 2-4 character personal name, or the
# pseudonyms court data uses (陈某1, 余x1, 王1, 安xxxx1).
_ORG_NAME_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,40}?(?:公司|银行|分行|支行|合作社|联社|信用社|中心|厂)")
_PERSON_NAME_RE = re.compile(r"[\u4e00-\u9fff]{1,3}(?:[xX×*＊某]+\d*|\d+)|[\u4e00-\u9fff]{2,4}")
_NOT_IN_NAME = re.compile(r"[的了在和与向为对被将已未等该其此自同意愿承担保证责任签订提供借款还款履行支付]")


def _clean_party_ref(raw: str) -> str:
    name = raw.strip(" “”\"'")
    marks = list(_LAST_ROLE_RE.finditer(name))
    last = marks[-1] if marks else None
    if last is not None and last.end() < len(name):
        name = name[last.end() :]
    name = _NAME_TRIM_RE.sub("", name)
    name = _FILLER_TAIL_RE.sub("", name)
    return name.strip(" “”\"'：:")


def _name_like(name: str, party_names: list[str]) -> bool:
    if name in party_names:
        return True
    if _ORG_NAME_RE.fullmatch(name):
        return not re.search(r"[，,。；;]|的|与|和", name)
    if _PERSON_NAME_RE.fullmatch(name):
        pseudonym = re.search(r"[xX×*＊某\d]", name) is not None
        return pseudonym or not _NOT_IN_NAME.search(name)
    return False


_GUARANTEE_CUE_RE = re.compile(r"担保|保证|连带")
_CUE_MARGIN = 90


def _cue_windows(folded: str) -> list[tuple[int, int]]:
    """Stretches around guarantee cue words; the patterns only run there, which keeps their lazy
    leading groups from being tried at every position of a long judgment."""
    out: list[tuple[int, int]] = []
    for m in _GUARANTEE_CUE_RE.finditer(folded):
        s, e = max(0, m.start() - _CUE_MARGIN), min(len(folded), m.end() + _CUE_MARGIN)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def extract_guarantees(text: str, parties: list[PartyFact]) -> list[GuaranteeFact]:
    folded = fold_width(text)
    out: list[GuaranteeFact] = []
    seen: set[tuple[str, str | None]] = set()
    party_names = sorted({p.name for p in parties}, key=len, reverse=True)
    kinds: dict[str, Literal["company", "person"]] = {p.name: p.kind for p in parties}
    windows = _cue_windows(folded)
    for pattern, conf in _GUARANTEE_RES:
        for m in (x for ws, we in windows for x in pattern.finditer(folded, ws, we)):
            g = _clean_party_ref(m.group("g"))
            d = _clean_party_ref(m.group("d")) if "d" in pattern.groupindex else None
            g = _snap(g, party_names)
            d = _snap(d, party_names) if d else None
            if not g or len(g) < 2 or len(g) > 40 or _BAD_GUARANTOR.search(g):
                continue
            if d is not None and not _name_like(d, party_names):
                d = None
            # 被告张x1、王x2担保: one guarantee per co-guarantor.
            for one in (_snap(_clean_party_ref(x), party_names) for x in g.split("、")):
                key = (one, d)
                if not _name_like(one, party_names) or key in seen:
                    continue
                seen.add(key)
                gkind = kinds.get(one) or ("company" if ORG_SUFFIX_RE.search(one) else "person")
                out.append(GuaranteeFact(guarantor=one, debtor=d, span=m.span(), confidence=conf,
                                         guarantor_kind=gkind))
    # A guarantee with a named debtor supersedes the same guarantor read without one.
    with_debtor = {g.guarantor for g in out if g.debtor}
    return [g for g in out if g.debtor or g.guarantor not in with_debtor]


def _snap(name: str, party_names: list[str]) -> str:
    """Prefer the party's full name when the text names it with a prefix or suffix around it."""
    for p in party_names:
        if p in name:
            return p
    return name


_OUTCOME_RE = re.compile(r"(?:判决|裁定|决定)如下\s*[：:]\s*(?P<o>[\s\S]{2,1200}?)(?=\n\s*(?:如不服|案件受理费|"
                         r"本判决|本裁定|审\s*判\s*长|审\s*判\s*员|执行员)|$)")


def _outcome(text: str) -> TextFact | None:
    m = _OUTCOME_RE.search(text)
    if m is None:
        return None
    s, e = m.span("o")
    while e > s and text[e - 1] in " \n\t\u3000":
        e -= 1
    return TextFact(value=text[s:e], span=(s, e), confidence=0.85)


def _judgment_date(text: str) -> DateFact | None:
    tail_start = max(0, len(text) - 600)
    dates = find_dates(text, tail_start)
    on_own_line = [d for d in dates if text[d.end : d.end + 1] in ("\n", "") or
                   text[max(0, d.start - 1) : d.start] in ("\n", "")]
    pick = on_own_line[-1] if on_own_line else None
    if pick is None:
        return None
    return DateFact(value=pick.value.isoformat(), span=(pick.start, pick.end), confidence=0.9)


def extract_court(text: str, known: Collection[str] = (), kind: str | None = None) -> CourtFacts:
    facts = CourtFacts()
    head = min(len(text), 600)
    court = _COURT_RE.search(text, 0, head)
    if court:
        facts.court = TextFact(value=court.group("c"), span=court.span("c"), confidence=0.95)
    numbers = find_case_numbers(text, 0, head) or find_case_numbers(text)
    if numbers:
        n = numbers[0]
        facts.case_number = CaseNumberFact(
            value=n.text, year=n.year, court_code=n.court_code, case_type=n.case_type,
            sequence=n.sequence, style=n.style, span=(n.start, n.end),
            confidence=0.97 if n.start < head else 0.6,
        )
    facts.parties = extract_parties(text, known)
    facts.cause = _cause(text, facts.parties)
    facts.date = _judgment_date(text)
    facts.guarantees = extract_guarantees(text, facts.parties)
    # One fact per distinct amount (its first mention): a judgment repeats the principal many times.
    seen_values: set[float] = set()
    for a in find_amounts(text):
        if a.value not in seen_values:
            seen_values.add(a.value)
            facts.amounts.append(AmountFact(value=a.value, text=a.text, span=(a.start, a.end), confidence=0.9))
    facts.outcome = _outcome(text)
    facts.case_status, facts.listing = case_state(text, kind)
    return facts


# The state of an enforcement case, from the words of the ruling or order (terminal states first).
_STATUS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("restriction_lifted", re.compile(r"解除(?:对[^。；\n]{0,40}?)?(?:的)?(?:限制消费|限制高消费)"
                                      r"|(?:删除|屏蔽|撤销)[^。；\n]{0,12}?失信(?:被执行人)?(?:信息|名单)?")),
    ("closed", re.compile(r"(?:本案|案件)?执行完毕|已(?:全部)?履行完毕|终结(?!本次)执行"
                          r"|准许[^。；\n]{0,20}?撤回[^。；\n]{0,6}?执行申请|(?:本案|案件)(?:已)?(?:执行)?结案")),
    ("terminated", re.compile(r"终结本次执行(?:程序)?")),
)
_LISTING_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dishonest", re.compile(r"纳入失信被执行人名单|失信被执行人名单")),
    ("restricted", re.compile(r"限制消费令|限制高消费|限制消费")),
)


def case_state(text: str, kind: str | None) -> tuple[TextFact | None, TextFact | None]:
    """(status, listing) of an enforcement document: the first rule that matches, in the order above; an
    enforcement document with no such words is active. Other documents have none."""
    if kind not in ("enforcement_ruling", "restriction_order", "dishonest_listing"):
        return None, None
    folded = fold_width(text)
    status = None
    for value, pattern in _STATUS_RULES:
        hit = pattern.search(folded)
        if hit:
            status = TextFact(value=value, span=hit.span(), confidence=0.85)
            break
    if status is None:
        status = TextFact(value="active", span=(0, 0), confidence=0.6)
    listing = None
    for value, pattern in _LISTING_RULES:
        hit = pattern.search(folded)
        if hit:
            listing = TextFact(value=value, span=hit.span(), confidence=0.9)
            break
    return status, listing
