"""`liantu campaign create|list|report|simulate`: did the leads work? Treatment against a held-back control."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, reports_errors, settings, store
from graph.analytics.campaigns import (
    ArmComparison,
    campaign_report,
    create_from_leads,
    get_campaign,
    list_campaigns,
    read_targets,
)
from liantu.errors import InvalidInput
from synth.campaign import AssignedLead, SimulationError, simulate, truth_for, write_delta

campaign_app = typer.Typer(help="Campaigns: random treatment/control assignment of leads, and the uplift it measured.",
                           no_args_is_help=True)
TARGET_OF_TYPE = {"chain": "become_customer_e", "new_registration": "become_customer_e",
                  "threshold": "become_effective_e"}


@campaign_app.command("create")
@reports_errors
def create(
    campaign_id: str = typer.Argument(..., help="A new campaign id, e.g. 2025Q1-0101."),
    lead_type: str = typer.Option("chain", "--type", help="chain, new_registration or threshold."),
    rm: str | None = typer.Option(None, help="Leads of one RM."),
    branch: str | None = typer.Option(None, help="Leads of one branch (neither: the whole bank)."),
    limit: int = typer.Option(1000, min=1, max=1_000_000, help="How many of the top leads enter the campaign."),
    start: str | None = typer.Option(None, help="YYYY-MM-DD; default: the date the data reach."),
    window_days: int = typer.Option(90, min=1, max=730),
    seed: int = typer.Option(0, min=0),
    treatment_share: float = typer.Option(0.5, min=0.01, max=0.99),
    name: str | None = typer.Option(None),
) -> None:
    """Draw treatment and control within each score decile (seeded) and record the assignment in Neo4j."""
    found = create_from_leads(store(), campaign_id, lead_type=lead_type, rm_id=rm, branch_code=branch, limit=limit,
                              start=start, window_days=window_days, seed=seed, treatment_share=treatment_share,
                              name=name, created_by="cli", models_home=settings().home)
    console.print(f"campaign {found.campaign_id}: {found.treatment} treatment, {found.control} control "
                  f"({found.lead_type} leads scored by {found.model_version or found.scored_by}); goal {found.goal} "
                  f"in ({found.start}, {found.end}]")
    if found.skipped:
        console.print(f"{len(found.skipped)} lead(s) not in the graph were skipped")


@campaign_app.command("list")
@reports_errors
def list_() -> None:
    """Every campaign with the size of its arms."""
    table = Table(title="Campaigns")
    for col in ("id", "name", "type", "goal", "start", "end", "treatment", "control"):
        table.add_column(col, justify="right" if col in {"treatment", "control"} else "left")
    for c in list_campaigns(store()):
        table.add_row(c["campaign_id"], c["name"], c["lead_type"], c["goal"], c["start"], c["end"],
                      str(c["treatment"]), str(c["control"]))
    console.print(table)


def _rate(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _rows(title: str, rows: list[ArmComparison]) -> Table:
    table = Table(title=title)
    for col in ("", "treated", "converted", "rate", "control", "converted ", "rate ", "uplift", "95% interval"):
        table.add_column(col, justify="left" if col == "" else "right")
    for r in rows:
        interval = "-" if r.low is None or r.high is None else f"[{r.low:+.1%}, {r.high:+.1%}]"
        table.add_row(r.key, str(r.treatment_n), str(r.treatment_converted), _rate(r.treatment_rate),
                      str(r.control_n), str(r.control_converted), _rate(r.control_rate),
                      "-" if r.uplift is None else f"{r.uplift:+.1%}", interval)
    return table


@campaign_app.command("report")
@reports_errors
def report(campaign_id: str = typer.Argument(...),
           as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Conversion per arm and the uplift with its 95% Newcombe interval, overall, per RM and per decile."""
    found = campaign_report(store(), campaign_id)
    if as_json:
        sys.stdout.write(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=1) + "\n")
        return
    c = found.campaign
    console.print(f"[bold]{c.campaign_id}[/] {c.name}: {c.lead_type} leads, goal {c.goal}, window ({c.start}, "
                  f"{c.end}], seed {c.seed}")
    console.print(_rows("Overall", [found.overall]))
    console.print(_rows("Per score decile (1 = top)", found.by_decile))
    console.print(_rows("Per RM", found.by_rm))
    if found.excluded_already_customer:
        console.print(f"{found.excluded_already_customer} lead(s) already customers at the start were left out")
    if not found.window_complete:
        console.print(f"[yellow]the window is not fully observed: the data reach {found.observed_until or 'nothing'}"
                      "[/]")
    console.print(found.rule)


@campaign_app.command("simulate")
@reports_errors
def simulate_cmd(
    campaign_id: str = typer.Argument(...),
    out: Path = typer.Option(..., help="Directory for the delta dataset and campaign_truth.json."),
    truth: Path | None = typer.Option(None, help="A synthetic world's output directory (outcomes.csv)."),
    window: int = typer.Option(2, help="The outcomes window whose propensities and labels to use."),
    base_rate: float | None = typer.Option(None, min=0.0, max=1.0,
                                           help="Without --truth, or for leads it lacks: this propensity."),
    effect: float = typer.Option(0.1, min=0.0, max=0.99, help="Planted uplift: contact adds this probability."),
    seed: int = typer.Option(0, min=0),
) -> None:
    """Simulate contact: who converts (planted effect on the true propensity), as a delta `liantu ingest` loads."""
    graph = store()
    campaign = get_campaign(graph, campaign_id)
    targets = read_targets(graph, campaign)
    if campaign.goal == "customer":  # those who banked with us before the start cannot become customers
        targets = [t for t in targets if t.since is None or t.since > campaign.start]
    leads = [AssignedLead(t.party_id, "E" if t.party_kind == "E" else "P", t.arm, t.rm_id, t.branch_code,
                          t.customer_no) for t in targets]
    propensity: dict[str, float] = {}
    labels: dict[str, int] | None = None
    source = f"base rate {base_rate}"
    if truth is not None:
        propensity, labels = truth_for(truth, window, TARGET_OF_TYPE[campaign.lead_type])
        source = f"{truth / 'outcomes.csv'} window {window}"
    missing = [lead.party_id for lead in leads if lead.party_id not in propensity]
    if missing and base_rate is None:
        raise InvalidInput(f"{len(missing)} lead(s) have no true propensity (e.g. {missing[0]}): give --truth "
                           "with their world, or --base-rate")
    for party in missing:
        propensity[party] = float(base_rate or 0.0)
    try:
        sim = simulate(campaign_id, leads, propensity, effect=effect, start=date.fromisoformat(campaign.start),
                       window_days=campaign.window_days, seed=seed, goal=campaign.goal, labels=labels,
                       propensity_source=source)
    except SimulationError as exc:
        raise InvalidInput(str(exc)) from None
    files = write_delta(sim, out)
    t, c = sim.arms["treatment"], sim.arms["control"]
    console.print(f"{campaign_id}: treatment {t.converted}/{t.leads}, control {c.converted}/{c.leads} converted; "
                  f"planted uplift {sim.planted_uplift:+.2%}, drawn {sim.realised_uplift:+.2%}")
    console.print("wrote " + ", ".join(str(f) for f in files) + f"; load with `liantu ingest {out}`")


def register(app: typer.Typer) -> None:
    app.add_typer(campaign_app, name="campaign")
