"""A small world for risk and chain leads, with answers known by construction.

Enterprises (n -> uscc(n)) and what they are for:
  1 A  核心 customer C001 of RM001 (branch 0101)     2 B  基础 customer C002 of RM002 (branch 0101)
  3 S1 supplier of A (A pays 1.0m; X pays it 0.5m)    4 D1 buyer of A (pays A 0.8m, its only spending)
  6 S3 supplier of A with a penalty                   7 S1's own supplier (2 hops upstream of A)
  8 supplier of B                                     9 X  restricted debtor: 被执行人 in an enforcement case
 10 H  holds 60% of X: its actual controller         11 G  guarantees X (bank guarantee G1)
A also pays B (a customer: never a lead).
Persons of X: pid(1) 法定代表人, pid(2) 董事长, pid(3) 监事 (not a principal officer), pid(4) holds 40%.
Events (written through graph/events.py): the enforcement case （2024）豫01执1234号 (X 被执行人 at confidence
0.95, A 申请执行人, an unresolved person 被执行人), the civil case （2023）豫01民初567号 (X 被告 at 0.9, G stated as
X's guarantor, and a party id that is not in the graph), and a penalty on S3 with pid(3) responsible.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from graph.events import (
    CourtCaseRecord,
    DocumentRecord,
    EventWriteReport,
    PartyKind,
    PartyMention,
    PenaltyRecord,
    StatedGuarantee,
    merge_court_cases,
    merge_documents,
    merge_penalties,
)
from graph.store import GraphStore
from ingestion.loader import load_directory
from nlp.case_numbers import find_case_numbers
from tests.builders import pid, uscc, write_table

NAMES = {1: "郑州甲核心制造有限公司", 2: "郑州乙商贸有限公司", 3: "河南丙钢材有限公司", 4: "开封丁销售有限公司",
         6: "洛阳戊化工有限公司", 7: "新乡己矿业有限公司", 8: "许昌庚包装有限公司", 9: "郑州辛建设有限公司",
         10: "河南壬投资有限公司", 11: "郑州癸担保有限公司"}
PAYMENTS = {(1, 3): 1_000_000.0, (9, 3): 500_000.0, (4, 1): 800_000.0, (1, 2): 300_000.0, (1, 6): 200_000.0,
            (3, 7): 400_000.0, (2, 8): 600_000.0}
ENFORCEMENT = "（2024）豫01执1234号"
CIVIL = "（2023）豫01民初567号"
PENALTY = "豫银保监罚决字〔2023〕12号"
X_SEED = 1 - (1 - 1.0 * 0.95) * (1 - 0.6 * 0.9)  # enforcement debtor at 0.95, civil defendant at 0.9


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


DOC_ENF, DOC_CIVIL, DOC_PEN = sha("执行裁定书 1234"), sha("民事判决书 567"), sha("行政处罚决定书 12")


def write_risk_dataset(directory: Path) -> Path:
    write_table(directory, "enterprises", [{"uscc": uscc(n), "name": name, "status": "存续"}
                                           for n, name in NAMES.items()])
    write_table(directory, "persons", [{"person_id": pid(n), "name": name}
                                       for n, name in {1: "赵一", 2: "钱二", 3: "孙三", 4: "李四"}.items()])
    write_table(directory, "officers", [
        {"person_id": pid(1), "company_uscc": uscc(9), "role": "法定代表人", "valid_from": "2018-01-01"},
        {"person_id": pid(2), "company_uscc": uscc(9), "role": "董事长", "valid_from": "2018-01-01"},
        {"person_id": pid(3), "company_uscc": uscc(9), "role": "监事", "valid_from": "2018-01-01"},
    ])
    write_table(directory, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(4), "company_uscc": uscc(9), "ratio": "0.4"},
        {"holder_kind": "E", "holder_id": uscc(10), "company_uscc": uscc(9), "ratio": "0.6"},
    ])
    write_table(directory, "guarantees", [
        {"guarantee_id": "G1", "guarantor_uscc": uscc(11), "borrower_uscc": uscc(9), "amount": "3000000",
         "start_date": "2023-01-01", "kind": "连带责任保证"},
    ])
    write_table(directory, "payments", [
        {"txn_id": f"T{a}-{b}", "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b),
         "amount": f"{amount:.2f}", "date": "2024-06-30" if (a, b) == (1, 3) else "2024-03-31", "purpose": "货款"}
        for (a, b), amount in PAYMENTS.items()
    ])
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部"},
                                        {"branch_code": "0202", "name": "洛阳分行营业部"}])
    write_table(directory, "rms", [{"rm_id": "RM001", "name": "李娜", "branch_code": "0101"},
                                   {"rm_id": "RM002", "name": "王强", "branch_code": "0101"}])
    write_table(directory, "customers", [
        {"customer_no": "C001", "party_kind": "E", "party_id": uscc(1), "branch_code": "0101", "rm_id": "RM001",
         "tier": "核心", "since": "2019-01-01"},
        {"customer_no": "C002", "party_kind": "E", "party_id": uscc(2), "branch_code": "0101", "rm_id": "RM002",
         "tier": "基础", "since": "2020-01-01"},
    ])
    return directory


def documents() -> list[DocumentRecord]:
    return [DocumentRecord(DOC_ENF, "enforcement_ruling", "nlp-0.1", source="enf_1234.txt"),
            DocumentRecord(DOC_CIVIL, "judgment", "nlp-0.1", source="civil_567.txt"),
            DocumentRecord(DOC_PEN, "penalty_decision", "nlp-0.1", source="pen_12.txt")]


def court_cases() -> list[CourtCaseRecord]:
    return [
        CourtCaseRecord(
            ENFORCEMENT, DOC_ENF, "nlp-0.1", court="郑州市中级人民法院", cause="金融借款合同纠纷", date="2024-05-20",
            year=2024, court_code="豫01", case_type="执", sequence=1234, outcome="终结本次执行程序",
            amounts=(2_500_000.0,),
            parties=(PartyMention(NAMES[1], "E", "申请执行人", 30, 42, 0.97, uscc(1), "name_exact"),
                     PartyMention(NAMES[9], "E", "被执行人", 50, 62, 0.95, uscc(9), "uscc_in_text"),
                     PartyMention("张三", "P", "被执行人", 70, 72, 0.8))),
        CourtCaseRecord(
            CIVIL, DOC_CIVIL, "nlp-0.1", court="郑州市中级人民法院", cause="保证合同纠纷", date="2023-11-02",
            year=2023, court_code="豫01", case_type="民初", sequence=567, outcome="判决被告偿还借款本息",
            amounts=(2_500_000.0, 120_000.0),
            parties=(PartyMention(NAMES[9], "E", "被告", 40, 52, 0.9, uscc(9), "name_exact"),
                     PartyMention(NAMES[11], "E", "被告", 60, 72, 0.9, None),
                     PartyMention("郑州不存在有限公司", "E", "第三人", 80, 90, 0.7, uscc(98), "name_fuzzy")),
            guarantees=(StatedGuarantee(uscc(11), uscc(9), 100, 140, 0.85),)),
    ]


def penalties() -> list[PenaltyRecord]:
    return [PenaltyRecord(
        PENALTY, DOC_PEN, "nlp-0.1", authority="河南银保监局", violation="违规发放贷款",
        legal_basis="银行业监督管理法第四十六条",
        penalty_kinds=("罚款",), fine_amount=200_000.0, date="2023-08-15",
        parties=(PartyMention(NAMES[6], "E", "institution", 10, 22, 0.99, uscc(6), "name_exact"),
                 PartyMention("孙三", "P", "responsible_person", 30, 32, 0.9, pid(3), "id_in_registry")))]


def write_events(store: GraphStore) -> tuple[EventWriteReport, EventWriteReport]:
    merge_documents(store, documents())
    return merge_court_cases(store, court_cases()), merge_penalties(store, penalties())


def load_risk_world(store: GraphStore, directory: Path) -> GraphStore:
    load_directory(store, write_risk_dataset(directory))
    write_events(store)
    return store


def events_from_synth_truth(out: Path) -> tuple[list[DocumentRecord], list[CourtCaseRecord], list[PenaltyRecord]]:
    """The events of a synthetic dataset as a perfect extractor and linker would write them.

    documents_truth.jsonl (ingestion/synth) holds each document's parties with their true entity ids; spans
    are unknown there, so they are written as [0, 0).
    """
    docs: list[DocumentRecord] = []
    cases: list[CourtCaseRecord] = []
    pens: list[PenaltyRecord] = []
    for line in (out / "documents_truth.jsonl").read_text("utf-8").splitlines():
        t = json.loads(line)
        digest = hashlib.sha256((out / t["doc_file"]).read_text("utf-8").encode("utf-8")).hexdigest()
        docs.append(DocumentRecord(digest, t["kind"], "synth-truth", source=t["doc_file"]))
        if "case_number" in t:
            [num] = find_case_numbers(t["case_number_canonical"])
            parties = tuple(PartyMention(p["name"], "E" if p["kind"] == "company" else "P", p["role"], 0, 0, 1.0,
                                         p["entity_id"], "ground_truth") for p in t["parties"])
            cases.append(CourtCaseRecord(
                t["case_number_canonical"], digest, "synth-truth", court=t["court"], cause=t["cause"],
                date=t["date"], year=num.year, court_code=num.court_code, case_type=num.case_type,
                sequence=num.sequence, outcome=t["outcome"], amounts=tuple(t["amounts"]), parties=parties))
        else:
            mentions: list[tuple[str, PartyKind, str, str | None]] = [
                (t["party_institution"], "E", "institution", t["party_institution_id"]),
                        (t["party_person"], "P", "individual", t["party_person_id"]),
                        (t["responsible_person"], "P", "responsible_person", t["responsible_person_id"])]
            pens.append(PenaltyRecord(
                t["decision_number"], digest, "synth-truth", authority=t["authority"], violation=t["violation"],
                legal_basis=t["legal_basis"], penalty_kinds=tuple(t["penalty_kinds"]), fine_amount=t["fine_amount"],
                date=t["date"], parties=tuple(PartyMention(name, kind, role, 0, 0, 1.0, ident, "ground_truth")
                                              for name, kind, role, ident in mentions if ident)))
    return docs, cases, pens
