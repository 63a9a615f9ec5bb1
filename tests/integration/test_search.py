"""Search: partial names, former names, width and bracket variants, USCCs and persons, with badges."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.search import search
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from tests.builders import CHAIN_NAMES, pid, uscc, write_chain_dataset, write_table
from tests.integration.conftest import OpenClient

BRACKETED = "旭华供应链管理（新乡）有限公司"


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    """The chain dataset, plus an enterprise with full-width brackets (8) and a mutual guarantee 3 <-> 5."""
    write_chain_dataset(data_dir)
    write_table(data_dir, "enterprises", [
        {"uscc": uscc(n), "name": name, "status": "存续", "former_names": ["郑州宇通客车有限公司"] if n == 3 else []}
        for n, name in {**CHAIN_NAMES, 8: BRACKETED}.items()])
    write_table(data_dir, "guarantees", [
        {"guarantee_id": "G1", "guarantor_uscc": uscc(3), "borrower_uscc": uscc(5), "amount": "5000000",
         "start_date": "2024-01-01", "end_date": "2026-01-01", "kind": "连带责任保证"},
        {"guarantee_id": "G2", "guarantor_uscc": uscc(5), "borrower_uscc": uscc(3), "amount": "1000000",
         "start_date": "2024-01-01", "end_date": "2026-01-01", "kind": "连带责任保证"}])
    load_directory(graph, data_dir)
    return graph


def test_partial_former_and_variant_names_find_the_enterprise(world: GraphStore) -> None:
    hits = search(world, "宇通").enterprises
    assert [h.uscc for h in hits] == [uscc(3)] and hits[0].matched == "name"
    former = search(world, "宇通客车有限").enterprises
    assert [(h.uscc, h.matched) for h in former] == [(uscc(3), "former_name")]
    # Half-width brackets, spaces and a full-width letter still find the full-width registered name.
    for typed in ("旭华供应链管理(新乡)", "旭华 供应链 管理（新乡）有限公司", "(新乡)有限"):
        assert [h.uscc for h in search(world, typed).enterprises] == [uscc(8)], typed
    exact = search(world, CHAIN_NAMES[1]).enterprises
    assert exact[0].uscc == uscc(1)


def test_a_uscc_finds_one_enterprise_and_no_person(world: GraphStore) -> None:
    found = search(world, uscc(5).lower())
    assert [(h.uscc, h.matched) for h in found.enterprises] == [(uscc(5), "uscc")]
    assert found.persons == []


def test_badges_say_customer_rm_and_guarantee_cycle(world: GraphStore) -> None:
    by_id = {h.uscc: h for h in search(world, "有限").enterprises}
    core = by_id[uscc(3)]
    assert (core.customer_no, core.tier, core.rm_id, core.rm_name) == ("C0003", "核心", "RM001", "李娜")
    assert core.guarantee_cycle and by_id[uscc(5)].guarantee_cycle
    assert not by_id[uscc(1)].guarantee_cycle and by_id[uscc(1)].customer_no is None
    assert not any(h.negative_events for h in by_id.values())  # the dataset has no court case or penalty


def test_persons_by_name_and_by_id_with_their_companies(world: GraphStore) -> None:
    found = search(world, "张")
    assert [p.person_id for p in found.persons] == [pid(1)]
    assert [c.uscc for c in found.persons[0].companies] == [uscc(3)]
    by_id = search(world, pid(2))
    assert [p.name for p in by_id.persons] == ["王芳"] and by_id.enterprises == []


def test_nothing_found_is_an_empty_answer_and_bad_input_is_refused(world: GraphStore) -> None:
    assert search(world, "不存在的公司名").enterprises == []
    with pytest.raises(InvalidInput):
        search(world, "   ")
    with pytest.raises(InvalidInput):
        search(world, "宇通", limit=0)


def test_search_endpoint(world: GraphStore, api: OpenClient) -> None:
    client = api(world)
    body = client.get("/search", params={"q": "（新乡）", "kind": "enterprise"}).json()
    assert [h["uscc"] for h in body["enterprises"]] == [uscc(8)] and body["persons"] == []
    assert client.get("/search", params={"q": "王芳", "kind": "person"}).json()["persons"][0]["person_id"] == pid(2)
    bad = client.get("/search", params={"q": ""})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_parameters"
    blank = client.get("/search", params={"q": "  "})
    assert blank.status_code == 422 and "q:" in blank.json()["message"]
    assert client.get("/search", params={"q": "宇通"}, headers={"X-API-Key": "wrong"}).status_code == 401
