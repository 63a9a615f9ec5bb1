"""The business date (graph/business_date.py): stored when a load ends, the one default `as_of` of the
analytics that read ownership, officers, guarantees or payments; checked on the hand-made ownership world
(tests/builders_control.py) with a later delta that changes a shareholding."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.analytics.chains import partners
from graph.analytics.control import actual_controller, beneficial_owners, group_of
from graph.analytics.guarantees import enterprise_circles
from graph.analytics.ownership import penetrate
from graph.analytics.paths import shortest_paths
from graph.analytics.related import related_parties
from graph.business_date import business_date, data_loads, resolve_as_of
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from tests.builders import pid, uscc, write_table
from tests.builders_control import write_control_dataset


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    report = load_directory(graph, write_control_dataset(data_dir))
    # The base world's latest dated fact is the payment of 2024-03-01 (the guarantee ends in 2099: a
    # maturity, not a fact of the data's day).
    assert report.business_date == "2024-03-01"
    return graph


def _sell_e6(graph: GraphStore, directory: Path) -> None:
    """On 2025-04-01 P9 sells 30 points of E6 to P8: P8 goes from 50% to 80% (E6 had no controller)."""
    directory.mkdir()
    write_table(directory, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(8), "company_uscc": uscc(6), "ratio": 0.5,
         "valid_from": "2020-01-01", "valid_to": "2025-04-01"},
        {"holder_kind": "P", "holder_id": pid(9), "company_uscc": uscc(6), "ratio": 0.5,
         "valid_from": "2020-01-01", "valid_to": "2025-04-01"},
        {"holder_kind": "P", "holder_id": pid(8), "company_uscc": uscc(6), "ratio": 0.8, "valid_from": "2025-04-01"},
        {"holder_kind": "P", "holder_id": pid(9), "company_uscc": uscc(6), "ratio": 0.2, "valid_from": "2025-04-01"},
    ])
    assert load_directory(graph, directory).business_date == "2025-04-01"


def test_a_load_stores_its_business_date_and_it_is_the_default(world: GraphStore) -> None:
    assert [d.business_date for d in data_loads(world)] == ["2024-03-01"]
    assert business_date(world) == resolve_as_of(world, None) == "2024-03-01"
    assert resolve_as_of(world, "2023-05-06") == "2023-05-06"
    with pytest.raises(InvalidInput, match="as_of"):
        resolve_as_of(world, "2024/03/01")
    # Every analytic reports the day it read the graph at, and that day is the business date.
    assert actual_controller(world, uscc(2)).as_of == "2024-03-01"
    assert beneficial_owners(world, uscc(2)).as_of == "2024-03-01"
    assert group_of(world, uscc(2)).as_of == "2024-03-01"
    assert penetrate(world, uscc(4)).as_of == "2024-03-01"
    assert related_parties(world, uscc(2)).as_of == "2024-03-01"
    assert shortest_paths(world, uscc(7), uscc(10)).as_of == "2024-03-01"
    assert enterprise_circles(world, uscc(3)).as_of == "2024-03-01"


def test_a_later_shareholding_changes_the_controller_from_its_date(world: GraphStore, tmp_path: Path) -> None:
    assert actual_controller(world, uscc(6)).controller is None  # 50/50: joint, nobody controls
    _sell_e6(world, tmp_path / "delta")
    assert [d.business_date for d in data_loads(world)] == ["2025-04-01", "2024-03-01"]
    after = actual_controller(world, uscc(6))  # default: the new business date
    assert after.as_of == "2025-04-01"
    assert after.controller is not None and after.controller.id == pid(8) and after.rule == "equity_majority"
    assert after.integrated_stake == pytest.approx(0.8)
    before = actual_controller(world, uscc(6), "2025-03-31")
    assert before.controller is None and before.rule == "joint_50_50"
    # The day of the change itself reads the new holdings (valid_to is the first day a fact no longer holds).
    assert actual_controller(world, uscc(6), "2025-04-01").controller is not None
    # Everything that rests on control moves with it: P8's group now holds E6, and E7 (E6 holds 20%).
    group = group_of(world, uscc(6))
    assert group.controller.id == pid(8) and uscc(6) in {m.uscc for m in group.members}
    assert group_of(world, uscc(6), "2025-03-31").controller.id == uscc(6)  # nobody controlled it then
    stakes_before = {h.id: h.integrated for h in penetrate(world, uscc(6), as_of="2025-03-31").holders}
    stakes_after = {h.id: h.integrated for h in penetrate(world, uscc(6)).holders}
    assert stakes_before == {pid(8): pytest.approx(0.5), pid(9): pytest.approx(0.5)}
    assert stakes_after == {pid(8): pytest.approx(0.8), pid(9): pytest.approx(0.2)}
    rules = {p.party.id: p.rules for p in related_parties(world, uscc(6)).parties}
    assert "actual_controller" in rules[pid(8)]
    assert "actual_controller" not in related_parties(world, uscc(6), "2025-03-31").parties[0].rules


def test_before_a_holding_began_it_does_not_exist(world: GraphStore) -> None:
    # The base holdings start on 2020-01-01: on 2019-06-30 E2 had no shareholders, so no controller,
    # and the payment path E7 -> E10 of 2024 did not exist yet either.
    assert actual_controller(world, uscc(2), "2019-06-30").controller is None
    assert actual_controller(world, uscc(2), "2019-06-30").as_of == "2019-06-30"
    assert shortest_paths(world, uscc(6), uscc(7), as_of="2019-06-30").paths == []
    assert shortest_paths(world, uscc(6), uscc(7)).paths != []
    assert [p.uscc for p in partners(world, uscc(7), "upstream")] == [uscc(10)]
    assert partners(world, uscc(7), "upstream", as_of="2024-02-29") == []


def test_cli_reads_the_business_date_and_takes_as_of(world: GraphStore, tmp_path: Path,
                                                      cli_env: None) -> None:
    from cli.main import app

    _sell_e6(world, tmp_path / "delta")
    runner = CliRunner()
    now = runner.invoke(app, ["control", "controller", uscc(6)])
    assert now.exit_code == 0, now.output
    assert "on 2025-04-01" in now.output and "自然人8" in now.output
    then = runner.invoke(app, ["control", "controller", uscc(6), "--as-of", "2025-03-31"])
    assert then.exit_code == 0 and "on 2025-03-31: none" in then.output
    bad = runner.invoke(app, ["control", "controller", uscc(6), "--as-of", "yesterday"])
    assert bad.exit_code != 0 and "as_of must be a date" in bad.output
