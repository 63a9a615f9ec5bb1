"""`liantu demo`: the whole path from data to answers on the tiny synthetic bank world."""

from __future__ import annotations

import typer
from rich.panel import Panel
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
        console.print(Panel.fit(
            "Serve the API:  LIANTU_API_KEYS='{\"demo-rm-key\": \"rm\"}' liantu serve\n"
            f"Then:           curl -H 'X-API-Key: demo-rm-key' "
            f"'http://127.0.0.1:{s.api_port}/enterprises/{focus}/upstream?depth=2'",
            title="Next"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
