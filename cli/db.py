"""`liantu db init|status|clear`: the schema and the data in the configured database."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.schema import apply_schema, current_version

db_app = typer.Typer(help="Schema and data of the configured database.", no_args_is_help=True)


@db_app.command("init")
@reports_errors
def init() -> None:
    """Apply the uniqueness constraints and indexes (idempotent) and record the schema version."""
    version = apply_schema(store(start=True))
    console.print(f"Schema is at version {version}.")


@db_app.command("status")
@reports_errors
def status() -> None:
    """Schema version and headline counts."""
    st = store()
    counts = st.read("admin/graph_counts")[0]
    table = Table(title=f"Graph at {st.info.uri} (schema version {current_version(st)})")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in counts.items():
        table.add_row(name, f"{value:,}")
    console.print(table)


@db_app.command("clear")
@reports_errors
def clear(yes: bool = typer.Option(False, "--yes", help="Confirm deleting every node.")) -> None:
    """Delete all data (the schema stays)."""
    if not yes:
        console.print("Refusing to delete all data without --yes.")
        raise typer.Exit(2)
    store().run_in_transactions("admin/delete_all_data")
    console.print("All nodes and relationships deleted.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
