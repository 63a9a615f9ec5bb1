"""The in-memory algorithms on a projection agree with networkx (and igraph) on the same graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from graph.analytics.communities import leiden
from graph.analytics.hubs import (
    DAMPING,
    _solve_pagerank_system,
    articlerank,
    betweenness,
    degrees,
    weighted_pagerank,
)
from graph.projection import Projection, undirected, weak_components


def projection_of(g: nx.DiGraph) -> Projection:
    ids = sorted(g.nodes)
    index = {n: i for i, n in enumerate(ids)}
    edges = sorted(g.edges(data="weight"))
    return Projection(
        ids=[str(n) for n in ids],
        sources=np.array([index[s] for s, _, _ in edges], dtype=np.int64),
        targets=np.array([index[t] for _, t, _ in edges], dtype=np.int64),
        weights=np.array([float(w) for _, _, w in edges], dtype=np.float64),
    )


def random_payments(n: int, m: int, seed: int) -> nx.DiGraph:
    """A heavy-tailed weighted digraph with dangling payees and a few isolated pairs."""
    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.5, n) + 1
    p = popularity / popularity.sum()
    g = nx.DiGraph()
    for s, t in zip(rng.choice(n, m, p=p), rng.choice(n, m, p=p), strict=True):
        if s != t:
            g.add_edge(int(s), int(t), weight=float(rng.lognormal(10, 1.5)))
    g.add_edge(n + 1, n + 2, weight=5.0)
    return g


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_matches_networkx_and_igraph(seed: int) -> None:
    g = random_payments(300, 1500, seed)
    proj = projection_of(g)
    ours = weighted_pagerank(proj)
    expected = nx.pagerank(g, alpha=DAMPING, weight="weight", tol=1e-13, max_iter=2000)
    assert ours.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(ours, [expected[int(i)] for i in proj.ids], atol=1e-9)
    prpack = proj.to_igraph().pagerank(damping=DAMPING, weights=proj.weights.tolist(), implementation="prpack")
    np.testing.assert_allclose(ours, prpack, atol=1e-9)


def test_pagerank_handles_dangling_unpaid_and_silent_payers_like_networkx_and_igraph() -> None:
    # 0 -> 1 -> 2 -> 3, 3 dangling; 4 pays nobody but itself; 5 is paid by nobody; 6 pays only
    # zero amounts (igraph and networkx treat it as dangling too); 7 and 8 pay each other.
    g = nx.DiGraph()
    g.add_weighted_edges_from([(0, 1, 3.0), (1, 2, 5.0), (2, 3, 1.0), (0, 2, 1.0), (4, 4, 2.0), (5, 1, 7.0),
                               (5, 4, 1.0), (6, 0, 0.0), (7, 8, 2.0), (8, 7, 9.0), (8, 3, 1.0)])
    proj = projection_of(g)
    ours = weighted_pagerank(proj)
    expected = nx.pagerank(g, alpha=DAMPING, weight="weight", tol=1e-14, max_iter=5000)
    np.testing.assert_allclose(ours, [expected[int(i)] for i in proj.ids], atol=1e-12)
    prpack = proj.to_igraph().pagerank(damping=DAMPING, weights=proj.weights.tolist(), implementation="prpack")
    np.testing.assert_allclose(ours, prpack, atol=1e-12)


def test_pagerank_of_a_projection_without_edges_is_uniform() -> None:
    proj = Projection(ids=["a", "b"], sources=np.zeros(0, dtype=np.int64), targets=np.zeros(0, dtype=np.int64),
                      weights=np.zeros(0))
    np.testing.assert_array_equal(weighted_pagerank(proj), [0.5, 0.5])


def test_the_neumann_fallback_reaches_the_same_solution() -> None:
    g = random_payments(2000, 12000, 12)
    proj = projection_of(g)
    n = proj.node_count
    out = proj.out_strength()[proj.sources]
    matrix = sp.csr_matrix((proj.weights / out, (proj.targets, proj.sources)), shape=(n, n))
    rhs = np.ones(n)
    bound = 1e-10 * (1 - DAMPING) * n / 2
    krylov = _solve_pagerank_system(matrix, rhs, DAMPING, bound=bound, max_iter=1000)
    sweeps = _solve_pagerank_system(matrix, rhs, DAMPING, bound=bound, max_iter=1000, krylov_iter=0)
    for y in (krylov, sweeps):
        assert np.abs(rhs - (y - DAMPING * (matrix @ y))).sum() <= bound
    np.testing.assert_allclose(krylov / krylov.sum(), sweeps / sweeps.sum(), atol=1e-12)
    np.testing.assert_allclose(weighted_pagerank(proj), krylov / krylov.sum(), atol=1e-12)


def test_articlerank_matches_the_definition() -> None:
    g = random_payments(120, 500, 4)
    proj = projection_of(g)
    out = {n: sum(w for _, _, w in g.out_edges(n, data="weight")) for n in g}
    mean_out = sum(out.values()) / len(out)
    score = dict.fromkeys(g, 1.0)
    for _ in range(500):
        score = {v: (1 - DAMPING) + DAMPING * sum(score[u] * w / (out[u] + mean_out)
                                                  for u, _, w in g.in_edges(v, data="weight")) for v in g}
    np.testing.assert_allclose(articlerank(proj), [score[int(i)] for i in proj.ids], rtol=1e-8)
    # A node nobody pays keeps the floor (1 - d).
    assert articlerank(proj).min() == pytest.approx(1 - DAMPING)


def test_exact_betweenness_matches_networkx() -> None:
    g = random_payments(150, 600, 5)
    proj = projection_of(g)
    scores, sampled = betweenness(proj)
    expected = nx.betweenness_centrality(g, normalized=False, weight=None)
    assert not sampled
    np.testing.assert_allclose(scores, [expected[int(i)] for i in proj.ids], atol=1e-7)


def test_sampled_betweenness_finds_the_brokers() -> None:
    # Two dense groups of buyers pay suppliers only through brokers 0 and 1: every path crosses them.
    g = nx.DiGraph()
    for b in range(10, 400):
        g.add_edge(b, 0 if b % 2 else 1, weight=1.0)
    for s in range(400, 800):
        g.add_edge(0, s, weight=1.0)
        g.add_edge(1, s, weight=1.0)
    proj = projection_of(g)
    exact = nx.betweenness_centrality(g, normalized=False, weight=None)
    scores, sampled = betweenness(proj, exact_limit=100, samples=200, seed=7)
    assert sampled
    top2 = {proj.ids[i] for i in np.argsort(-scores)[:2]}
    assert top2 == {"0", "1"}
    for broker in (0, 1):
        assert scores[proj.ids.index(str(broker))] == pytest.approx(exact[broker], rel=0.25)


def test_degrees_match_networkx() -> None:
    g = random_payments(200, 800, 6)
    g.add_edge(1, 2, weight=3.0)
    g.add_edge(2, 1, weight=4.0)  # a two-way tie counts as one counterparty
    proj = projection_of(g)
    d = degrees(proj)
    u = g.to_undirected()
    for i, node in enumerate(int(x) for x in proj.ids):
        assert d.buyers[i] == g.in_degree(node) and d.suppliers[i] == g.out_degree(node)
        assert d.strength_in[i] == pytest.approx(g.in_degree(node, weight="weight"))
        assert d.strength_out[i] == pytest.approx(g.out_degree(node, weight="weight"))
        assert d.counterparties[i] == u.degree(node)


def test_weak_components_match_networkx() -> None:
    g = random_payments(400, 300, 7)
    proj = projection_of(g)
    count, labels = weak_components(proj)
    expected = list(nx.weakly_connected_components(g))
    assert count == len(expected) > 1
    ours = {frozenset(int(proj.ids[i]) for i in np.flatnonzero(labels == c)) for c in range(count)}
    assert ours == {frozenset(c) for c in expected}


def test_undirected_collapse_sums_both_directions() -> None:
    proj = Projection(ids=["a", "b", "c"], sources=np.array([0, 1, 1, 2]), targets=np.array([1, 0, 2, 2]),
                      weights=np.array([2.0, 3.0, 7.0, 100.0]))
    edges = undirected(proj)
    assert list(zip(edges.u.tolist(), edges.v.tolist(), edges.weights.tolist(), strict=True)) == [
        (0, 1, 5.0), (1, 2, 7.0)]


def test_leiden_splits_a_planted_two_cluster_graph() -> None:
    g = nx.DiGraph()
    rng = np.random.default_rng(8)
    for cluster in (range(0, 12), range(12, 24)):
        for a in cluster:
            for b in cluster:
                if a != b and rng.random() < 0.6:
                    g.add_edge(a, b, weight=float(rng.uniform(1e5, 1e6)))
    g.add_edge(3, 17, weight=1e4)  # one weak tie across
    proj = projection_of(g)
    labels, quality = leiden(proj)
    found = {frozenset(int(proj.ids[i]) for i in np.flatnonzero(labels == c)) for c in set(labels.tolist())}
    assert found == {frozenset(range(12)), frozenset(range(12, 24))}
    assert quality == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize("seed", [9, 10])
def test_leiden_modularity_is_at_least_networkx_louvain(seed: int) -> None:
    sizes = [30, 50, 40, 60, 20]
    planted = nx.random_partition_graph(sizes, 0.25, 0.01, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    g = nx.DiGraph()
    g.add_weighted_edges_from((a, b, float(rng.lognormal(10, 1))) for a, b in planted.edges)
    proj = projection_of(g)
    labels, quality = leiden(proj)
    # networkx scores our partition on the same undirected weighted graph.
    u = nx.Graph()
    edges = undirected(proj)
    u.add_nodes_from(range(proj.node_count))
    u.add_weighted_edges_from(zip(edges.u.tolist(), edges.v.tolist(), edges.weights.tolist(), strict=True))
    ours = [set(np.flatnonzero(labels == c).tolist()) for c in set(labels.tolist())]
    our_q = nx.community.modularity(u, ours, weight="weight")
    assert our_q == pytest.approx(quality, abs=1e-9)
    louvain = nx.community.louvain_communities(u, weight="weight", seed=seed)
    assert our_q >= nx.community.modularity(u, louvain, weight="weight") - 0.005
    assert len(ours) == len(sizes)
    # Ids are numbered by size: community 0 is the largest.
    assert np.bincount(labels).tolist() == sorted(np.bincount(labels).tolist(), reverse=True)
