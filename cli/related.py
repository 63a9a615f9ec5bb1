"""`liantu relations related USCC`: related parties (关联方), each with its rules.

The `relations` group is created here; cli/paths.py adds `relations path` and `derive-contacts` to it
when main registers it.
"""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import AS_OF, checked_uscc, console, reports_errors, short_id, store
from graph.analytics.related import related_parties

relations_app = typer.Typer(help="Related parties and shortest relationship paths (找关系).", no_args_is_help=True)


@relations_app.command("related")
@reports_errors
def related_cmd(uscc: str, as_of: str | None = AS_OF) -> None:
    """Related parties (关联方), each with the rules that make it related."""
    rp = related_parties(store(), checked_uscc(uscc), as_of)
    table = Table(title=f"关联方 of {rp.name} on {rp.as_of} ({len(rp.parties)})")
    for col in ("kind", "id", "name", "rules", "stake", "evidence"):
        table.add_column(col)
    for p in rp.parties:
        table.add_row(p.party.kind, short_id(p.party.id), p.party.name, ", ".join(p.rules),
                      f"{p.stake:.2%}" if p.stake is not None else "-", p.evidence[0])
    console.print(table)
    console.print(f"[dim]{rp.note}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(relations_app, name="relations")
