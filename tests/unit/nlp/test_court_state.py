"""Court documents: the state of an enforcement case, the enforcement lists as documents, natural-person
guarantors and the span of the stated 法定代表人."""

from __future__ import annotations

import pytest

from nlp.extract import extract_text

HEAD = """河南省郑州市金水区人民法院
{title}
（2023）豫0105执{seq}号
申请执行人：豫链银行股份有限公司，住所地河南省郑州市金水区解放路135号。
法定代表人：唐颖爽，该行董事长。
被执行人：郑州宏达机械配件有限公司，住所地河南省郑州市中原区建设路88号。
法定代表人：张伟，该公司执行董事。
"""

CASES = [
    ("执 行 裁 定 书", "本院在执行过程中，未发现被执行人有可供执行的财产。裁定如下：\n终结本次执行程序。",
     "enforcement_ruling", "terminated", None),
    ("执 行 裁 定 书", "被执行人已全部履行完毕。裁定如下：\n本案执行完毕。", "enforcement_ruling", "closed", None),
    ("执 行 裁 定 书", "裁定如下：\n冻结、划拨被执行人郑州宏达机械配件有限公司银行存款人民币250,000元。",
     "enforcement_ruling", "active", None),
    ("限 制 消 费 令", "因你单位未按执行通知书指定的期间履行生效法律文书确定的给付义务，本院依照"
     "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条、第三条，"
     "对你单位及法定代表人张伟采取限制消费措施。",
     "restriction_order", "active", "restricted"),
    ("解除限制消费令", "被执行人已履行完毕生效法律文书确定的义务，"
     "本院决定解除对郑州宏达机械配件有限公司的限制消费措施。",
     "restriction_order", "restriction_lifted", "restricted"),
    ("纳入失信被执行人名单决定书", "被执行人有履行能力而拒不履行生效法律文书确定的义务，"
     "本院决定将其纳入失信被执行人名单。",
     "dishonest_listing", "active", "dishonest"),
]


@pytest.mark.parametrize(("title", "body", "kind", "status", "listing"), CASES)
def test_enforcement_state(title: str, body: str, kind: str, status: str, listing: str | None) -> None:
    text = HEAD.format(title=title, seq=1234) + body + "\n二〇二三年九月二十六日\n"
    e = extract_text(text)
    assert e.kind.value == kind and e.kind.is_court
    assert e.case_status is not None and e.case_status.value == status
    assert (e.listing.value if e.listing else None) == listing
    debtor = next(p for p in e.parties if p.role == "被执行人")
    assert debtor.legal_representative == "张伟" and debtor.legal_representative_span is not None
    s, t = debtor.legal_representative_span
    assert text[s:t] == "张伟"


def test_judgments_have_no_case_status() -> None:
    text = HEAD.format(title="民 事 判 决 书", seq=1).replace("执1号", "民初1号") + "判决如下：\n驳回原告的诉讼请求。"
    e = extract_text(text)
    assert e.kind.value == "judgment" and e.case_status is None and e.listing is None


def test_natural_person_guarantor() -> None:
    text = ("河南省郑州市金水区人民法院\n民 事 判 决 书\n（2023）豫0105民初88号\n"
            "原告：豫链银行股份有限公司，住所地河南省郑州市金水区解放路135号。\n"
            "被告：郑州宏达机械配件有限公司，住所地河南省郑州市中原区建设路88号。\n法定代表人：张伟，该公司执行董事。\n"
            "被告：王建国，男，1970年1月2日出生，汉族，住河南省郑州市。\n"
            "原告豫链银行股份有限公司与被告郑州宏达机械配件有限公司、王建国金融借款合同纠纷一案，本院依法审理。\n"
            "同日，王建国与豫链银行股份有限公司签订《保证合同》，约定王建国为郑州宏达机械配件有限公司的上述借款提供连带责任保证。\n"
            "判决如下：\n一、被告郑州宏达机械配件有限公司偿还借款。\n")
    e = extract_text(text)
    found = {(g.guarantor, g.debtor, g.guarantor_kind) for g in e.guarantees}
    assert ("王建国", "郑州宏达机械配件有限公司", "person") in found
