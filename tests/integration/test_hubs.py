"""Weighted PageRank written back to Neo4j agrees with networkx on the same projection."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.analytics.hubs import DAMPING, compute_hubs, top_hubs
from graph.projection import read_projection
from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import CHAIN_PAYMENTS, uscc, write_chain_dataset


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
