from __future__ import annotations

import pytest

from nlp.extract import extract_text
from nlp.penalty import extract_disclosure_table, extract_penalty_decision

TABLE = """中国银监会惠州监管分局行政处罚信息公开表
行政处罚决定书文号：惠银监罚决字〔2015〕1号
被处罚当事人：
  个人姓名：—
  个人所在单位：—
  单位名称：惠州仲恺东盈村镇银行股份有限公司
  法定代表人（主要负责人）姓名：袁沃钿
主要违法违规事实（案由）：授信业务严重违反审慎经营规则
行政处罚依据：《中华人民共和国银行业监督管理法》第二十一条、第四十六条
行政处罚决定：{decision}
作出处罚决定的机关名称：中国银监会惠州监管分局
作出处罚决定的日期：2015-12-8
"""

DECISIONS = [
    ("罚款人民币二十万元", ["罚款"], 200_000),
    ("罚款50万元", ["罚款"], 500_000),
    ("罚款四十万元人民币", ["罚款"], 400_000),
    ("警告，罚款人民币四十万元", ["警告", "罚款"], 400_000),
    ("（一）警告（二）罚款9万元", ["警告", "罚款"], 90_000),
    ("警告并处5万元罚款", ["警告", "罚款"], 50_000),
    ("对某某银行罚款人民币30万元。对周某给予警告，并处罚款人民币5万元。", ["警告", "罚款"], 350_000),
    ("没收违法所得10万元，并处罚款人民币２０万元", ["罚款", "没收违法所得"], 200_000),
    ("取消高级管理人员任职资格5年", ["取消任职资格"], None),
    ("取消其终身高级管理人员任职资格，禁止终身从事银行业工作。", ["取消任职资格", "禁止从业"], None),
    ("警告", ["警告"], None),
]


@pytest.mark.parametrize(("decision", "kinds", "fine"), DECISIONS)
def test_disclosure_table(decision: str, kinds: list[str], fine: float | None) -> None:
    text = TABLE.format(decision=decision)
    f = extract_disclosure_table(text)
    assert f.decision_number is not None and f.decision_number.value == "惠银监罚决字〔2015〕1号"
    assert f.party_institution is not None and f.party_institution.value == "惠州仲恺东盈村镇银行股份有限公司"
    assert f.party_person is None and f.party_person_unit is None
    assert f.responsible_person is not None and f.responsible_person.value == "袁沃钿"
    assert f.violation is not None and f.violation.value == "授信业务严重违反审慎经营规则"
    assert f.authority is not None and f.authority.value == "中国银监会惠州监管分局"
    assert f.date is not None and f.date.value == "2015-12-08"
    assert sorted(k.value for k in f.penalty_kinds) == sorted(kinds)
    assert (f.fine_amount.value if f.fine_amount else None) == fine
    for fact in (f.decision_number, f.violation, f.authority):
        assert text[fact.span[0] : fact.span[1]] == fact.value


def test_table_as_html_cells() -> None:
    text = ("行政处罚信息公开表\n行政处罚决定书文号\t沪银监罚决字〔2016〕3号\n个人姓名\t张三\n"
            "个人所在单位\t某某银行上海分行\n行政处罚决定\t罚款人民币三十万元\n作出处罚决定的日期\t2016年5月3日\n")
    f = extract_disclosure_table(text)
    assert f.decision_number is not None and f.decision_number.value == "沪银监罚决字〔2016〕3号"
    assert f.party_person is not None and f.party_person.value == "张三"
    assert f.party_person_unit is not None and f.party_person_unit.value == "某某银行上海分行"
    assert f.fine_amount is not None and f.fine_amount.value == 300_000
    assert f.date is not None and f.date.value == "2016-05-03"


def test_table_with_pipe_cells() -> None:
    text = ("行政处罚信息公开表\n| 行政处罚决定书文号 | 豫银监罚决字〔2017〕57号 |\n"
            "| 个人姓名 | 林某（河南某某担保有限公司） |\n| 行政处罚决定 | 警告 |\n"
            "| 作出处罚决定的日期 | 二〇一七年四月十二日 |\n")
    f = extract_disclosure_table(text)
    assert f.decision_number is not None and f.decision_number.value == "豫银监罚决字〔2017〕57号"
    assert f.party_person is not None and f.party_person.value == "林某（河南某某担保有限公司）"
    assert [k.value for k in f.penalty_kinds] == ["警告"] and f.fine_amount is None
    assert f.date is not None and f.date.value == "2017-04-12"


DECISION_TEXT = """中国银保监会某某监管分局行政处罚决定书
某银保监罚决字〔2020〕12号

当事人：某某农村商业银行股份有限公司
住所：某某市某某路1号
法定代表人：李某某

经查，当事人存在贷款资金被挪用、违规发放贷款等违法违规行为。
以上事实，有相关材料为证。
根据《中华人民共和国银行业监督管理法》第四十六条，本分局决定对当事人罚款人民币伍拾万元。

中国银保监会某某监管分局
2020年6月18日
"""


def test_free_text_decision() -> None:
    f = extract_penalty_decision(DECISION_TEXT)
    assert f.decision_number is not None and f.decision_number.value == "某银保监罚决字〔2020〕12号"
    assert f.party_institution is not None and f.party_institution.value == "某某农村商业银行股份有限公司"
    assert f.responsible_person is not None and f.responsible_person.value == "李某某"
    assert f.violation is not None and f.violation.value.startswith("当事人存在贷款资金被挪用")
    assert f.legal_basis is not None and f.legal_basis.value.startswith("《中华人民共和国银行业监督管理法》第四十六条")
    assert [k.value for k in f.penalty_kinds] == ["罚款"]
    assert f.fine_amount is not None and f.fine_amount.value == 500_000
    assert f.date is not None and f.date.value == "2020-06-18"
    assert f.authority is not None and f.authority.value == "中国银保监会某某监管分局"


def test_free_text_individual() -> None:
    text = ("行政处罚决定书\n某银监罚决字〔2016〕3号\n当事人：王某，男，时任某某银行某某支行行长。\n"
            "经查，王某对该支行违规发放贷款负有直接责任。\n依据《中华人民共和国银行业监督管理法》第四十八条，"
            "我局决定：给予王某警告，并处罚款人民币五万元。\n2016年3月1日\n")
    f = extract_penalty_decision(text)
    assert f.party_person is not None and f.party_person.value == "王某"
    assert f.party_person_unit is not None and f.party_person_unit.value == "某某银行某某支行"
    assert sorted(k.value for k in f.penalty_kinds) == ["罚款", "警告"]
    assert f.fine_amount is not None and f.fine_amount.value == 50_000


def test_extraction_provenance_and_kind() -> None:
    e = extract_text(TABLE.format(decision="罚款人民币二十万元"), source="t.txt")
    assert e.kind.value == "penalty_disclosure"
    assert len(e.doc_id) == 64
    d = e.to_dict()
    assert "parties" not in d and d["fine_amount"]["value"] == 200_000
    for _name, fact in e.facts():
        p = e.provenance(fact)
        assert p.doc_id == e.doc_id and 0 <= p.confidence <= 1 and p.span[0] <= p.span[1]
