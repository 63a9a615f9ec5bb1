"""`liantu fund-loops USCC`: circular fund flows (资金闭环) of a core enterprise."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import checked_uscc, console, reports_errors, store, uscc_tails
from graph.analytics.fund_flows import MAX_HOPS, fund_loops


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
    report = fund_loops(store(), checked_uscc(uscc), window_days=window_days, since=since, until=until,
                        min_ratio=min_ratio, max_ratio=max_ratio, max_hops=max_hops)
    table = Table(title=f"Fund loops of {report.core} {report.name}"
                  + (" (truncated: a cap was reached)" if report.truncated else ""))
    for col in ("first", "last", "days", "out (CNY)", "back (CNY)", "ratio", "paths", "returns to"):
        table.add_column(col, justify="left" if col in {"first", "last", "returns to"} else "right")
    for lp in report.loops:
        table.add_row(lp.first_date.isoformat(), lp.last_date.isoformat(), str(lp.span_days),
                      f"{lp.outflow_total:,.2f}", f"{lp.inflow_total:,.2f}", f"{lp.ratio:.3f}", str(len(lp.paths)),
                      uscc_tails(lp.returns_to))
    console.print(table)
    for i, lp in enumerate(report.loops, start=1):
        for p in lp.paths:
            steps = " ".join(f"{t.txn_id}({t.day.isoformat()}, {t.amount:,.0f})" for t in p)
            console.print(f"  loop {i}: {uscc_tails([p[0].payer, *[t.payee for t in p]])}  {steps}")
    console.print(f"related parties used: {len(report.related_parties)}; rule: {report.rule}")


def register(app: typer.Typer) -> None:
    app.command("fund-loops")(loops)
