"""Churn warning end to end on a tiny world with planted churners: labels, features, train, score, evaluate,
the API and the CLI.

The world is generated and loaded once for the module; the tests read it, and scoring writes only the
churn properties of customers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graph.learning.churn import churn_labels, churn_rows
from graph.learning.churn_model import ChurnStore, evaluate, get_customer_churn, score, train
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from synth import generate
from synth.churn import read_churn_truth
from synth.scales import D1, D2
from tests.conftest import ADMIN_KEY, OTHER_RM_KEY, RISK_KEY
from tests.integration.conftest import OpenClient, point_cli_at

pytestmark = pytest.mark.integration
SEED = 23


@pytest.fixture(scope="module")
def world(session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    out = tmp_path_factory.mktemp("churn-world")
    generate("tiny", SEED, out, churn=True)
    session_store.run_in_transactions("admin/delete_all_data")
    apply_schema(session_store)
    load_directory(session_store, out)
    yield session_store, out


def test_the_graph_gives_back_the_planted_labels_and_population(world: tuple[GraphStore, Path]) -> None:
    store, out = world
    planted = {c: y for c, (y, _) in read_churn_truth(out, 1).items()}
    assert sum(planted.values()) > 0 and len(planted) > sum(planted.values())
    assert churn_labels(store, D1) == planted  # W1 lives in the balances: read back exactly
    # The population on D2 the features see is the one the generator drew W2 over (only in the truth).
    assert set(churn_rows(store, D2).customer_no) == set(read_churn_truth(out, 2))


def test_features_stop_at_the_as_of_date(world: tuple[GraphStore, Path]) -> None:
    store, out = world
    rows = churn_rows(store, D1)
    truth = read_churn_truth(out, 1)
    # Churners fall after D1 only: on D1 their own balance columns look like everyone else's, and no
    # column is missing for a customer in the population.
    col = rows.columns.index("balance_min_to_mean6")
    y = np.array([truth[c][0] for c in rows.customer_no])
    assert not np.isnan(rows.X[:, col]).any()
    assert rows.X[y == 1, col].min() > 0.2  # a W1 churner's fall below 50% is not yet in the data
    assert {"partners_leaving", "group_members_leaving", "partners_balance_trend"} <= set(rows.groups["graph"])
    assert "partners_leaving" not in rows.groups["tabular"]
    with pytest.raises(InvalidInput, match="no balances"):
        train(store, Path("/nonexistent"), D2)  # W2's months are not in the graph: no labels to train on


def test_train_score_and_clear_stale_warnings(world: tuple[GraphStore, Path], tmp_path: Path) -> None:
    store, _ = world
    run = train(store, tmp_path, D1, seed=1)
    assert run.card.version == "churn-v0001" and run.positives > 0
    assert ChurnStore(tmp_path).promoted().version == "churn-v0001"
    # A warning on a customer outside the population (a person customer) is stale and must be cleared.
    person = next(r["customer_no"] for r in store.read("learning/read_customers_as_of", {"as_of": "2024-12-31"})
                  if r["party_kind"] == "P")
    store.write_rows("churn/write_churn_scores", [{"customer_no": person, "score": 0.9, "model": "old",
                                                   "reasons": ["x"], "as_of": "2024-01-31"}])
    done = score(store, tmp_path, D2)
    assert done.scored == len(churn_rows(store, D2).customer_no) and done.cleared == 1
    assert get_customer_churn(store, person).score is None
    best = done.top[0]
    one = get_customer_churn(store, best.customer_no)
    assert one.score == pytest.approx(best.score, abs=1e-6) and one.model == "churn-v0001"
    assert one.as_of == D2.isoformat() and one.reasons == [r.text for r in best.reasons] and one.reasons
    with pytest.raises(NotFound):
        get_customer_churn(store, "C9999999999")


def test_out_of_time_evaluation_against_tabular_and_oracle(world: tuple[GraphStore, Path]) -> None:
    store, out = world
    ev = evaluate(store, read_churn_truth(out, 2), train_as_of=D1, test_as_of=D2, seed=0)
    assert set(ev.scores) == {"xgb_tabular", "xgb_graph", "oracle"}
    assert ev.unmatched == 0 and ev.test_rows > 0 and ev.train_positives > 0
    oracle = ev.scores["oracle"]
    assert oracle.auc is not None and oracle.auc > 0.6  # the true probability ranks its own draws well
    assert all(s.n == ev.test_rows for s in ev.scores.values())


def test_churn_through_the_api_and_the_cli(world: tuple[GraphStore, Path], api: OpenClient, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.main import app

    store, out = world
    with point_cli_at(store, monkeypatch, tmp_path):
        runner = CliRunner()
        trained = runner.invoke(app, ["churn", "train", "--as-of", "2024-09-30"])
        assert trained.exit_code == 0, trained.output
        assert "churn-v0001" in trained.output and "promoted" in trained.output
        scored = runner.invoke(app, ["churn", "score", "--as-of", "2024-12-31", "--show", "3"])
        assert scored.exit_code == 0, scored.output
        evaluated = runner.invoke(app, ["churn", "evaluate", "--truth", str(out)])
        assert evaluated.exit_code == 0 and "oracle" in evaluated.output and "xgb_tabular" in evaluated.output
        bad = runner.invoke(app, ["churn", "train", "--as-of", "2024/09/30"])
        assert bad.exit_code != 0 and "--as-of" in bad.output and "Traceback" not in bad.output

    warned = [r["customer_no"] for r in store.read("churn/read_churn_scored")]
    assert warned
    # The most at risk: a low-risk customer may have no reason pushing its score up.
    one = max(warned, key=lambda c: get_customer_churn(store, c).score or 0.0)
    body = api(store).get(f"/customers/{one}/churn").json()
    assert body["customer_no"] == one and 0.0 <= body["score"] <= 1.0 and body["reasons"]
    assert api(store, RISK_KEY).get(f"/customers/{one}/churn").status_code == 200
    assert api(store, OTHER_RM_KEY).get(f"/customers/{one}/churn").status_code == 403  # RM999 holds no one
    assert api(store, ADMIN_KEY).get("/customers/C9999999999/churn").status_code == 404
    assert api(store).get("/customers/bad%20no/churn").status_code == 422
