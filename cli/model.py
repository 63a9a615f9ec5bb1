"""`liantu model train|evaluate|list|promote|score`: the lead models' lifecycle.

Models live under LIANTU_HOME/models (graph/learning/registry.py), one version per training, each with
its model card; `score` uses the promoted version of a target unless told another.

Training, evaluation and scoring pull in torch and PyTorch Geometric (seconds to import), so they are
imported inside the commands that use them: `liantu --help` and every other command start without them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, err_console, reports_errors, settings, store
from graph.fingerprint import fingerprint
from graph.learning.labels import TARGETS
from graph.learning.registry import Registry, default_registry
from graph.learning.xgb import VARIANTS, XgbParams
from liantu.errors import InvalidInput
from synth.outcomes import read_outcomes
from synth.scales import WINDOWS

model_app = typer.Typer(help="Lead models (XGBoost per target): train, evaluate out of time, list, promote, "
                        "score onto the graph.", no_args_is_help=True)


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def _targets(values: list[str]) -> list[str]:
    chosen: list[str] = list(TARGETS) if not values or "all" in values else values
    unknown = [t for t in chosen if t not in TARGETS]
    if unknown:
        raise InvalidInput(f"--target: unknown {', '.join(unknown)}; choose from {', '.join(TARGETS)} or all")
    return chosen


def _variant(value: str) -> str:
    if value not in VARIANTS:
        raise InvalidInput(f"--variant: unknown {value!r}; choose from {', '.join(VARIANTS)}")
    return value


def _registry() -> Registry:
    return default_registry(settings().home)


@model_app.command("train")
@reports_errors
def train(
    target: list[str] = typer.Option(..., "--target", "-t", help=f"{', '.join(TARGETS)} or all; repeatable."),
    as_of: str = typer.Option(..., "--as-of", help="Feature date D; labels are the 3 months after it (the graph "
                              "must hold them)."),
    variant: str = typer.Option("xgb_graph", help=", ".join(VARIANTS)),
    seed: int = typer.Option(0, help="Seed of the holdout split, the trees and the embeddings."),
    promote: bool = typer.Option(False, "--promote", help="Promote each new version at once."),
    graph_fingerprint: bool = typer.Option(True, "--graph-fingerprint/--no-graph-fingerprint",
                                           help="Record a fingerprint of the whole graph in the card (reads "
                                                "every fact once)."),
) -> None:
    """Train a model per target on features as of D and the graph's labels of (D, D + 3 months]."""
    from graph.learning.training import GnnSpec, train_target

    day = _date(as_of, "--as-of")
    chosen, var = _targets(target), _variant(variant)
    st, registry = store(), _registry()
    digest = None
    if graph_fingerprint:
        with console.status("Fingerprinting the graph..."):
            digest = fingerprint(st)
    for t in chosen:
        with console.status(f"Training {t} ({var}) on features as of {day}..."):
            run = train_target(st, t, day, variant=var, params=XgbParams(seed=seed), gnn=GnnSpec(seed=seed))
        run.card["data_fingerprint"]["graph_sha256"] = digest
        card = registry.save(run.model, run.card)
        if promote:
            registry.promote(card.version)
        h = run.model.holdout
        console.print(f"{card.version}: {run.model.train_rows:,} rows ({run.model.train_positives:,} positive), "
                      f"{run.model.rounds} trees in {run.model.fit_seconds:.1f}s; holdout AUC "
                      f"{h.get('auc') or float('nan'):.3f}, PR-AUC {h.get('pr_auc') or float('nan'):.3f}"
                      + ("; promoted" if promote else ""))


@model_app.command("evaluate")
@reports_errors
def evaluate_cmd(
    truth: Path = typer.Option(..., "--truth", help="The synthetic world's output directory (outcomes.csv)."),
    as_json: bool = typer.Option(False, "--json", help="Print the table as JSON."),
    train_as_of: str = typer.Option(WINDOWS[1][0].isoformat(), help="Training feature date D1."),
    test_as_of: str = typer.Option(WINDOWS[2][0].isoformat(), help="Test feature date D2 (the graph's end)."),
    target: list[str] = typer.Option([], "--target", "-t", help="Targets (default all); repeatable."),
    variant: list[str] = typer.Option([], "--variant", help=f"Default all: {', '.join(VARIANTS)}."),
    seed: int = typer.Option(0),
    formula: bool = typer.Option(True, "--formula/--no-formula", help="Include the chain-lead formula."),
    end_to_end: bool = typer.Option(True, "--end-to-end/--no-end-to-end",
                                    help="Include the end-to-end PyG classifier."),
) -> None:
    """The out-of-time table (AUC, PR-AUC, top-decile lift, Brier) of every model against the oracle."""
    from graph.learning.evaluate import MODELS, end_to_end_scorer, evaluate, format_table
    from graph.learning.training import GnnSpec

    d1, d2 = _date(train_as_of, "--train-as-of"), _date(test_as_of, "--test-as-of")
    labels = read_outcomes(truth, 2)
    observable = read_outcomes(truth, 2, "propensity_observable")
    variants = [_variant(v) for v in variant] or list(VARIANTS)
    e2e = end_to_end_scorer(seed) if end_to_end else None

    def progress(msg: str) -> None:
        err_console.print(f"[dim]{msg}[/]")

    table = evaluate(store(), labels, train_as_of=d1, test_as_of=d2, targets=_targets(target), variants=variants,
                     seed=seed, gnn=GnnSpec(seed=seed), formula=formula, end_to_end=e2e, progress=progress,
                     observable=observable)
    if as_json:
        typer.echo(json.dumps(table.as_dict(), ensure_ascii=False, indent=2))
    else:
        console.print(format_table(table), markup=False, highlight=False)
        console.print(f"[dim]models: {', '.join(MODELS)}[/]")


@model_app.command("list")
@reports_errors
def list_cmd(target: str | None = typer.Option(None, "--target", "-t")) -> None:
    """Every stored version with its window, variant, holdout figures and which one is promoted."""
    registry = _registry()
    cards = registry.versions(_targets([target])[0] if target else None)
    table = Table(title=f"Lead models in {registry.root}")
    for col in ("version", "variant", "features as of", "labels to", "rows", "trees", "holdout AUC", "created",
                "promoted"):
        table.add_column(col, justify="right" if col in {"rows", "trees", "holdout AUC"} else "left")
    promoted: dict[str, str | None] = {t: registry.promoted_version(t) for t in TARGETS}
    for c in cards:
        d = c.data
        auc = d.get("training", {}).get("holdout", {}).get("auc")
        table.add_row(c.version, c.variant, d["data_window"]["features_as_of"], d["data_window"]["label_window"][1],
                      f"{d['training']['rows']:,}", str(d["trees"]), "-" if auc is None else f"{auc:.3f}",
                      d["created_at"], "yes" if promoted.get(c.target) == c.version else "")
    console.print(table)


@model_app.command("promote")
@reports_errors
def promote_cmd(version: str = typer.Argument(..., help="e.g. become_customer_e-v0001")) -> None:
    """Make a version the one `score` and the lead lists use for its target."""
    card = _registry().promote(version)
    console.print(f"{card.version} is now the promoted {card.target} model.")


@model_app.command("score")
@reports_errors
def score_cmd(
    target: list[str] = typer.Option(..., "--target", "-t", help=f"{', '.join(TARGETS)} or all; repeatable."),
    as_of: str = typer.Option(..., "--as-of", help="Score the population as it stood on this date."),
    version: str | None = typer.Option(None, help="A version to use instead of the promoted one."),
    show: int = typer.Option(5, min=0, max=100, help="Print the top N scored parties with their reasons."),
) -> None:
    """Score every party of the target's population and write score, model version and reasons onto the graph."""
    from graph.learning.scoring import score_target

    day = _date(as_of, "--as-of")
    chosen = _targets(target)
    if version is not None and len(chosen) > 1:
        raise InvalidInput("--version names one model: give one --target with it")
    st, registry = store(), _registry()
    for t in chosen:
        with console.status(f"Scoring {t} as of {day}..."):
            rep = score_target(st, registry, t, day, version=version, show=show)
        console.print(f"{t}: {rep.scored:,} parties scored with {rep.version} and written onto the graph "
                      f"({rep.cleared:,} stale scores cleared); read {rep.read_seconds:.1f}s, predict + explain "
                      f"{rep.predict_seconds:.1f}s, write {rep.write_seconds:.1f}s")
        if rep.top:
            table = Table(title=f"Top {len(rep.top)} {t} as of {day}")
            for col in ("id", "customer", "RM", "score", "reasons"):
                table.add_column(col, justify="right" if col == "score" else "left")
            for p in rep.top:
                table.add_row(p.id, p.customer_no or "-", p.rm_id or "-", f"{p.score:.3f}",
                              "; ".join(r.text for r in p.reasons) or "-")
            console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
