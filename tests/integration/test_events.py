"""The negative-event write path: documents, court cases, penalties, provenance, idempotence."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from graph.events import (
    DocumentRecord,
    PartyMention,
    merge_court_cases,
    merge_documents,
    merge_penalties,
)
from graph.fingerprint import fingerprint, graph_facts
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from tests.builders import pid, uscc
from tests.builders_risk import (
    CIVIL,
    DOC_CIVIL,
    DOC_ENF,
    ENFORCEMENT,
    court_cases,
    documents,
    penalties,
    write_events,
    write_risk_dataset,
)


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_risk_dataset(data_dir))
    return graph


def _facts(store: GraphStore, kind: str) -> list[list[Any]]:
    """Facts of one node label or relationship type, as [tag, label-or-type, ...] lists."""
    out = []
    for fact in graph_facts(store):
        parsed = json.loads(fact)
        if (parsed[0] == "N" and kind in parsed[1]) or (parsed[0] == "R" and parsed[1] == kind):
            out.append(parsed)
    return out


def test_cases_and_penalties_are_written_with_provenance(world: GraphStore) -> None:
    cases, pens = write_events(world)
    # Resolved: A and X in the enforcement case, X in the civil case; S3 and pid(3) in the penalty.
    assert (cases.records, cases.links, pens.links) == (2, 3, 2)
    # Unresolved: 张三, the unlinked G mention, and the party whose id is not in the graph (a fallback).
    assert cases.unresolved == 3 and cases.fallback_unresolved == [uscc(98)]
    assert cases.guarantees == 1 and cases.skipped_guarantees == [] and cases.missing_documents == []
    party_in = {tuple(f[4]["key"].split("|")[1:]): f[4] for f in _facts(world, "PARTY_IN")}
    x_debtor = party_in[(ENFORCEMENT, f"E:{uscc(9)}", "被执行人")]
    assert x_debtor["doc_sha256"] == DOC_ENF and (x_debtor["span_start"], x_debtor["span_end"]) == (50, 62)
    assert x_debtor["confidence"] == 0.95 and x_debtor["extractor_version"] == "nlp-0.1"
    assert x_debtor["match_rule"] == "uscc_in_text"
    fallback = party_in[(CIVIL, "U:E:郑州不存在有限公司", "第三人")]
    assert fallback["claimed_id"] == uscc(98)
    stated = _facts(world, "STATED_GUARANTEE")
    assert [(f[2], f[3], f[4]["case_number"]) for f in stated] == [(uscc(11), uscc(9), CIVIL)]
    penalised = sorted((f[2], f[4]["role"]) for f in _facts(world, "PENALISED_IN"))
    assert penalised == sorted([(uscc(6), "institution"), (pid(3), "responsible_person")])
    case_node = next(f[2] for f in _facts(world, "CourtCase") if f[2]["case_number"] == ENFORCEMENT)
    assert case_node["case_type"] == "执" and case_node["amounts"] == [2_500_000.0]
    assert len(_facts(world, "DESCRIBES")) == 3


def test_reloading_the_same_documents_changes_nothing(world: GraphStore) -> None:
    write_events(world)
    before = fingerprint(world)
    again_cases, again_pens = write_events(world)
    assert fingerprint(world) == before
    assert again_cases.pruned == 0 and again_pens.pruned == 0


def test_a_reextraction_replaces_only_that_documents_links(world: GraphStore) -> None:
    write_events(world)
    civil = next(c for c in court_cases() if c.case_number == CIVIL)
    # The linker now resolves G, and no longer sees the unknown third party.
    g = dataclasses.replace(civil.parties[1], party_id=uscc(11), match_rule="name_exact")
    report = merge_court_cases(world, [dataclasses.replace(civil, parties=(civil.parties[0], g))])
    assert report.pruned == 2 and report.fallback_unresolved == []
    keys = {f[4]["key"] for f in _facts(world, "PARTY_IN")}
    assert f"{DOC_CIVIL}|{CIVIL}|E:{uscc(11)}|被告" in keys
    assert not any("U:E:" in k and CIVIL in k for k in keys)
    # The placeholders left without links are gone; the enforcement case's 张三 stays.
    assert [f[2]["name"] for f in _facts(world, "UnresolvedParty")] == ["张三"]
    assert f"{DOC_ENF}|{ENFORCEMENT}|E:{uscc(9)}|被执行人" in keys


def test_a_case_without_its_document_is_reported(world: GraphStore) -> None:
    report = merge_court_cases(world, court_cases()[:1])
    assert report.missing_documents == [ENFORCEMENT]
    merge_documents(world, documents())
    assert merge_court_cases(world, court_cases()[:1]).missing_documents == []


def test_bad_input_is_refused_before_writing(world: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="sha256"):
        merge_documents(world, [DocumentRecord("abc", "judgment", "nlp-0.1")])
    bad_role = dataclasses.replace(penalties()[0], parties=(
        PartyMention("孙三", "P", "被告", 0, 2, 0.9, pid(3)),))
    with pytest.raises(InvalidInput, match="role"):
        merge_penalties(world, [bad_role])
    bad_uscc = dataclasses.replace(court_cases()[0], parties=(
        PartyMention("某公司", "E", "被告", 0, 2, 0.9, "91410100MA0000000X"),))
    with pytest.raises(InvalidInput, match=r"check character|USCC"):
        merge_court_cases(world, [bad_uscc])
    assert _facts(world, "Penalty") == [] and _facts(world, "CourtCase") == []
