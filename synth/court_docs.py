"""Court documents as text: first- and second-instance judgments, withdrawal rulings, enforcement rulings.

The layouts follow 裁判文书网 documents: court, title, case number, the party block (each party with
its role, address and legal representative), the procedural paragraph, claims, facts, reasoning and
the operative part, then the bench and the date. The renderer writes exactly the strings it is
given, so the truth kept beside each document is what the text says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from synth.numerals import arabic, arabic_date, cn_amount, cn_date, wan


@dataclass
class Party:
    name: str
    role: str
    kind: str  # "company" or "person"
    entity_id: str
    uscc: str | None = None
    legal_representative: str | None = None
    legal_representative_id: str | None = None
    lr_title: str = "法定代表人"
    lr_position: str = "该公司执行董事"
    address: str | None = None
    male: bool = True
    birth: dt.date | None = None
    variant: str | None = None


@dataclass
class CourtCase:
    kind: str  # judgment, ruling, enforcement_ruling
    case_number: str
    court: str
    cause: str
    date: dt.date
    filed: dt.date
    parties: list[Party]
    principal: float
    interest: float
    fee: float
    contract_date: dt.date
    amount_style: str  # plain, comma, wan, upper, mixed
    cn_final_date: bool
    bench: list[str]
    lawyer: tuple[str, str]
    appeal_court: str = ""
    prior: tuple[str, str] | None = None  # (court, case number) of the judgment this one follows
    paid: float = 0.0
    goods: str = "货物"
    guarantees: list[tuple[str, str]] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)
    outcome: str | None = None


def money(c: CourtCase, yuan: float, style: str | None = None) -> str:
    """Render an amount in the case's style and remember it for the truth."""
    c.amounts.append(round(yuan, 2))
    s = style or c.amount_style
    if s == "wan" and yuan >= 10_000 and wan(yuan) is not None:
        return f"{wan(yuan)}元"
    if s == "upper":
        return f"人民币{cn_amount(yuan)}"
    if s == "mixed":
        return f"{arabic(yuan, True, True)}元（大写：人民币{cn_amount(yuan)}）"
    return f"{arabic(yuan, s == 'comma', s == 'comma')}元"


def _party_block(p: Party) -> str:
    if p.kind == "person":
        sex = "男" if p.male else "女"
        born = f"{arabic_date(p.birth)}出生，" if p.birth else ""
        return f"{p.role}：{p.name}，{sex}，{born}汉族，住{p.address}。"
    line = f"{p.role}：{p.name}，住所地{p.address}。"
    if p.uscc:
        line = line[:-1] + f"，统一社会信用代码{p.uscc}。"
    if p.legal_representative:
        line += f"\n{p.lr_title}：{p.legal_representative}，{p.lr_position}。"
    return line


def _header(c: CourtCase, title: str) -> list[str]:
    lines = [c.court, title, c.case_number, ""]
    for p in c.parties:
        lines.append(_party_block(p))
        if p.role in ("原告", "上诉人", "申请执行人") and p.kind == "company" and c.kind != "enforcement_ruling":
            lines.append(f"委托诉讼代理人：{c.lawyer[0]}，{c.lawyer[1]}律师。")
    lines.append("")
    return lines


def _footer(c: CourtCase, judges: int = 3) -> list[str]:
    """The bench (c.bench holds judges then the clerk), the date and the clerk."""
    when = cn_date(c.date) if c.cn_final_date else arabic_date(c.date)
    titles = ("审判长", "审判员", "人民陪审员") if judges == 3 else ("审判员",) if judges == 1 else ("审判长", "审判员")
    bench = [f"{title}　{name}" for title, name in zip(titles, c.bench, strict=False)]
    return ["", *bench, when, f"书记员　{c.bench[-1]}"]


def _names(c: CourtCase, role: str) -> list[str]:
    return [p.name for p in c.parties if p.role == role]


def loan_judgment(c: CourtCase) -> str:
    """金融借款合同纠纷 / 保证合同纠纷 / 民间借贷纠纷, first instance, with guarantors as co-defendants."""
    plaintiff = _names(c, "原告")[0]
    debtor = next(d for g, d in c.guarantees) if c.guarantees else _names(c, "被告")[0]
    dr = next(p.role for p in c.parties if p.name == debtor)
    guarantors = [g for g, _ in c.guarantees]
    defendants = "、".join(_names(c, "被告"))
    third = _names(c, "第三人")
    lines = _header(c, "民 事 判 决 书")
    lines.append(f"原告{plaintiff}与被告{defendants}{'、第三人' + '、'.join(third) if third else ''}{c.cause}"
                 f"一案，本院于{arabic_date(c.filed)}立案后，依法适用普通程序，公开开庭进行了审理。原告{plaintiff}的"
                 f"委托诉讼代理人{c.lawyer[0]}到庭参加诉讼，{dr}{debtor}经本院传票传唤无正当理由拒不到庭，"
                 "本院依法缺席审理。本案现已审理终结。")
    principal = money(c, c.principal)
    interest = money(c, c.interest)
    g_text = "、".join(guarantors)
    claims = [f"1.判令{dr}{debtor}偿还借款本金{principal}及利息{interest}（暂计至{arabic_date(c.filed)}）；"]
    if guarantors:
        claims.append(f"2.判令被告{g_text}对上述债务承担连带清偿责任；")
    claims.append(f"{len(claims) + 1}.本案诉讼费用由被告负担。")
    lines.append(f"{plaintiff}向本院提出诉讼请求：" + "".join(claims))
    contract = "《流动资金借款合同》" if c.cause != "民间借贷纠纷" else "《借款协议》"
    lines.append(f"本院经审理认定事实如下：{arabic_date(c.contract_date)}，原告{plaintiff}与{dr}{debtor}签订"
                 f"{contract}，约定{debtor}向{plaintiff}借款{principal}，借款期限十二个月，按月付息。合同签订后，"
                 f"{plaintiff}依约发放了借款。")
    for g, d in c.guarantees:
        lines.append(f"同日，{g}与{plaintiff}签订《保证合同》，约定{g}为{d}的上述借款提供连带责任保证，"
                     "保证期间为主债务履行期届满之日起三年。")
    lines.append(f"借款到期后，{debtor}未按约偿还本息，经催收未果，截至{arabic_date(c.filed)}尚欠本金{principal}、"
                 f"利息{interest}。")
    lines.append(f"本院认为，{contract}及《保证合同》系当事人真实意思表示，内容不违反法律、行政法规的强制性规定，合法"
                 f"有效。{debtor}未按约还款，应承担还本付息的违约责任。"
                 + (f"{g_text}作为保证人，应当对上述债务承担连带清偿责任。"
                    if guarantors else "")
                 + "依照《中华人民共和国民法典》第六百六十七条、第六百七十四条、第六百八十八条，"
                   "《中华人民共和国民事诉讼法》第一百四十七条规定，判决如下：")
    lines.append(f"一、{dr}{debtor}于本判决生效之日起十日内偿还原告{plaintiff}借款本金{principal}及利息{interest}；")
    if guarantors:
        lines.append(f"二、被告{g_text}对本判决第一项确定的债务承担连带清偿责任，承担保证责任后，有权向{dr}{debtor}追偿；")
    lines.append(f"{'三' if guarantors else '二'}、驳回原告{plaintiff}的其他诉讼请求。")
    lines.append("如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，"
                 "加倍支付迟延履行期间的债务利息。")
    lines.append(f"案件受理费{money(c, c.fee)}，由被告{defendants}负担。")
    lines.append(f"如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，"
                 f"上诉于{c.appeal_court}。")
    c.outcome = "判决被告偿还借款本息" + ("，保证人承担连带清偿责任" if guarantors else "")
    return "\n".join(lines + _footer(c))


def sale_judgment(c: CourtCase) -> str:
    """买卖合同纠纷: a supplier sues a buyer for unpaid goods."""
    seller, buyer = _names(c, "原告")[0], _names(c, "被告")[0]
    lines = _header(c, "民 事 判 决 书")
    lines.append(f"原告{seller}与被告{buyer}买卖合同纠纷一案，本院于{arabic_date(c.filed)}立案后，依法适用简易程序，"
                 "公开开庭进行了审理。本案现已审理终结。")
    principal, interest = money(c, c.principal), money(c, c.interest)
    lines.append(f"{seller}向本院提出诉讼请求：1.判令被告支付货款{principal}；2.判令被告支付逾期付款损失{interest}；"
                 "3.本案诉讼费由被告负担。")
    lines.append(f"本院经审理认定事实如下：自{c.contract_date.year}年起，原告向被告供应{c.goods}，双方按月对账结算。"
                 f"{arabic_date(c.contract_date)}，双方签订对账单，确认被告尚欠原告货款{principal}。此后被告未再付款。")
    lines.append("本院认为，原、被告之间的买卖合同关系合法有效。原告已依约供货，被告应按约支付货款，其逾期付款构成违约，"
                 "应承担相应责任。依照《中华人民共和国民法典》第五百七十七条、第六百二十六条规定，判决如下：")
    lines.append(f"一、被告{buyer}于本判决生效之日起十日内支付原告{seller}货款{principal}；")
    lines.append(f"二、被告{buyer}于本判决生效之日起十日内支付原告{seller}逾期付款损失{interest}。")
    lines.append(f"案件受理费{money(c, c.fee)}，减半收取，由被告{buyer}负担。")
    lines.append(f"如不服本判决，可以在判决书送达之日起十五日内向本院递交上诉状，上诉于{c.appeal_court}。")
    c.outcome = "判决被告支付货款及逾期付款损失"
    return "\n".join(lines + _footer(c))


def appeal_judgment(c: CourtCase) -> str:
    """Second instance (民终): the appeal is dismissed and the first judgment upheld."""
    appellant, appellee = _names(c, "上诉人")[0], _names(c, "被上诉人")[0]
    others = _names(c, "原审被告")
    assert c.prior is not None
    lines = _header(c, "民 事 判 决 书")
    lines.append(f"上诉人{appellant}因与被上诉人{appellee}"
                 f"{'、原审被告' + '、'.join(others) if others else ''}{c.cause}一案，不服{c.prior[0]}"
                 f"{c.prior[1]}民事判决，向本院提起上诉。本院于{arabic_date(c.filed)}立案后，依法组成合议庭进行了审理。"
                 "本案现已审理终结。")
    principal = money(c, c.principal)
    lines.append(f"{appellant}上诉请求：撤销一审判决，改判驳回被上诉人的全部诉讼请求。事实和理由：一审认定借款本金"
                 f"{principal}有误，上诉人已部分还款。")
    lines.append(f"{appellee}辩称，一审判决认定事实清楚，适用法律正确，请求驳回上诉，维持原判。")
    lines.append("本院认为，上诉人未提交证据证明其已部分还款，其上诉请求不能成立，应予驳回。一审判决认定事实清楚，"
                 "适用法律正确，应予维持。依照《中华人民共和国民事诉讼法》第一百七十七条第一款第一项规定，判决如下：")
    lines.append("驳回上诉，维持原判。")
    lines.append(f"二审案件受理费{money(c, c.fee)}，由上诉人{appellant}负担。")
    lines.append("本判决为终审判决。")
    c.outcome = "驳回上诉，维持原判"
    return "\n".join(lines + _footer(c))


def withdrawal_ruling(c: CourtCase) -> str:
    plaintiff, defendant = _names(c, "原告")[0], "、".join(_names(c, "被告"))
    lines = _header(c, "民 事 裁 定 书")
    lines.append(f"原告{plaintiff}与被告{defendant}{c.cause}一案，本院于{arabic_date(c.filed)}立案。原告{plaintiff}"
                 f"诉请被告支付{money(c, c.principal)}。审理过程中，原告{plaintiff}以双方已自行和解为由，"
                 "向本院提出撤诉申请。")
    lines.append("本院认为，原告在本案审理期间提出撤诉申请，系其对自己诉讼权利的处分，符合法律规定。依照《中华人民共和国"
                 "民事诉讼法》第一百四十八条第一款、第一百五十七条第一款第五项规定，裁定如下：")
    lines.append(f"准许原告{plaintiff}撤诉。")
    lines.append(f"案件受理费{money(c, c.fee)}，减半收取计{money(c, c.fee / 2)}，由原告{plaintiff}负担。")
    c.outcome = "准许撤诉"
    return "\n".join(lines + _footer(c, 1))


def enforcement_ruling(c: CourtCase) -> str:
    applicant = _names(c, "申请执行人")[0]
    debtors = "、".join(_names(c, "被执行人"))
    assert c.prior is not None
    lines = _header(c, "执 行 裁 定 书")
    target = money(c, c.principal)
    lines.append(f"本院在执行申请执行人{applicant}与被执行人{debtors}{c.cause}一案中，{c.prior[0]}{c.prior[1]}民事判决书"
                 f"已经发生法律效力。因被执行人未履行生效法律文书确定的义务，申请执行人于{arabic_date(c.filed)}"
                 f"向本院申请强制执行，本院依法立案执行，执行标的{target}。")
    lines.append("执行过程中，本院向被执行人发出执行通知书、报告财产令，通过网络执行查控系统对被执行人的存款、车辆、"
                 f"不动产、证券等财产进行了查询，扣划被执行人银行存款{money(c, c.paid)}，"
                 "被执行人名下暂无其他可供执行的财产。本院已对被执行人采取限制消费措施，并将其纳入失信被执行人名单。")
    lines.append("依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条规定，裁定如下：")
    lines.append("终结本次执行程序。")
    lines.append("申请执行人发现被执行人有可供执行财产的，可以再次申请执行。本裁定送达后即发生法律效力。")
    c.outcome = "终结本次执行程序"
    return "\n".join(lines + _footer(c, 2))


RENDERERS: dict[str, Callable[[CourtCase], str]] = {
    "loan": loan_judgment, "sale": sale_judgment, "appeal": appeal_judgment,
    "withdrawal": withdrawal_ruling, "enforcement": enforcement_ruling,
}
