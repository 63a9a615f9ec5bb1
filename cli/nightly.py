"""`liantu nightly --delta DIR`: one business day loaded and everything depending on it refreshed.

`liantu synth-delta --world DIR --out DIR` writes such a day for a synthetic world (synth/delta.py).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from ingestion.nightly import TOP, NightlyReport, run_nightly
from synth.delta import write_delta


@reports_errors
def nightly(
    delta: Path = typer.Option(..., "--delta", help="The day's delta: a dataset directory (documents/ optional)."),
) -> None:
    """Load one day's delta (transactional path) and refresh aggregates, hubs, risk, tags and alerts."""
    st = store(start=True)
    with console.status("nightly run...") as status:
        report = run_nightly(st, delta, on_step=lambda step: status.update(f"nightly: {step}..."))
    print_report(report)


def print_report(r: NightlyReport) -> None:
    console.print(f"[bold]Nightly run of {r.delta}[/]: business date {r.business_date_before} -> "
                  f"{r.business_date_after}")
    files = Table(title="Delta tables (read = inserted + updated + unchanged + rejected + merged)")
    for col in ("file", "read", "inserted", "updated", "unchanged", "rejected", "rows s", "aggregates s"):
        files.add_column(col, justify="left" if col == "file" else "right")
    for f in r.files:
        seconds = [f"{f.seconds[k]:,.1f}" if k in f.seconds else "" for k in ("rows", "aggregates")]
        files.add_row(f.file, *(f"{v:,}" for v in (f.read, f.inserted, f.updated, f.unchanged, f.rejected)),
                      *seconds)
    console.print(files)
    if r.documents:
        console.print("documents: " + ", ".join(f"{k} {v:,}" for k, v in r.documents.items()))
    changed = r.counts_changed
    console.print("graph: " + (", ".join(f"{k} {v:+,}" for k, v in changed.items()) if changed
                               else "no count changed"))
    moves = [f"+{n} ({u})" for u, n in r.hubs_entered] + [f"-{n} ({u})" for u, n in r.hubs_left]
    console.print(f"hubs: {r.hub_nodes:,} enterprises scored; top {TOP}: " + (", ".join(moves) or "unchanged"))
    console.print(f"risk diffusion: {r.risk_seeds:,} seeds, {r.risk_written:,} enterprises scored")
    if r.tags:
        console.print("tags: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r.tags.items())))
    if r.tag_dates_pruned:
        console.print("tags of older dates pruned: " + ", ".join(r.tag_dates_pruned))
    if r.alerts_found or r.alerts_raised:
        console.print(f"alerts: {r.alerts_raised:,} new; found by rule: "
                      + ", ".join(f"{k} {v:,}" for k, v in sorted(r.alerts_found.items())))
        table = Table(title="New alerts (first 20)")
        for col in ("rule", "severity", "USCC", "name", "to", "title"):
            table.add_column(col)
        for a in r.alert_examples:
            table.add_row(a["rule"], a["severity"], a["uscc"], a["name"], str(a["recipient"]), a["title"])
        console.print(table)
    else:
        console.print("alerts: none")
    timing = Table(title=f"Steps ({r.total_seconds:,.1f} s in all)")
    timing.add_column("step")
    timing.add_column("seconds", justify="right")
    for step, sec in r.seconds.items():
        timing.add_row(step, f"{sec:,.1f}")
        parts = r.alert_seconds if step == "alerts" else r.tag_seconds if step == "tags" else {}
        for part, part_s in parts.items():
            timing.add_row(f"  {part}", f"({part_s:,.1f})")
    console.print(timing)


@reports_errors
def synth_delta(
    world: Path = typer.Option(..., "--world", help="A world written by `liantu synth` (CSV)."),
    out: Path = typer.Option(..., "--out", help="Directory to write the delta into (created)."),
    seed: int = typer.Option(1, "--seed", help="Same world and seed give the same delta."),
) -> None:
    """Write the next business day after a synthetic world: payments, registry changes, documents, truth."""
    summary = write_delta(world, out, seed)
    console.print(f"Delta of {summary.day} in {summary.out}: "
                  + ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
                  + f"; what changed is in {summary.out / 'delta_truth.json'}")


def register(app: typer.Typer) -> None:
    app.command("nightly")(nightly)
    app.command("synth-delta")(synth_delta)
