"""Administrative penalties as text: a full decision (行政处罚决定书) and a disclosure table (信息公开表).

Two families: the banking regulator penalising a financial institution and the individuals
responsible in it (the 银保监 / 金融监管总局 formats: one person, or the institution with several of its
staff in one decision, each with an own sanction), and city authorities penalising an ordinary
enterprise (market regulation, environment with 第0NN号 numbers, tax with the taxpayer number and the
fine as a share of the unpaid tax, work safety). Tables come label: value, as one header row and one
data row, or one row per party.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from synth.numerals import arabic, arabic_date, cn_amount, cn_date, cn_integer

BANK_VIOLATIONS = (
    ("贷款“三查”严重不尽职", "《中华人民共和国银行业监督管理法》第二十一条、第四十六条"),
    ("违规发放贷款，贷款资金被挪用", "《中华人民共和国银行业监督管理法》第四十六条、第四十八条"),
    ("违规为企业提供融资性担保", "《融资担保公司监督管理条例》第四十一条"),
    ("票据业务严重违反审慎经营规则", "《中华人民共和国银行业监督管理法》第二十一条、第四十六条"),
    ("小额贷款业务超范围经营", "《河南省小额贷款公司监督管理暂行办法》第三十五条"),
)
CITY_VIOLATIONS = {
    "市监": (("未按规定公示年度报告", "《企业信息公示暂行条例》第十八条"),
             ("销售不符合标准的产品", "《中华人民共和国产品质量法》第四十九条")),
    "环": (("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条"),
           ("未批先建", "《中华人民共和国环境影响评价法》第三十一条")),
    "税": (("少缴增值税", "《中华人民共和国税收征收管理法》第六十三条"),
           ("未按规定开具发票", "《中华人民共和国发票管理办法》第三十五条")),
    "应急": (("未按规定开展安全生产教育培训", "《中华人民共和国安全生产法》第九十七条"),),
}


@dataclass
class Staff:
    """A person penalised in the same decision as their institution, with their own sanction."""

    name: str
    person_id: str
    position: str
    kinds: list[str]
    fine: float | None


@dataclass
class Penalty:
    kind: str  # penalty_decision or penalty_table
    decision_number: str
    authority: str
    party_institution: str | None
    party_institution_id: str | None
    party_person: str | None
    party_person_id: str | None
    party_person_unit: str | None
    responsible_person: str | None
    responsible_person_id: str | None
    violation: str
    legal_basis: str
    penalty_kinds: list[str]
    fine_amount: float | None
    date: date
    address: str | None
    upper_amount: bool  # write the fine as 罚款人民币二十万元 rather than 罚款20万元
    cn_date: bool
    staff: list[Staff] = field(default_factory=list)
    tax_style: bool = False  # 税务稽查局: salutation with 纳税人识别号, fine as 50% of the unpaid tax
    unit_id: str | None = None  # the USCC of party_person_unit


def decision_text(p: Penalty, kinds: list[str] | None = None, fine: float | None = None) -> str:
    """The sentence that states the decision: 警告并罚款人民币二十万元 / 禁止从事银行业工作终身 (of the
    institution or the one person by default, or of the kinds and fine given)."""
    parts: list[str] = []
    kinds = p.penalty_kinds if kinds is None else kinds
    fine = p.fine_amount if kinds is p.penalty_kinds else fine
    for k in kinds:
        if k == "罚款" and fine is not None:
            fine_text = (f"罚款人民币{cn_integer(round(fine), False)}元" if p.upper_amount
                         else f"罚款{arabic(fine, True, False)}元")
            parts.append(fine_text)
        elif k == "禁止从业":  # the kind as the extractor names it, written the regulator's way
            parts.append("禁止从事银行业工作五年")
        else:
            parts.append(k)
    return "并".join(parts)


def _when(p: Penalty) -> str:
    return cn_date(p.date) if p.cn_date else arabic_date(p.date)


def _tax_decision(p: Penalty) -> str:
    assert p.fine_amount is not None
    unpaid = p.fine_amount * 2
    lines = [p.authority, "税务行政处罚决定书", p.decision_number,
             f"{p.party_institution}（纳税人识别号：{p.party_institution_id}）：",
             f"经检查，你单位{p.date.year - 1}年度存在以下违法事实：{p.violation}。",
             f"经计算，你单位少缴税款{arabic(unpaid, True, True)}元。",
             f"根据{p.legal_basis}规定，对你单位少缴的税款{arabic(unpaid, True, True)}元处以百分之五十的罚款，"
             f"计{arabic(p.fine_amount, True, True)}元。",
             "限你单位自本决定书送达之日起十五日内缴纳入库。", "", p.authority, _when(p)]
    return "\n".join(lines)


def render_decision(p: Penalty) -> str:
    if p.tax_style:
        return _tax_decision(p)
    lines = [p.authority, "行政处罚决定书", p.decision_number, ""]
    if p.party_institution:
        lines.append(f"当事人：{p.party_institution}")
        if p.address:
            lines.append(f"地址：{p.address}")
        if p.responsible_person:
            lines.append(f"法定代表人（主要负责人）：{p.responsible_person}")
    if p.party_person:
        lines.append(f"当事人：{p.party_person}")
        lines.append(f"单位及职务：{p.party_person_unit}相关业务负责人")
    for s in p.staff:
        lines.append(f"当事人：{s.name}，时任{p.party_institution}{s.position}")
    lines.append("")
    who = p.party_institution or p.party_person
    lines.append(f"经查，{who}存在以下违法违规行为：{p.violation}。")
    lines.append(f"上述事实有现场检查记录、相关业务资料、当事人陈述等证据为证。本机关已依法告知当事人拟作出行政处罚的"
                 f"事实、理由、依据及其依法享有的陈述、申辩和听证权利，当事人{'未提出' if p.date.day % 2 else '提出了'}"
                 "陈述申辩意见。")
    if p.staff:
        each = [f"对{p.party_institution}{decision_text(p)}"]
        each += [f"对{s.name}{decision_text(p, s.kinds, s.fine)}" for s in p.staff]
        lines.append(f"根据{p.legal_basis}，本机关决定：{'；'.join(each)}。")
    else:
        lines.append(f"根据{p.legal_basis}，本机关决定对{who}作出如下行政处罚：{decision_text(p)}。")
    if p.fine_amount is not None:
        lines.append("当事人应自收到本决定书之日起十五日内，将罚款缴至指定账户。逾期不缴纳的，每日按罚款数额的百分之三"
                     "加处罚款。")
    lines.append("当事人如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，也可在六个月内依法提起行政诉讼。"
                 "复议和诉讼期间，本处罚决定不停止执行。")
    lines.extend(["", p.authority, _when(p)])
    return "\n".join(lines)


def render_party_rows(p: Penalty) -> str:
    """One row per party (the institution, then each of its staff), numbered, the decision number in each."""
    header = ("| 序号 | 当事人名称 | 法定代表人 | 单位及职务 | 行政处罚决定书文号 | 主要违法违规事实 | 行政处罚依据 "
              "| 行政处罚内容 | 作出处罚决定的机关名称 | 作出处罚决定的日期 |")
    facts = f"{p.violation} | {p.legal_basis}"
    rows = [f"| 1 | {p.party_institution} | {p.responsible_person or '-'} | - | {p.decision_number} | {facts} | "
            f"{decision_text(p)} | {p.authority} | {_when(p)} |"]
    for i, s in enumerate(p.staff, 2):
        rows.append(f"| {i} | {s.name} | - | {p.party_institution}{s.position} | {p.decision_number} | {facts} | "
                    f"{decision_text(p, s.kinds, s.fine)} | {p.authority} | {_when(p)} |")
    return "\n".join([f"{p.authority}行政处罚信息公开表", header, *rows])


def render_table(p: Penalty, vertical: bool) -> str:
    """The disclosure table: vertical key | value rows, or one header row and one data row (one row per
    party when the decision has staff)."""
    if p.staff:
        return render_party_rows(p)
    name_cell = p.party_person or p.party_institution or ""
    unit_cell = p.party_person_unit or ""
    head = p.responsible_person or ""
    if vertical:
        rows = [("行政处罚决定书文号", p.decision_number)]
        if p.party_person:
            rows.append(("被处罚当事人姓名或名称 | 个人姓名", f"{name_cell}（{unit_cell}）"))
        if p.party_institution:
            rows.append(("被处罚当事人姓名或名称 | 单位 | 名称", p.party_institution))
            rows.append(("被处罚当事人姓名或名称 | 单位 | 法定代表人（主要负责人）姓名", head))
        rows += [("主要违法违规事实（案由）", p.violation), ("行政处罚依据", p.legal_basis),
                 ("行政处罚决定", decision_text(p)), ("作出处罚决定的机关名称", p.authority),
                 ("作出处罚决定的日期", _when(p))]
        return "行政处罚信息公开表\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    header = ("| 序号 | 当事人名称 | 单位 | 负责人 | 主要违法违规事实 | 行政处罚依据 | 行政处罚决定 | 决定机关 "
              "| 决定日期 | 文号 |")
    row = (f"| 1 | {name_cell} | {unit_cell or '-'} | {head or '-'} | {p.violation} | {p.legal_basis} | "
           f"{decision_text(p)} | {p.authority} | {_when(p)} | {p.decision_number} |")
    return f"{p.authority}行政处罚信息公开表\n{header}\n{row}"


def fine_renderings(yuan: float) -> list[str]:
    """The forms a penalty writes its fine in (for tests and scorers)."""
    whole = round(yuan)
    return [f"人民币{cn_integer(whole, False)}元", arabic(yuan, True, False), f"{whole}", cn_amount(yuan)]
