"""Schema migrations: numbered files cypher/schema/VNNN__purpose.cypher, applied in order.

Every statement is idempotent (IF NOT EXISTS), so `apply_schema` can run on every start; the highest
applied number is recorded on a (:SchemaVersion {name: 'liantu'}) node so later releases can migrate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cypher
from graph.store import GraphStore

_MIGRATION = re.compile(r"^schema/V(\d{3})__\w+$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str


def migrations() -> list[Migration]:
    found = []
    for name in cypher.names():
        match = _MIGRATION.match(name)
        if match:
            found.append(Migration(int(match.group(1)), name))
    return sorted(found, key=lambda m: m.version)


def current_version(store: GraphStore) -> int | None:
    rows = store.read("admin/get_schema_version")
    return rows[0]["version"] if rows else None


def apply_schema(store: GraphStore) -> int:
    """Apply every migration (idempotently) and return the schema version now recorded."""
    latest = 0
    with store.driver.session(database=store.info.database) as session:
        for migration in migrations():
            for statement in cypher.statements(migration.name):
                # Schema commands cannot share a transaction with data writes; each runs on its own.
                session.run(statement).consume()
            latest = migration.version
        session.run(cypher.load("admin/await_indexes")).consume()
    store.write("admin/set_schema_version", {"version": latest})
    return latest


def uniqueness_constraints(store: GraphStore) -> set[tuple[str, str]]:
    """(label or relationship type, property) for every single-property uniqueness constraint."""
    return {
        (row["labelsOrTypes"][0], row["properties"][0])
        for row in store.read("admin/list_constraints")
        if len(row["labelsOrTypes"]) == 1 and len(row["properties"]) == 1
    }
