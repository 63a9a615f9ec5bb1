"""`liantu hubs core`: core enterprises (核心企业) of an industry and/or region.

A subcommand of `hubs` because a core enterprise is a hub ranked within a filter; it registers itself
on the `hubs` group after cli/hubs.py has created it.
"""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, money, reports_errors, store
from cli.hubs import hubs_app
from graph.analytics.core import ORDERS, core_enterprises
from liantu.errors import InvalidInput


@reports_errors
def hubs_core(
    industry: str | None = typer.Option(None, help="GB/T 4754 section (C) or code prefix (C36, 36)."),
    region: str | None = typer.Option(None, help="GB/T 2260 region code prefix (41, 4101, 410102)."),
    order: str = typer.Option("pagerank", help=", ".join(ORDERS)),
    limit: int = typer.Option(20, min=1, max=1000),
) -> None:
    """Core enterprises (核心企业) of an industry and/or region, ranked with their figures."""
    if order not in ORDERS:
        raise InvalidInput(f"order must be one of {', '.join(ORDERS)}")
    result = core_enterprises(store(), industry=industry, region=region, order=order, limit=limit)
    table = Table(title=f"Core enterprises (industry {industry or 'any'}, region {region or 'any'}) by {order}; "
                  f"{result.candidates:,} candidates")
    for col in ("rank", "USCC", "name", "industry", "region", "score", "global PR rank", "counterparties",
                "received (CNY)", "share of income", "largest buyer"):
        table.add_column(col, justify="left" if col in {"USCC", "name", "industry", "largest buyer"} else "right")
    for c in result.enterprises:
        buyer = f"{c.top_buyers[0].name} {money(c.top_buyers[0].total)}" if c.top_buyers else "-"
        table.add_row(str(c.rank), c.uscc, c.name, c.industry_code or "-", c.region_code or "-", f"{c.score:.5g}",
                      str(c.pagerank_rank or "-"), str(c.counterparties), money(c.paid_in_total),
                      f"{c.share_of_income:.1%}" if c.share_of_income is not None else "-", buyer)
    console.print(table)
    if result.scores_missing:
        console.print(f"[yellow]no {order} scores yet: run `liantu hubs compute` first[/]")
    console.print(f"[dim]rule: {result.rule}[/]")


def register(app: typer.Typer) -> None:
    hubs_app.command("core")(hubs_core)
