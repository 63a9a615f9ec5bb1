"""`liantu demo`: the whole path from data to answers on the tiny synthetic bank world."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.table import Table

from cli.chains import partners_table
from cli.common import console, reports_errors, settings, store
from cli.hubs import hubs_table
from cli.ingest import print_report
from cli.progress import row_progress
from graph.analytics.chains import partners
from graph.analytics.hubs import compute_hubs, ranked_hubs
from graph.schema import apply_schema
from ingestion.loader import load_directory
from synth.sample import ensure_sample


@reports_errors
def demo() -> None:
    """Start Neo4j if needed, initialise the schema, load the sample, rank hubs and report."""
    s = settings()
    st = store(start=True)
    version = apply_schema(st)
    console.print(f"Schema version {version} applied on {st.info.uri}.")
    with console.status("Generating the tiny synthetic sample (once)..."):
        directory = ensure_sample(s.cache_dir)
    console.print(f"Sample dataset: {directory}")
    with row_progress() as progress:
        report = load_directory(st, directory, rejects_dir=directory / "rejects", progress=progress)
    print_report(report)

    counts = st.read("admin/graph_counts")[0]
    table = Table(title="What the graph holds")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in counts.items():
        table.add_row(name, f"{value:,}")
    console.print(table)

    run = compute_hubs(st)
    console.print(f"Weighted PageRank over {run.nodes:,} enterprises and {run.edges:,} payment edges.")
    hubs = ranked_hubs(st, "pagerank", 5)
    console.print(hubs_table("Top hubs by weighted PageRank (payment graph)", hubs))
    if hubs:
        focus = hubs[0].uscc
        console.print(partners_table(f"Suppliers (upstream) of {hubs[0].name} {focus}, 2 hops",
                                     partners(st, focus, "upstream", depth=2, limit=10)))
        console.print(partners_table(f"Buyers (downstream) of {hubs[0].name} {focus}, 1 hop",
                                     partners(st, focus, "downstream", depth=1, limit=10)))
        _print_next_steps(focus, _busiest_rm(directory), s.api_port)


def _busiest_rm(directory: Path) -> str | None:
    """The RM with the most enterprise customers in the sample: the one whose chain leads show the most."""
    with (directory / "customers.csv").open(encoding="utf-8", newline="") as f:
        served = Counter(row["rm_id"] for row in csv.DictReader(f) if row["party_kind"] == "E" and row["rm_id"])
    return served.most_common(1)[0][0] if served else None


def _liantu_command() -> str:
    """How to run `liantu` again: the script sits only in the virtualenv's bin, which is not on PATH."""
    script = Path(sys.executable).parent / "liantu"
    if not script.exists():
        return f"{sys.executable} -m cli.main"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def _print_next_steps(focus: str, rm: str | None, api_port: int) -> None:
    # Plain lines, not a panel: a command wrapped inside a box cannot be copied back into a shell.
    liantu = _liantu_command()
    where = "from the repository root" if not Path(liantu).is_absolute() else "from any directory"
    lines = [
        f"Next, {where}:",
        f"  {liantu} hubs top --limit 10",
        f"  {liantu} upstream {focus} --depth 2",
        f"  {liantu} guarantees circles",
        *([f"  {liantu} leads --rm {rm}"] if rm else []),
        "Serve the API (it runs until Ctrl-C):",
        f"  LIANTU_API_KEYS='{{\"demo-risk-key\": \"risk\"}}' {liantu} serve",
        "then, from another shell:",
        f"  curl -H 'X-API-Key: demo-risk-key' 'http://127.0.0.1:{api_port}/enterprises/{focus}/upstream?depth=2'",
    ]
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
