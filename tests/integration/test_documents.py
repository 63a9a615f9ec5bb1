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
    assert report.links_by_rule["legal_rep_of_party"] == 2  # 张伟 (court) and 王芳 (penalty)
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
    assert found is not None and len(found.penalties) == 1
    p = found.penalties[0]
    assert (p.decision_number, p.role, p.provenance.match_rule, p.fine_amount) == (
        DECISION_INSTITUTION, "institution", "exact_name", 200000.0)
    links = _links(graph, "PENALISED_IN")
    assert links[(pid(2), "responsible_person")]["match_rule"] == "legal_rep_of_party"
    assert links[(pid(3), "individual")]["match_rule"] == "officer_of_party"
    assert DECISION_INDIVIDUAL in links[(pid(3), "individual")]["key"]


def test_reloading_changes_nothing(loaded: tuple[GraphStore, dict[str, Path], IngestReport]) -> None:
    graph, files, _ = loaded
    before = fingerprint(graph)
    again = ingest_documents(graph, list(files.values()))
    assert fingerprint(graph) == before
    assert again.documents == 3 and again.links == 9 and again.unresolved == 2


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
