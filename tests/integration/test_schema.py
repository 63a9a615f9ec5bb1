from __future__ import annotations

import re

import cypher
from graph.schema import apply_schema, current_version, migrations, uniqueness_constraints
from graph.store import GraphStore


def test_schema_applies_idempotently_and_records_version(graph: GraphStore) -> None:
    latest = migrations()[-1].version
    assert current_version(graph) == latest
    assert apply_schema(graph) == latest
    assert current_version(graph) == latest


def test_every_merge_key_has_a_uniqueness_constraint(graph: GraphStore) -> None:
    constraints = uniqueness_constraints(graph)
    merge_keys = set()
    for name in cypher.names():
        text = cypher.load(name)
        merge_keys |= set(re.findall(r"MERGE \(\w+:(\w+) \{(\w+):", text))
        merge_keys |= set(re.findall(r"MERGE \(\w+\)-\[\w+:(\w+) \{(\w+):", text))
    assert len(merge_keys) >= 10, f"expected the ingest MERGE keys, found {merge_keys}"
    assert merge_keys <= constraints, f"MERGE keys without a uniqueness constraint: {merge_keys - constraints}"
