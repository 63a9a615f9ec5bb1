"""Documents into the graph: extract, link (every rule), load with provenance, reload, bad files, review, API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.documents import EnterpriseCases, enterprise_cases, enterprise_penalties, unresolved_parties
from graph.fingerprint import fingerprint, graph_facts
from graph.store import GraphStore
from ingestion.documents import IngestReport, ingest_documents
from ingestion.loader import load_directory
from liantu.ids import normalise_name
from synth import generate
from tests.builders import pid, uscc
from tests.builders_documents import (
    CASE_NUMBER,
    DECISION_INDIVIDUAL,
    DECISION_INSTITUTION,
    FAR_NAME,
    NAMES,
    write_documents,
    write_documents_world,
)
from tests.conftest import RM_KEY
from tests.integration.conftest import OpenClient


@pytest.fixture
def loaded(graph: GraphStore, tmp_path: Path) -> tuple[GraphStore, dict[str, Path], IngestReport]:
    load_directory(graph, write_documents_world(tmp_path / "world"))
    files = write_documents(tmp_path / "docs")
    report = ingest_documents(graph, list(files.values()))
    return graph, files, report


def _links(store: GraphStore, rel: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(party id or placeholder key, role) -> link properties, for one relationship type."""
    out = {}
    for fact in graph_facts(store):
        tag, *rest = json.loads(fact)
        if tag == "R" and rest[0] == rel:
            start, props = rest[1], rest[3]  # start: the party's uscc, person_id or placeholder key
            out[(str(start), props["role"])] = props
    return out


def test_every_rule_links_with_provenance(loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    graph, files, report = loaded
    rules = {}
    for n in (1, 2, 3, 4, 5):
        found = enterprise_cases(graph, uscc(n))
        assert found is not None
        cases = found.cases
        assert [c.case_number for c in cases] == [CASE_NUMBER]
        seen = cases[0].provenance
        rules[n] = seen.match_rule
        assert seen.source == str(files["judgment"]) and seen.span[1] > seen.span[0]
        assert 0 < seen.confidence <= 1 and seen.extractor_version
    assert rules == {1: "exact_name", 2: "normalised_name", 3: "former_name", 4: "fuzzy_name", 5: "uscc"}
    assert enterprise_cases(graph, uscc(6)) == EnterpriseCases(uscc(6), NAMES[6], [])
    assert enterprise_cases(graph, uscc(77)) is None
    # The judgment's span points at the name as written.
    text = files["judgment"].read_text(encoding="utf-8")
    found2 = enterprise_cases(graph, uscc(2))
    assert found2 is not None
    start, end = found2.cases[0].provenance.span
    assert text[start:end] == "宏达机械(郑州)有限公司"
    # Person: the defendant 张伟 is the stated legal representative of enterprise 1, and so in the graph.
    # 张伟 as defendant and as the 法定代表人 the judgment states for enterprise 1, and 王芳 (penalty).
    assert report.links_by_rule["legal_rep_of_party"] == 3
    assert report.stated_guarantees == 1 and report.skipped_guarantees == []


def test_far_name_and_untied_person_are_unresolved_and_reviewed(
        loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    graph, files, report = loaded
    assert report.unresolved == 2  # 开封远方电子科技有限公司 and 刘洋
    review = {p.name: p for p in unresolved_parties(graph)}
    assert set(review) == {FAR_NAME, "刘洋"}
    far = review[FAR_NAME]
    assert far.kind == "E" and far.candidates and all(c.score < 0.9 for c in far.candidates)
    [mention] = far.mentions
    text = files["judgment"].read_text(encoding="utf-8")
    assert mention.reference == CASE_NUMBER and mention.role == "被告"
    assert text[mention.span[0]:mention.span[1]] == FAR_NAME and mention.source == str(files["judgment"])
    # The namesake 刘洋 in the graph is offered as a candidate, not linked.
    assert [c.party_id for c in review["刘洋"].candidates] == [pid(4)]


def test_bad_files_are_reported_and_the_others_load(
        loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    report = loaded[2]
    assert report.files == 5 and report.documents == 3
    assert {(Path(e.path).name, e.code) for e in report.errors} == {
        ("empty.txt", "empty_document"), ("binary.txt", "binary_document")}
    assert all(e.reason for e in report.errors)


def test_penalties_link_institution_and_persons(loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    graph, _, _ = loaded
    found = enterprise_penalties(graph, uscc(6))
    # Its own penalty, and the one of 李娜, who was penalised for her role there (role unit).
    assert found is not None and sorted((r.decision_number, r.role) for r in found.penalties) == [
        (DECISION_INSTITUTION, "institution"), (DECISION_INDIVIDUAL, "unit")]
    p = next(r for r in found.penalties if r.role == "institution")
    assert (p.decision_number, p.role, p.provenance.match_rule, p.fine_amount) == (
        DECISION_INSTITUTION, "institution", "exact_name", 200000.0)
    links = _links(graph, "PENALISED_IN")
    assert links[(pid(2), "responsible_person")]["match_rule"] == "legal_rep_of_party"
    assert links[(pid(3), "individual")]["match_rule"] == "officer_of_party"
    assert DECISION_INDIVIDUAL in links[(pid(3), "individual")]["key"]
    # 李娜 was penalised for her role at enterprise 6, and the graph ties her to it: the unit links too.
    unit = links[(uscc(6), "unit")]
    assert unit["via"] == "李娜" and DECISION_INDIVIDUAL in unit["key"] and unit.get("fine") is None
    assert links[(pid(3), "individual")]["fine"] == 70_000.0


MULTI = f"""国家金融监督管理总局河南监管局
行政处罚决定书
豫金罚决字〔2024〕15号
当事人：{NAMES[6]}
法定代表人：王芳
当事人：李娜，时任{NAMES[6]}财务负责人
当事人：赵强，时任{NAMES[6]}客户经理
经查，当事人存在贷款“三查”严重不尽职的违法违规行为。
依据《中华人民共和国银行业监督管理法》第四十六条、第四十八条，本局决定：对{NAMES[6]}罚款人民币一百五十万元；对李娜给予警告并处罚款人民币十万元；对赵强禁止从事银行业工作五年。
国家金融监督管理总局河南监管局
2024年4月9日
"""
TABLE = "\n".join([
    "中国人民银行河南省分行行政处罚信息公示表",
    "| 序号 | 当事人名称 | 行政处罚决定书文号 | 违法行为类型 | 行政处罚内容 | 作出行政处罚决定机关名称 "
    "| 作出行政处罚决定日期 |",
    f"| 1 | {NAMES[1]} | 豫银罚决字〔2024〕21号 | 违反账户管理规定 | 警告，并处罚款8万元 | 中国人民银行河南省分行 "
    "| 2024年5月20日 |",
    f"| 2 | 张伟（时任{NAMES[1]}执行董事） | 豫银罚决字〔2024〕22号 | 对单位违法行为负有责任 | 罚款1万元 "
    "| 中国人民银行河南省分行 | 2024年5月20日 |", ""])


def test_every_party_of_a_decision_with_its_own_sanction(graph: GraphStore, tmp_path: Path) -> None:
    load_directory(graph, write_documents_world(tmp_path / "world"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "multi.txt").write_text(MULTI, encoding="utf-8")
    (tmp_path / "docs" / "table.txt").write_text(TABLE, encoding="utf-8")
    report = ingest_documents(graph, [tmp_path / "docs"])
    assert report.errors == [] and report.penalties == 3  # the table holds two decisions
    links = _links(graph, "PENALISED_IN")
    inst = links[(uscc(6), "institution")]
    assert (inst.get("fine"), inst.get("penalty_kinds")) == (1_500_000.0, ["罚款"]), inst
    li = links[(pid(3), "individual")]
    assert (li.get("fine"), sorted(li.get("penalty_kinds") or []), li.get("position")) == (
        100_000.0, ["罚款", "警告"], "财务负责人"), li
    # 赵强 has no tie in the graph: a placeholder with his own sanction, and no unit link through him.
    zhao = next(v for (k, role), v in links.items() if role == "individual" and k.startswith("P:赵强"))
    assert zhao["penalty_kinds"] == ["禁止从业"] and zhao.get("fine") is None  # a null is not stored
    assert all(v.get("via") != "赵强" for v in links.values())
    # The institution is itself penalised in the same decision, so 李娜 adds no second link to it.
    assert not any(role == "unit" and "豫金罚决字〔2024〕15号" in v["key"] for (_, role), v in links.items())
    # The table: each row's decision is its own Penalty; 张伟 (tied to enterprise 1) links his unit too.
    table = enterprise_penalties(graph, uscc(1))
    assert table is not None
    assert sorted((p.decision_number, p.role) for p in table.penalties) == [
        ("豫银罚决字〔2024〕21号", "institution"), ("豫银罚决字〔2024〕22号", "unit")]
    assert links[(pid(1), "individual")]["fine"] == 10_000.0
    again = ingest_documents(graph, [tmp_path / "docs"])
    assert again.links == report.links and again.unresolved == report.unresolved


def test_reloading_changes_nothing(loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    graph, files, _ = loaded
    before = fingerprint(graph)
    again = ingest_documents(graph, list(files.values()))
    assert fingerprint(graph) == before
    # 11 links: the judgment's 6 and 张伟 as the stated 法定代表人 of enterprise 1, the institution and its legal
    # representative, 李娜, and 李娜's unit.
    assert again.documents == 3 and again.links == 11 and again.unresolved == 2


def test_api_cases_penalties_and_review(loaded: tuple[GraphStore, dict[str, Path], IngestReport],
                                        api: OpenClient) -> None:
    client = api(loaded[0])
    r = client.get(f"/enterprises/{uscc(4)}/cases")
    assert r.status_code == 200
    [case] = r.json()["cases"]
    assert case["case_number"] == CASE_NUMBER and case["provenance"]["match_rule"] == "fuzzy_name"
    r = client.get(f"/enterprises/{uscc(6)}/penalties")
    assert r.status_code == 200 and r.json()["penalties"][0]["decision_number"] == DECISION_INSTITUTION
    assert client.get(f"/enterprises/{uscc(77)}/cases").status_code == 404
    assert client.get("/enterprises/91410100MA0000001Y/cases").json()["code"] == "invalid_uscc"
    r = client.get("/review/unresolved?limit=10")
    assert r.status_code == 200
    assert {p["name"] for p in r.json()["parties"]} == {FAR_NAME, "刘洋"}
    assert client.get("/review/unresolved?limit=0").status_code == 422
    del client.headers["X-API-Key"]
    assert client.get("/review/unresolved").status_code == 401


def test_synthetic_tiny_links_match_the_truth(graph: GraphStore, tmp_path: Path) -> None:
    data = tmp_path / "tiny"
    generate("tiny", 7, data)
    load_directory(graph, data)
    report = ingest_documents(graph, [data / "documents"], keep_links=True)
    assert report.errors == []
    truth = {Path(d["doc_file"]).name: d for d in map(json.loads, (data / "documents_truth.jsonl").open())}
    made = correct = companies = companies_linked = 0
    for doc in report.linked:
        want = truth[Path(doc.extraction.source or "").name]
        if doc.extraction.kind.is_penalty:
            continue
        ids = {(p["role"], normalise_name(p["name"])): p["entity_id"] for p in want["parties"]}
        for p in doc.parties:
            key = (p.role, normalise_name(p.link.name))
            if p.link.kind == "E" and key in ids:
                companies += 1
                companies_linked += p.link.resolved
            if p.link.resolved and key in ids:
                made += 1
                correct += p.link.party_id == ids[key]
    # Every company party of the tiny world is in the graph: all link, and no link is wrong.
    assert companies > 50 and companies_linked == companies
    assert correct == made


def test_api_document_text_with_extracted_spans(loaded: tuple[GraphStore, dict[str, Path], IngestReport],
                                               api: OpenClient) -> None:
    client = api(loaded[0])
    [case] = client.get(f"/enterprises/{uscc(4)}/cases").json()["cases"]
    sha = case["provenance"]["doc_sha256"]
    r = client.get(f"/documents/{sha}")
    assert r.status_code == 200, r.text
    doc = r.json()
    text = doc["text"]
    print(json.dumps({k: v for k, v in doc.items() if k != "text"}, ensure_ascii=False)[:3000])
    assert CASE_NUMBER in text
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in doc["spans"])
    kinds = {s["kind"] for s in doc["spans"]}
    assert {"entity", "amount", "fact"} <= kinds
    # The extractor's own offsets: the case number's span holds the case number as the text writes it.
    [number] = [s for s in doc["spans"] if s["field"] == "case_number"]
    assert normalise_name(text[number["start"]:number["end"]]) == normalise_name(number["label"])
    # The party the cases route names is linked with the span of its name in this text.
    [link] = [lk for lk in doc["links"] if lk["party_id"] == uscc(4)]
    assert [link["span_start"], link["span_end"]] == case["provenance"]["span"]
    assert text[link["span_start"]:link["span_end"]] in {s_text for s_text in (
        text[s["start"]:s["end"]] for s in doc["spans"] if s["kind"] == "entity")}
    # A penalty decision too, with its fine as an amount span whose words say the fine.
    penalty = client.get(f"/enterprises/{uscc(6)}/penalties").json()["penalties"][0]
    pen = client.get(f"/documents/{penalty['provenance']['doc_sha256']}").json()
    assert any(s["field"] == "decision_number" for s in pen["spans"])
    fines = [s for s in pen["spans"] if s["kind"] == "amount"]
    numerals = set("0123456789零一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟")
    assert fines and all(numerals & set(pen["text"][s["start"]:s["end"]]) for s in fines)
    # Risk and admin only; an unknown or malformed id is 404 / 422.
    assert client.get(f"/documents/{sha}", headers={"X-API-Key": RM_KEY}).status_code == 403
    assert client.get(f"/documents/{'0' * 64}").status_code == 404
    assert client.get("/documents/xyz").status_code == 422
