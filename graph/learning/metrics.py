"""The four figures every lead model is judged by: AUC, PR-AUC, top-decile lift and Brier score.

Pure numpy, no database. Ties are treated as ties everywhere (a score that gives half the population
the same value must not earn a lift from the order the rows happened to arrive in):
* AUC is the Mann-Whitney statistic with average ranks;
* PR-AUC is average precision over the distinct score thresholds (precision at each threshold weighted by
  the recall it adds), as scikit-learn's `average_precision_score` computes it;
* top-decile lift is the expected positive rate among the top 10% over the base rate, where a tied group
  straddling the cut contributes its positives in proportion to the share of it that falls inside;
* Brier is the mean squared error of a probability; it is undefined for a score that is not one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from liantu.errors import InvalidInput


@dataclass(frozen=True)
class Scores:
    """One model's figures on one population."""

    n: int
    positives: int
    auc: float | None
    pr_auc: float | None
    top_decile_lift: float | None
    brier: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return asdict(self)


def _check(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=np.float64).ravel()
    score = np.asarray(score, dtype=np.float64).ravel()
    if y.shape != score.shape:
        raise InvalidInput(f"labels ({y.size}) and scores ({score.size}) differ in length")
    if not np.isin(y, (0.0, 1.0)).all():
        raise InvalidInput("labels must be 0 or 1")
    if np.isnan(score).any():
        raise InvalidInput("scores contain NaN")
    return y, score


def auc(y: np.ndarray, score: np.ndarray) -> float | None:
    y, score = _check(y, score)
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pr_auc(y: np.ndarray, score: np.ndarray) -> float | None:
    y, score = _check(y, score)
    n_pos = int(y.sum())
    if n_pos == 0:
        return None
    order = np.argsort(-score, kind="stable")
    s, t = score[order], y[order]
    # The last row of each group of equal scores: a threshold admits a whole tied group or none of it.
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]
    tp = np.cumsum(t)[last]
    seen = last + 1.0
    precision = tp / seen
    recall = tp / n_pos
    gained = np.diff(np.r_[0.0, recall])
    return float((gained * precision).sum())


def top_decile_lift(y: np.ndarray, score: np.ndarray, fraction: float = 0.1) -> float | None:
    y, score = _check(y, score)
    n = len(y)
    base = y.mean() if n else 0.0
    if n == 0 or base == 0:
        return None
    k = fraction * n
    uniq, inverse = np.unique(-score, return_inverse=True)  # groups from the highest score down
    group_size = np.bincount(inverse, minlength=len(uniq)).astype(np.float64)
    group_pos = np.bincount(inverse, weights=y, minlength=len(uniq))
    before = np.r_[0.0, np.cumsum(group_size)[:-1]]
    inside = np.clip(k - before, 0.0, group_size)  # how many rows of each group fall inside the top k
    expected_pos = float((group_pos * inside / group_size).sum())
    return float((expected_pos / k) / base)


def brier(y: np.ndarray, probability: np.ndarray) -> float | None:
    y, p = _check(y, probability)
    if len(y) == 0:
        return None
    if (p < 0).any() or (p > 1).any():
        raise InvalidInput("a Brier score needs probabilities in [0, 1]")
    return float(np.mean((p - y) ** 2))


def score_all(y: np.ndarray, score: np.ndarray, *, is_probability: bool) -> Scores:
    """All four figures; Brier only when the score is a probability (the chain-lead formula is not)."""
    y, score = _check(y, score)
    return Scores(n=len(y), positives=int(y.sum()), auc=auc(y, score), pr_auc=pr_auc(y, score),
                  top_decile_lift=top_decile_lift(y, score),
                  brier=brier(y, score) if is_probability else None)
