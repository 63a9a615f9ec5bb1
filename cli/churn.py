"""`liantu churn train|score|evaluate|show`: churn warning for enterprise customers (docs/churn.md).

Its own command rather than a `liantu model --target churn`: the lead registry and its commands are keyed
by the four lead targets, while churn is about customers (not parties), has its own population and label
rule, and writes its warning on Customer nodes. Models are kept under LIANTU_HOME/models/churn.
XGBoost and the feature code load inside the commands, so `liantu --help` stays quick.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, reports_errors, settings, store
from liantu.errors import InvalidInput

churn_app = typer.Typer(help="Churn warning for enterprise customers: train, score onto customers, evaluate "
                        "out of time, show one customer.", no_args_is_help=True)


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def _models() -> Path:
    return settings().home / "models"


@churn_app.command("train")
@reports_errors
def train_cmd(
    as_of: str = typer.Option(..., "--as-of", help="Features as of this date; labels from the 3 months after it."),
    variant: str = typer.Option("xgb_graph", "--variant", help="xgb_graph (tabular + graph) or xgb_tabular."),
    seed: int = typer.Option(0, "--seed"),
    promote: bool = typer.Option(True, "--promote/--no-promote", help="Make it the model `score` uses."),
) -> None:
    """Fit the churn model on the graph's own labels of (D, D+3 months] and store it with its card."""
    from graph.learning.churn_model import train

    run = train(store(), _models(), _date(as_of, "--as-of"), variant=variant, seed=seed, promote=promote)
    hold = run.card.data["training"]["holdout"]
    console.print(f"{run.card.version} ({variant}): {run.rows:,} customers, {run.positives:,} churned; "
                  f"holdout AUC {hold.get('auc')}; {run.seconds:.1f} s{'; promoted' if promote else ''}")


@churn_app.command("score")
@reports_errors
def score_cmd(
    as_of: str = typer.Option(..., "--as-of", help="Score the customers as they stood on this date."),
    version: str | None = typer.Option(None, "--version", help="A model version; default: the promoted one."),
    show: int = typer.Option(10, "--show", help="How many of the highest warnings to print."),
) -> None:
    """Write churn_score, churn_reasons, churn_model and churn_as_of onto every customer of the population."""
    from graph.learning.churn_model import score

    run = score(store(), _models(), _date(as_of, "--as-of"), version=version, show=show)
    table = Table(title=f"Churn warnings as of {run.as_of} by {run.version}: {run.scored:,} customers scored, "
                  f"{run.cleared:,} stale warnings cleared")
    for col in ("customer", "enterprise", "RM", "score", "reasons"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for w in run.top:
        table.add_row(w.customer_no, w.name or w.uscc, w.rm_id or "", f"{w.score:.3f}",
                      "; ".join(r.text for r in w.reasons))
    console.print(table)


@churn_app.command("evaluate")
@reports_errors
def evaluate_cmd(
    truth: Path = typer.Option(..., "--truth", help="The synthetic world's directory (its churn.csv)."),
    train_as_of: str = typer.Option("2024-09-30", "--train-as-of"),
    test_as_of: str = typer.Option("2024-12-31", "--test-as-of"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Out of time: train at --train-as-of on the graph's labels, test at --test-as-of on the truth of W2."""
    from graph.learning.churn_model import evaluate, format_evaluation
    from synth.churn import read_churn_truth

    ev = evaluate(store(), read_churn_truth(truth, 2), train_as_of=_date(train_as_of, "--train-as-of"),
                  test_as_of=_date(test_as_of, "--test-as-of"), seed=seed)
    console.print(format_evaluation(ev))


@churn_app.command("show")
@reports_errors
def show_cmd(customer_no: str) -> None:
    """One customer's churn warning and its reasons."""
    from graph.learning.churn_model import get_customer_churn

    row = get_customer_churn(store(), customer_no)
    if row.score is None:
        console.print(f"{customer_no} ({row.name}): no churn warning written (not in the population when last "
                      "scored, or `liantu churn score` not run)")
        return
    console.print(f"{customer_no} ({row.name}, RM {row.rm_id}): churn score {row.score:.3f} as of "
                  f"{row.as_of} ({row.model})")
    for reason in row.reasons:
        console.print(f"  - {reason}")


def register(app: typer.Typer) -> None:
    app.add_typer(churn_app, name="churn")
