"""A cluster or Aura is reached by a routing `neo4j://` (or `neo4j+s://`) URI: the same code over a driver
that asks the server for its routing table. Checked against the project's own server, which answers
routing requests as a one-member cluster: reads are routed to a reader, writes to the writer."""

from __future__ import annotations

import neo4j

from graph.admin import clear_data, graph_tokens
from graph.connection import resolve
from graph.schema import current_version
from graph.store import GraphStore
from liantu.config import Settings


def test_a_routing_uri_reads_writes_and_clears(graph: GraphStore) -> None:
    assert graph.info.uri.startswith("bolt://")
    routed_uri = "neo4j://" + graph.info.uri.removeprefix("bolt://")
    settings = Settings(neo4j_uri=routed_uri, neo4j_user=graph.info.user, neo4j_password=graph.info.password)
    info = resolve(settings)
    assert info.uri == routed_uri and not info.local
    routed = GraphStore.from_settings(settings)
    try:
        routed.verify()
        # A routing driver (it fetched the server's routing table to verify), not a direct bolt one.
        assert isinstance(routed.driver, neo4j.Neo4jDriver)
        routed.write("bench/create_bare_enterprises", {"usccs": ["91410100MA0000001X"]})
        assert routed.read("admin/graph_counts")[0]["enterprises"] == 1
        assert current_version(routed) is not None
        assert graph_tokens(routed)[1].get("Enterprise") == 1
        assert clear_data(routed).nodes["Enterprise"] == 1
        assert routed.read("admin/graph_counts")[0]["enterprises"] == 0
    finally:
        routed.close()
