"""`liantu tags compute|prune|show|list`: tag profiles (标签画像) computed as of a date and kept with it."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import AS_OF, checked_uscc, console, reports_errors, store
from graph.analytics.tags import CATALOGUE, KEEP_DAYS, compute_tags, enterprise_tags, prune_tags, tagged_enterprises

tags_app = typer.Typer(help="Enterprise tag profiles (标签画像), as of a date.", no_args_is_help=True)


@tags_app.command("compute")
@reports_errors
def compute_cmd(as_of: str | None = AS_OF) -> None:
    """Compute every tag of docs/tags.md as of the date and store them with it."""
    run = compute_tags(store(), as_of)
    table = Table(title=f"Tags computed as of {run.as_of}: {run.enterprises_tagged:,} enterprises tagged")
    for col in ("tag", "label", "enterprises"):
        table.add_column(col, justify="right" if col == "enterprises" else "left")
    for name, count in run.counts.items():
        table.add_row(name, CATALOGUE[name].label, f"{count:,}")
    console.print(table)


@tags_app.command("prune")
@reports_errors
def prune_cmd(as_of: str | None = AS_OF,
              keep_days: int = typer.Option(KEEP_DAYS, "--keep-days", help="Days before the date kept whole.")) -> None:
    """Delete the tags of older dates: kept are the last --keep-days and each month's last computed date."""
    run = prune_tags(store(), as_of, keep_days=keep_days)
    n = len(run.dates_deleted)
    console.print(f"kept every date from {run.kept_from} and each earlier month's last; deleted "
                  f"{n:,} {'date' if n == 1 else 'dates'} ({', '.join(run.dates_deleted) or 'none'}), "
                  f"{run.relationships_deleted:,} tags")


@tags_app.command("show")
@reports_errors
def show_cmd(uscc: str, as_of: str | None = AS_OF) -> None:
    """An enterprise's tags with their facts."""
    result = enterprise_tags(store(), checked_uscc(uscc), as_of)
    if result.as_of is None:
        console.print("no tags computed on or before that date; run `liantu tags compute` first")
        raise typer.Exit(1)
    table = Table(title=f"Tags of {result.uscc} as of {result.as_of}")
    for col in ("tag", "label", "facts"):
        table.add_column(col)
    for t in result.tags:
        table.add_row(t.tag, t.label, t.facts)
    console.print(table)


@tags_app.command("list")
@reports_errors
def list_cmd(tag: str, as_of: str | None = AS_OF, branch: str | None = None, rm: str | None = None,
             industry: str | None = None, region: str | None = None, limit: int = typer.Option(50, min=1, max=1000)
             ) -> None:
    """Enterprises carrying a tag, filtered by branch, RM, industry (code prefix) and region (prefix)."""
    result = tagged_enterprises(store(), tag, as_of=as_of, branch=branch, rm=rm, industry=industry, region=region,
                                limit=limit)
    table = Table(title=f"{result.label} ({result.tag}) as of {result.as_of}: {result.rule}")
    for col in ("USCC", "name", "industry", "region", "customer", "branch", "RM", "facts"):
        table.add_column(col)
    for e in result.enterprises:
        table.add_row(e.uscc, e.name, e.industry_code or "-", e.region_code or "-", e.customer_no or "-",
                      e.branch_code or "-", e.rm_id or "-", e.facts)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(tags_app, name="tags")
