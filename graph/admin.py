"""Admin operations that must work at every scale: emptying the database in bounded transactions.

A single statement that deletes everything (even as `CALL {} IN TRANSACTIONS`) runs under one query
timeout and reports nothing until it ends; on the large world (~20M payments) that is many minutes.
Here every transaction deletes at most `batch` relationships or nodes, relationships first and type by
type through each type's lookup index, so no transaction holds a hub's tens of thousands of payments,
each batch is retried on its own, a killed clear can simply be run again, and progress can be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph.store import GraphStore

# What the schema keeps of itself: clearing the data leaves the recorded schema version in place.
KEPT_LABELS = frozenset({"SchemaVersion"})

# (what: "relationships TXN" or "nodes Enterprise", how many deleted so far, how many there were)
ClearProgress = Callable[[str, int, int], None]


@dataclass
class ClearReport:
    relationships: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)

    @property
    def relationships_deleted(self) -> int:
        return sum(self.relationships.values())

    @property
    def nodes_deleted(self) -> int:
        return sum(self.nodes.values())


def graph_tokens(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    """Relationship types and node labels in use, each with its count (from the count store)."""
    row = store.read("admin/list_tokens")[0]
    types = {t["name"]: int(t["count"]) for t in row["types"] if t["count"]}
    labels = {lb["name"]: int(lb["count"]) for lb in row["labels"] if lb["count"]}
    return types, labels


def _drain(store: GraphStore, name: str, param: str, token: str, batch: int, total: int, what: str,
           progress: ClearProgress | None) -> int:
    deleted = 0
    while True:
        stats = store.write(name, {param: token, "limit": batch})
        done = stats.counters.get("relationships_deleted" if param == "type" else "nodes_deleted", 0)
        deleted += done
        if progress is not None:
            progress(what, deleted, max(total, deleted))
        if done < batch:
            return deleted


def clear_data(store: GraphStore, *, batch: int = 10_000, progress: ClearProgress | None = None) -> ClearReport:
    """Delete every relationship, then every node (constraints, indexes and the schema version stay)."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    report = ClearReport()
    types, labels = graph_tokens(store)
    for rel_type, count in sorted(types.items()):
        report.relationships[rel_type] = _drain(store, "admin/delete_relationships_of_type", "type", rel_type,
                                                batch, count, f"relationships {rel_type}", progress)
    for label, count in sorted(labels.items()):
        if label in KEPT_LABELS:
            continue
        # A node with two labels goes with the first; the second label's drain then finds fewer.
        report.nodes[label] = _drain(store, "admin/delete_nodes_of_label", "label", label, batch, count,
                                     f"nodes {label}", progress)
    return report
