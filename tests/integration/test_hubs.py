"""Hub scores written back to Neo4j agree with networkx on the same projection; every variant ranks."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graph.analytics.hubs import ALGORITHMS, DAMPING, RULES, Algorithm, compute_hubs, ranked_hubs, top_hubs
from graph.projection import Projection, read_projection, write_projection
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from synth import generate
from tests.builders import CHAIN_PAYMENTS, uscc, write_chain_dataset
from tests.builders_structure import write_cluster_dataset
from tests.integration.conftest import OpenClient


def test_pagerank_matches_networkx_and_is_written_back(graph: GraphStore, data_dir: Path) -> None:
    load_directory(graph, write_chain_dataset(data_dir))
    run = compute_hubs(graph)
    assert (run.nodes, run.edges) == (6, len(CHAIN_PAYMENTS))

    proj = read_projection(graph)
    g = nx.DiGraph()
    for s, t, w in zip(proj.sources, proj.targets, proj.weights, strict=True):
        g.add_edge(proj.ids[s], proj.ids[t], weight=w)
    expected = nx.pagerank(g, alpha=DAMPING, weight="weight", tol=1e-12, max_iter=1000)

    hubs = top_hubs(graph, 10)
    assert len(hubs) == 6
    for hub in hubs:
        assert hub["pagerank"] == pytest.approx(expected[hub["uscc"]], abs=1e-6)
    assert [h["rank"] for h in hubs] == [1, 2, 3, 4, 5, 6]
    # Money ends at the raw-material supplier after passing through the core's supplier.
    assert hubs[0]["uscc"] == max(expected, key=expected.__getitem__)
    assert uscc(7) not in {h["uscc"] for h in hubs}


def test_empty_graph_has_no_hubs(graph: GraphStore) -> None:
    assert compute_hubs(graph).nodes == 0
    assert top_hubs(graph) == []


def test_every_algorithm_is_written_back_and_ranked(graph: GraphStore, data_dir: Path) -> None:
    load_directory(graph, write_cluster_dataset(data_dir))
    run = compute_hubs(graph, ALGORITHMS)
    assert run.algorithms == ALGORITHMS and run.nodes == 16 and not run.betweenness_sampled
    proj = read_projection(graph)
    g = nx.DiGraph()
    g.add_weighted_edges_from((proj.ids[s], proj.ids[t], w)
                              for s, t, w in zip(proj.sources, proj.targets, proj.weights, strict=True))
    between = nx.betweenness_centrality(g, normalized=False, weight=None)
    for algorithm in ALGORITHMS:
        hubs = ranked_hubs(graph, algorithm, 16)
        assert [h.rank for h in hubs] == list(range(1, 17)), algorithm
        assert [h.score for h in hubs] == sorted((h.score for h in hubs), reverse=True), algorithm
        assert all(h.rule == RULES[algorithm] for h in hubs)
    for h in ranked_hubs(graph, "betweenness", 16):
        assert h.score == pytest.approx(between[h.uscc])
    # The two cores lead by PageRank, ArticleRank and degree (7 counterparties each).
    for algorithm in ("pagerank", "articlerank", "degree"):
        assert {h.uscc for h in ranked_hubs(graph, algorithm, 2)} == {uscc(1), uscc(11)}, algorithm
    top = ranked_hubs(graph, "degree", 1)[0]
    assert (top.counterparties, top.buyers, top.suppliers) == (7, 7, 2)
    # Recomputing one algorithm leaves the others in place.
    compute_hubs(graph, ["degree"])
    assert len(ranked_hubs(graph, "betweenness", 100)) == 16


def test_unknown_algorithm_is_rejected(graph: GraphStore) -> None:
    with pytest.raises(InvalidInput):
        compute_hubs(graph, ["closeness"])  # type: ignore[list-item]


def test_hubs_api_by_algorithm(graph: GraphStore, data_dir: Path, api: OpenClient) -> None:
    load_directory(graph, write_cluster_dataset(data_dir))
    compute_hubs(graph, ALGORITHMS)
    client = api(graph)
    for algorithm in ALGORITHMS:
        r = client.get("/hubs", params={"algorithm": algorithm, "limit": 3})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["algorithm"] == algorithm and [h["rank"] for h in body["hubs"]] == [1, 2, 3]
    assert client.get("/hubs", params={"algorithm": "closeness"}).status_code == 422
    default = client.get("/hubs").json()
    assert default["algorithm"] == "pagerank" and default["hubs"][0]["pagerank"] == default["hubs"][0]["score"]


def test_hubs_api_on_the_chain(api: OpenClient, chain: GraphStore) -> None:
    compute_hubs(chain)
    r = api(chain).get("/hubs", params={"limit": 3})
    assert r.status_code == 200
    hubs = r.json()["hubs"]
    assert len(hubs) == 3 and [h["rank"] for h in hubs] == [1, 2, 3]
    assert hubs[0]["pagerank"] >= hubs[1]["pagerank"] >= hubs[2]["pagerank"]


def test_planted_core_enterprises_are_top_hubs_of_the_synthetic_world(graph: GraphStore, tmp_path: Path) -> None:
    """Recall of ground_truth.json's core enterprises among the top hubs (scale tiny, seed 7).

    Cores attract many buyers and buy from many suppliers, so by distinct counterparties all of them are
    within the top 2 x |core|; PageRank pushes rank upstream to raw-material suppliers too, so it needs a
    wider cut (all within the top 50 of ~300 enterprises).
    """
    generate("tiny", 7, tmp_path / "world")
    load_directory(graph, tmp_path / "world")
    truth = json.loads((tmp_path / "world" / "ground_truth.json").read_text("utf-8"))
    core = {c["uscc"] for c in truth["core_enterprises"]}
    assert len(core) >= 5
    compute_hubs(graph, ALGORITHMS)

    def recall(algorithm: Algorithm, k: int) -> float:
        return len(core & {h.uscc for h in ranked_hubs(graph, algorithm, k)}) / len(core)

    assert recall("degree", 2 * len(core)) == 1.0
    assert recall("betweenness", 50) == 1.0
    assert recall("pagerank", 50) == 1.0
    assert recall("articlerank", 50) == 1.0


def test_projection_round_trips_through_neo4j(graph: GraphStore) -> None:
    proj = Projection(ids=[uscc(1), uscc(2), uscc(3)], sources=np.array([0, 1, 2]), targets=np.array([1, 2, 0]),
                      weights=np.array([10.0, 20.0, 30.0]))
    assert write_projection(graph, proj) == 3
    assert write_projection(graph, proj) == 3  # idempotent: MERGE, not CREATE
    back = read_projection(graph)
    edges = {(back.ids[s], back.ids[t], w) for s, t, w in zip(back.sources, back.targets, back.weights, strict=True)}
    assert edges == {(uscc(1), uscc(2), 10.0), (uscc(2), uscc(3), 20.0), (uscc(3), uscc(1), 30.0)}
