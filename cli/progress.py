"""A rich progress display for loads: rows done and rows per second, per file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from cli.common import console
from ingestion.loader import ProgressFn


class RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s", style="progress.data.speed")


@contextmanager
def row_progress() -> Iterator[ProgressFn]:
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed:,} rows"),
                  RowsPerSecond(), TimeElapsedColumn(), console=console, transient=False) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(file: str, rows: int) -> None:
            if file not in tasks:
                tasks[file] = progress.add_task(file, total=None)
            progress.advance(tasks[file], rows)

        yield advance
