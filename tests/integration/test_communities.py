"""Leiden communities written back to Neo4j: the planted clusters, their evidence, and the API."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from graph.analytics.communities import compute_communities, get_community, list_communities
from graph.analytics.hubs import compute_hubs
from graph.projection import read_projection
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import NotFound
from tests.builders import uscc
from tests.builders_structure import CLUSTERS, PAIRS, PAYMENTS, write_cluster_dataset
from tests.integration.conftest import OpenClient


@pytest.fixture
def clusters(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_cluster_dataset(data_dir))
    compute_hubs(graph, ["pagerank"])
    return graph


def test_planted_clusters_are_found_and_written_back(clusters: GraphStore) -> None:
    run = compute_communities(clusters)
    assert (run.nodes, run.edges, run.communities, run.components, run.largest) == (16, len(PAIRS), 2, 1, 8)

    found = list_communities(clusters, limit=10, members=3)
    assert [c.size for c in found] == [8, 8]
    members = {c.id: {m.uscc for m in get_community(clusters, c.id, members=100).members} for c in found}
    assert sorted(members.values(), key=sorted) == sorted(
        ({uscc(n) for n in ms} for ms in CLUSTERS.values()), key=sorted)
    # Top member by hub score is each cluster's core; the industry and city mix is the cluster's.
    assert {c.members[0].uscc for c in found} == {uscc(1), uscc(11)}
    assert {(c.sections[0].key, c.sections[0].count, c.regions[0].key) for c in found} == {
        ("C", 8, "4101"), ("F", 8, "3201")}


def test_modularity_agrees_with_networkx(clusters: GraphStore) -> None:
    run = compute_communities(clusters)
    proj = read_projection(clusters)
    g = nx.Graph()
    for s, t, w in zip(proj.sources, proj.targets, proj.weights, strict=True):
        a, b = proj.ids[s], proj.ids[t]
        g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0.0})["weight"] + w)
    planted = [{uscc(n) for n in ms} for ms in CLUSTERS.values()]
    assert run.modularity == pytest.approx(nx.community.modularity(g, planted, weight="weight"), abs=1e-9)
    louvain = nx.community.louvain_communities(g, weight="weight", seed=1)
    assert run.modularity >= nx.community.modularity(g, louvain, weight="weight") - 1e-9


def test_community_flows_are_the_evidence(clusters: GraphStore) -> None:
    compute_communities(clusters)
    core_a = next(c for c in list_communities(clusters) if c.members[0].uscc == uscc(1))
    detail = get_community(clusters, core_a.id)
    inside = sum(a for p, q, _, a in PAYMENTS if p in CLUSTERS[1] and q in CLUSTERS[1])
    assert detail.flows is not None
    assert detail.flows.internal == pytest.approx(inside)
    assert detail.flows.outbound == pytest.approx(5_000.0) and detail.flows.inbound == 0.0
    assert detail.flows.internal_ties == len({(p, q) for p, q in PAIRS if p in CLUSTERS[1] and q in CLUSTERS[1]})
    assert detail.flows.cohesion == pytest.approx(inside / (inside + 5_000.0))
    with pytest.raises(NotFound):
        get_community(clusters, 3)


def test_recompute_is_idempotent_and_empty_graph_has_none(clusters: GraphStore, graph: GraphStore) -> None:
    first = compute_communities(clusters)
    ids = {m.uscc: c.id for c in list_communities(clusters, members=100) for m in c.members}
    second = compute_communities(clusters)
    assert replace(second, seconds=0.0) == replace(first, seconds=0.0)
    assert {m.uscc: c.id for c in list_communities(clusters, members=100) for m in c.members} == ids
    graph.run_in_transactions("admin/delete_all_data")
    assert compute_communities(graph).communities == 0
    assert list_communities(graph) == []


def test_communities_api(api: OpenClient, clusters: GraphStore) -> None:
    compute_communities(clusters)
    client = api(clusters)
    r = client.get("/communities", params={"limit": 5, "members": 2})
    assert r.status_code == 200
    body = r.json()["communities"]
    assert [c["size"] for c in body] == [8, 8] and all(len(c["members"]) == 2 for c in body)
    assert "Leiden" in body[0]["rule"]
    one = client.get(f"/communities/{body[0]['id']}").json()
    assert one["size"] == 8 and len(one["members"]) == 8 and 0.99 < one["flows"]["cohesion"] <= 1.0
    assert client.get("/communities/99").json()["code"] == "not_found"
    assert client.get("/communities/99").status_code == 404
    assert client.get("/communities/0").status_code == 422
    assert client.get("/communities", params={"limit": 0}).status_code == 422
    del client.headers["X-API-Key"]
    assert client.get("/communities").status_code == 401
