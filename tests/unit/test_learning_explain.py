"""Explanations come from XGBoost's own contributions, which must add up to the model's margin."""

from __future__ import annotations

import numpy as np
import pytest

from graph.learning.explain import explain_rows, money, sentence
from graph.learning.xgb import XgbParams, fit


def _data(seed: int = 1, n: int = 600) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4)).astype(np.float32)
    X[rng.random(n) < 0.1, 2] = np.nan  # missing values take their own branch and still add up
    logit = 1.5 * X[:, 0] - 1.0 * X[:, 1] + 0.8 * np.nan_to_num(X[:, 2])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    return X, y, ["pay_to_customers", "age_years", "gnn_0", "gnn_1"]


def test_contributions_sum_to_the_margin() -> None:
    X, y, columns = _data()
    model = fit(X, y, columns, XgbParams(max_rounds=60, seed=5))
    contrib = model.contributions(X)
    assert contrib.shape == (len(X), len(columns) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), model.margin(X), rtol=0, atol=1e-4)
    np.testing.assert_allclose(1 / (1 + np.exp(-model.margin(X))), model.predict(X), atol=1e-6)


def test_reasons_are_the_largest_positive_contributions_with_embeddings_as_one_group() -> None:
    columns = ["pay_to_customers", "age_years", "gnn_0", "gnn_1"]
    X = np.array([[5.0, 30.0, 0.1, 0.2], [1.0, 2.0, 0.3, 0.4]], dtype=np.float32)
    contrib = np.array([[0.9, -0.2, 0.3, 0.4, -1.0],    # gnn group 0.7 comes second
                        [-0.5, -0.1, -0.2, 0.1, -1.0]])  # only the gnn group (-0.1) is... negative: no reason
    reasons = explain_rows(contrib, X, columns, top=3)
    assert [r.feature for r in reasons[0]] == ["pay_to_customers", "gnn"]
    assert reasons[0][1].contribution == pytest.approx(0.7)
    assert reasons[0][0].value == 5.0 and reasons[0][1].value is None
    assert reasons[1] == []


def test_a_feature_without_a_phrase_keeps_its_name_and_value() -> None:
    assert sentence("some_new_feature", 1234.5, {}) == "some new feature: 1,234"  # ',.0f' rounds half to even
    assert sentence("some_new_feature", float("nan"), {}) == "some new feature: not known"


def test_money_reads_at_a_glance() -> None:
    assert money(3_200_000) == "¥3.2m"
    assert money(820_400) == "¥820k"
    assert money(1_350_000_000) == "¥1.35bn"
    assert money(-5_000_000) == "-¥5.0m"


def test_sentences_quote_the_counterparty_and_the_figures() -> None:
    facts = {"paid_to_customers": 3_210_000.0, "purchases_share_customers": 0.41,
             "top_customer_partner": "91410100MA40000011", "top_customer_partner_name": "郑州金穗机械有限公司",
             "top_customer_tie_amount": 2_500_000.0, "top_customer_tie_share": 0.3}
    assert sentence("purchases_share_customers", 0.41, facts) == (
        "pays our customers ¥3.2m, 41% of its purchases (largest tie: 郑州金穗机械有限公司 91410100MA40000011)")
    assert sentence("top_customer_tie_log", 14.7, facts) == (
        "trades ¥2.5m with customer 郑州金穗机械有限公司 (91410100MA40000011), 30% of its trade")
    assert sentence("distance_to_customer", 1.0, {}) == (
        "directly tied to one of our customers (payment, shareholding or guarantee)")
    assert sentence("age_years", 41.0, {"_kind": "P"}) == "aged 41"
    assert sentence("customers_1hop", 0.0, {}) == "trades directly with none of our customers"
    assert sentence("balance_to_threshold", 0.83, {}) == "balance at 83% of the effective-customer threshold (临界户)"
