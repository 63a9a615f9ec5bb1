"""A small world and documents whose links are known by construction (entity linking tests).

Enterprises (uscc(n)):
  1 郑州宏达机械配件有限公司  legal representative 张伟 (pid 1)       named exactly            -> exact_name
  2 宏达机械（郑州）有限公司                                          written 宏达机械(郑州)有限公司 -> normalised_name
  3 河南新华包装材料有限公司  former name 河南旧华包装有限公司          written by its former name -> former_name
  4 洛阳恒泰汽车贸易有限公司                                          written 洛阳恒太汽车贸易有限公司 -> fuzzy_name
  5 豫链银行股份有限公司                                              its USCC is in the text  -> uscc
  6 郑州嵩嘉农村商业银行股份有限公司  legal representative 王芳 (pid 2), officer 李娜 (pid 3)
Not in the graph: 开封远方电子科技有限公司 (unresolved; appears in review).
Persons: 张伟 is a defendant and the stated 法定代表人 of 1 -> legal_rep_of_party; 刘洋 is a defendant tied to
no company of the document -> unresolved.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import pid, uscc, write_table

NAMES = {
    1: "郑州宏达机械配件有限公司",
    2: "宏达机械（郑州）有限公司",
    3: "河南新华包装材料有限公司",
    4: "洛阳恒泰汽车贸易有限公司",
    5: "豫链银行股份有限公司",
    6: "郑州嵩嘉农村商业银行股份有限公司",
}
FAR_NAME = "开封远方电子科技有限公司"
TYPO_NAME = "洛阳恒太汽车贸易有限公司"
CASE_NUMBER = "（2023）豫0105民初1234号"
DECISION_INSTITUTION = "豫银保监罚决字〔2021〕12号"
DECISION_INDIVIDUAL = "豫银保监罚决字〔2021〕13号"

JUDGMENT = f"""郑州市金水区人民法院
民 事 判 决 书
{CASE_NUMBER}

原告：豫链银行股份有限公司，住所地河南省郑州市金水区解放路135号，统一社会信用代码{uscc(5)}。
法定代表人：唐颖爽，该行董事长。
被告：宏达机械(郑州)有限公司，住所地河南省郑州市二七区纬五路162号。
法定代表人：付坚，该公司执行董事。
被告：郑州宏达机械配件有限公司，住所地河南省郑州市中原区建设路88号。
法定代表人：张伟，该公司执行董事。
被告：河南旧华包装有限公司，住所地河南省新乡市牧野区华兰大道1号。
法定代表人：吴江，该公司执行董事。
被告：{TYPO_NAME}，住所地河南省洛阳市西工区中州路20号。
法定代表人：蔡宁，该公司执行董事。
被告：{FAR_NAME}，住所地河南省开封市龙亭区北门大街9号。
法定代表人：高行翔，该公司执行董事。
被告：张伟，男，1975年5月21日出生，汉族，住河南省郑州市金水区。
被告：刘洋，男，1980年3月2日出生，汉族，住河南省郑州市二七区。

原告豫链银行股份有限公司与被告宏达机械(郑州)有限公司、郑州宏达机械配件有限公司、张伟、刘洋金融借款合同纠纷一案，本院于2023年3月11日立案后，依法适用普通程序，公开开庭进行了审理。本案现已审理终结。
豫链银行股份有限公司向本院提出诉讼请求：1.判令被告宏达机械(郑州)有限公司偿还借款本金人民币贰拾肆万伍仟元整；2.判令被告郑州宏达机械配件有限公司、张伟对上述债务承担连带清偿责任。
本院经审理认定事实如下：2022年11月9日，原告豫链银行股份有限公司与被告宏达机械(郑州)有限公司签订《流动资金借款合同》，约定宏达机械(郑州)有限公司向豫链银行股份有限公司借款人民币贰拾肆万伍仟元整。
同日，郑州宏达机械配件有限公司与豫链银行股份有限公司签订《保证合同》，约定郑州宏达机械配件有限公司为宏达机械(郑州)有限公司的上述借款提供连带责任保证，保证期间为主债务履行期届满之日起三年。
本院认为，《流动资金借款合同》及《保证合同》合法有效。依照《中华人民共和国民法典》第六百六十七条规定，判决如下：
一、被告宏达机械(郑州)有限公司于本判决生效之日起十日内偿还原告豫链银行股份有限公司借款本金人民币贰拾肆万伍仟元整；
二、被告郑州宏达机械配件有限公司、张伟对本判决第一项确定的债务承担连带清偿责任。
案件受理费人民币伍仟叁佰玖拾叁元，由被告宏达机械(郑州)有限公司负担。

审判长　姚颖
2023年9月26日
书记员　吴振
"""

PENALTY_INSTITUTION = f"""中国银行保险监督管理委员会河南监管局
行政处罚决定书
{DECISION_INSTITUTION}

当事人：{NAMES[6]}
地址：河南省郑州市管城回族区金水路193号
法定代表人（主要负责人）：王芳

经查，{NAMES[6]}存在以下违法违规行为：贷款“三查”严重不尽职。
根据《中华人民共和国银行业监督管理法》第二十一条、第四十六条，本机关决定对{NAMES[6]}作出如下行政处罚：罚款人民币二十万元。

中国银行保险监督管理委员会河南监管局
2021年11月28日
"""

PENALTY_INDIVIDUAL = f"""中国银行保险监督管理委员会河南监管局
行政处罚决定书
{DECISION_INDIVIDUAL}

当事人：李娜
单位及职务：{NAMES[6]}相关业务负责人

经查，李娜存在以下违法违规行为：违规为企业提供融资性担保。
根据《融资担保公司监督管理条例》第四十一条，本机关决定对李娜作出如下行政处罚：警告并罚款70,000元。

中国银行保险监督管理委员会河南监管局
2021年5月3日
"""


def write_documents_world(directory: Path) -> Path:
    """The tables of the world above, loadable with ingestion.loader.load_directory."""
    directory.mkdir(parents=True, exist_ok=True)
    write_table(directory, "enterprises", [
        {"uscc": uscc(n), "name": name, "status": "存续", "region_code": "410100",
         "former_names": ["河南旧华包装有限公司"] if n == 3 else []}
        for n, name in NAMES.items()
    ])
    write_table(directory, "persons", [
        {"person_id": pid(1), "name": "张伟"}, {"person_id": pid(2), "name": "王芳"},
        {"person_id": pid(3), "name": "李娜"}, {"person_id": pid(4), "name": "刘洋"},
    ])
    write_table(directory, "officers", [
        {"person_id": pid(1), "company_uscc": uscc(1), "role": "法定代表人", "valid_from": "2015-01-01"},
        {"person_id": pid(2), "company_uscc": uscc(6), "role": "法定代表人", "valid_from": "2016-01-01"},
        {"person_id": pid(3), "company_uscc": uscc(6), "role": "财务负责人", "valid_from": "2016-01-01"},
    ])
    return directory


def write_documents(directory: Path) -> dict[str, Path]:
    """The three good documents and two bad files (empty, binary)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "judgment": directory / "judgment.txt",
        "penalty_institution": directory / "penalty_institution.txt",
        "penalty_individual": directory / "penalty_individual.txt",
        "empty": directory / "empty.txt",
        "binary": directory / "binary.txt",
    }
    files["judgment"].write_text(JUDGMENT, encoding="utf-8")
    files["penalty_institution"].write_text(PENALTY_INSTITUTION, encoding="utf-8")
    files["penalty_individual"].write_text(PENALTY_INDIVIDUAL, encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return files
