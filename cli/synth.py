"""`liantu synth`: write a deterministic synthetic regional-bank world in the documented formats."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cli.common import console, reports_errors
from liantu.errors import InvalidInput
from synth import SCALES, generate
from synth.suspected_links import TRUTH_FILE


class _RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


@reports_errors
def synth(
    scale: str = typer.Option("tiny", "--scale", help=f"One of: {', '.join(SCALES)}."),
    seed: int = typer.Option(1, "--seed", help="Same seed and scale give byte-identical files."),
    out: Path = typer.Option(..., "--out", help="Directory to write (created; existing files overwritten)."),
    fmt: str = typer.Option("csv", "--format", help="Table format: csv or parquet."),
    churn: bool = typer.Option(False, "--churn", help="Plant churners (synth/churn.py; truth in churn.csv)."),
    product_structure: bool = typer.Option(False, "--product-structure",
                                           help="Enterprise holdings with structure (synth/products.py)."),
    suspected_share: float = typer.Option(
        0.0, "--suspected-share",
        help="Plant the five kinds of undeclared tie (疑似关系) and withhold this share of them (0-1) from the "
             "input files, for suspected-links evaluation; 0 (the default) plants none and changes no file."),
) -> None:
    """Generate enterprises, owners, supply-chain payments, bank customers, guarantees, documents and truth."""
    if not 0.0 <= suspected_share <= 1.0:
        raise InvalidInput(f"--suspected-share must be between 0 and 1, not {suspected_share}")
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed:,} rows"),
                  _RowsPerSecond(), TimeElapsedColumn(), console=console) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(file: str, rows: int) -> None:
            if file not in tasks:
                tasks[file] = progress.add_task(file, total=None)
            progress.advance(tasks[file], rows)

        summary = generate(scale, seed, out, fmt, progress=advance,  # type: ignore[arg-type]
                           churn=churn, product_structure=product_structure, suspected_share=suspected_share)
    table = Table(title=f"Synthetic world '{summary.scale}' seed {summary.seed} in {summary.out}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, count in summary.counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(f"{summary.elapsed_s:.1f} s, {summary.payments_per_s:,.0f} payments/s; "
                  f"planted facts in {summary.out / 'ground_truth.json'}")
    if suspected_share > 0:
        console.print(f"withheld ties (share {suspected_share:g}) only in {summary.out / TRUTH_FILE}")


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
