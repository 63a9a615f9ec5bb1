"""A content fingerprint of the whole graph: equal graphs give equal digests.

Used to prove that a reload changes nothing and that an interrupted load, run again, ends with the same
graph as an uninterrupted one. Internal ids and load timestamps are not content, so they are left out;
floats are rounded so that summation order cannot change the digest.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.store import GraphStore

VOLATILE = {"loaded_at", "applied_at", "load_id", "ended_at", "first_ended_at"}  # DataLoad times too


def _canon(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in sorted(value.items()) if k not in VOLATILE}
    return str(value) if not isinstance(value, (int, str, bool, type(None))) else value


def graph_facts(store: GraphStore) -> list[str]:
    facts = [json.dumps(["N", sorted(labels), _canon(props)], ensure_ascii=False, sort_keys=True)
             for labels, props in store.stream("admin/read_node_facts")]
    facts += [json.dumps(["R", rtype, start, end, _canon(props)], ensure_ascii=False, sort_keys=True)
              for rtype, props, start, end in store.stream("admin/read_relationship_facts")]
    return sorted(facts)


def fingerprint(store: GraphStore) -> str:
    digest = hashlib.sha256()
    for fact in graph_facts(store):
        digest.update(fact.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
