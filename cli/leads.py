"""`liantu leads --type chain|new_registration|threshold|uplift` and `liantu lead-status`."""

from __future__ import annotations

from typing import cast

import typer
from rich.table import Table

from cli.common import console, reports_errors, settings, store
from graph.analytics.lead_types import LEAD_TYPES, find_leads
from graph.analytics.leads import STATUSES, Scorer, lead_history, record_status
from liantu.errors import InvalidInput


@reports_errors
def leads(
    rm: str | None = typer.Option(None, help="Relationship manager id, e.g. RM001."),
    branch: str | None = typer.Option(None, help="Branch code, e.g. 0101."),
    lead_type: str = typer.Option("chain", "--type", help=f"One of {', '.join(LEAD_TYPES)}."),
    depth: int = typer.Option(1, min=1, max=2, help="Chain leads: 2 also ranks partners of partners (half weight)."),
    limit: int = typer.Option(20, min=1, max=1000),
    include_flagged: bool = typer.Option(False, help="Keep partners with negative events, flagged."),
    scorer: str = typer.Option("auto", help="auto (the promoted model's scores when on the graph), model, formula."),
    as_of: str | None = typer.Option(None, help="YYYY-MM-DD; default: the date the data reach."),
    reasons: bool = typer.Option(False, "--reasons", help="Print every lead's reasons and evidence path."),
) -> None:
    """Leads (沿链营销, 新注册, 临界户, uplift) ranked, each routed to an RM with its score and reasons."""
    if scorer not in ("auto", "model", "formula"):
        raise InvalidInput(f"--scorer must be auto, model or formula, got {scorer!r}")
    found = find_leads(store(), lead_type, rm_id=rm, branch_code=branch, depth=depth, limit=limit,
                       include_flagged=include_flagged, as_of=as_of, scorer=cast(Scorer, scorer),
                       models_home=settings().home)
    scored = found.model_version if found.scored_by == "model" else "the formula"
    table = Table(title=f"{lead_type} leads for {rm or ''} {branch or ''} ({found.customers} customers, "
                        f"as of {found.as_of}, scored by {scored})")
    for col in ("#", "USCC", "name", "score", "by", "why (first reason)", "RM", "status", "flags"):
        table.add_column(col, justify="right" if col in {"#", "score"} else "left")
    for lead in found.leads:
        table.add_row(str(lead.rank), lead.uscc, lead.name, f"{lead.score:.3f}",
                      lead.model_version if lead.scored_by == "model" else "formula",
                      lead.reasons[0] if lead.reasons else "-", lead.assigned_rm_id or "-",
                      lead.status.status if lead.status else "-", ",".join(lead.flags) or "-")
    console.print(table)
    if reasons:
        for lead in found.leads:
            console.print(f"[bold]{lead.rank}. {lead.name}[/] {lead.uscc}  evidence: {' > '.join(lead.evidence)}")
            for reason in lead.reasons:
                console.print(f"   - {reason}")
    for lp in found.loop_partners:
        console.print(f"[red]loop partner, not a lead:[/] {lp.uscc} in a circular fund flow with {lp.customer_uscc} "
                      f"({lp.amount_out:,.0f} out, {lp.amount_back:,.0f} back, {lp.first_date}..{lp.last_date}; "
                      f"{' > '.join(lp.path)})")
    if lead_type == "chain":
        console.print(f"excluded: {found.excluded_customers} already customers, {found.excluded_negative} with "
                      f"negative events, {found.excluded_loops} in circular fund flows.")
    for note in found.notes:
        console.print(note)
    console.print(found.formula)


@reports_errors
def lead_status(
    party_id: str = typer.Argument(..., help="The lead's USCC (or a person's hashed id)."),
    status: str | None = typer.Option(None, help=f"Record one of {', '.join(STATUSES)}; omit to show the history."),
    by: str | None = typer.Option(None, help="Who acted, e.g. the RM id."),
    note: str | None = typer.Option(None),
    campaign: str | None = typer.Option(None, help="The campaign the contact belongs to."),
) -> None:
    """Record what happened to a lead (contacted / converted / not_interested), or show its history."""
    if status is not None:
        state = record_status(store(), party_id, status, by=by, note=note, campaign_id=campaign)
        console.print(f"{party_id}: {state.status} by {state.by or '-'} at {state.at}")
        return
    table = Table(title=f"Status of lead {party_id}")
    for col in ("status", "by", "at", "campaign", "note"):
        table.add_column(col)
    for s in lead_history(store(), party_id):
        table.add_row(s.status, s.by or "-", s.at, s.campaign_id or "-", s.note or "-")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("leads")(leads)
    app.command("lead-status")(lead_status)
