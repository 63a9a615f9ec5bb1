"""The evaluation figures against values worked out by hand or by brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from graph.learning.metrics import auc, brier, pr_auc, score_all, top_decile_lift
from liantu.errors import InvalidInput


def _pairwise_auc(y: np.ndarray, s: np.ndarray) -> float:
    pos, neg = s[y == 1], s[y == 0]
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p, q in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_auc_equals_the_pairwise_count_with_ties_counting_half() -> None:
    rng = np.random.default_rng(3)
    y = (rng.random(200) < 0.3).astype(float)
    s = np.round(rng.random(200) + 0.5 * y, 1)  # rounded, so many ties
    assert auc(y, s) == pytest.approx(_pairwise_auc(y, s))


def test_auc_is_none_when_one_class_is_missing() -> None:
    assert auc(np.zeros(5), np.arange(5.0)) is None


def test_pr_auc_matches_the_average_precision_worked_example() -> None:
    # Positives ranked 1st and 3rd: precision 1 at recall 0.5, 2/3 at recall 1 -> (1 + 2/3) / 2.
    assert pr_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])) == pytest.approx(5 / 6)


def test_pr_auc_treats_a_tied_group_as_one_threshold() -> None:
    # All scores equal: the only threshold admits everyone, precision = base rate.
    assert pr_auc(np.array([1, 0, 0, 0]), np.zeros(4)) == pytest.approx(0.25)


def test_top_decile_lift_of_a_perfect_ranking_and_of_a_constant_score() -> None:
    y = np.array([1] * 10 + [0] * 90, dtype=float)
    perfect = np.r_[np.ones(10), np.zeros(90)]
    assert top_decile_lift(y, perfect) == pytest.approx(10.0)  # top 10% all positive, base rate 10%
    assert top_decile_lift(y, np.zeros(100)) == pytest.approx(1.0)  # ties earn no lift from row order


def test_top_decile_lift_shares_a_tied_group_at_the_cut() -> None:
    # 20 rows, top 2 rows: one certain positive, then one row of a tied group of 4 holding 2 positives.
    y = np.array([1, 1, 0, 1, 0] + [0] * 15, dtype=float)
    s = np.array([9, 5, 5, 5, 5] + [0] * 15, dtype=float)
    expected_in_top = 1 + 1 * (2 / 4)
    assert top_decile_lift(y, s) == pytest.approx((expected_in_top / 2) / (3 / 20))


def test_brier_and_its_guards() -> None:
    assert brier(np.array([1, 0]), np.array([0.8, 0.4])) == pytest.approx((0.04 + 0.16) / 2)
    with pytest.raises(InvalidInput, match="probabilities"):
        brier(np.array([1, 0]), np.array([2.0, 0.4]))
    with pytest.raises(InvalidInput, match="differ in length"):
        auc(np.array([1, 0]), np.array([0.3]))


def test_score_all_leaves_brier_out_for_a_score_that_is_not_a_probability() -> None:
    y = np.array([1, 0, 1, 0, 0], dtype=float)
    figures = score_all(y, np.array([3.0, 1.0, 2.0, 0.0, 1.5]), is_probability=False)
    assert figures.brier is None and figures.auc == pytest.approx(1.0) and figures.positives == 2


def test_the_table_checks_the_issue_targets_against_the_oracle() -> None:
    from graph.learning.evaluate import Row, TargetTable
    from graph.learning.metrics import Scores

    def s(auc_: float, lift: float) -> Scores:
        return Scores(n=100, positives=10, auc=auc_, pr_auc=0.3, top_decile_lift=lift, brier=0.08)

    table = TargetTable("become_customer_e", population=100, evaluated=100, rows=[
        Row("chain_formula", s(0.60, 1.5)), Row("xgb_tabular", s(0.70, 2.0)), Row("xgb_graph", s(0.78, 3.0)),
        Row("xgb_gnn", s(0.77, 2.9)), Row("oracle", s(0.80, 3.2))])
    checks = table.checks()
    assert checks["best_model"] == "xgb_graph"  # the formula is a baseline, never "best"
    assert checks["lift_share_of_oracle"] == pytest.approx(3.0 / 3.2, abs=1e-4) and checks["lift_target_met"]
    assert checks["auc_gap_to_oracle"] == pytest.approx(0.02) and checks["auc_target_met"]
    assert checks["graph_and_gnn_gain_over_tabular"] == pytest.approx(0.08) and checks["graph_gain_target_met"]
    assert checks["gnn_gain_over_graph"] == pytest.approx(-0.01)
