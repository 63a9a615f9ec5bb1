"""`liantu risk show|compute|restricted` (leads are in cli/leads.py)."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.analytics.risk import (
    DIFFUSION_RULE,
    LEGAL_RULE,
    Restriction,
    compute_diffusion,
    restricted_parties,
    risk_view,
)
from liantu.errors import InvalidInput
from liantu.ids import InvalidUSCC, validate_uscc

risk_app = typer.Typer(help="Negative events: the legal extension (restrictions) and risk diffusion, kept apart.",
                       no_args_is_help=True)


def _restrictions_table(title: str, rows: list[Restriction]) -> Table:
    table = Table(title=title)
    for col in ("kind", "id", "name", "basis", "role / test", "debtor", "cases"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.kind, r.id[:18], r.name or "-", r.basis, r.role[:60], r.debtor_name or "-",
                      ", ".join(c.case_number for c in r.cases))
    return table


@risk_app.command("show")
@reports_errors
def risk_show(uscc: str, as_of: str | None = typer.Option(
        None, help="Facts as of this date (default: the business date).")) -> None:
    """One enterprise: its own events, the legal extension, and its diffusion score with paths."""
    try:
        code = validate_uscc(uscc)
    except InvalidUSCC as exc:
        raise InvalidInput(f"{uscc}: {exc}") from None
    view = risk_view(store(), code, as_of=as_of)
    console.print(f"[bold]{view.name}[/] {view.uscc}")
    events = Table(title="Own negative events")
    for col in ("kind", "reference", "role", "title", "issuer", "date", "severity", "confidence"):
        events.add_column(col)
    for e in view.events:
        events.add_row(e.event_kind, e.reference, e.role or "-", e.title or "-", e.issuer or "-", e.date or "-",
                       f"{e.severity:.2f}", f"{e.confidence:.2f}")
    console.print(events)
    ext = view.legal_extension
    console.print(f"[bold]1. Legal extension[/] ({ext.rule})")
    if ext.debtor_cases:
        console.print("restricted debtor in: " + ", ".join(c.case_number for c in ext.debtor_cases))
    console.print(_restrictions_table("restricted with this enterprise", ext.extends_to))
    if ext.as_controller_of:
        console.print(_restrictions_table("restricted as actual controller of a debtor", ext.as_controller_of))
    diff = view.diffusion
    console.print(f"[bold]2. Statistical diffusion[/] score {diff.score:.4f} ({DIFFUSION_RULE})")
    paths = Table(title="Top contributing parties and paths")
    for col in ("party", "name", "seed", "contribution", "path"):
        paths.add_column(col)
    for c in diff.contributions:
        route = " > ".join(f"{a.source_name or a.source[-6:]} -[{a.direction} {a.transmission:.2f}]-" for a in c.path)
        paths.add_row(c.party[:20], c.name or "-", f"{c.seed:.3f}", f"{c.contribution:.4f}",
                      f"{route}> {view.name}")
    console.print(paths)


@risk_app.command("compute")
@reports_errors
def risk_compute(as_of: str | None = typer.Option(
        None, help="Facts as of this date (default: the business date).")) -> None:
    """Compute every enterprise's diffusion score in memory and write it as `risk_diffusion`."""
    with console.status("Reading ties and events, diffusing risk..."):
        run = compute_diffusion(store(), as_of=as_of)
    console.print(f"{run.seeds:,} event-bearing parties diffused over {run.nodes:,} nodes and {run.arcs:,} arcs; "
                  f"{run.written:,} enterprise scores written.")


@risk_app.command("restricted")
@reports_errors
def risk_restricted(limit: int = typer.Option(100, min=1, max=1000)) -> None:
    """Restricted debtors and the parties the restriction extends to."""
    console.print(_restrictions_table(f"Restricted parties ({LEGAL_RULE})", restricted_parties(store(), limit)))


def register(app: typer.Typer) -> None:
    app.add_typer(risk_app, name="risk")
