"""The table catalogue (ingestion/tables.py) agrees with the human contract and with itself.

docs/data-formats.md lists every input table with its columns, the required ones in bold (a reference
that may be given by name counts as required). The catalogue must list the same tables and columns;
every statement it names must exist; both load paths must see one field list per table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cypher
from ingestion.loader import FileReport, clean_chunks
from ingestion.tables import LOAD_ORDER, TABLES, Node
from liantu.names import NameResolver
from synth import generate

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def _documented() -> dict[str, tuple[set[str], set[str]]]:
    """table -> (all columns, required columns), from the table of files in data-formats.md."""
    tables: dict[str, tuple[set[str], set[str]]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| ") else []
        if len(cells) < 2 or cells[0] not in TABLES:
            continue
        text = "|".join(cells[1:])  # a `|` inside backticks split the row
        entries, depth, start = [], 0, 0
        for i, ch in enumerate(text + ","):
            depth += ch in "(（"
            depth -= ch in ")）"
            if ch == "," and depth == 0:
                entries.append(text[start:i].strip())
                start = i + 1
        columns, required = set(), set()
        for entry in entries:
            head = re.match(r"\**(\w+)\**", entry)
            assert head is not None, f"{cells[0]}: cannot read {entry!r}"
            columns.add(head.group(1))
            if entry.startswith("**"):
                required.add(head.group(1))
            columns.update(re.findall(r"\(or (\w+)", entry))
        tables[cells[0]] = (columns, required)
    return tables


def test_catalogue_lists_the_documented_tables_and_columns() -> None:
    documented = _documented()
    assert set(documented) == set(TABLES) == set(LOAD_ORDER)
    for name, spec in TABLES.items():
        columns, required = documented[name]
        assert set(spec.columns) == columns, name
        # A reference given by id or by name is required in the contract, optional per column.
        assert set(spec.required) | {r.id_field for r in spec.named} == required, name


def test_catalogue_is_consistent() -> None:
    statements = set(cypher.names())
    headers: dict[str, list[str]] = {}
    for spec in TABLES.values():
        assert spec.key and set(spec.key) <= set(spec.columns), spec.name
        assert spec.targets, spec.name
        assert (spec.route_by is None) == (len(spec.targets) == 1), spec.name
        for target in spec.targets:
            assert target.statement in statements, target.statement
            assert cypher.load(target.statement).count("$rows") >= 1
            for field, _ in target.refs:
                assert field in spec.fields, (spec.name, field)
            for out in target.bulk:
                # The same file may be declared by two targets (a customer of either kind), alike.
                assert headers.setdefault(out.file, out.header) == out.header, out.file
                names = [out.id_field] if isinstance(out, Node) else [out.start[0], out.end[0]]
                for column in [*names, *(p.partition(":")[0] for p in out.props)]:
                    assert column in spec.fields, (spec.name, out.file, column)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables") / "world"
    generate("tiny", 3, root)
    return root


@pytest.mark.parametrize("table", LOAD_ORDER)
def test_clean_rows_have_the_declared_fields(table: str, world: Path) -> None:
    """Row-wise and column-wise enrichment give every declared field, so both hash the same content."""
    spec = TABLES[table]
    report = FileReport(file=f"{table}.csv", table=table)
    names = NameResolver()
    chunk = next(clean_chunks(spec, world / f"{table}.csv", report, lambda: names))
    row_numbers = [n for n, _ in chunk.rows()]
    rows = [row for _, row in chunk.rows()]
    assert rows and all(list(row) == list(rows[0]) for row in rows)
    assert set(rows[0]) == set(spec.fields)
    numbers, columns = chunk.columns()
    assert numbers == row_numbers and set(columns) == set(spec.fields)
    assert [{name: columns[name][i] for name in spec.fields} for i in range(len(numbers))] == rows
