"""`liantu guarantees circles|exposure` and `liantu fund-loops USCC`."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.analytics.fund_flows import MAX_HOPS, fund_loops
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
from liantu.ids import InvalidUSCC, validate_uscc

guarantees_app = typer.Typer(help="Guarantee circles (担保圈) and default-contagion exposure.",
                             no_args_is_help=True)


def _code(uscc: str) -> str:
    try:
        return validate_uscc(uscc)
    except InvalidUSCC as exc:
        raise InvalidInput(f"{uscc}: {exc}") from None


def _short(members: list[str]) -> str:
    return " > ".join(m[-6:] for m in members)


def circles_table(report: CircleReport) -> Table:
    table = Table(title=f"Guarantee structures active on {report.as_of}"
                  + (" (truncated: a cap was reached)" if report.truncated else ""))
    for col in ("type", "members", "guarantees", "amount (CNY)", "cycles", "members (USCC tails)"):
        table.add_column(col, justify="right" if col in {"members", "guarantees", "amount (CNY)", "cycles"}
                         else "left")
    for s in report.structures:
        cycles = f"{len(s.cycles)}{'+' if s.cycles_truncated else ''}" if s.type == "circle" else "-"
        table.add_row(s.type, str(len(s.members)), str(s.guarantee_count), f"{s.total_amount:,.2f}", cycles,
                      _short(s.members))
    return table


@guarantees_app.command("circles")
@reports_errors
def circles(
    uscc: str | None = typer.Option(None, help="Only the structures this enterprise belongs to."),
    type: str | None = typer.Option(None, help=f"One of {', '.join(STRUCTURE_TYPES)}."),
    as_of: str | None = typer.Option(None, help="Guarantees in force on this date (default today)."),
    limit: int = typer.Option(50, min=1, max=10_000),
) -> None:
    """Mutual, circle, chain, cross and focus guarantee structures (docs/rules.md §7 担保圈)."""
    if type is not None and type not in STRUCTURE_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(STRUCTURE_TYPES)}")
    kind: StructureType | None = next((t for t in STRUCTURE_TYPES if t == type), None)
    if uscc:
        report = enterprise_circles(store(), _code(uscc), as_of=as_of)
        report.structures = [s for s in report.structures if kind is None or s.type == kind][:limit]
    else:
        report = guarantee_circles(store(), as_of=as_of, kind=kind, limit=limit)
    console.print(circles_table(report))
    for s in report.structures:
        for c in s.cycles[:5]:
            ids = " ".join(",".join(e.guarantee_ids) for e in c.edges)
            console.print(f"  {s.structure_id} cycle {_short([*c.members, c.members[0]])}  [{ids}]")


@guarantees_app.command("exposure")
@reports_errors
def exposure(
    uscc: str,
    as_of: str | None = typer.Option(None, help="Guarantees in force on this date (default today)."),
    max_depth: int = typer.Option(3, min=1, max=MAX_EXPOSURE_DEPTH),
) -> None:
    """Stress test: if USCC defaults, which guarantors are exposed, transitively, and for how much."""
    report = guarantee_exposure(store(), _code(uscc), as_of=as_of, max_depth=max_depth)
    table = Table(title=f"Guarantors exposed if {report.uscc} {report.name} defaults ({report.as_of})")
    for col in ("depth", "USCC", "name", "at risk (CNY)", "path", "guarantees"):
        table.add_column(col, justify="right" if col in {"depth", "at risk (CNY)"} else "left")
    for g in report.exposed:
        table.add_row(str(g.depth), g.uscc, g.name, f"{g.amount_at_risk:,.2f}", _short(g.path),
                      ",".join(g.guarantee_ids))
    console.print(table)
    console.print(f"total at risk: {report.total_at_risk:,.2f} CNY\nrule: {report.rule}")


@reports_errors
def loops(
    uscc: str,
    window_days: int = typer.Option(180, min=1, help="Money must return within this many days."),
    since: str | None = typer.Option(None, help="Only txns on or after this date."),
    until: str | None = typer.Option(None, help="Only txns on or before this date."),
    min_ratio: float = typer.Option(0.8, help="Lowest inflow/outflow ratio of a balanced flow."),
    max_ratio: float = typer.Option(1.25, help="Highest inflow/outflow ratio of a balanced flow."),
    max_hops: int = typer.Option(MAX_HOPS, min=2, max=MAX_HOPS),
) -> None:
    """Circular fund flows (资金闭环) of a core enterprise, with every txn path."""
    report = fund_loops(store(), _code(uscc), window_days=window_days, since=since, until=until,
                        min_ratio=min_ratio, max_ratio=max_ratio, max_hops=max_hops)
    table = Table(title=f"Fund loops of {report.core} {report.name}"
                  + (" (truncated: a cap was reached)" if report.truncated else ""))
    for col in ("first", "last", "days", "out (CNY)", "back (CNY)", "ratio", "paths", "returns to"):
        table.add_column(col, justify="left" if col in {"first", "last", "returns to"} else "right")
    for lp in report.loops:
        table.add_row(lp.first_date.isoformat(), lp.last_date.isoformat(), str(lp.span_days),
                      f"{lp.outflow_total:,.2f}", f"{lp.inflow_total:,.2f}", f"{lp.ratio:.3f}", str(len(lp.paths)),
                      _short(lp.returns_to))
    console.print(table)
    for i, lp in enumerate(report.loops, start=1):
        for p in lp.paths:
            steps = " ".join(f"{t.txn_id}({t.day.isoformat()}, {t.amount:,.0f})" for t in p)
            console.print(f"  loop {i}: {_short([p[0].payer, *[t.payee for t in p]])}  {steps}")
    console.print(f"related parties used: {len(report.related_parties)}; rule: {report.rule}")


def register(app: typer.Typer) -> None:
    app.add_typer(guarantees_app, name="guarantees")
    app.command("fund-loops")(loops)
