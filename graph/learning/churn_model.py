"""The churn model's lifecycle: train at a date on the graph's own labels, store it with a card, score a date
onto the customers with reasons, and evaluate out of time against a tabular-only model and the oracle.

Models live beside the lead models, under `LIANTU_HOME/models/churn/churn-v0001/` (model.ubj, card.json)
with `promoted.json` naming the one `score` uses. The lead registry (graph/learning/registry.py) is keyed
by the lead targets, so churn keeps its own small store with the same layout and card fields.
Fitting is xgb.fit (early stopping on a seeded holdout of the training window, refit on all of it); the
variants are xgb.VARIANTS' "xgb_tabular" (the customer's own record) and "xgb_graph" (+ its ties).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from graph.learning.churn import ChurnRows, check_window_in_graph, churn_labels, churn_rows
from graph.learning.explain import Reason, explain_rows
from graph.learning.metrics import Scores, score_all
from graph.learning.registry import ModelCard, check_schema, library_versions
from graph.learning.xgb import TrainedModel, XgbParams, booster_from_bytes, fit, to_bytes, variant_columns
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound

TARGET = "churn"
CHURN_VARIANTS = ("xgb_tabular", "xgb_graph")


class ChurnStore:
    """Versions of the churn model under `root` (LIANTU_HOME/models/churn)."""

    def __init__(self, models_root: Path) -> None:
        self.root = models_root / TARGET

    def save(self, model: TrainedModel, fields: Mapping[str, Any]) -> ModelCard:
        self.root.mkdir(parents=True, exist_ok=True)
        n = 1 + max((int(p.name.rsplit("-v", 1)[1]) for p in self.root.iterdir()
                     if p.is_dir() and p.name.startswith(f"{TARGET}-v")), default=0)
        while True:
            version = f"{TARGET}-v{n:04d}"
            try:
                (self.root / version).mkdir()
                break
            except FileExistsError:
                n += 1
        vdir = self.root / version
        (vdir / "model.ubj").write_bytes(to_bytes(model))
        card = {"version": version, "target": TARGET, **fields,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "features": model.columns,
                "hyper_parameters": model.params.as_dict(), "trees": model.rounds,
                "training": {"rows": model.train_rows, "positives": model.train_positives,
                             "holdout_logloss": model.valid_logloss, "holdout": model.holdout,
                             "fit_seconds": round(model.fit_seconds, 3), "notes": model.notes},
                "library_versions": library_versions()}
        (vdir / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
        return ModelCard(card)

    def card(self, version: str) -> ModelCard:
        if not version.startswith(f"{TARGET}-v") or "/" in version or ".." in version:
            raise NotFound(f"no churn model {version!r} (versions look like churn-v0001)")
        path = self.root / version / "card.json"
        if not path.exists():
            raise NotFound(f"no churn model {version} under {self.root}")
        return ModelCard(json.loads(path.read_text(encoding="utf-8")))

    def load(self, version: str) -> tuple[ModelCard, TrainedModel]:
        card = self.card(version)
        params = XgbParams(**{**card.data["hyper_parameters"],
                              "depth_grid": tuple(card.data["hyper_parameters"]["depth_grid"])})
        booster = booster_from_bytes((self.root / version / "model.ubj").read_bytes(), params.nthread)
        return card, TrainedModel(booster=booster, columns=card.columns, rounds=int(card.data["trees"]), params=params,
                                  train_rows=0, train_positives=0, valid_logloss=None, fit_seconds=0.0)

    def promote(self, version: str) -> ModelCard:
        card = self.card(version)
        tmp = self.root / "promoted.tmp"
        tmp.write_text(json.dumps({"version": version}), encoding="utf-8")
        os.replace(tmp, self.root / "promoted.json")
        return card

    def promoted(self) -> ModelCard:
        pointer = self.root / "promoted.json"
        if not pointer.exists():
            raise NotFound("no promoted churn model: train one (`liantu churn train --as-of D`)")
        return self.card(str(json.loads(pointer.read_text(encoding="utf-8"))["version"]))


def _matrix(rows: ChurnRows, variant: str) -> tuple[np.ndarray, list[str]]:
    cols = variant_columns(rows.groups, variant)
    idx = [rows.columns.index(c) for c in cols]
    return rows.X[:, idx], cols


def labelled(store: GraphStore, as_of: date, rows: ChurnRows | None = None) -> tuple[ChurnRows, np.ndarray]:
    """The population at `as_of` with its labels from the graph's balances of the next three months."""
    check_window_in_graph(store, as_of)
    rows = rows or churn_rows(store, as_of)
    labels = churn_labels(store, as_of)
    missing = [c for c in rows.customer_no if c not in labels]
    if missing:
        raise InvalidInput(f"{len(missing)} customer(s) of the churn population on {as_of} have no label "
                           f"(e.g. {missing[0]}): features and labels disagree on the population")
    return rows, np.array([labels[c] for c in rows.customer_no], dtype=np.float64)


def fit_variant(rows: ChurnRows, y: np.ndarray, variant: str, seed: int = 0) -> TrainedModel:
    X, cols = _matrix(rows, variant)
    # A leaf may rest on little weight: churn populations are small (a few hundred on a 5,000-firm world),
    # and at the default 5 a tiny world's model had no split at all. Early stopping guards the overfit.
    return fit(X, y, cols, XgbParams(seed=seed, min_child_weight=1.0))


@dataclass
class ChurnTraining:
    card: ModelCard
    rows: int
    positives: int
    seconds: float


def train(store: GraphStore, models_root: Path, as_of: date, *, variant: str = "xgb_graph", seed: int = 0,
          promote: bool = True) -> ChurnTraining:
    """Fit on the population at `as_of` with the labels of (as_of, as_of + 3 months] and store the model."""
    if variant not in CHURN_VARIANTS:
        raise InvalidInput(f"unknown churn variant {variant!r}; choose {', '.join(CHURN_VARIANTS)}")
    start = time.perf_counter()
    rows, y = labelled(store, as_of)
    model = fit_variant(rows, y, variant, seed)
    shelf = ChurnStore(models_root)
    card = shelf.save(model, {"variant": variant, "features_as_of": as_of.isoformat(),
                              "label_window": f"({as_of.isoformat()}, +3 months]",
                              "rule": "a month's balance below 50% of the 6-month mean within 3 months",
                              "seed": seed})
    if promote:
        shelf.promote(card.version)
    return ChurnTraining(card, len(y), int(y.sum()), time.perf_counter() - start)


@dataclass
class ChurnWarning:
    customer_no: str
    uscc: str
    name: str | None
    rm_id: str | None
    score: float
    reasons: list[Reason]


@dataclass
class ChurnScoring:
    version: str
    as_of: str
    scored: int
    cleared: int
    top: list[ChurnWarning] = field(default_factory=list)


def score(store: GraphStore, models_root: Path, as_of: date, *, version: str | None = None, show: int = 10,
          top_reasons: int = 3) -> ChurnScoring:
    """Score the population at `as_of` with the promoted (or named) model and write the warnings on customers."""
    shelf = ChurnStore(models_root)
    card = shelf.card(version) if version else shelf.promoted()
    _, model = shelf.load(card.version)
    rows = churn_rows(store, as_of)
    X, cols = _matrix(rows, card.variant)
    check_schema(card, cols)
    p = model.predict(X) if len(X) else np.zeros(0)
    reasons = explain_rows(model.contributions(X), X, cols, rows.raw, top=top_reasons) if len(X) else []
    payload: list[Row] = [{"customer_no": c, "score": round(float(s), 6), "model": card.version,
                           "reasons": [r.text for r in why], "as_of": as_of.isoformat()}
                          for c, s, why in zip(rows.customer_no, p, reasons, strict=True)]
    now = set(rows.customer_no)
    stale = [r["customer_no"] for r in store.read("churn/read_churn_scored") if r["customer_no"] not in now]
    payload += [{"customer_no": c, "score": None, "model": None, "reasons": None, "as_of": None} for c in stale]
    store.write_rows("churn/write_churn_scores", payload)
    names = rows.raw.get("name", [None] * len(rows.customer_no))
    order = np.argsort(-p, kind="stable")[:show]
    top = [ChurnWarning(rows.customer_no[i], rows.uscc[i], names[i], rows.rm_id[i], float(p[i]), reasons[i])
           for i in order]
    return ChurnScoring(card.version, as_of.isoformat(), len(payload) - len(stale), len(stale), top)


@dataclass
class ChurnEvaluation:
    train_as_of: str
    test_as_of: str
    train_rows: int
    train_positives: int
    test_rows: int
    test_positives: int
    unmatched: int
    scores: dict[str, Scores]
    seconds: float


Truth = Mapping[str, tuple[int, float]]


def evaluate(store: GraphStore, truth: Truth, *, train_as_of: date, test_as_of: date, seed: int = 0,
             progress: Callable[[str], None] | None = None) -> ChurnEvaluation:
    """Train each variant at `train_as_of` (graph labels), judge it at `test_as_of` on `truth` (customer_no ->
    (churned, true probability)) beside the oracle, which scores each customer by its true probability."""
    start = time.perf_counter()
    say = progress or (lambda _msg: None)
    train_rows, y_train = labelled(store, train_as_of)
    say(f"training population on {train_as_of}: {len(y_train)} customers, {int(y_train.sum())} churned")
    test = churn_rows(store, test_as_of)
    keep = np.array([c in truth for c in test.customer_no], dtype=bool)
    y = np.array([truth[c][0] for c in test.customer_no if c in truth], dtype=np.float64)
    oracle = np.array([truth[c][1] for c in test.customer_no if c in truth], dtype=np.float64)
    say(f"test population on {test_as_of}: {len(test.customer_no)} customers, {int(keep.sum())} in the truth")
    scores: dict[str, Scores] = {}
    for variant in CHURN_VARIANTS:
        model = fit_variant(train_rows, y_train, variant, seed)
        X, _ = _matrix(test, variant)
        scores[variant] = score_all(y, model.predict(X[keep]), is_probability=True)
        say(f"{variant}: AUC {scores[variant].auc}")
    scores["oracle"] = score_all(y, oracle, is_probability=True)
    return ChurnEvaluation(train_as_of.isoformat(), test_as_of.isoformat(), len(y_train), int(y_train.sum()),
                           int(keep.sum()), int(y.sum()), len(test.customer_no) - int(keep.sum()), scores,
                           time.perf_counter() - start)


def format_evaluation(ev: ChurnEvaluation) -> str:
    lines = [f"churn: trained on {ev.train_as_of} ({ev.train_rows} customers, {ev.train_positives} churned), "
             f"tested on {ev.test_as_of} ({ev.test_rows} customers, {ev.test_positives} churned; "
             f"{ev.unmatched} not in the truth)",
             f"{'model':<14}{'AUC':>8}{'PR-AUC':>8}{'lift@10%':>10}{'Brier':>8}"]
    for name, s in ev.scores.items():
        def f(v: float | None) -> str:
            return "-" if v is None else f"{v:.3f}"
        lines.append(f"{name:<14}{f(s.auc):>8}{f(s.pr_auc):>8}{f(s.top_decile_lift):>10}{f(s.brier):>8}")
    return "\n".join(lines)


@dataclass
class CustomerChurn:
    """One customer's churn warning as written by the last `score` (score null: none written for it)."""

    customer_no: str
    party_kind: str | None
    party_id: str | None
    name: str | None
    rm_id: str | None
    rm_branch: str | None
    booked_at: str | None
    score: float | None
    model: str | None
    reasons: list[str]
    as_of: str | None
    rule: str = "a month's balance below 50% of its 6-month mean within 3 months (docs/churn.md)"


def get_customer_churn(store: GraphStore, customer_no: str) -> CustomerChurn:
    rows = store.read("churn/get_customer_churn", {"customer_no": customer_no})
    if not rows:
        raise NotFound(f"no customer {customer_no}")
    r = rows[0]
    return CustomerChurn(customer_no=r["customer_no"], party_kind=r["party_kind"], party_id=r["party_id"],
                         name=r["name"], rm_id=r["rm_id"], rm_branch=r["rm_branch"], booked_at=r["booked_at"],
                         score=r["score"], model=r["model"], reasons=list(r["reasons"] or []), as_of=r["as_of"])
