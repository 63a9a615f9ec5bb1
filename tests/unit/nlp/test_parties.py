from __future__ import annotations

import pytest

from nlp.court import extract_court, extract_parties

# (party section, [(role, name, kind, legal_representative, address)])
SECTIONS = [
    (
        "原告：牛某1，男，1972年11月10日出生，汉族，住山西省太原市。委托诉讼代理人：李晓星，山西新国泰律师事务所律师。"
        "被告：山西智伟基业房地产开发有限公司，住山西省太原市小店区通达西街29号。法定代表人：李欣，总经理。"
        "被告：冯某1，男，1970年6月29日出生，汉族，住山西省太原市。被告：康某1，女，1973年7月26日出生。"
        "以上被告共同委托诉讼代理人：李建业。\n原告牛某1向本院提出诉讼请求：",
        [
            ("原告", "牛某1", "person", None, "山西省太原市"),
            ("被告", "山西智伟基业房地产开发有限公司", "company", "李欣", "山西省太原市小店区通达西街29号"),
            ("被告", "冯某1", "person", None, "山西省太原市"),
            ("被告", "康某1", "person", None, None),
        ],
    ),
    (
        "上诉人（原审被告）：杭州某某贸易有限公司，住所地浙江省杭州市西湖区文三路1号。\n"
        "法定代表人：王某，该公司董事长。\n"
        "被上诉人（原审原告）：中国工商银行股份有限公司杭州分行，住所地浙江省杭州市上城区解放路2号。\n"
        "负责人：沈某某，该分行行长。\n"
        "原审被告：陈某，男，1980年1月1日出生。\n"
        "原审第三人：张某甲，女。\n"
        "上诉人杭州某某贸易有限公司因与被上诉人中国工商银行股份有限公司杭州分行金融借款合同纠纷一案，不服……",
        [
            ("上诉人（原审被告）", "杭州某某贸易有限公司", "company", "王某", "浙江省杭州市西湖区文三路1号"),
            ("被上诉人（原审原告）", "中国工商银行股份有限公司杭州分行", "company", "沈某某",
             "浙江省杭州市上城区解放路2号"),
            ("原审被告", "陈某", "person", None, None),
            ("原审第三人", "张某甲", "person", None, None),
        ],
    ),
    (
        "申请执行人：中国农业银行股份有限公司绍兴越城支行，住所地绍兴市越城区。\n负责人：赵某。\n"
        "被执行人：绍兴某某纺织有限公司（以下简称某某公司），住所地绍兴市柯桥区。\n法定代表人：钱某。\n"
        "被执行人：孙某，男。\n本院在执行申请执行人与被执行人金融借款合同纠纷一案中……",
        [
            ("申请执行人", "中国农业银行股份有限公司绍兴越城支行", "company", "赵某", "绍兴市越城区"),
            ("被执行人", "绍兴某某纺织有限公司", "company", "钱某", "绍兴市柯桥区"),
            ("被执行人", "孙某", "person", None, None),
        ],
    ),
    (
        "原告李某1。委托代理人蒋水光，湘阴县南湖法律服务所法律工作者。被告夏某1。\n\n原告李某1诉称，",
        [("原告", "李某1", "person", None, None), ("被告", "夏某1", "person", None, None)],
    ),
    (
        "原告（反诉被告）：深圳市某某科技（集团）有限公司，住所地：深圳市南山区。\n"
        "法定代表人：周某。\n"
        "被告（反诉原告）：ＡＢＣ商贸有限公司，住所地：广州市天河区。\n"
        "法定代表人：吴某某，执行董事。\n"
        "第三人：王五，男。\n原告与被告买卖合同纠纷一案，",
        [
            ("原告", "深圳市某某科技（集团）有限公司", "company", "周某", "深圳市南山区"),
            ("被告", "ＡＢＣ商贸有限公司", "company", "吴某某", "广州市天河区"),
            ("第三人", "王五", "person", None, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECTIONS)
def test_party_sections(text: str, expected: list[tuple[str, str, str, str | None, str | None]]) -> None:
    parties = extract_parties(text)
    got = [(p.role, p.name, p.kind, p.legal_representative, p.address) for p in parties]
    assert got == expected
    for p in parties:
        assert text[p.span[0] : p.span[1]] == p.name


def test_uscc_is_validated() -> None:
    text = ("原告：北京某某有限公司，统一社会信用代码91110000100000000A，住所地北京市。\n"
            "被告：上海某某有限公司，统一社会信用代码：91310000MA1FL0000X，住所地上海市。\n原告与被告纠纷一案")
    parties = extract_parties(text)
    assert parties[0].uscc is None  # wrong check character
    assert [p.name for p in parties] == ["北京某某有限公司", "上海某某有限公司"]


JUDGMENT = """浙江省杭州市中级人民法院
民 事 判 决 书
（2017）浙01民终1234号
上诉人（原审被告）：杭州甲乙贸易有限公司，住所地杭州市西湖区。
法定代表人：王某。
被上诉人（原审原告）：中国建设银行股份有限公司杭州分行，住所地杭州市。
负责人：沈某。
原审被告：杭州丙丁实业有限公司，住所地杭州市。
上诉人杭州甲乙贸易有限公司因与被上诉人中国建设银行股份有限公司杭州分行金融借款合同纠纷一案，不服杭州市西湖区人民法院（2016）浙0106民初88号民事判决，向本院提起上诉。
原审查明：杭州丙丁实业有限公司对杭州甲乙贸易有限公司的上述债务承担连带保证责任。借款本金人民币1,200,000元，利息12.5万元。
本院认为，……判决如下：
驳回上诉，维持原判。
二审案件受理费15,600元，由上诉人负担。
本判决为终审判决。
审判长　李某
二〇一七年十二月八日
书记员　赵某
"""


def test_full_judgment() -> None:
    facts = extract_court(JUDGMENT)
    assert facts.court is not None and facts.court.value == "浙江省杭州市中级人民法院"
    assert facts.case_number is not None and facts.case_number.value == "（2017）浙01民终1234号"
    assert facts.cause is not None and facts.cause.value == "金融借款合同纠纷"
    assert facts.date is not None and facts.date.value == "2017-12-08"
    assert [(g.guarantor, g.debtor) for g in facts.guarantees] == [("杭州丙丁实业有限公司", "杭州甲乙贸易有限公司")]
    assert [a.value for a in facts.amounts] == [1_200_000, 125_000, 15_600]
    assert facts.outcome is not None and facts.outcome.value.startswith("驳回上诉，维持原判")
    assert [p.role for p in facts.parties] == ["上诉人（原审被告）", "被上诉人（原审原告）", "原审被告"]


GUARANTEES = [
    ("被告张某对被告李某的借款本息承担连带保证责任。", ("张某", "李某")),
    (
        "被告某某担保有限公司为被告某某实业有限公司的上述借款提供连带责任保证。",
        ("某某担保有限公司", "某某实业有限公司"),
    ),
    ("借条中担保人位置上签有“余x1”三个字", ("余x1", None)),
]


@pytest.mark.parametrize(("text", "expected"), GUARANTEES)
def test_guarantees(text: str, expected: tuple[str, str | None]) -> None:
    facts = extract_court(text)
    assert (facts.guarantees[0].guarantor, facts.guarantees[0].debtor) == expected
