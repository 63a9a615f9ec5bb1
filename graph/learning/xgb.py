"""XGBoost per lead target: which columns it sees, how it is fitted, how it predicts.

One binary classifier per target (graph/learning/labels.py `TARGETS`), on the party kind and population that
target is about: non-customers for `become_customer_*`, customers below the effective threshold for
`become_effective_*`.
A variant picks feature groups of the feature frame (`VARIANTS`): tabular only, + graph, + GNN embeddings,
so the three are compared on the same rows with the same fitting procedure.

Fitting is seeded and single-machine deterministic (hist trees, a fixed thread count, a seeded split):
the same rows and seed give the same booster, byte for byte. The tree depth (from `depth_grid`) and the
number of trees are chosen by early stopping on a seeded, stratified 20% holdout of the training window's
parties. The split respects time: every validation row is a party of the training window, with features
at its start and the label of that window, so nothing from the later, out-of-time test window is seen
while choosing. Then the model is refitted on all training rows with the chosen depth and the chosen
number of trees scaled up by 1 / (1 - holdout share), since the refit learns from that much more data.
Shallow trees are in the grid because a lead propensity is mostly a sum of separate effects (size,
trade with customers, group ties), which depth-2 trees fit with far less variance on a few thousand rows.
The objective is plain log loss without class re-weighting, so the
output stays a probability (the Brier score in the evaluation says how good a one).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import xgboost

from graph.learning.metrics import score_all
from liantu.errors import InvalidInput

# Which feature groups each variant sees; the order is the order of the evaluation table.
VARIANTS: dict[str, tuple[str, ...]] = {
    "xgb_tabular": ("tabular",),
    "xgb_graph": ("tabular", "graph"),
    "xgb_gnn": ("tabular", "graph", "gnn"),
}


def variant_columns(groups: Mapping[str, Sequence[str]], variant: str) -> list[str]:
    """The columns a variant sees, in the frame's group order; a missing group is an error, not a silent gap."""
    if variant not in VARIANTS:
        raise InvalidInput(f"unknown model variant {variant!r}; known: {', '.join(VARIANTS)}")
    missing = [g for g in VARIANTS[variant] if g not in groups]
    if missing:
        raise InvalidInput(f"variant {variant} needs feature group(s) {', '.join(missing)}, "
                           f"the frame has {', '.join(groups) or 'none'}")
    return [c for g in VARIANTS[variant] for c in groups[g]]


@dataclass(frozen=True)
class XgbParams:
    max_depth: int = 4
    eta: float = 0.05
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    min_child_weight: float = 5.0
    reg_lambda: float = 1.0
    max_rounds: int = 1000
    early_stopping_rounds: int = 50
    valid_fraction: float = 0.2
    # One thread: deterministic whatever the machine, and on a shared 2-core host OpenMP threads that spin
    # while waiting for a busy core made a 2-thread fit 25x slower than a 1-thread one (measured).
    nthread: int = 1
    seed: int = 0
    # Depths tried on the holdout (the best by holdout log loss becomes max_depth); empty: max_depth as is.
    depth_grid: tuple[int, ...] = (2, 3, 4)

    def booster_params(self) -> dict[str, Any]:
        return {
            "objective": "binary:logistic", "eval_metric": "logloss", "tree_method": "hist",
            "max_depth": self.max_depth, "eta": self.eta, "subsample": self.subsample,
            "colsample_bytree": self.colsample_bytree, "min_child_weight": self.min_child_weight,
            "lambda": self.reg_lambda, "nthread": self.nthread, "seed": self.seed, "verbosity": 0,
        }

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["depth_grid"] = list(self.depth_grid)
        return out


@dataclass
class TrainedModel:
    booster: xgboost.Booster
    columns: list[str]
    rounds: int
    params: XgbParams
    train_rows: int
    train_positives: int
    valid_logloss: float | None
    fit_seconds: float
    notes: list[str] = field(default_factory=list)
    holdout: dict[str, Any] = field(default_factory=dict)  # figures of the early-stopping model on the holdout

    def margin(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.predict(self._dmatrix(X), output_margin=True), dtype=np.float64)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.predict(self._dmatrix(X)), dtype=np.float64)

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-row TreeSHAP contributions, one column per feature plus the bias last; rows sum to the margin."""
        return np.asarray(self.booster.predict(self._dmatrix(X), pred_contribs=True), dtype=np.float64)

    def _dmatrix(self, X: np.ndarray) -> xgboost.DMatrix:
        if X.ndim != 2 or X.shape[1] != len(self.columns):
            raise InvalidInput(f"the model expects {len(self.columns)} feature columns, got an array of shape "
                               f"{X.shape}")
        return xgboost.DMatrix(np.asarray(X, dtype=np.float32), feature_names=self.columns, missing=np.nan,
                               nthread=self.params.nthread)


def holdout_split(y: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """A seeded, stratified validation mask: `fraction` of the positives and of the negatives."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(len(y), dtype=bool)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        take = round(fraction * len(idx))
        if take:
            mask[rng.permutation(idx)[:take]] = True
    return mask


def fit(X: np.ndarray, y: np.ndarray, columns: Sequence[str], params: XgbParams | None = None) -> TrainedModel:
    """Fit one target's model: early stopping on a holdout of the training rows, then refit on all of them."""
    params = params or XgbParams()
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32).ravel()
    if X.ndim != 2 or X.shape[0] != y.shape[0] or X.shape[1] != len(columns):
        raise InvalidInput(f"training data of shape {X.shape} does not match {y.shape[0]} labels and "
                           f"{len(columns)} columns")
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        raise InvalidInput(f"the training window has {positives} positive(s) among {len(y)} rows: "
                           "nothing to learn from (is the window right?)")
    start = time.perf_counter()
    names = list(columns)
    booster_params = params.booster_params()
    notes: list[str] = []
    valid = holdout_split(y, params.valid_fraction, params.seed)
    rounds, valid_loss = params.max_rounds, None
    holdout: dict[str, Any] = {}
    if y[valid].min() != y[valid].max() and y[~valid].min() != y[~valid].max():
        d_fit = xgboost.DMatrix(X[~valid], label=y[~valid], feature_names=names, missing=np.nan,
                                nthread=params.nthread)
        d_val = xgboost.DMatrix(X[valid], label=y[valid], feature_names=names, missing=np.nan,
                                nthread=params.nthread)
        best: tuple[float, int, int, np.ndarray] | None = None
        for depth in params.depth_grid or (params.max_depth,):
            history: dict[str, Any] = {}
            probe = xgboost.train({**booster_params, "max_depth": depth}, d_fit, num_boost_round=params.max_rounds,
                                  evals=[(d_val, "valid")], early_stopping_rounds=params.early_stopping_rounds,
                                  evals_result=history, verbose_eval=False)
            n_trees = int(probe.best_iteration) + 1
            loss = float(history["valid"]["logloss"][n_trees - 1])
            if best is None or loss < best[0]:
                best = (loss, depth, n_trees, probe.predict(d_val, iteration_range=(0, n_trees)))
        assert best is not None
        valid_loss, depth, n_trees, p_val = best
        params = replace(params, max_depth=depth)
        booster_params = params.booster_params()
        rounds = max(1, round(n_trees / (1.0 - params.valid_fraction)))
        holdout = score_all(y[valid], p_val, is_probability=True).as_dict()
        holdout.update({"max_depth": depth, "trees_at_best": n_trees})
    else:
        notes.append(f"holdout too small for early stopping: {params.max_rounds} rounds")
    d_all = xgboost.DMatrix(X, label=y, feature_names=names, missing=np.nan, nthread=params.nthread)
    booster = xgboost.train(booster_params, d_all, num_boost_round=rounds, verbose_eval=False)
    return TrainedModel(booster=booster, columns=names, rounds=rounds, params=params, train_rows=len(y),
                        train_positives=positives, valid_logloss=valid_loss,
                        fit_seconds=time.perf_counter() - start, notes=notes, holdout=holdout)


def to_bytes(model: TrainedModel) -> bytes:
    return bytes(model.booster.save_raw(raw_format="ubj"))


def booster_from_bytes(data: bytes, nthread: int = 1) -> xgboost.Booster:
    booster = xgboost.Booster(params={"nthread": nthread})
    booster.load_model(bytearray(data))
    return booster
