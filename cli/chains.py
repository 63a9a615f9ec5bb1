"""`liantu upstream|downstream USCC`: suppliers and buyers along payment ties (上下游)."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import AS_OF, checked_uscc, console, reports_errors, store
from graph.analytics.chains import Direction, Partner, partners


def partners_table(title: str, found: list[Partner]) -> Table:
    table = Table(title=title)
    for col in ("depth", "USCC", "name", "amount (CNY)", "payments", "tie share", "via", "flags"):
        table.add_column(col, justify="right" if col in {"depth", "amount (CNY)", "payments", "tie share"}
                         else "left")
    for p in found:
        share = f"{p.tie_share:.1%}" if p.tie_share is not None else "-"
        table.add_row(str(p.depth), p.uscc, p.name, f"{p.amount:,.2f}", str(p.payments), share,
                      "…" + p.path[-2][-6:] if p.depth > 1 else "-", ",".join(p.flags) or "-")
    return table


def _show(direction: Direction, uscc: str, depth: int, min_amount: float, since: str | None,
          until: str | None, limit: int, as_of: str | None = None) -> None:
    code = checked_uscc(uscc)
    found = partners(store(), code, direction, depth=depth, min_amount=min_amount, since=since,
                     until=until, limit=limit, as_of=as_of)
    label = "suppliers (upstream)" if direction == "upstream" else "buyers (downstream)"
    console.print(partners_table(f"{label} of {code} within {depth} hop(s)", found))


@reports_errors
def upstream(
    uscc: str,
    depth: int = typer.Option(1, min=1, max=4),
    min_amount: float = typer.Option(0.0, min=0.0, help="Ignore payment edges below this total (CNY)."),
    since: str | None = typer.Option(None, help="Only ties active on or after this date."),
    until: str | None = typer.Option(None, help="Only ties active on or before this date."),
    limit: int = typer.Option(50, min=1, max=1000),
    as_of: str | None = AS_OF,
) -> None:
    """Suppliers of an enterprise: the enterprises it pays, up to N hops."""
    _show("upstream", uscc, depth, min_amount, since, until, limit, as_of)


@reports_errors
def downstream(
    uscc: str,
    depth: int = typer.Option(1, min=1, max=4),
    min_amount: float = typer.Option(0.0, min=0.0, help="Ignore payment edges below this total (CNY)."),
    since: str | None = typer.Option(None, help="Only ties active on or after this date."),
    until: str | None = typer.Option(None, help="Only ties active on or before this date."),
    limit: int = typer.Option(50, min=1, max=1000),
    as_of: str | None = AS_OF,
) -> None:
    """Buyers of an enterprise: the enterprises that pay it, up to N hops."""
    _show("downstream", uscc, depth, min_amount, since, until, limit, as_of)


def register(app: typer.Typer) -> None:
    app.command("upstream")(upstream)
    app.command("downstream")(downstream)
