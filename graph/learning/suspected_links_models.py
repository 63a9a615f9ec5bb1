"""The two learned scorers of suspected links, cross-fitted so that no pair is scored by a model that saw it.

Labels are positive-unlabelled: a candidate pair the bank already knows to be tied (a declared holding
or guarantee, or a link a reviewer confirmed) is a positive; every other candidate is unlabelled and
counts as a negative while fitting (a reviewer's rejection makes it a sure one). The undeclared ties
are among the unlabelled, so a model that scored the rows it was fitted on would have learnt to call
them negative: each pair's score comes from the models fitted on the other folds (folds are a hash of
the pair, so the same pair always lands in the same fold).

- `LinkPredictor`: an MLP over the pair's GraphSAGE embeddings (z_a ⊙ z_b, |z_a − z_b|), symmetric in
  the two ends, fitted with binary cross-entropy (positives up-weighted to balance the classes).
- XGBoost (graph/learning/xgb.py `fit`) over the pair features, with or without the link predictor's
  out-of-fold score as one more column (the combined model).

Both fit on every positive of the other folds but only on a seeded sample of their unknown pairs
(`per_known` unknown rows per positive; None fits on all of them): the fits were most of the time on
the medium world and grow with the candidates, while a few negatives per positive already pin down
what a tie does not look like (benchmarks/eval_suspected_links.py compares the two). Every pair of
the held fold is still scored. The answer is a ranking, which needs no calibration; XGBoost's
probabilities are nevertheless put back on the scale of the full population (the odds times the
sampling rate, a monotone map) so that `min_score` thresholds keep their meaning. The link
predictor's classes are re-weighted to balance either way, so sampling leaves its scale where it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
import xgboost
from torch import Tensor, nn

from graph.learning.xgb import TrainedModel, XgbParams

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
AnyFloatArray = npt.NDArray[np.floating[Any]]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


PREDICT_ROWS = 1_000_000  # rows handed to a booster's predict at once


@dataclass(frozen=True)
class PairMatrix:
    """Columns `cols` of `X` (all when None), then `extra` as one more column, read a block of rows at a
    time. The models fit on a sample and predict a block at a time, so none of them needs the whole
    selection as one array: on the large world each such copy was 16.5M x 21 float32, 1.3 GiB."""

    X: AnyFloatArray
    cols: Sequence[int] | None = None
    extra: AnyFloatArray | None = None

    def __len__(self) -> int:
        return int(self.X.shape[0])

    @property
    def width(self) -> int:
        return (self.X.shape[1] if self.cols is None else len(self.cols)) + (self.extra is not None)

    def rows(self, idx: IntArray) -> AnyFloatArray:
        part = self.X[idx] if self.cols is None else self.X[np.ix_(idx, np.asarray(self.cols, dtype=np.int64))]
        return part if self.extra is None else np.column_stack([part, self.extra[idx]])


def _as_matrix(X: AnyFloatArray | PairMatrix) -> PairMatrix:
    return X if isinstance(X, PairMatrix) else PairMatrix(X)


def fold_of(codes: IntArray, folds: int) -> IntArray:
    """A pair's fold from its code (Knuth's multiplicative hash), stable across runs and machines."""
    return ((codes.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)).astype(np.int64) % folds


def training_rows(y: AnyFloatArray, pool: BoolArray, per_known: float | None, seed: int,
                  keep: BoolArray | None = None) -> tuple[BoolArray, float]:
    """The rows of `pool` to fit on and the share of its unknown rows among them.

    Every positive of the pool, every `keep` row (reviewers' rejections: sure negatives, too few and too
    valuable to leave out), and `per_known` unknown rows per positive drawn uniformly without replacement
    with a generator seeded by `seed` alone (the same inputs always give the same rows). `per_known`
    None, or a sample as large as the pool, is the whole pool and share 1.0.
    """
    rows = pool.copy()
    positive = pool & (y > 0)
    unknown = pool & ~positive if keep is None else pool & ~positive & ~keep
    candidates = np.flatnonzero(unknown)
    if per_known is None:
        return rows, 1.0
    want = int(np.ceil(per_known * int(positive.sum())))
    if want >= len(candidates):
        return rows, 1.0
    rng = np.random.default_rng(seed)
    chosen = rng.choice(candidates, size=want, replace=False)
    rows[candidates] = False
    rows[chosen] = True
    return rows, want / len(candidates)


class LinkPredictor(nn.Module):
    def __init__(self, dim: int, hidden: int = 32) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * dim, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, za: Tensor, zb: Tensor) -> Tensor:
        out: Tensor = self.mlp(torch.cat([za * zb, (za - zb).abs()], dim=-1)).squeeze(-1)
        return out


@dataclass(frozen=True)
class LinkParams:
    hidden: int = 32
    epochs: int = 10
    batch: int = 4096
    lr: float = 0.01


def _fit_predict_lp(z: Tensor, pairs: IntArray, y: AnyFloatArray, train: BoolArray, score: BoolArray,
                    params: LinkParams, seed: int) -> Float32Array:
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = LinkPredictor(int(z.shape[1]), params.hidden)
    optimiser = torch.optim.Adam(model.parameters(), lr=params.lr)
    idx = torch.from_numpy(np.flatnonzero(train))
    p = torch.from_numpy(pairs)
    labels = torch.from_numpy(y.astype(np.float32))
    positives = float(labels[idx].sum())
    weight = torch.tensor((len(idx) - positives) / max(positives, 1.0))
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=weight)
    model.train()
    for _ in range(params.epochs):
        order = idx[torch.randperm(len(idx), generator=generator)]
        for start in range(0, len(order), params.batch):
            batch = order[start:start + params.batch]
            optimiser.zero_grad()
            loss = loss_fn(model(z[p[batch, 0]], z[p[batch, 1]]), labels[batch])
            loss.backward()
            optimiser.step()
    model.eval()
    out = np.zeros(len(pairs), dtype=np.float32)
    with torch.no_grad():
        rest = torch.from_numpy(np.flatnonzero(score))
        for start in range(0, len(rest), 65_536):
            batch = rest[start:start + 65_536]
            out[batch.numpy()] = torch.sigmoid(model(z[p[batch, 0]], z[p[batch, 1]])).numpy()
    return out


def link_predictor_scores(embeddings: npt.NDArray[np.float32], pairs: IntArray, y: AnyFloatArray, fold: IntArray,
                          params: LinkParams = LinkParams(), seed: int = 0, *, per_known: float | None = None,
                          keep: BoolArray | None = None) -> Float32Array:
    """Out-of-fold link-predictor probability of every pair (enterprises without an embedding read zeros),
    each fold's model fitted on `training_rows` of the other folds."""
    z = torch.from_numpy(np.nan_to_num(embeddings.astype(np.float32), nan=0.0))
    out = np.zeros(len(pairs), dtype=np.float32)
    for k in np.unique(fold).tolist():
        held = fold == k
        train, _share = training_rows(y, ~held, per_known, seed + k, keep)
        scored = _fit_predict_lp(z, pairs, y, train, held, params, seed + k)
        out[held] = scored[held]
    return out


@dataclass
class CrossFitted:
    scores: Float32Array
    models: list[TrainedModel]
    fold: IntArray
    # Per fold: the log of the sampling rate added to the margin (0 when fitted on every row).
    offsets: list[float] = field(default_factory=list)

    def contributions(self, X: AnyFloatArray | PairMatrix, rows: Sequence[int]) -> FloatArray:
        """TreeSHAP contributions of `rows`, each from the model that scored it (features, then bias; the
        bias includes the sampling offset, so a row's contributions sum to the margin of its score)."""
        view = _as_matrix(X)
        out = np.zeros((len(rows), view.width + 1), dtype=np.float64)
        for pos, r in enumerate(rows):
            k = int(self.fold[r])
            out[pos] = self.models[k].contributions(view.rows(np.asarray([r], dtype=np.int64)))[0]
            out[pos, -1] += self.offsets[k] if self.offsets else 0.0
        return out


def fit_fixed(X: AnyFloatArray, y: AnyFloatArray, columns: Sequence[str], params: XgbParams) -> TrainedModel:
    """A booster of exactly `params.max_rounds` trees: with cross-fitting there is no spare holdout, and
    the rounds were chosen once on the benchmark world (graph/learning/xgb.py `fit` would spend a second
    fit per fold on early stopping)."""
    start = time.perf_counter()
    names = list(columns)
    dtrain = xgboost.DMatrix(np.asarray(X, dtype=np.float32), label=np.asarray(y, dtype=np.float32),
                             feature_names=names, missing=np.nan, nthread=params.nthread)
    booster = xgboost.train(params.booster_params(), dtrain, num_boost_round=params.max_rounds, verbose_eval=False)
    return TrainedModel(booster=booster, columns=names, rounds=params.max_rounds, params=params, train_rows=len(y),
                        train_positives=int(y.sum()), valid_logloss=None, fit_seconds=time.perf_counter() - start)


PAIR_XGB = XgbParams(max_depth=5, eta=0.1, max_rounds=150, min_child_weight=2.0)


def xgb_scores(X: AnyFloatArray | PairMatrix, y: AnyFloatArray, fold: IntArray, columns: Sequence[str],
               params: XgbParams = PAIR_XGB, on_fold: Callable[[int], None] | None = None, *,
               per_known: float | None = None, seed: int = 0, keep: BoolArray | None = None) -> CrossFitted:
    """Out-of-fold XGBoost probability of every pair, with the fold models kept for the explanations;
    each fold's model is fitted on `training_rows` of the other folds."""
    view = _as_matrix(X)
    out = np.zeros(len(y), dtype=np.float32)
    models: list[TrainedModel] = []
    offsets: list[float] = []
    for k in range(int(fold.max()) + 1):
        held = fold == k
        train, share = training_rows(y, ~held, per_known, seed + k, keep)
        model = fit_fixed(view.rows(np.flatnonzero(train)), y[train], columns, params)
        at = np.flatnonzero(held)
        p = np.concatenate([model.predict(view.rows(at[s:s + PREDICT_ROWS]))
                            for s in range(0, len(at), PREDICT_ROWS)]) if len(at) else np.zeros(0)
        if share < 1.0:
            # Unknown rows kept at rate r: the fitted odds are the population's divided by r.
            odds = p.astype(np.float64) / np.maximum(1.0 - p.astype(np.float64), 1e-12) * share
            p = odds / (1.0 + odds)
        out[held] = p
        models.append(model)
        offsets.append(float(np.log(share)))
        if on_fold is not None:
            on_fold(k)
    return CrossFitted(out, models, fold, offsets)
