"""Model versions, cards, promotion and the feature-schema check, on a registry in a temp dir."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.learning.registry import FeatureSchemaMismatch, Registry, check_schema
from graph.learning.xgb import XgbParams, fit, to_bytes
from liantu.errors import InvalidInput, NotFound


def _model(seed: int = 0):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3)).astype(np.float32)
    y = (X[:, 0] + rng.normal(scale=0.5, size=400) > 0.8).astype(float)
    return fit(X, y, ["a", "b", "c"], XgbParams(max_rounds=40, seed=seed)), X


def test_same_rows_and_seed_give_the_same_booster_and_another_seed_another() -> None:
    first, _ = _model(seed=3)
    second, _ = _model(seed=3)
    other, _ = _model(seed=4)
    assert to_bytes(first) == to_bytes(second)
    assert to_bytes(first) != to_bytes(other)


def test_save_load_promote_and_list(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "models")
    model, X = _model()
    fields = {"target": "become_customer_e", "variant": "xgb_graph", "data_window": {"features_as_of": "2024-06-30"}}
    v1 = registry.save(model, fields)
    v2 = registry.save(model, fields)
    assert (v1.version, v2.version) == ("become_customer_e-v0001", "become_customer_e-v0002")
    assert registry.promoted("become_customer_e") is None
    registry.promote(v1.version)
    assert registry.promoted_version("become_customer_e") == v1.version
    card, loaded = registry.load(v1.version)
    assert card.columns == ["a", "b", "c"] and card.data["library_versions"]["numpy"]
    assert card.data["trees"] == model.rounds and card.data["hyper_parameters"]["seed"] == 0
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), atol=1e-7)
    assert [c.version for c in registry.versions()] == [v1.version, v2.version]
    with pytest.raises(NotFound):
        registry.card("become_customer_e-v0009")
    with pytest.raises(NotFound):
        registry.card("../../etc-v0001")
    with pytest.raises(InvalidInput, match="unknown target"):
        registry.versions("nonsense")


def test_schema_check_names_what_differs(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    model, _ = _model()
    card = registry.save(model, {"target": "become_effective_p", "variant": "xgb_tabular"})
    check_schema(card, ["a", "b", "c"])
    with pytest.raises(FeatureSchemaMismatch, match=r"missing 1: c; unexpected 1: d"):
        check_schema(card, ["a", "b", "d"])
    with pytest.raises(FeatureSchemaMismatch, match=r"another order .* position 1"):
        check_schema(card, ["a", "c", "b"])
