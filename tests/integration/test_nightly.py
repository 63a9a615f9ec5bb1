"""The nightly delta on the tiny world: the day's facts land, aggregates follow, alerts see the changes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.analytics.alerts import control_may_differ
from graph.analytics.chains import partners
from graph.analytics.control import actual_controller, actual_controllers
from graph.store import GraphStore
from ingestion.loader import load_directory
from ingestion.nightly import run_nightly
from ingestion.tables import NON_TRADE_PURPOSES
from synth import generate
from synth.delta import next_business_day, write_delta
from synth.scales import AS_OF
from tests.integration.conftest import point_cli_at


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("nightly")
    generate("tiny", 7, root / "world")
    write_delta(root / "world", root / "delta", 7)
    return root / "world", root / "delta"


def test_the_delta_is_one_business_day_in_the_input_formats(world: tuple[Path, Path]) -> None:
    src, delta = world
    truth = json.loads((delta / "delta_truth.json").read_text("utf-8"))
    assert truth["day"] == next_business_day(AS_OF).isoformat() == "2025-01-02"
    for table in ("enterprises", "shareholdings", "payments"):
        header = (src / f"{table}.csv").read_text("utf-8").splitlines()[0].replace('"', "")
        assert (delta / f"{table}.csv").read_text("utf-8").splitlines()[0] == header
    assert truth["controller_changes"] and truth["new_enterprises"] and truth["enterprise_changes"]
    assert truth["payments"]["count"] >= 1 and len(list((delta / "documents").glob("*.txt"))) >= 3
    # Deterministic: the same world and seed write the same delta.
    again = write_delta(src, delta.parent / "again", 7)
    assert (delta.parent / "again" / "payments.csv").read_bytes() == (delta / "payments.csv").read_bytes()
    assert again.counts == truth["counts"]


def test_nightly_loads_the_day_and_refreshes_what_depends_on_it(graph: GraphStore, world: tuple[Path, Path]) -> None:
    src, delta = world
    load_directory(graph, src)
    truth = json.loads((delta / "delta_truth.json").read_text("utf-8"))
    steps: list[str] = []
    report = run_nightly(graph, delta, on_step=steps.append)
    assert report.business_date_before == "2024-12-31" and report.business_date_after == "2025-01-02"
    by_file = {f.table: f for f in report.files}
    assert all(f.reconciles and f.rejected == 0 for f in report.files)
    assert by_file["payments"].inserted == truth["payments"]["count"]
    assert by_file["enterprises"].inserted == len(truth["new_enterprises"])
    assert by_file["enterprises"].updated == len(truth["enterprise_changes"])
    assert report.counts_changed["transactions"] == truth["payments"]["count"]
    assert report.counts_changed["enterprises"] == len(truth["new_enterprises"])
    assert report.documents["documents"] == truth["counts"]["documents"]
    assert "hub scores (PageRank)" in steps and "alerts" in steps and report.hub_nodes > 0
    # One pass over the year's trade serves the tags and the alerts: neither reads it again.
    assert steps.index("trade windows (tags and alerts)") < steps.index("tags") < steps.index("alerts")
    assert "trade of the year" not in report.tag_seconds and "write" in report.tag_seconds
    # The new majority holder controls the company from the day on; the old one did the day before.
    for change in truth["controller_changes"]:
        after = actual_controller(graph, change["company"], truth["day"])
        before = actual_controller(graph, change["company"], "2024-12-31")
        assert after.controller is not None and after.controller.id == change["new_holder"], after.explanation
        assert before.controller is None or before.controller.id != change["new_holder"]
    # The controller-change rule solves only the enterprises whose control can differ; every customer
    # whose controller did differ, solved in full on both days, is among them.
    customers = [r["party_id"] for r in csv.DictReader((src / "customers.csv").open(encoding="utf-8"))
                 if r["party_kind"] == "E"]
    full_before = actual_controllers(graph, customers, "2024-12-31")
    full_after = actual_controllers(graph, customers, truth["day"])
    changed = {u for u in customers if (c0 := full_before[u].controller) != (c1 := full_after[u].controller)
               and (c0 and c0.id) != (c1 and c1.id)}
    solved = control_may_differ(graph, "2024-12-31", truth["day"])
    assert changed and changed <= solved and len(solved & set(customers)) < len(customers) / 4
    # The day's trade payments reach their pairs' PAID aggregate (refreshed for the touched pairs only).
    trade = [r for r in csv.DictReader((delta / "payments.csv").open(encoding="utf-8"))
             if r["payee_kind"] == "E" and r["purpose"] not in NON_TRADE_PURPOSES]
    assert trade
    row = trade[0]
    ties = partners(graph, row["payer_uscc"], "upstream", limit=1000, flag_loops=False)
    tie = next(p for p in ties if p.uscc == row["payee_id"])
    assert tie.evidence[-1].last_date == truth["day"]
    # Running the same night again changes nothing and raises no alert twice.
    second = run_nightly(graph, delta)
    assert all(f.inserted == 0 and f.updated == 0 for f in second.files)
    assert second.alerts_raised == 0 and second.counts_changed == {}


@pytest.fixture
def cli_env(graph: GraphStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "200")  # the report's table, unfolded
    with point_cli_at(graph, monkeypatch, tmp_path / "home"):
        yield


def test_cli_nightly_prints_the_report_and_a_missing_delta_is_one_line(cli_env: None, graph: GraphStore,
                                                                         world: tuple[Path, Path]) -> None:
    src, delta = world
    load_directory(graph, src)
    result = CliRunner().invoke(app, ["nightly", "--delta", str(delta)])
    assert result.exit_code == 0, result.output
    assert "2024-12-31 -> 2025-01-02" in result.output and "payments.csv" in result.output
    assert "Steps" in result.output
    result = CliRunner().invoke(app, ["nightly", "--delta", str(delta / "nope")])
    assert result.exit_code == 1 and "not a directory" in result.output and "Traceback" not in result.output
