"""Related parties (关联方) on the hand-made ownership world (tests/builders_control.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.related import related_parties
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import NotFound
from tests.builders import pid, uscc
from tests.builders_control import write_control_dataset
from tests.integration.conftest import RISK_KEY, OpenClient


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_control_dataset(data_dir))
    return graph


def test_related_parties_of_a_group_member(world: GraphStore) -> None:
    rp = related_parties(world, uscc(2))
    rules = {p.party.id: set(p.rules) for p in rp.parties}
    assert rules == {
        pid(1): {"actual_controller", "beneficial_owner", "holder_5pct"},
        uscc(1): {"controlling_shareholder", "holder_5pct"},
        pid(2): {"beneficial_owner", "holder_5pct"},
        pid(3): {"holder_5pct"},
        pid(20): {"director"},
        pid(21): {"supervisor"},
        pid(22): {"senior_manager"},
        pid(23): {"legal_representative"},
        # Entities the related parties control: P1's other companies and the 总经理's own company.
        uscc(3): {"controlled_by_related_party"},
        uscc(4): {"controlled_by_related_party"},
        uscc(5): {"controlled_by_related_party"},
        uscc(13): {"controlled_by_related_party"},
    }
    by_id = {p.party.id: p for p in rp.parties}
    assert by_id[pid(1)].stake == pytest.approx(0.48)
    assert by_id[pid(20)].stake is None
    assert any("自然人22" in e for e in by_id[uscc(13)].evidence)
    assert "kinship" in rp.note and "关联方" in rp.basis


def test_concerted_parties_share_a_controller(world: GraphStore) -> None:
    rp = {p.party.id: p for p in related_parties(world, uscc(3)).parties}
    assert "concerted_party" in rp[uscc(2)].rules and "concerted_party" in rp[uscc(5)].rules
    assert "concerted_party" not in rp[pid(4)].rules  # an independent 30% holder
    assert rp[pid(1)].rules[0] == "actual_controller"


def test_unknown_enterprise(world: GraphStore) -> None:
    with pytest.raises(NotFound):
        related_parties(world, uscc(99))


def test_api_related_parties(api: OpenClient, world: GraphStore) -> None:
    client = api(world, RISK_KEY)
    r = client.get(f"/enterprises/{uscc(10)}/related-parties")
    assert r.status_code == 200
    parties = {p["party"]["id"]: p["rules"] for p in r.json()["parties"]}
    # E10: P19 controls with 60%; E9 holds 40% (and, through the closed loop, E8 is above it).
    assert parties[pid(19)][0] == "actual_controller"
    assert "holder_5pct" in parties[uscc(9)]
    assert client.get(f"/enterprises/{uscc(99)}/related-parties").status_code == 404
    assert client.get("/enterprises/not-a-uscc/related-parties").status_code == 422
