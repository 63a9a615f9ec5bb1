"""Lead models end to end on the tiny synthetic world: train, register, score onto the graph, evaluate.

The world is generated and loaded once for the module (the tests below only read it, except scoring, which
writes score properties that no other test here depends on).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.learning.evaluate import evaluate
from graph.learning.explain import PHRASES
from graph.learning.registry import FeatureSchemaMismatch, Registry
from graph.learning.scoring import property_names, read_scores, score_target
from graph.learning.training import FrameCache, GnnSpec, rows_at, train_target
from graph.learning.xgb import XgbParams, fit, to_bytes
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import load_directory
from synth import generate
from synth.outcomes import read_outcomes
from synth.scales import D1, D2
from tests.integration.conftest import point_cli_at

pytestmark = pytest.mark.integration
TARGET = "become_customer_e"
FAST = XgbParams(max_rounds=120, early_stopping_rounds=20, seed=3)


@pytest.fixture(scope="module")
def world(session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    out = tmp_path_factory.mktemp("tiny-world")
    generate("tiny", 5, out)
    session_store.run_in_transactions("admin/delete_all_data")
    apply_schema(session_store)
    load_directory(session_store, out)
    yield session_store, out


@pytest.fixture(scope="module")
def cache() -> FrameCache:
    return FrameCache()


def test_training_is_reproducible_and_the_card_says_what_it_was_trained_on(world, cache, tmp_path: Path) -> None:
    store, _ = world
    first = train_target(store, TARGET, D1, variant="xgb_graph", params=FAST, cache=cache)
    again = train_target(store, TARGET, D1, variant="xgb_graph", params=FAST, cache=FrameCache())
    assert to_bytes(first.model) == to_bytes(again.model)  # same data and seed, same booster
    assert first.model.holdout == again.model.holdout
    assert first.rows.fingerprint() == again.rows.fingerprint()
    assert first.model.train_positives > 0 and first.model.rounds >= 1

    card = Registry(tmp_path).save(first.model, first.card)
    d = card.data
    assert d["data_window"]["features_as_of"] == "2024-09-30"
    assert d["data_window"]["label_window"] == ["2024-09-30", "2024-12-31"]
    assert d["data_fingerprint"]["features_sha256"] == first.rows.fingerprint()
    assert d["features"] == first.rows.columns and set(d["feature_groups"]) == {"tabular", "graph"}
    assert d["hyper_parameters"]["seed"] == 3 and d["trees"] == first.model.rounds
    assert {"xgboost", "numpy", "python"} <= set(d["library_versions"])
    assert 0.0 <= d["training"]["holdout"]["auc"] <= 1.0


def test_every_feature_has_a_sentence(world, cache) -> None:
    store, _ = world
    for target in ("become_customer_e", "become_customer_p"):
        rows = rows_at(store, target, D1, "xgb_graph", cache=cache)
        assert [c for c in rows.columns if c not in PHRASES] == []


def test_scoring_writes_scores_and_reasons_and_clears_stale_ones(world, cache, tmp_path: Path) -> None:
    store, _ = world
    registry = Registry(tmp_path)
    trained = train_target(store, TARGET, D1, variant="xgb_graph", params=FAST, cache=cache)
    card = registry.save(trained.model, trained.card)
    registry.promote(card.version)
    # A score left on a party that has left the population (a customer at D2) must go with the next run.
    at_d2 = rows_at(store, TARGET, D2, "xgb_graph", cache=cache)
    customer = next(i for i in trained.rows.frame.ids if i not in set(at_d2.ids))
    names = property_names(TARGET)
    store.write_rows("learning/write_scores_enterprise",
                     [{"id": customer, "props": {names["score"]: 0.99, names["model"]: "old",
                                                 names["reasons"]: ["old"], names["as_of"]: "2024-01-01"}}])

    report = score_target(store, registry, TARGET, D2, show=3, cache=cache)
    assert report.version == card.version and report.scored == len(at_d2.ids) and report.cleared == 1
    written = read_scores(store, TARGET)
    assert {r["id"] for r in written} == set(at_d2.ids)
    assert all(0.0 <= r["score"] <= 1.0 and r["model"] == card.version and r["as_of"] == "2024-12-31"
               for r in written)
    expected = dict(zip(at_d2.ids, trained.model.predict(at_d2.X), strict=True))
    assert all(abs(r["score"] - expected[r["id"]]) < 1e-5 for r in written)
    top = report.top[0]
    assert top.reasons and all(r.contribution > 0 for r in top.reasons)
    stored = next(r for r in written if r["id"] == top.id)
    assert stored["reasons"] == [r.text for r in top.reasons]


def test_scoring_stops_when_the_features_do_not_match_the_model(world, cache, tmp_path: Path) -> None:
    store, _ = world
    registry = Registry(tmp_path)
    rows = rows_at(store, TARGET, D1, "xgb_tabular", cache=cache)
    y = (np.arange(len(rows.ids)) % 3 == 0).astype(float)
    stale = fit(rows.X[:, :-1], y, rows.columns[:-1], FAST)  # trained before the last column existed
    card = registry.save(stale, {"target": TARGET, "kind": "E", "variant": "xgb_tabular"})
    before = read_scores(store, TARGET)
    with pytest.raises(FeatureSchemaMismatch, match=rf"unexpected 1: {rows.columns[-1]}"):
        score_target(store, registry, TARGET, D2, version=card.version, cache=cache)
    assert read_scores(store, TARGET) == before  # nothing written


def test_gnn_variant_scores_a_later_date_with_the_encoder_it_was_trained_with(world, cache, tmp_path: Path) -> None:
    store, _ = world
    registry = Registry(tmp_path)
    trained = train_target(store, TARGET, D1, variant="xgb_gnn", params=FAST, gnn=GnnSpec(dim=8, seed=2),
                           cache=cache)
    card = registry.save(trained.model, trained.card)
    assert card.data["embeddings"]["encoder_as_of"] == "2024-09-30" and card.data["embeddings"]["dim"] == 8
    assert len(card.data["feature_groups"]["gnn"]) == 8
    registry.promote(card.version)
    report = score_target(store, registry, TARGET, D2, cache=cache)
    expected = rows_at(store, TARGET, D2, "xgb_gnn", GnnSpec(dim=8, seed=2, encoder_as_of=D1), cache=cache)
    assert report.scored == len(expected.ids)
    scores = {r["id"]: r["score"] for r in read_scores(store, TARGET)}
    p = trained.model.predict(expected.X)
    assert all(abs(scores[i] - float(q)) < 1e-5 for i, q in zip(expected.ids, p, strict=True))


def test_evaluation_table_out_of_time(world, cache) -> None:
    store, out = world
    truth = read_outcomes(out, 2)
    table = evaluate(store, truth, train_as_of=D1, test_as_of=D2, targets=[TARGET],
                     variants=["xgb_tabular", "xgb_graph"], seed=3,
                     observable=read_outcomes(out, 2, "propensity_observable"))
    (t,) = table.targets
    assert [r.model for r in t.rows] == ["chain_formula", "xgb_tabular", "xgb_graph", "oracle", "observable_ceiling"]
    assert t.evaluated == len(truth[TARGET]) > 0
    for r in t.rows:
        assert r.figures is not None and r.figures.n == t.evaluated
        assert r.figures.auc is not None and 0.0 <= r.figures.auc <= 1.0
        assert (r.figures.brier is None) == (r.model == "chain_formula")
    oracle = t.row("oracle")
    assert oracle is not None and oracle.figures is not None and oracle.figures.auc is not None
    assert oracle.figures.auc > 0.6  # the generator's propensity does rank its own draws
    checks = t.checks()
    assert checks["best_model"] in {"xgb_tabular", "xgb_graph"} and "auc_gap_to_oracle" in checks
    assert "auc_gap_to_observable" in checks


@pytest.fixture
def cli_env(world, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "200")  # rich folds a long version id in an 80-column table
    with point_cli_at(world[0], monkeypatch, tmp_path / "home"):
        yield


def test_cli_lifecycle(cli_env: None, world, tmp_path: Path) -> None:
    _, out = world
    runner = CliRunner()
    result = runner.invoke(app, ["model", "train", "--target", TARGET, "--as-of", "2024-09-30", "--seed", "1"])
    assert result.exit_code == 0, result.output
    version = f"{TARGET}-v0001"
    assert version in result.output
    card = json.loads((tmp_path / "home" / "models" / TARGET / version / "card.json").read_text("utf-8"))
    assert len(card["data_fingerprint"]["graph_sha256"]) == 64

    result = runner.invoke(app, ["model", "score", "--target", TARGET, "--as-of", "2024-12-31"])
    assert result.exit_code == 1 and "no promoted model" in result.output
    assert runner.invoke(app, ["model", "promote", version]).exit_code == 0
    result = runner.invoke(app, ["model", "list"])
    assert result.exit_code == 0 and version in result.output and "yes" in result.output
    result = runner.invoke(app, ["model", "score", "--target", TARGET, "--as-of", "2024-12-31", "--show", "2"])
    assert result.exit_code == 0, result.output
    assert "written onto the graph" in result.output

    result = runner.invoke(app, ["model", "evaluate", "--truth", str(out), "--json", "--target", TARGET,
                                 "--variant", "xgb_graph", "--no-end-to-end", "--no-formula"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["test_as_of"] == "2024-12-31"
    assert [r["model"] for r in data["targets"][0]["rows"]] == ["xgb_graph", "oracle", "observable_ceiling"]

    result = runner.invoke(app, ["model", "train", "--target", "nonsense", "--as-of", "2024-09-30"])
    assert result.exit_code == 1 and "unknown nonsense" in result.output
    result = runner.invoke(app, ["model", "evaluate", "--truth", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "outcomes.csv" in result.output
