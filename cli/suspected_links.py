"""`liantu suspected-links compute|list|show|confirm|reject|reopen`: 疑似关系 for risk officers.

Only `compute` needs the learning pipeline (torch and PyTorch Geometric, seconds to import), so it imports
it inside the command: `liantu --help` and every other command start without it.
"""

from __future__ import annotations

import getpass
from datetime import date

import typer
from rich.table import Table

from cli.common import checked_uscc, console, reports_errors, store
from graph.analytics.suspected_links import (
    STATUSES,
    SuspectedLink,
    compute_suspected_links,
    enterprise_suspected_links,
    get_link,
    list_suspected_links,
    review_link,
)
from graph.learning.suspected_links_features import KINDS
from liantu.errors import InvalidInput

links_app = typer.Typer(help="Suspected links (疑似关系): undeclared ties found by graph learning, always labelled "
                             "疑似 until a reviewer confirms them.", no_args_is_help=True)


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--as-of must be YYYY-MM-DD, got {value!r}") from None


@links_app.command("compute")
@reports_errors
def compute(
    as_of: str | None = typer.Option(None, help="YYYY-MM-DD; default: the date the payments reach."),
    min_score: float = typer.Option(0.5, min=0.0, max=1.0, help="Store pairs scoring at least this."),
    limit: int = typer.Option(1000, min=1, help="Store at most this many, best first."),
    neighbours: int = typer.Option(10, min=0, max=100, help="Embedding neighbours per enterprise (0: blocking only)."),
    epochs: int = typer.Option(20, min=1, max=500, help="GraphSAGE training epochs."),
    seed: int = typer.Option(0, min=0),
) -> None:
    """Propose candidate pairs, score them, and store the best as SUSPECTED_LINK (status 'suspected')."""
    from graph.learning.suspected_links import Settings  # torch: imported only when a computation runs

    with console.status("Reading the graph, embedding it and scoring candidate pairs..."):
        summary = compute_suspected_links(store(), _as_of(as_of), min_score=min_score, limit=limit,
                                          settings=Settings(k=neighbours, sage_epochs=epochs, seed=seed))
    console.print(f"as of {summary.as_of}: {summary.enterprises} enterprises, {summary.candidates} candidate pairs "
                  f"({summary.known_pairs} already known), {summary.written} stored as 疑似 (score >= "
                  f"{summary.min_score}), {summary.deleted} stale removed; run {summary.run_id}")
    console.print("by kind: " + ", ".join(f"{k} {v}" for k, v in summary.by_kind.items()))
    console.print("candidates by source: " + ", ".join(f"{k} {v}" for k, v in summary.by_source.items()))
    console.print("seconds: " + ", ".join(f"{k} {v}" for k, v in summary.seconds.items()))


def _table(title: str, links: list[SuspectedLink]) -> None:
    table = Table(title=title)
    for col in ("id", "label", "kind", "score", "status", "A", "B", "evidence", "drivers"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for link in links:
        ev = link.evidence
        shown = [f"phone {ev.shared_phone}" if ev.shared_phone else "",
                 f"address {ev.shared_address}" if ev.shared_address else "",
                 f"{len(ev.shared_officers)} officers" if ev.shared_officers else "",
                 f"{len(ev.employee_links)} paid persons" if ev.employee_links else "",
                 f"paid {ev.paid_a_to_b:,.0f}/{ev.paid_b_to_a:,.0f}" if ev.paid_a_to_b or ev.paid_b_to_a else ""]
        table.add_row(link.link_id, link.label + ("(已确认)" if link.confirmed else ""), link.kind,
                      f"{link.score:.3f}", link.status, f"{link.a} {link.a_name or ''}",
                      f"{link.b} {link.b_name or ''}",
                      "; ".join(s for s in shown if s) or "-", ", ".join(d.feature for d in link.drivers) or "-")
    console.print(table)


@links_app.command("list")
@reports_errors
def list_links(
    uscc: str | None = typer.Option(None, help="Only the links of this enterprise."),
    kind: str | None = typer.Option(None, help=f"One of {', '.join(KINDS)}."),
    min_score: float = typer.Option(0.0, min=0.0, max=1.0),
    status: str | None = typer.Option(None, help=f"One of {', '.join(STATUSES)}."),
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """Stored suspected links, best first, with their evidence."""
    if uscc is not None:
        links = enterprise_suspected_links(store(), checked_uscc(uscc), limit=limit)
        _table(f"Suspected links (疑似) of {uscc}", links)
        return
    _table("Suspected links (疑似)", list_suspected_links(store(), kind=kind, min_score=min_score, status=status,
                                                         limit=limit))


@links_app.command("show")
@reports_errors
def show(link_id: str = typer.Argument(..., help="The link id (SL...).")) -> None:
    """One link with all its evidence, the features that drove its score, and its review log."""
    link = get_link(store(), link_id)
    _table(f"Suspected link {link_id}", [link])
    console.print(link.evidence)
    for d in link.drivers:
        console.print(f"  {d.feature} = {d.value} ({d.contribution:+.3f} to the margin)")
    for entry in link.review_log:
        console.print(f"  review: {entry}")


def _review(link_id: str, decision: str, by: str | None, note: str | None) -> None:
    who = by or getpass.getuser()
    link = review_link(store(), link_id, decision, by=who, note=note)  # type: ignore[arg-type]
    console.print(f"{link.link_id}: {link.status} by {link.reviewed_by} at {link.reviewed_at} "
                  f"({link.a} - {link.b}, {link.kind}, score {link.score:.3f})")


@links_app.command("confirm")
@reports_errors
def confirm(link_id: str = typer.Argument(...), by: str | None = typer.Option(None, help="Reviewer; default: you."),
            note: str | None = typer.Option(None)) -> None:
    """Confirm a suspected link (stored with who and when; reversible)."""
    _review(link_id, "confirm", by, note)


@links_app.command("reject")
@reports_errors
def reject(link_id: str = typer.Argument(...), by: str | None = typer.Option(None, help="Reviewer; default: you."),
           note: str | None = typer.Option(None)) -> None:
    """Reject a suspected link (stored with who and when; reversible)."""
    _review(link_id, "reject", by, note)


@links_app.command("reopen")
@reports_errors
def reopen(link_id: str = typer.Argument(...), by: str | None = typer.Option(None, help="Reviewer; default: you."),
           note: str | None = typer.Option(None)) -> None:
    """Undo a decision: the link is suspected again."""
    _review(link_id, "reopen", by, note)


def register(app: typer.Typer) -> None:
    app.add_typer(links_app, name="suspected-links")
