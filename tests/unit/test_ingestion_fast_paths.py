"""The fast paths of ingestion must give exactly what the slow, obviously-right paths give.

Reading: pyarrow's CSV parser vs the csv module (forced by setting the size limit to zero).
Validation: column-at-a-time `validate_chunk` vs `validate_row` applied row by row, on rows drawn
from pools of good and bad cells for every field type, so every rejection reason is exercised.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from ingestion import readers
from ingestion.columnar import ColumnCache, validate_chunk
from ingestion.readers import RawChunk, RawRow, open_table
from ingestion.tables import TABLES
from ingestion.validation import RowRejected, validate_row
from tests.builders import pid, uscc


def _rows(path: Path) -> tuple[str, list[tuple[int, RawRow]]]:
    table, rows = open_table(path)
    return table.reader, list(rows)


Rows = list[tuple[int, RawRow]]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Rows, Rows]:
    reader, fast = _rows(path)
    with monkeypatch.context() as m:
        m.setattr(readers, "ARROW_MAX_BYTES", 0)
        slow_reader, slow = _rows(path)
    assert slow_reader == "csv"
    return reader, fast, slow


HEADER = "txn_id,payer_uscc,amount,purpose\n"

FILES: dict[str, tuple[bytes, str]] = {
    # name: (content, the reader that must be used)
    "plain": ((HEADER + 'T1,91A,"1,000.50",货款\nT2, 91B ,  7 ,"含,逗号"\n'
               'T3,,,\n,,,\nT4,"",x,"say ""hi"""\n').encode(), "pyarrow"),
    "no final newline": ((HEADER + "T1,a,1,b\nT2,c,2,d").encode(), "pyarrow"),
    "crlf": ((HEADER + "T1,a,1,b\r\nT2,c,2,d\r\n").replace("\n", "\r\n").replace("\r\r", "\r").encode(),
             "pyarrow"),
    "bom": (b"\xef\xbb\xbf" + (HEADER + "T1,a,1,b\n").encode(), "pyarrow"),
    "gbk": ((HEADER + "T1,甲公司,1,货款\nT2,乙公司,2,工资\n").encode("gb18030") * 20_000, "pyarrow"),
    "blank lines": ((HEADER + "T1,a,1,b\n\n   \nT2,c,2,d\n").encode(), "csv"),
    "newline in a quoted value": ((HEADER + 'T1,a,1,"two\nlines"\nT2,c,2,d\n').encode(), "csv"),
    "surplus and missing cells": ((HEADER + "T1,a,1,b,extra,more\nT2,c\nT3,e,3,f\n").encode(), "csv"),
    "separator characters": ((HEADER + "T1,a\x1f,1,b\n").encode(), "csv"),
    "header only": (HEADER.encode(), "pyarrow"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_pyarrow_and_csv_module_read_the_same_rows(name: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    content, expected_reader = FILES[name]
    path = tmp_path / "payments.csv"
    path.write_bytes(content)
    reader, fast, slow = _both(path, monkeypatch)
    assert reader == expected_reader
    assert fast == slow
    if name == "plain":
        assert fast[0] == (2, {"txn_id": "T1", "payer_uscc": "91A", "amount": "1,000.50", "purpose": "货款"})
        assert fast[1][1]["payer_uscc"] == "91B" and fast[1][1]["amount"] == "7"
        assert [n for n, _ in fast] == [2, 3, 4, 6]  # the all-blank row 5 is skipped
        assert fast[3][1]["purpose"] == 'say "hi"'
    if name == "surplus and missing cells":
        assert slow[0][1]["__extra__"] == "extra,more" and slow[1][1]["amount"] is None


# --- validation --------------------------------------------------------------------------------

GOOD_USCC, OTHER_USCC = uscc(1), uscc(2)
POOLS: dict[str, list[str | None]] = {
    "uscc": [GOOD_USCC, OTHER_USCC, GOOD_USCC.lower(), GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1"),
             GOOD_USCC[:17], "９" + GOOD_USCC[1:], None],
    "person": [pid(1), pid(2), pid(1).upper(), pid(1)[:63], "110101199003070000", None],
    "date": ["2022-01-05", "2023-12-31", "2022-02-30", "20220105", "2022-1-5", None],
    "month": ["2022-01", "2022-13", "2022-1", None],
    "amount": ["100", "0.01", "1,000.50", "-5", "0", "0.00", "abc", "1e3", "NaN", "Infinity", "00012.5", ".5",
               "1" + "0" * 400, "0." + "0" * 400 + "1", None],
    "ratio": ["0.5", "1", "1.0", "0", "1.0000000000000000001", "1.5", "-0.1", "0,5", None],
    "integer": ["1980", "+5", "1_000", "x", "-3", "99999999999999999999", None],
    "kind": ["E", "P", "X", None],
    "gender": ["M", "F", "m", None],
    "tier": ["高端", "潜在", "VIP", None],
    "list": ["旧名一|旧名二", "|", "单名", None],
    "text": ["甲公司", "乙公司", "T1", None],
}
FIELD_POOL = {
    "uscc": "uscc", "company_uscc": "uscc", "guarantor_uscc": "uscc", "borrower_uscc": "uscc",
    "payer_uscc": "uscc", "person_id": "person", "established": "date", "valid_from": "date",
    "valid_to": "date", "start_date": "date", "end_date": "date", "date": "date", "since": "date",
    "opened": "date", "month": "month", "registered_capital": "amount", "subscribed_capital": "amount",
    "amount": "amount", "avg_balance": "amount", "ratio": "ratio", "birth_year": "integer",
    "holder_kind": "kind", "payee_kind": "kind", "party_kind": "kind", "gender": "gender", "tier": "tier",
    "former_names": "list",
}
# Ids whose type depends on a kind field draw from both id pools.
MIXED_IDS = {"holder_id", "payee_id", "party_id"}


def _random_row(rng: random.Random, columns: tuple[str, ...]) -> dict[str, str | None]:
    row: dict[str, str | None] = {}
    for col in columns:
        pool = POOLS["uscc"] + POOLS["person"] if col in MIXED_IDS else POOLS[FIELD_POOL.get(col, "text")]
        # Mostly good values, so that many rows pass and the fast path is the one tested.
        row[col] = pool[0] if rng.random() < 0.5 else rng.choice(pool)
    return row


def _outcome(result: dict[str, Any] | RowRejected) -> Any:
    if isinstance(result, RowRejected):
        return ("rejected", result.field, result.value, result.reason)
    return ("clean", {k: (v, type(v)) for k, v in result.items()})


@pytest.mark.parametrize("table", sorted(TABLES))
def test_columnar_validation_equals_row_validation(table: str) -> None:
    spec = TABLES[table]
    rng = random.Random(table)
    rows = [_random_row(rng, spec.columns) for _ in range(3000)]
    extra = {7: "surplus"}
    chunk = RawChunk(list(range(2, len(rows) + 2)), {c: [r[c] for r in rows] for c in spec.columns}, extra)
    got = list(validate_chunk(spec, chunk, ColumnCache()))
    assert [n for n, _ in got] == chunk.row_numbers
    expected = []
    for i in range(len(rows)):
        try:
            expected.append(_outcome(validate_row(spec, chunk.row(i))))
        except RowRejected as exc:
            expected.append(_outcome(exc))
    outcomes = [_outcome(result) for _, result in got]
    assert outcomes == expected
    # The comparison means something only if both kinds of row occur in numbers.
    kinds = [o[0] for o in outcomes]
    assert kinds.count("clean") > 100 and kinds.count("rejected") > 100
    assert outcomes[7][0] == "rejected" and outcomes[7][1] == "(row)"
