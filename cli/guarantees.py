"""`liantu guarantees circles|exposure`: guarantee circles (担保圈) and who is exposed if a borrower defaults."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import checked_uscc, console, reports_errors, store, uscc_tails
from graph.analytics.guarantees import (
    MAX_EXPOSURE_DEPTH,
    STRUCTURE_TYPES,
    CircleReport,
    StructureType,
    enterprise_circles,
    guarantee_circles,
    guarantee_exposure,
)
from liantu.errors import InvalidInput

guarantees_app = typer.Typer(help="Guarantee circles (担保圈) and default-contagion exposure.",
                             no_args_is_help=True)


def circles_table(report: CircleReport) -> Table:
    table = Table(title=f"Guarantee structures active on {report.as_of}"
                  + (" (truncated: a cap was reached)" if report.truncated else ""))
    for col in ("type", "members", "guarantees", "amount (CNY)", "cycles", "members (USCC tails)"):
        table.add_column(col, justify="right" if col in {"members", "guarantees", "amount (CNY)", "cycles"}
                         else "left")
    for s in report.structures:
        cycles = f"{len(s.cycles)}{'+' if s.cycles_truncated else ''}" if s.type == "circle" else "-"
        table.add_row(s.type, str(len(s.members)), str(s.guarantee_count), f"{s.total_amount:,.2f}", cycles,
                      uscc_tails(s.members))
    return table


@guarantees_app.command("circles")
@reports_errors
def circles(
    uscc: str | None = typer.Option(None, help="Only the structures this enterprise belongs to."),
    type: str | None = typer.Option(None, help=f"One of {', '.join(STRUCTURE_TYPES)}."),
    as_of: str | None = typer.Option(None, help="Guarantees in force on this date (default: the business date "
                                                 "of the latest load)."),
    limit: int = typer.Option(50, min=1, max=10_000),
) -> None:
    """Mutual, circle, chain, cross and focus guarantee structures (docs/rules.md §7 担保圈)."""
    if type is not None and type not in STRUCTURE_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(STRUCTURE_TYPES)}")
    kind: StructureType | None = next((t for t in STRUCTURE_TYPES if t == type), None)
    if uscc:
        report = enterprise_circles(store(), checked_uscc(uscc), as_of=as_of)
        report.structures = [s for s in report.structures if kind is None or s.type == kind][:limit]
    else:
        report = guarantee_circles(store(), as_of=as_of, kind=kind, limit=limit)
    console.print(circles_table(report))
    for s in report.structures:
        for c in s.cycles[:5]:
            ids = " ".join(",".join(e.guarantee_ids) for e in c.edges)
            console.print(f"  {s.structure_id} cycle {uscc_tails([*c.members, c.members[0]])}  [{ids}]")


@guarantees_app.command("exposure")
@reports_errors
def exposure(
    uscc: str,
    as_of: str | None = typer.Option(None, help="Guarantees in force on this date (default: the business date "
                                                 "of the latest load)."),
    max_depth: int = typer.Option(3, min=1, max=MAX_EXPOSURE_DEPTH),
) -> None:
    """Stress test: if USCC defaults, which guarantors are exposed, transitively, and for how much."""
    report = guarantee_exposure(store(), checked_uscc(uscc), as_of=as_of, max_depth=max_depth)
    table = Table(title=f"Guarantors exposed if {report.uscc} {report.name} defaults ({report.as_of})")
    for col in ("depth", "USCC", "name", "at risk (CNY)", "path", "guarantees"):
        table.add_column(col, justify="right" if col in {"depth", "at risk (CNY)"} else "left")
    for g in report.exposed:
        table.add_row(str(g.depth), g.uscc, g.name, f"{g.amount_at_risk:,.2f}", uscc_tails(g.path),
                      ",".join(g.guarantee_ids))
    console.print(table)
    console.print(f"total at risk: {report.total_at_risk:,.2f} CNY\nrule: {report.rule}")


def register(app: typer.Typer) -> None:
    app.add_typer(guarantees_app, name="guarantees")
