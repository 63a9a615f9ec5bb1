"""`liantu recommend compute|show|evaluate`: product recommendations for enterprise customers.

`compute` fits the chosen method on the holdings as of a date and writes each customer's top products with
a reason; `show` prints one customer's; `evaluate` holds out the holdings opened after a cutoff and prints
hit rate@k of LightGCN beside popularity, item-kNN and the partners' share. torch and PyTorch Geometric load
inside the commands, so `liantu --help` stays quick.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from liantu.errors import InvalidInput

recommend_app = typer.Typer(help="Product recommendations for enterprise customers (LightGCN and baselines).",
                            no_args_is_help=True)
METHOD_HELP = "lightgcn, item_knn, partners or popularity."


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


@recommend_app.command("compute")
@reports_errors
def compute_cmd(
    as_of: str = typer.Option("2024-12-31", "--as-of", help="Learn from holdings opened on or before this date."),
    method: str = typer.Option("lightgcn", "--method", help=METHOD_HELP),
    k: int = typer.Option(5, "--k", min=1, max=20),
    epochs: int = typer.Option(200, "--epochs", min=1, help="LightGCN training epochs."),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Write every enterprise customer's top products, each with its reason, onto the customer."""
    from graph.learning.recommendations import recommend
    from graph.learning.recommendations_lightgcn import LightGcnParams

    run = recommend(store(), _date(as_of, "--as-of"), method=method, k=k, seed=seed,
                    params=LightGcnParams(epochs=epochs))
    console.print(f"{run.customers:,} customers: top {k} by {run.method} as of {run.as_of} written "
                  f"({run.seconds:.1f} s)")


@recommend_app.command("show")
@reports_errors
def show_cmd(customer_no: str, limit: int = typer.Option(5, "--limit", min=1, max=20)) -> None:
    """One customer's recommended products with the reasons."""
    from graph.learning.recommendations import get_recommendations

    recs = get_recommendations(store(), customer_no, limit).computed()
    table = Table(title=f"{recs.customer_no} {recs.name or ''}: {recs.method} as of {recs.as_of}; holds "
                  f"{', '.join(recs.held)}")
    for col in ("product", "score", "reason"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for r in recs.recommendations:
        table.add_row(r.product, f"{r.score:.3f}", r.reason)
    console.print(table)


@recommend_app.command("evaluate")
@reports_errors
def evaluate_cmd(
    cutoff: str = typer.Option("2024-06-30", "--cutoff", help="Hold out the holdings opened after this day."),
    k: int = typer.Option(5, "--k", min=1, max=20),
    epochs: int = typer.Option(200, "--epochs", min=1),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Hit rate@k on the holdings opened after --cutoff: LightGCN against popularity, item-kNN and partners."""
    from graph.learning.recommendations import evaluate, format_evaluation
    from graph.learning.recommendations_lightgcn import LightGcnParams

    ev = evaluate(store(), _date(cutoff, "--cutoff"), k=k, seed=seed, params=LightGcnParams(epochs=epochs))
    console.print(format_evaluation(ev))


def register(app: typer.Typer) -> None:
    app.add_typer(recommend_app, name="recommend")
