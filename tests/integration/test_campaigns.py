"""The campaign loop on a seeded population: create (stratified arms in Neo4j), simulate contact with a
planted effect, load the delta through ingestion, and check the report recovers the planted uplift."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from graph.analytics.campaigns import CampaignLead, campaign_report, create_campaign, get_campaign, read_targets
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from synth.campaign import AssignedLead, simulate, write_delta
from tests.builders import uscc, write_table
from tests.builders_leads import AS_OF, load_leads_world

N_LEADS = 2400  # ~1,200 per arm: an uplift of 0.12 on a ~0.2 base rate is ~6 standard errors from zero
RMS = ("RM001", "RM002", "RM003")
START = "2025-04-01"


def _score(n: int) -> float:
    return ((n * 7919) % N_LEADS) / N_LEADS


def _propensity(n: int) -> float:
    return 0.05 + 0.35 * _score(n)  # better-scored leads convert more often on their own, as in a real list


def write_population(directory: Path) -> None:
    """N_LEADS non-customer enterprises, one old customer among them, a branch and three RMs."""
    write_table(directory, "enterprises", [{"uscc": uscc(n), "name": f"郑州测试{n:05d}商贸有限公司", "status": "存续"}
                                           for n in range(1, N_LEADS + 1)])
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部"}])
    write_table(directory, "rms", [{"rm_id": rm, "name": rm, "branch_code": "0101"} for rm in RMS])
    write_table(directory, "customers", [{"customer_no": "C000001", "party_kind": "E", "party_id": uscc(1),
                                          "branch_code": "0101", "rm_id": "RM001", "since": "2020-01-01"}])


def leads() -> list[CampaignLead]:
    return [CampaignLead(uscc(n), "E", _score(n), RMS[n % 3], "0101") for n in range(1, N_LEADS + 1)]


@pytest.fixture
def population(graph: GraphStore, data_dir: Path) -> GraphStore:
    write_population(data_dir)
    load_directory(graph, data_dir)
    return graph


def test_report_recovers_the_planted_uplift(population: GraphStore, tmp_path: Path) -> None:
    campaign = create_campaign(population, "Q2-0101", leads(), name="Q2 chain leads, branch 0101",
                               start=START, window_days=90, seed=11, scope_branch="0101")
    assert campaign.leads == N_LEADS and campaign.treatment + campaign.control == N_LEADS
    assert campaign.end == "2025-06-30" and not campaign.skipped
    targets = read_targets(population, campaign)
    per = Counter((t.decile, t.arm) for t in targets)
    assert all(per[(d, "treatment")] == per[(d, "control")] == N_LEADS // 20 for d in range(1, 11))

    # uscc(1) banks with us already: it cannot become a customer, so contact is simulated for the others.
    assigned = [AssignedLead(t.party_id, "E", t.arm, t.rm_id, t.branch_code) for t in targets if t.since is None]
    assert len(assigned) == N_LEADS - 1
    truth = {uscc(n): _propensity(n) for n in range(1, N_LEADS + 1)}
    sim = simulate(campaign.campaign_id, assigned, truth, effect=0.12, start=date.fromisoformat(START),
                   window_days=90, seed=3)
    delta = tmp_path / "delta"
    write_delta(sim, delta)
    loaded = load_directory(population, delta)
    assert loaded.total_rejected == 0 and loaded.files[0].inserted == len(sim.customers) > 0

    report = campaign_report(population, "Q2-0101")
    overall = report.overall
    assert overall.uplift is not None and overall.low is not None and overall.high is not None
    planted = json.loads((delta / "campaign_truth.json").read_text(encoding="utf-8"))["planted_uplift"]
    assert planted == pytest.approx(sim.planted_uplift, abs=1e-6) and 0.1 < planted <= 0.12
    assert overall.low <= planted <= overall.high
    assert overall.low > 0  # the test has power: the interval excludes no effect
    # The report counts what the simulation drew, from the graph alone.
    assert overall.treatment_converted == sim.arms["treatment"].converted
    assert overall.control_converted == sim.arms["control"].converted
    assert report.excluded_already_customer == 1  # uscc(1) banked with us before the start
    assert overall.treatment_n + overall.control_n == N_LEADS - 1
    assert sum(d.treatment_converted + d.control_converted for d in report.by_decile) == (
        overall.treatment_converted + overall.control_converted)
    assert [d.key for d in report.by_decile] == [str(d) for d in range(1, 11)]
    assert {r.key for r in report.by_rm} == set(RMS)
    top, bottom = report.by_decile[0], report.by_decile[-1]
    assert (top.control_rate or 0) > (bottom.control_rate or 1)  # the score ranks natural conversion
    assert report.window_complete  # the delta's latest since is inside the window, but the data reach it
    assert "Newcombe" in report.rule


def test_reloading_changes_nothing_and_ids_are_not_redrawn(population: GraphStore, tmp_path: Path) -> None:
    first = create_campaign(population, "C1", leads()[:200], start=START, seed=5)
    with pytest.raises(InvalidInput, match="exists already"):
        create_campaign(population, "C1", leads()[:200], start=START, seed=6)
    again = create_campaign(population, "C2", leads()[:200], start=START, seed=5)
    arms_1 = {t.party_id: t.arm for t in read_targets(population, first)}
    arms_2 = {t.party_id: t.arm for t in read_targets(population, again)}
    assert arms_1 == arms_2  # same list, same seed, same arms
    report = campaign_report(population, "C1")
    assert report.overall.treatment_converted == report.overall.control_converted == 0
    assert not report.window_complete  # nobody became a customer after 2020: the window is not observed yet
    with pytest.raises(NotFound):
        get_campaign(population, "nope")
    with pytest.raises(InvalidInput):
        create_campaign(population, "C3", [], start=START)
    with pytest.raises(InvalidInput):
        create_campaign(population, "C3", leads()[:5], start="2025-13-01")


def said(result: Result) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def test_the_loop_through_the_command_line(cli_env: None, graph: GraphStore, data_dir: Path, tmp_path: Path) -> None:
    load_leads_world(graph, data_dir)
    runner = CliRunner()
    shown = runner.invoke(app, ["leads", "--branch", "0101", "--type", "threshold", "--as-of", AS_OF, "--reasons"])
    assert shown.exit_code == 0, shown.output
    assert uscc(2) in said(shown) and "临界户" in said(shown) and "scored by the formula" in said(shown)
    chain = runner.invoke(app, ["leads", "--rm", "RM001", "--as-of", AS_OF])
    assert chain.exit_code == 0 and "loop partner, not a lead" in said(chain) and uscc(21) in said(chain)
    bad = runner.invoke(app, ["leads", "--rm", "RM001", "--type", "hot"])
    assert bad.exit_code == 1 and "type must be one of" in said(bad)
    status = runner.invoke(app, ["lead-status", uscc(3), "--status", "contacted", "--by", "RM001"])
    assert status.exit_code == 0 and "contacted by RM001" in said(status)

    created = runner.invoke(app, ["campaign", "create", "CLI1", "--branch", "0101", "--start", AS_OF, "--seed", "2"])
    assert created.exit_code == 0, created.output
    assert "goal customer in (2024-12-31, 2025-03-31]" in said(created)
    delta = tmp_path / "delta"
    missing = runner.invoke(app, ["campaign", "simulate", "CLI1", "--out", str(delta)])
    assert missing.exit_code == 1 and "--base-rate" in said(missing)
    simulated = runner.invoke(app, ["campaign", "simulate", "CLI1", "--out", str(delta), "--base-rate", "0.5",
                                    "--effect", "0.3", "--seed", "4"])
    assert simulated.exit_code == 0, simulated.output
    truth = json.loads((delta / "campaign_truth.json").read_text(encoding="utf-8"))
    assert truth["planted_uplift"] == pytest.approx(0.3)
    assert runner.invoke(app, ["ingest", str(delta)]).exit_code == 0
    report = runner.invoke(app, ["campaign", "report", "CLI1", "--json"])
    assert report.exit_code == 0, report.output
    overall = json.loads(report.output)["overall"]
    for arm in ("treatment", "control"):
        assert overall[f"{arm}_converted"] == truth["arms"][arm]["converted"]
        assert overall[f"{arm}_n"] == truth["arms"][arm]["leads"]
    table = runner.invoke(app, ["campaign", "report", "CLI1"])
    assert table.exit_code == 0 and "Per score decile" in said(table) and "Newcombe" in said(table)
    assert "CLI1" in said(runner.invoke(app, ["campaign", "list"]))
    assert runner.invoke(app, ["campaign", "report", "nope"]).exit_code == 1
