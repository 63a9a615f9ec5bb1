"""`liantu ingest DIR` and `liantu load sample`: tables into the graph, with reconciliation."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, reports_errors, settings, store
from cli.progress import row_progress
from graph.schema import apply_schema
from ingestion.bulk_import import bulk_import
from ingestion.loader import LoadReport, load_directory
from synth.sample import ensure_sample

load_app = typer.Typer(help="Load bundled data.", no_args_is_help=True)


def print_report(report: LoadReport) -> None:
    table = Table(title="Load reconciliation (read = inserted + updated + unchanged + rejected + merged)")
    for col in ("file", "read", "inserted", "updated", "unchanged", "rejected", "merged", "ok"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for f in report.files:
        table.add_row(f.file, f"{f.read:,}", f"{f.inserted:,}", f"{f.updated:,}", f"{f.unchanged:,}",
                      f"{f.rejected:,}", f"{f.merged_duplicates:,}", "yes" if f.reconciles else "NO")
        if f.error:
            console.print(f"[red]{f.file}: {f.error}[/]")
    console.print(table)
    if report.business_date is not None:
        console.print(f"Business date of the data (the default as-of date of every analytic): {report.business_date}")
    if report.rejects_file is not None:
        console.print(f"{report.total_rejected:,} rejected rows, each with its reason, in {report.rejects_file}")
        for f in report.files:
            for r in f.rejects[:3]:
                console.print(f"  [yellow]{r}[/]")


def ingest_directory(directory: Path, *, strict: bool, rejects_dir: Path) -> LoadReport:
    st = store(start=True)
    apply_schema(st)
    with row_progress() as progress:
        report = load_directory(st, directory, strict=strict, rejects_dir=rejects_dir, progress=progress)
    print_report(report)
    return report


@reports_errors
def ingest(
    directory: Path = typer.Argument(..., help="A dataset directory in the documented formats."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad row instead of rejecting it."),
    rejects_dir: Path = typer.Option(Path("liantu-rejects"), "--rejects-dir",
                                     help="Where rejects.csv is written when rows are rejected."),
    bulk: bool = typer.Option(False, "--bulk", help="First load of a big bank: offline neo4j-admin import "
                              "into the local server's database, REPLACING its content."),
    yes: bool = typer.Option(False, "--yes", help="Confirm that --bulk replaces the database."),
) -> None:
    """Load enterprises, persons, ownership, officers, guarantees, payments and customers."""
    if bulk:
        if not yes:
            console.print("--bulk replaces the whole local database; add --yes to confirm.")
            raise typer.Exit(2)
        s = settings()
        work = s.cache_dir / "bulk-import"
        with row_progress() as progress, console.status("Importing with neo4j-admin (offline)..."):
            report, prepared = bulk_import(s, directory, work, progress=progress)
        print_report(report)
        console.print("  ".join(f"{phase}: {seconds:.1f} s" for phase, seconds in prepared.phases.items()))
        return
    ingest_directory(directory, strict=strict, rejects_dir=rejects_dir)


@load_app.command("sample")
@reports_errors
def load_sample() -> None:
    """Generate (once) and load the tiny synthetic sample bank world."""
    directory = ensure_sample(settings().cache_dir)
    console.print(f"Sample dataset: {directory}")
    ingest_directory(directory, strict=False, rejects_dir=directory / "rejects")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(load_app, name="load")
