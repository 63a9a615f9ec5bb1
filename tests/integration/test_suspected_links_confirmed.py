"""Confirmed suspected links in the group, related-party and control answers, on the hand-made ownership
world (tests/builders_control.py): a link a reviewer confirms appears, marked with who and when; one still
suspected never does; rejecting or reopening it takes it out again. The links are written as the
computation writes them, so no model runs here (tests/integration/test_suspected_links.py runs one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.control import CONFIRMED_MARK, actual_controller, group_of
from graph.analytics.related import related_parties
from graph.analytics.suspected_links import link_key, review_link
from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import pid, uscc
from tests.builders_control import write_control_dataset
from tests.integration.conftest import RISK_KEY, OpenClient


def _plant(store: GraphStore, a: str, b: str, kind: str, score: float) -> str:
    first, second, key, link_id = link_key(a, b)
    store.write_rows("suspected_links/merge_links", [{
        "key": key, "link_id": link_id, "a": first, "b": second, "kind": kind, "score": score, "rank": 1,
        "link_predictor": 0.5, "pair_model": score, "evidence": "{}", "drivers": []}],
        extra={"run_id": "test", "as_of": "2024-12-31", "computed_at": "2025-01-02T09:00:00", "model": "test"})
    return link_id


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_control_dataset(data_dir))
    return graph


def _related(store: GraphStore, company: str) -> dict[str, tuple[set[str], list[str]]]:
    return {p.party.id: (set(p.rules), [k.link_id for k in p.confirmed_links])
            for p in related_parties(store, company).parties}


def test_confirmed_links_join_the_answers_and_leave_again(world: GraphStore, api: OpenClient) -> None:
    # E3 is in P1's group; E6 (joint 50/50, nobody controls it) controls E7 by board majority; E11 is alone.
    tie = _plant(world, uscc(3), uscc(6), "undisclosed_controller", 0.91)
    loose = _plant(world, uscc(3), uscc(11), "shell_cluster", 0.88)
    before_group = group_of(world, uscc(3))
    before_related = _related(world, uscc(3))
    before_control = actual_controller(world, uscc(3))
    assert sorted(m.uscc for m in before_group.members) == sorted(uscc(n) for n in (1, 2, 3, 4, 5))
    assert uscc(6) not in before_related and uscc(11) not in before_related
    assert before_control.confirmed_links == []

    review_link(world, tie, "confirm", by="风控-王芳")
    group = group_of(world, uscc(3))
    joined = [m for m in group.members if m.rule == "confirmed_suspected_link"]
    assert [(m.uscc, m.chain) for m in joined] == [(uscc(6), [uscc(6), uscc(3)])]
    link = joined[0].confirmed_link
    assert link is not None and link.link_id == tie and link.confirmed_by == "风控-王芳" and link.confirmed_at
    assert link.mark == CONFIRMED_MARK and link.kind == "undisclosed_controller"
    assert all(m.confirmed_link is None for m in group.members if m.rule != "confirmed_suspected_link")
    # The linked enterprise's group sees the same link from its side; the unconfirmed one stays out.
    other = group_of(world, uscc(6))
    assert {m.uscc: m.rule for m in other.members}[uscc(3)] == "confirmed_suspected_link"
    assert uscc(11) not in {m.uscc for m in other.members} | {m.uscc for m in group.members}

    related = _related(world, uscc(3))
    assert related[uscc(6)] == ({"confirmed_suspected_link"}, [tie])
    assert related[uscc(7)] == ({"controlled_by_related_party"}, [tie])  # E6 controls E7: marked too
    assert uscc(11) not in related
    assert {k: v for k, v in related.items() if k not in (uscc(6), uscc(7))} == before_related
    evidence = next(p for p in related_parties(world, uscc(3)).parties if p.party.id == uscc(6)).evidence
    assert any(CONFIRMED_MARK in e and "风控-王芳" in e and tie in e for e in evidence)

    control = actual_controller(world, uscc(3))
    assert control.controller is not None and control.controller.id == pid(1)  # the votes did not change
    assert [(k.link_id, k.other.id) for k in control.confirmed_links] == [(tie, uscc(6))]
    assert [k.link_id for k in actual_controller(world, uscc(6)).confirmed_links] == [tie]

    client = api(world, RISK_KEY)
    body = client.get(f"/enterprises/{uscc(3)}/group").json()
    marked = [m for m in body["members"] if m["confirmed_link"]]
    assert [(m["uscc"], m["confirmed_link"]["confirmed_by"], m["confirmed_link"]["mark"]) for m in marked] \
        == [(uscc(6), "风控-王芳", CONFIRMED_MARK)]
    body = client.get(f"/enterprises/{uscc(3)}/related-parties").json()
    assert {p["party"]["id"] for p in body["parties"] if p["confirmed_links"]} == {uscc(6), uscc(7)}
    body = client.get(f"/enterprises/{uscc(3)}/actual-controller").json()
    assert [k["link_id"] for k in body["confirmed_links"]] == [tie]

    # Rejected: out of every answer again; reopened (back to 疑似): still out; confirmed again: back.
    review_link(world, tie, "reject", by="风控-李强")
    assert group_of(world, uscc(3)) == before_group
    assert _related(world, uscc(3)) == before_related
    assert actual_controller(world, uscc(3)) == before_control
    review_link(world, tie, "reopen", by="风控-李强")
    assert group_of(world, uscc(3)) == before_group and _related(world, uscc(3)) == before_related
    review_link(world, loose, "confirm", by="风控-李强")
    assert [m.uscc for m in group_of(world, uscc(3)).members if m.confirmed_link] == [uscc(11)]
    assert _related(world, uscc(3))[uscc(11)] == ({"confirmed_suspected_link"}, [loose])
    assert uscc(6) not in _related(world, uscc(3))
