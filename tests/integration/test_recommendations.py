"""Product recommendations on a tiny world with structured holdings: the customer-product graph read back,
the time-held-out evaluation, LightGCN's determinism, the written recommendations and their reasons, the API
and the CLI (few epochs throughout)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graph.learning.recommendations import (
    evaluate,
    get_recommendations,
    read_holdings,
    read_ties,
    recommend,
    scores_for,
)
from graph.learning.recommendations_lightgcn import LightGcnParams
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput, NotFound
from synth import generate
from tests.conftest import OTHER_RM_KEY, RISK_KEY
from tests.integration.conftest import OpenClient

pytestmark = pytest.mark.integration
SEED = 29
CUTOFF = date(2024, 6, 30)
FAST = LightGcnParams(epochs=30)


@pytest.fixture(scope="module")
def world(session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    out = tmp_path_factory.mktemp("rec-world")
    generate("tiny", SEED, out, product_structure=True)
    session_store.run_in_transactions("admin/delete_all_data")
    apply_schema(session_store)
    load_directory(session_store, out)
    yield session_store, out


def _enterprise_holdings(out: Path) -> set[tuple[str, str, str]]:
    with (out / "customers.csv").open(encoding="utf-8", newline="") as fh:
        firms = {r["customer_no"] for r in csv.DictReader(fh) if r["party_kind"] == "E"}
    with (out / "products.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["customer_no"], r["product"], r["opened"]) for r in csv.DictReader(fh) if r["customer_no"] in firms}


def test_holdings_and_ties_read_back(world: tuple[GraphStore, Path]) -> None:
    store, out = world
    h = read_holdings(store)
    got = {(h.customers[c], h.products[p], d) for c, p, d in h.pairs}
    assert got == _enterprise_holdings(out)
    ties = read_ties(store, h, CUTOFF)
    assert ties.nnz > 0 and (ties != ties.T).nnz == 0 and ties.diagonal().sum() == 0
    before, after = h.matrix(until=CUTOFF), h.matrix(after=CUTOFF)
    assert before.sum() + after.sum() == len(h.pairs) and after.sum() > 0


def test_time_held_out_evaluation(world: tuple[GraphStore, Path]) -> None:
    store, _ = world
    ev = evaluate(store, CUTOFF, k=5, params=FAST)
    assert set(ev.hit_rate) == {"popularity", "item_knn", "partners", "lightgcn"}
    assert ev.customers > 0 and ev.held_out >= ev.customers
    assert all(0.0 <= v <= 1.0 for v in ev.hit_rate.values())
    assert all(0.0 <= v <= ev.hit_rate[m] for m, v in ev.recall.items())  # recall@5 <= hit@5 per customer
    with pytest.raises(InvalidInput, match="nothing to evaluate"):
        evaluate(store, date(2030, 1, 1), methods=("popularity",))


def test_lightgcn_is_seeded(world: tuple[GraphStore, Path]) -> None:
    store, _ = world
    h = read_holdings(store)
    held, ties = h.matrix(until=CUTOFF), read_ties(store, h, CUTOFF)
    a = scores_for("lightgcn", held, ties, seed=4, params=LightGcnParams(epochs=5))
    b = scores_for("lightgcn", held, ties, seed=4, params=LightGcnParams(epochs=5))
    assert a.shape == held.shape and np.array_equal(a, b)
    with pytest.raises(InvalidInput, match="unknown recommendation method"):
        scores_for("magic", held, ties)


def test_recommendations_written_with_true_reasons(world: tuple[GraphStore, Path]) -> None:
    store, _ = world
    run = recommend(store, date(2024, 12, 31), params=FAST)
    h = read_holdings(store)
    assert run.customers == len(h.customers)
    holders: dict[str, set[str]] = {}
    name_of = dict(zip(h.customers, h.names, strict=True))
    for c, p, _ in h.pairs:
        holders.setdefault(h.products[p], set()).add(name_of[h.customers[c]] or h.customers[c])
    partner_reasons = 0
    for customer in h.customers[:40]:
        recs = get_recommendations(store, customer)
        assert 0 < len(recs.recommendations) <= 5
        assert not {r.product for r in recs.recommendations} & set(recs.held)
        scores = [r.score for r in recs.recommendations]
        assert scores == sorted(scores, reverse=True)
        for r in recs.recommendations:
            if r.reason.startswith("partners "):
                partner_reasons += 1
                named = r.reason.removeprefix("partners ").split(" hold ")[0].split(" and ")[0].split(", ")
                assert set(named) <= holders[r.product]  # every partner named does hold it
            else:
                assert r.reason.startswith("customers like it hold") or "of enterprise customers hold" in r.reason
    assert partner_reasons > 0
    with pytest.raises(NotFound):
        get_recommendations(store, "C9999999999")


def test_recommendations_through_the_api_and_the_cli(world: tuple[GraphStore, Path], api: OpenClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.main import app
    from graph.store import close_store
    from liantu.config import get_settings

    store, _ = world
    for name, value in (("URI", store.info.uri), ("USER", store.info.user), ("PASSWORD", store.info.password)):
        monkeypatch.setenv(f"LIANTU_NEO4J_{name}", value)
    get_settings.cache_clear()
    close_store()
    try:
        runner = CliRunner()
        done = runner.invoke(app, ["recommend", "compute", "--method", "item_knn"])
        assert done.exit_code == 0 and "item_knn" in done.output, done.output
        one = read_holdings(store).customers[0]
        shown = runner.invoke(app, ["recommend", "show", one])
        assert shown.exit_code == 0 and one in shown.output, shown.output
        ev = runner.invoke(app, ["recommend", "evaluate", "--epochs", "5"])
        assert ev.exit_code == 0 and "lightgcn" in ev.output and "popularity" in ev.output, ev.output
        bad = runner.invoke(app, ["recommend", "compute", "--method", "magic"])
        assert bad.exit_code != 0 and "magic" in bad.output and "Traceback" not in bad.output
    finally:
        close_store()
        get_settings.cache_clear()
    body = api(store).get(f"/customers/{one}/recommendations", params={"limit": 3}).json()
    assert body["customer_no"] == one and body["method"] == "item_knn" and 0 < len(body["recommendations"]) <= 3
    assert all(r["reason"] for r in body["recommendations"])
    assert api(store, RISK_KEY).get(f"/customers/{one}/recommendations").status_code == 200
    assert api(store, OTHER_RM_KEY).get(f"/customers/{one}/recommendations").status_code == 403
    assert api(store).get("/customers/C9999999999/recommendations").status_code == 404
    assert api(store).get(f"/customers/{one}/recommendations", params={"limit": 0}).status_code == 422
