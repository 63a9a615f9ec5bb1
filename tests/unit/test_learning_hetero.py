"""Pure parts of the GNN embeddings: building the as-of graph from rows, and node2vec's walk sampler."""

from __future__ import annotations

from datetime import date

import numpy as np
import scipy.sparse as sp

from graph.learning.hetero import (
    ENTERPRISE,
    ENTERPRISE_FEATURES,
    NON_TRADE_PURPOSES,
    PERSON,
    HeteroRows,
    build_hetero,
    reverse,
)
from graph.learning.node2vec import random_walks, windows
from ingestion.tables import NON_TRADE_PURPOSES as INGESTION_NON_TRADE

D = date(2024, 6, 30)


def rows() -> HeteroRows:
    return HeteroRows(
        enterprises=[("E2", 1e6, "2008-06-30", "小型", "C", "410102", False),
                     ("E1", None, None, "巨型", None, None, True)],
        persons=[("P1", 1974, True)],
        payments=[("E1", "E", "E2", 3, 3000.0), ("E2", "P", "P1", 1, 500.0),
                  ("E1", "E", "GONE", 1, 9.0)],  # a payee absent from the as-of graph
        holdings=[("P", "P1", "E1", 0.6), ("P", "P1", "E1", 0.1)],  # two holdings, one tie
        officers=[("P1", "E2", True)],
        guarantees=[("E2", "E1", 1e6)],
    )


def test_build_orders_nodes_by_id_and_drops_ties_to_absent_parties() -> None:
    g = build_hetero(rows(), D)
    assert g.ids == {ENTERPRISE: ["E1", "E2"], PERSON: ["P1"]}
    pays = (ENTERPRISE, "pays", ENTERPRISE)
    assert g.data[pays].edge_index.tolist() == [[0], [1]]
    assert g.data[reverse(pays)].edge_index.tolist() == [[1], [0]]
    assert g.data[(PERSON, "holds", ENTERPRISE)].edge_index.tolist() == [[0], [0]]
    assert g.data[(ENTERPRISE, "pays", PERSON)].edge_index.tolist() == [[1], [0]]
    assert g.num_ties() == 5


def test_features_use_fixed_transforms_with_missing_flags() -> None:
    g = build_hetero(rows(), D)
    x = g.data[ENTERPRISE].x.numpy()
    col = {name: i for i, name in enumerate(ENTERPRISE_FEATURES)}
    e1, e2 = x[0], x[1]
    assert (e1[col["is_customer"]], e2[col["is_customer"]]) == (1.0, 0.0)
    assert (e1[col["capital_missing"]], e1[col["age_missing"]], e1[col["scale_other"]], e1[col["section_other"]]) == (
        1.0, 1.0, 1.0, 1.0)
    assert np.isclose(e2[col["age_years"]] * 30, 16.0, atol=0.01)
    assert np.isclose(e2[col["log_capital"]] * 20, np.log1p(1e6), atol=1e-4)
    assert e2[col["city_bucket_05"]] == 1.0  # 4101 % 16
    assert np.isclose(e2[col["log_paid_in"]] * 20, np.log1p(3000.0), atol=1e-4)  # the tie to "GONE" is not counted
    person = g.data[PERSON].x.numpy()[0]
    assert np.isclose(person[1] * 100, 50.0) and person[0] == 1.0
    # The same rows in another order give the same graph, byte for byte.
    shuffled = rows()
    again = build_hetero(HeteroRows(shuffled.enterprises[::-1], shuffled.persons, shuffled.payments[::-1],
                                    shuffled.holdings[::-1], shuffled.officers, shuffled.guarantees), D)
    assert again.fingerprint() == g.fingerprint()
    assert build_hetero(rows(), date(2024, 7, 1)).fingerprint() != g.fingerprint()


def test_non_trade_purposes_match_ingestion() -> None:
    assert NON_TRADE_PURPOSES == INGESTION_NON_TRADE


def ring_with_chord(n: int) -> sp.csr_matrix:
    u = np.arange(n)
    v = (u + 1) % n
    r = np.concatenate([u, v, [0, n // 2]])
    c = np.concatenate([v, u, [n // 2, 0]])
    adj = sp.csr_matrix((np.ones(r.shape[0]), (r, c)), shape=(n, n))
    adj.sort_indices()
    return adj


def test_walks_follow_edges_and_are_seeded() -> None:
    adj = ring_with_chord(12)
    dense = adj.toarray() > 0
    starts = np.arange(12, dtype=np.int64).repeat(5)
    for p, q in ((1.0, 1.0), (0.5, 2.0)):
        walks = random_walks(adj, starts, 8, p, q, np.random.default_rng(3))
        assert walks.shape == (60, 8) and (walks[:, 0] == starts).all()
        assert dense[walks[:, :-1], walks[:, 1:]].all()
        assert np.array_equal(walks, random_walks(adj, starts, 8, p, q, np.random.default_rng(3)))
    isolated = sp.csr_matrix((3, 3))
    assert random_walks(isolated, np.array([1]), 4, 1.0, 1.0, np.random.default_rng(0)).tolist() == [[1, 1, 1, 1]]


def test_return_parameter_biases_walks_back() -> None:
    """A small p makes a walk step back to where it came from far more often than a large p does."""
    adj = ring_with_chord(40)
    starts = np.arange(40, dtype=np.int64).repeat(20)

    def return_rate(p: float) -> float:
        w = random_walks(adj, starts, 10, p, 1.0, np.random.default_rng(0))
        return float((w[:, 2:] == w[:, :-2]).mean())

    assert return_rate(0.05) > 0.8 > 0.2 > return_rate(20.0)


def test_windows_are_every_run_of_the_context_size() -> None:
    walks = np.array([[0, 1, 2, 3]])
    assert windows(walks, 2).tolist() == [[0, 1], [1, 2], [2, 3]]
