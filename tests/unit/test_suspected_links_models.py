"""Fitting the suspected-link models on a sample of the unknown pairs: every positive is kept, the sample
is the same for the same seed, `per_known=None` is the full fit of before, and the float32 features are
the float64 ones rounded."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from graph.learning.suspected_links_candidates import PairInputs, generate_candidates
from graph.learning.suspected_links_features import FEATURES, pair_features
from graph.learning.suspected_links_models import (
    PAIR_XGB,
    LinkParams,
    _fit_predict_lp,
    fit_fixed,
    fold_of,
    link_predictor_scores,
    training_rows,
    xgb_scores,
)
from graph.learning.xgb import XgbParams

SMALL_XGB = XgbParams(max_depth=3, eta=0.3, max_rounds=20, min_child_weight=1.0, nthread=1)


def _data(m: int = 3000, seed: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 4)).astype(np.float32)
    y = (X[:, 0] + 0.5 * rng.normal(size=m) > 1.6).astype(np.float32)
    codes = np.arange(m, dtype=np.int64) * 7 + 3
    return X, y, codes, fold_of(codes, 3)


def test_the_sample_keeps_every_positive_and_rejection_and_is_the_same_for_a_seed() -> None:
    _X, y, _codes, fold = _data()
    pool = fold != 0
    keep = np.zeros(len(y), dtype=bool)
    keep[np.flatnonzero(pool & (y == 0))[:5]] = True  # reviewers' rejections
    rows, share = training_rows(y, pool, 4.0, seed=11, keep=keep)
    positives = int((pool & (y > 0)).sum())
    assert positives > 20
    assert not (rows & ~pool).any()
    assert (rows[pool & (y > 0)]).all() and rows[keep].all()
    sampled = rows & ~keep & (y == 0)
    assert int(sampled.sum()) == 4 * positives
    assert share == pytest.approx(4 * positives / int((pool & (y == 0) & ~keep).sum()))
    again, _ = training_rows(y, pool, 4.0, seed=11, keep=keep)
    assert (again == rows).all()
    other, _ = training_rows(y, pool, 4.0, seed=12, keep=keep)
    assert (other != rows).any()


def test_none_or_a_sample_larger_than_the_pool_is_the_whole_pool() -> None:
    _X, y, _codes, fold = _data()
    pool = fold != 1
    for per_known in (None, 1e9):
        rows, share = training_rows(y, pool, per_known, seed=3)
        assert (rows == pool).all() and share == 1.0


def test_per_known_none_reproduces_the_full_cross_fit() -> None:
    X, y, _codes, fold = _data()
    fitted = xgb_scores(X, y, fold, ["a", "b", "c", "d"], SMALL_XGB, per_known=None)
    expected = np.zeros(len(y), dtype=np.float32)
    for k in range(3):
        held = fold == k
        expected[held] = fit_fixed(X[~held], y[~held], ["a", "b", "c", "d"], SMALL_XGB).predict(X[held])
    assert np.array_equal(fitted.scores, expected)
    assert fitted.offsets == [0.0, 0.0, 0.0]

    z = np.random.default_rng(1).normal(size=(200, 8)).astype(np.float32)
    pairs = np.random.default_rng(2).integers(0, 200, size=(len(y), 2)).astype(np.int64)
    params = LinkParams(epochs=1, batch=512)
    lp = link_predictor_scores(z, pairs, y, fold, params, seed=4, per_known=None)
    manual = np.zeros(len(y), dtype=np.float32)
    for k in range(3):
        held = fold == k
        manual[held] = _fit_predict_lp(torch.from_numpy(z), pairs, y, ~held, held, params, 4 + k)[held]
    assert np.array_equal(lp, manual)


def test_a_sampled_fit_scores_every_pair_and_its_explanations_sum_to_the_score() -> None:
    X, y, _codes, fold = _data()
    fitted = xgb_scores(X, y, fold, ["a", "b", "c", "d"], SMALL_XGB, per_known=3.0, seed=9)
    assert fitted.scores.dtype == np.float32 and (fitted.scores > 0).all()
    assert all(o < 0 for o in fitted.offsets)  # a sample of the unknowns: the odds are scaled back down
    rows = [0, 1, 2, 500, 2999]
    margin = fitted.contributions(X, rows).sum(axis=1)
    s = fitted.scores[rows].astype(np.float64)
    assert np.allclose(margin, np.log(s / (1 - s)), atol=1e-4)
    again = xgb_scores(X, y, fold, ["a", "b", "c", "d"], SMALL_XGB, per_known=3.0, seed=9)
    assert np.array_equal(again.scores, fitted.scores)
    assert PAIR_XGB.max_rounds > SMALL_XGB.max_rounds  # the test fits a small model, the product a bigger one


def _random_inputs(rng: np.random.Generator, n: int, payments: int, *, groups: int, persons: int,
                   addresses: bool) -> PairInputs:
    """n enterprises sharing name stems, phones and officers in cycles, with random payments between them."""
    src = rng.integers(0, n, payments).astype(np.int64)
    dst = rng.integers(0, n, payments).astype(np.int64)
    return PairInputs(ids=[f"E{i:02d}" for i in range(n)], names=[f"宏达{i % groups}机械有限公司" for i in range(n)],
                      phones=[f"p{i % (groups + 2)}" for i in range(n)],
                      addresses=[f"郑州市{i % 13}号" if addresses else None for i in range(n)],
                      officers=[(i % persons, i) for i in range(n)],
                      salaries=[(i % persons, (i + 3) % n, 4) for i in range(n)],
                      legal_reps=[(i % persons, i) for i in range(0, n, 3)] if addresses else [],
                      pay_src=src, pay_dst=dst, pay_total=rng.uniform(1, 1e6, payments),
                      embeddings=rng.normal(size=(n, 8)).astype(np.float32))


def test_float32_features_are_the_float64_ones_rounded() -> None:
    inputs = _random_inputs(np.random.default_rng(8), 40, 300, groups=5, persons=11, addresses=False)
    cand = generate_candidates(inputs, k=3)
    detail = {(int(a), int(b)): (["2024-01", "2024-04", "2024-07"], [3e4, 3e4, 3e4]) for a, b in cand.pairs[:20]}
    x64 = pair_features(inputs, cand, detail, dtype=np.float64)
    x32 = pair_features(inputs, cand, detail)
    assert x32.dtype == np.float32 and x64.dtype == np.float64
    assert np.array_equal(x64.astype(np.float32), x32, equal_nan=True)
    assert (x64[:, :] != 0).any(axis=0).sum() > 15  # most columns carry values in this world


def test_reviews_make_confirmed_pairs_known_and_rejected_ones_sure_negatives() -> None:
    from graph.learning.suspected_links import apply_reviews

    index = {f"E{i}": i for i in range(10)}
    codes = np.array([0 * 10 + 1, 2 * 10 + 3, 4 * 10 + 5, 7 * 10 + 8], dtype=np.int64)
    known = np.array([False, True, False, False])
    label = known.astype(np.float32)
    reviews = [("E1", "E0", "confirmed"), ("E2", "E3", "rejected"), ("E6", "E9", "confirmed"), ("X", "E0", "rejected")]
    rejected = apply_reviews(codes, index, reviews, known, label)
    assert known.tolist() == [True, False, False, False]  # (6, 9) is no candidate; X is no enterprise
    assert label.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert rejected.tolist() == [False, True, False, False]


def test_features_in_chunks_of_pairs_are_the_features_of_all_pairs_at_once() -> None:
    rng = np.random.default_rng(11)
    inputs = _random_inputs(rng, 60, 500, groups=6, persons=17, addresses=True)
    cand = generate_candidates(inputs, k=4)
    # Months in both directions, irregular, so the timing columns differ from pair to pair.
    detail: dict[tuple[int, int], tuple[list[str], list[float]]] = {}
    for s, t in zip(inputs.pay_src.tolist(), inputs.pay_dst.tolist(), strict=True):
        months = sorted({f"2024-{int(mo):02d}" for mo in rng.integers(1, 13, 4)})
        detail[(s, t)] = (months, [float(v) for v in rng.choice([1e4, 2e4, 12_345.0], len(months))])
    whole = pair_features(inputs, cand, detail, dtype=np.float64, chunk=len(cand) + 1)
    assert len(cand) > 50
    for chunk in (1, 7, 50):
        assert np.array_equal(pair_features(inputs, cand, detail, dtype=np.float64, chunk=chunk), whole,
                              equal_nan=True), chunk
    timing = [FEATURES.index(c) for c in ("pay_months", "pay_cv", "pay_regular", "pay_modal_gap")]
    assert (np.nan_to_num(whole[:, timing]) != 0).any(axis=0).all()  # the timing columns were exercised
