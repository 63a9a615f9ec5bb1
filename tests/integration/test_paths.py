"""Shortest relationship paths (找关系) and shared contact nodes on the hand-made world."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.paths import derive_contact_nodes, normalise_phone, shortest_paths
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from tests.builders import pid, uscc
from tests.builders_control import write_control_dataset
from tests.integration.conftest import OpenClient


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_control_dataset(data_dir))
    derive_contact_nodes(graph)
    return graph


def test_contact_nodes_are_shared_and_idempotent(world: GraphStore) -> None:
    run = derive_contact_nodes(world)  # second run: nothing changes
    assert (run.enterprises, run.phones, run.shared_phones) == (13, 1, 1)
    assert (run.addresses, run.shared_addresses) == (12, 1)
    assert normalise_phone("+86 138-0000-1111 / 0371-6666888") == ["13800001111", "03716666888"]
    assert normalise_phone("12345") == []


def test_ownership_path(world: GraphStore) -> None:
    result = shortest_paths(world, pid(1), uscc(3), ties=["ownership"])
    assert [[n.id for n in p.nodes] for p in result.paths] == [[pid(1), uscc(1), uscc(2), uscc(3)]]
    ties = result.paths[0].ties
    assert [(t.kind, t.source, t.target, t.facts["ratio"]) for t in ties] == [
        ("ownership", pid(1), uscc(1), 0.6), ("ownership", uscc(1), uscc(2), 0.8),
        ("ownership", uscc(2), uscc(3), 0.35)]
    assert shortest_paths(world, pid(1), uscc(3), max_hops=2).paths == []


def test_path_across_tie_kinds_and_the_allow_list(world: GraphStore) -> None:
    found = shortest_paths(world, pid(1), uscc(7), max_hops=6)
    assert [[n.id for n in p.nodes] for p in found.paths] == [[pid(1), uscc(1), uscc(2), uscc(3), uscc(6), uscc(7)]]
    assert [t.kind for t in found.paths[0].ties] == ["ownership"] * 3 + ["guarantee", "ownership"]
    assert shortest_paths(world, pid(1), uscc(7), max_hops=6, ties=["ownership", "officer"]).paths == []
    # Shared phone then shared address: E10 - Phone - E11 - Address - E12.
    contact = shortest_paths(world, uscc(10), uscc(12), max_hops=6)
    assert [n.kind for n in contact.paths[0].nodes] == ["E", "phone", "E", "address", "E"]
    assert shortest_paths(world, uscc(10), uscc(12), ties=["phone"]).paths == []
    # Payment and officer ties: E7 pays E10; P15 sits on E6 and E7.
    assert [t.kind for t in shortest_paths(world, uscc(7), uscc(10)).paths[0].ties] == ["payment"]
    officer = shortest_paths(world, pid(15), uscc(7), ties=["officer"])
    assert officer.paths[0].ties[0].facts["role"] == "董事长"


def test_bad_and_unknown_ends(world: GraphStore) -> None:
    with pytest.raises(NotFound):
        shortest_paths(world, uscc(1), uscc(99))
    with pytest.raises(NotFound):
        shortest_paths(world, pid(99), uscc(1))
    with pytest.raises(InvalidInput):
        shortest_paths(world, "91410100MA00000010", uscc(1))
    with pytest.raises(InvalidInput):
        shortest_paths(world, uscc(1), uscc(1))
    with pytest.raises(InvalidInput):
        shortest_paths(world, uscc(1), uscc(2), ties=["kinship"])
    with pytest.raises(InvalidInput):
        shortest_paths(world, uscc(1), uscc(2), max_hops=7)


def test_api_paths(api: OpenClient, world: GraphStore) -> None:
    client = api(world)
    r = client.get("/paths", params={"from": pid(1), "to": uscc(3), "ties": ["ownership"], "max_hops": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["paths"][0]["hops"] == 3 and body["source"]["kind"] == "P"
    assert client.get("/paths", params={"from": pid(1), "to": uscc(99)}).status_code == 404
    for bad in ({"from": pid(1), "to": uscc(3), "max_hops": 7}, {"from": pid(1), "to": uscc(3), "ties": ["x"]},
                {"from": "91410100MA00000010", "to": uscc(3)}, {"from": pid(1)}):
        r = client.get("/paths", params=bad)
        assert r.status_code == 422, bad
