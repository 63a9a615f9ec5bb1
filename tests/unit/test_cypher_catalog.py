"""Every Cypher file loads, documents itself, takes values as parameters, and is used somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cypher
from graph.schema import migrations
from liantu.errors import CypherNotFound

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("liantu", "nlp", "graph", "ingestion", "synth", "api", "cli", "benchmarks")


def _python_sources() -> str:
    return "\n".join(p.read_text("utf-8") for d in CODE_DIRS for p in (ROOT / d).rglob("*.py"))


@pytest.mark.parametrize("name", cypher.names())
def test_each_file_loads_with_a_header(name: str) -> None:
    text = cypher.load(name)
    assert text.lstrip().startswith("//"), f"{name} must open with // comments saying what it does"
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    assert body.strip(), f"{name} has no statement"
    # Python-style placeholders would mean values are formatted into the text.
    assert not re.search(r"\{\w+\}|%s|%\(", body), f"{name} looks like a format string"


def test_every_file_is_used() -> None:
    sources = _python_sources()
    migration_names = {m.name for m in migrations()}
    unused = [n for n in cypher.names() if n not in migration_names and f'"{n}"' not in sources]
    assert unused == [], f"Cypher files no code refers to: {unused}"


def test_every_referenced_name_resolves() -> None:
    sources = _python_sources()
    areas = sorted({n.split("/", 1)[0] for n in cypher.names()})
    referenced = set(re.findall(r'"((?:' + "|".join(areas) + r')/[A-Za-z0-9_]+)"', sources))
    missing = sorted(referenced - set(cypher.names()))
    assert missing == [], f"code refers to Cypher files that do not exist: {missing}"


def test_unknown_name_raises() -> None:
    with pytest.raises(CypherNotFound):
        cypher.load("chains/no_such_query")


def test_schema_migrations_are_numbered_and_split() -> None:
    found = migrations()
    assert [m.version for m in found] == sorted({m.version for m in found})
    for m in found:
        statements = cypher.statements(m.name)
        assert statements
        # Idempotent, so every migration can run on every start.
        assert all((s.upper().startswith("CREATE ") and "IF NOT EXISTS" in s)
                   or (s.upper().startswith("DROP ") and "IF EXISTS" in s) for s in statements)
