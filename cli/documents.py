"""`liantu ingest-documents PATH...` (extract, link, load) and `liantu review` (unresolved parties)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import console, err_console, reports_errors, store

SNIPPET_CONTEXT = 12


def _snippet(source: str | None, start: int, end: int) -> str:
    """The mention in its context, when the file is still where it was loaded from."""
    if not source:
        return ""
    # Imported here so `liantu --help` does not pay for loading spaCy and jieba.
    from nlp.decoding import read_document
    from nlp.errors import ExtractionError

    try:
        text = read_document(source)
    except ExtractionError:
        return ""
    before = text[max(0, start - SNIPPET_CONTEXT):start].replace("\n", " ")
    after = text[end:end + SNIPPET_CONTEXT].replace("\n", " ")
    return f"…{escape(before)}[bold]{escape(text[start:end])}[/]{escape(after)}…"


@reports_errors
def ingest_documents_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt/.html, UTF-8 or GBK).")],
    workers: Annotated[int, typer.Option("--workers", min=1, max=32,
                                         help="Extraction processes (linking and loading stay in one).")] = 1,
) -> None:
    """Extract court documents and penalty decisions, link their parties to the graph, and load them.

    Reloading the same documents changes nothing. A bad file is listed at the end with its reason and
    the others load; the exit code is 1 if any file failed.
    """
    from ingestion.documents import ingest_documents
    from nlp.extract import iter_documents

    files = list(iter_documents(paths))
    if not files:
        err_console.print("[bold red]error[/]: no documents found")
        raise typer.Exit(1)
    st = store(start=True)
    with Progress(TextColumn("[bold]documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[file]}"), console=console) as progress:
        task = progress.add_task("documents", total=len(files), file="")
        report = ingest_documents(st, files, workers=workers,
                                  progress=lambda p: progress.update(task, advance=1, file=p.name))
    rate = report.files / report.seconds if report.seconds else 0.0
    console.print(f"{report.files} files in {report.seconds:.1f} s ({rate:.1f}/s): {report.documents} documents, "
                  f"{report.court_cases} court cases, {report.penalties} penalties, {report.links} linked "
                  f"parties, {report.unresolved} unresolved, {report.stated_guarantees} stated guarantees")
    if report.links_by_rule:
        rules = Table(title="party links by rule")
        rules.add_column("match rule")
        rules.add_column("mentions", justify="right")
        for rule, n in sorted(report.links_by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rules.add_row(rule, str(n))
        console.print(rules)
    if report.fallback_unresolved:
        console.print(f"[yellow]{len(report.fallback_unresolved)} stated USCCs are not in the graph; "
                      "kept as unresolved parties with the claimed id[/]")
    if report.errors:
        errors = Table(title=f"{len(report.errors)} files not loaded", title_style="bold red")
        for col in ("file", "error", "reason"):
            errors.add_column(col)
        for e in report.errors:
            errors.add_row(e.path, e.code, e.reason)
        err_console.print(errors)
        raise typer.Exit(1)


@reports_errors
def review_command(
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many parties.")] = 20,
    kind: Annotated[str | None, typer.Option("--kind", help="E (enterprises) or P (persons).")] = None,
) -> None:
    """Parties that entity linking could not resolve, with their mentions and the best candidates."""
    from graph.documents import count_unresolved, unresolved_parties

    if kind is not None and kind not in ("E", "P"):
        err_console.print("[bold red]error[/]: --kind must be E or P")
        raise typer.Exit(2)
    st = store(start=True)
    counts = count_unresolved(st)
    found = unresolved_parties(st, limit=limit, kind=kind)
    console.print(f"unresolved parties: {counts.get('E', 0)} enterprises, {counts.get('P', 0)} persons; "
                  f"showing {len(found)}")
    for party in found:
        table = Table(title=f"[{party.kind}] {party.name}  ({len(party.mentions)} mentions)", title_justify="left",
                      show_header=True)
        table.add_column("candidate")
        table.add_column("name")
        table.add_column("score", justify="right")
        for c in party.candidates:
            note = ", ".join(c.companies)
            table.add_row(c.party_id, c.name + (f" ({note})" if note else ""), f"{c.score:.2f}")
        if not party.candidates:
            table.add_row("-", "no candidate", "")
        console.print(table)
        for m in party.mentions:
            claimed = f", claimed id {m.claimed_id}" if m.claimed_id else ""
            console.print(f"  {m.role} in {m.reference} ({m.event_kind}), {m.source or m.doc_sha256[:12]} "
                          f"[{m.span[0]}:{m.span[1]}]{claimed}  {_snippet(m.source, *m.span)}")


def register(app: typer.Typer) -> None:
    app.command("ingest-documents")(ingest_documents_command)
    app.command("review")(review_command)
