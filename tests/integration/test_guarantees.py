"""Guarantee circles and default-contagion exposure on the hand-made world of tests/builders_guarantees.py."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.analytics.guarantees import (
    GuaranteeEdge,
    enterprise_circles,
    guarantee_circles,
    guarantee_exposure,
    type_structures,
)
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from synth import generate
from tests.builders import uscc
from tests.builders_guarantees import AS_OF, write_risk_dataset
from tests.integration.conftest import RISK_KEY, OpenClient


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_risk_dataset(data_dir))
    return graph


def _typed(structures: list) -> set[tuple[str, tuple[str, ...]]]:  # type: ignore[type-arg]
    return {(s.type, tuple(s.members)) for s in structures}


def test_every_type_is_found_with_members_and_amounts(world: GraphStore) -> None:
    report = guarantee_circles(world, as_of=AS_OF)
    assert report.guarantees == 15  # GH4 has ended and GH5 has not started
    assert _typed(report.structures) == {
        ("mutual", (uscc(1), uscc(2))),
        ("mutual", (uscc(3), uscc(4))),
        ("circle", (uscc(3), uscc(4), uscc(5))),
        ("chain", (uscc(6), uscc(7), uscc(8), uscc(9))),
        ("cross", (uscc(10), uscc(11), uscc(12), uscc(13))),
        ("focus", (uscc(17), uscc(14), uscc(15), uscc(16))),
    }
    by_type = {s.type: s for s in report.structures if s.members[0] != uscc(3)}
    assert by_type["mutual"].total_amount == 3_000_000.0
    assert by_type["chain"].total_amount == 2_100_000.0
    assert [e.guarantee_ids for e in by_type["chain"].edges] == [("GH1",), ("GH2",), ("GH3",)]
    assert by_type["cross"].total_amount == 6_000_000.0 and by_type["focus"].guarantee_count == 3
    assert "docs/rules.md §7" in by_type["cross"].rule and not report.truncated


def test_circle_lists_its_cycles_with_guarantee_ids(world: GraphStore) -> None:
    circle = guarantee_circles(world, as_of=AS_OF, kind="circle").structures
    assert len(circle) == 1
    assert circle[0].total_amount == 3_500_000.0 and circle[0].guarantee_count == 4
    cycles = [(c.members, [e.guarantee_ids for e in c.edges]) for c in circle[0].cycles]
    assert cycles == [
        ([uscc(3), uscc(4)], [("GC1",), ("GC4",)]),
        ([uscc(3), uscc(4), uscc(5)], [("GC1",), ("GC2",), ("GC3",)]),
    ]


def test_as_of_decides_which_guarantees_count(world: GraphStore) -> None:
    # In 2023 the 9 -> 6 guarantee was still in force, so the chain was a circle.
    earlier = guarantee_circles(world, as_of="2023-06-30", kind="circle").structures
    assert [s.members for s in earlier if uscc(6) in s.members] == [[uscc(6), uscc(7), uscc(8), uscc(9)]]
    assert guarantee_circles(world, as_of="2023-06-30", kind="chain").structures == []
    assert guarantee_circles(world, as_of="2022-12-31").structures == []


def test_enterprise_view_matches_the_whole_graph(world: GraphStore) -> None:
    whole = guarantee_circles(world, as_of=AS_OF).structures
    for n in (1, 4, 8, 12, 17):
        mine = enterprise_circles(world, uscc(n), as_of=AS_OF).structures
        assert _typed(mine) == _typed([s for s in whole if uscc(n) in s.members])
    assert enterprise_circles(world, uscc(30), as_of=AS_OF).structures == []
    with pytest.raises(NotFound):
        enterprise_circles(world, uscc(99))


def test_exposure_propagates_along_guarantors_with_min_rule(world: GraphStore) -> None:
    report = guarantee_exposure(world, uscc(9), as_of=AS_OF, max_depth=3)
    assert [(g.uscc, g.depth, g.amount_at_risk, g.path, g.guarantee_ids) for g in report.exposed] == [
        (uscc(8), 1, 800_000.0, [uscc(9), uscc(8)], ["GH3"]),
        (uscc(7), 2, 800_000.0, [uscc(9), uscc(8), uscc(7)], ["GH3", "GH2"]),  # min(1M, 0.8M)
        (uscc(6), 3, 300_000.0, [uscc(9), uscc(8), uscc(7), uscc(6)], ["GH3", "GH2", "GH1"]),
    ]
    assert report.total_at_risk == 1_900_000.0 and "not a legal extension" in report.rule
    assert [g.uscc for g in guarantee_exposure(world, uscc(9), as_of=AS_OF, max_depth=2).exposed] == [
        uscc(8), uscc(7)]


def test_exposure_in_a_circle_counts_each_guarantor_once(world: GraphStore) -> None:
    report = guarantee_exposure(world, uscc(3), as_of=AS_OF)
    assert [(g.uscc, g.depth, g.amount_at_risk) for g in report.exposed] == [
        (uscc(5), 1, 1_000_000.0), (uscc(4), 1, 500_000.0)]
    with pytest.raises(InvalidInput):
        guarantee_exposure(world, uscc(3), max_depth=0)


def test_cycle_cap_is_reported() -> None:
    # A complete directed graph on 6 nodes has far more than 5 simple cycles.
    nodes = [f"N{i}" for i in range(6)]
    edges = [GuaranteeEdge(a, b, 1.0, (f"{a}{b}",)) for a in nodes for b in nodes if a != b]
    structures, truncated = type_structures(edges, max_cycles=5)
    circle = next(s for s in structures if s.type == "circle")
    assert truncated and circle.cycles_truncated and len(circle.cycles) == 5


def test_api_circles_exposure_and_errors(api: OpenClient, world: GraphStore) -> None:
    client = api(world, RISK_KEY)
    r = client.get("/guarantee-circles", params={"type": "chain", "as_of": AS_OF})
    assert r.status_code == 200
    assert [s["members"] for s in r.json()["structures"]] == [[uscc(6), uscc(7), uscc(8), uscc(9)]]
    r = client.get(f"/enterprises/{uscc(4)}/guarantee-circles", params={"as_of": AS_OF})
    assert r.status_code == 200
    assert sorted(s["type"] for s in r.json()["structures"]) == ["circle", "mutual"]
    r = client.get(f"/enterprises/{uscc(9)}/guarantee-exposure", params={"as_of": AS_OF, "max_depth": 1})
    assert r.status_code == 200 and r.json()["total_at_risk"] == 800_000.0
    assert client.get("/guarantee-circles", params={"type": "ring"}).status_code == 422
    assert client.get("/guarantee-circles", params={"as_of": "30/06/2024"}).status_code == 422
    assert client.get(f"/enterprises/{uscc(99)}/guarantee-exposure").status_code == 404
    bad = client.get("/enterprises/91410100MA00000001/guarantee-circles")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_uscc"
    assert client.get("/guarantee-circles", headers={"X-API-Key": "nope"}).status_code == 401


def _same_members(kind: str, found: list[str], planted: list[str]) -> bool:
    """A chain is an ordered path; cross and focus have their hub first, the others in any order."""
    if kind == "chain":
        return found == planted
    if kind in ("cross", "focus"):
        return found[0] == planted[0] and sorted(found[1:]) == sorted(planted[1:])
    return sorted(found) == sorted(planted)


def test_planted_circles_of_the_synthetic_world_are_found(graph: GraphStore, tmp_path: Path) -> None:
    """Recall 1.0 on every planted structure (each planted one runs over one shared period)."""
    generate("tiny", 7, tmp_path / "world")
    load_directory(graph, tmp_path / "world")
    truth = json.loads((tmp_path / "world" / "ground_truth.json").read_text("utf-8"))
    with (tmp_path / "world" / "guarantees.csv").open(encoding="utf-8") as fh:
        dates = {r["guarantee_id"]: (r["start_date"], r["end_date"] or "9999-12-31") for r in csv.DictReader(fh)}
    checked, missed = 0, []
    for planted in truth["guarantee_circles"]:
        start = max(dates[g][0] for g in planted["guarantee_ids"])
        assert start <= min(dates[g][1] for g in planted["guarantee_ids"]), planted["circle_id"]
        checked += 1
        found = enterprise_circles(graph, planted["members"][0], as_of=start).structures
        if not any(s.type == planted["type"] and _same_members(planted["type"], s.members, planted["members"])
                   for s in found):
            missed.append(planted["circle_id"])
    assert checked == len(truth["guarantee_circles"]) >= 5 and missed == []
    # Precision: ordinary guarantees cannot form a pattern, so every structure found at the world's
    # as-of date must lie inside a planted one (a planted one partly expired is still a sub-pattern).
    planted_sets = [set(p["members"]) for p in truth["guarantee_circles"]]
    found_now = guarantee_circles(graph, as_of=truth["calendar"]["as_of"]).structures
    exact = sum(any(set(s.members) == p for p in planted_sets) for s in found_now)
    print(f"synthetic tiny: {checked} planted structures, recall 1.0; at as_of "
          f"{len(found_now)} found, {exact} exactly planted, all inside planted ones")
    assert all(any(set(s.members) <= p for p in planted_sets) for s in found_now)
