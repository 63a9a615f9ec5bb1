"""`liantu db init|status|clear`: the schema and the data in the configured database."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.admin import clear_data
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
def clear(
    yes: bool = typer.Option(False, "--yes", help="Confirm deleting every node."),
    batch: int = typer.Option(10_000, "--batch", min=1, help="Relationships or nodes per transaction."),
) -> None:
    """Delete all data, relationships first, in bounded transactions (the schema stays).

    Safe to interrupt: running it again carries on where it stopped.
    """
    if not yes:
        console.print("Refusing to delete all data without --yes.")
        raise typer.Exit(2)
    st = store()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=not console.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        report = clear_data(st, batch=batch, progress=advance)
    console.print(f"Deleted {report.relationships_deleted:,} relationships and {report.nodes_deleted:,} nodes "
                  "(constraints, indexes and the schema version stay).")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
