"""`liantu hubs compute|top`: hub scores of the payment graph (`hubs core` lives in cli/core.py)."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, money, reports_errors, store
from graph.analytics.hubs import ALGORITHMS, RULES, Algorithm, Hub, compute_hubs, ranked_hubs
from liantu.errors import InvalidInput

hubs_app = typer.Typer(help="Supply-chain hubs: PageRank, ArticleRank, betweenness and degree on the payment "
                       "graph; core enterprises of an industry or region.", no_args_is_help=True)


def _algorithm(name: str) -> Algorithm:
    if name not in ALGORITHMS:
        raise InvalidInput(f"unknown algorithm {name!r}; choose from {', '.join(ALGORITHMS)}")
    return name


@hubs_app.command("compute")
@reports_errors
def hubs_compute(
    algorithm: list[str] = typer.Option(
        ["all"], "--algorithm", "-a",
        help=f"One of {', '.join(ALGORITHMS)} or all; repeat the option for several."),
) -> None:
    """Compute hub scores in memory on the payment projection and write them onto each enterprise."""
    chosen = list(ALGORITHMS) if "all" in algorithm else [_algorithm(a) for a in algorithm]
    with console.status(f"Reading the payment projection and computing {', '.join(chosen)}..."):
        run = compute_hubs(store(), chosen)
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in (run.seconds or {}).items())
    console.print(f"{', '.join(run.algorithms)} over {run.nodes:,} enterprises and {run.edges:,} payment edges "
                  f"({timings or 'nothing to compute'}); {run.written:,} enterprises written.")
    if run.betweenness_sampled:
        console.print("betweenness is a sampled-source estimate (the graph is above the exact-size limit).")


def hubs_table(title: str, found: list[Hub]) -> Table:
    table = Table(title=title)
    for col in ("rank", "USCC", "name", "score", "PageRank", "counterparties", "buyers", "suppliers",
                "received (CNY)", "paid (CNY)"):
        table.add_column(col, justify="left" if col in {"USCC", "name"} else "right")
    for h in found:
        table.add_row(str(h.rank), h.uscc, h.name, f"{h.score:.5g}",
                      f"{h.pagerank:.5f}" if h.pagerank is not None else "-", str(h.counterparties),
                      str(h.buyers), str(h.suppliers), money(h.paid_in_total), money(h.paid_out_total))
    return table


@hubs_app.command("top")
@reports_errors
def hubs_top(
    limit: int = typer.Option(10, min=1, max=1000),
    algorithm: str = typer.Option("pagerank", "--algorithm", "-a", help=", ".join(ALGORITHMS)),
) -> None:
    """The top hubs by one algorithm, with the figures behind each score."""
    chosen = _algorithm(algorithm)
    console.print(hubs_table(f"Top hubs by {chosen}", ranked_hubs(store(), chosen, limit)))
    console.print(f"[dim]rule: {RULES[chosen]}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(hubs_app, name="hubs")
