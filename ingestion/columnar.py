"""Column-at-a-time validation: the fast path for clean rows, with validate_row as the authority.

`validation.validate_row` defines what a valid row is and writes every rejection message. Parsing a
million-row file that way costs a dozen Python calls per cell, so this module reaches the same clean
values a column at a time instead: each distinct value of a low-cardinality column (USCC, person id,
date, month, enumerations) goes through the very same parser once per file, and numeric columns are
cast by pyarrow. Any row with a doubt — a cell the fast path cannot vouch for, a missing required
value, surplus cells — is handed whole to `validate_row`, so a rejected row gets exactly the message it
would have got; rows that pass go through the same cross-field checks as every other row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import fields as f
from ingestion.readers import RawChunk
from ingestion.tables import TableSpec
from ingestion.validation import RowRejected, cross_checks, validate_row

Mask = npt.NDArray[np.bool_]
Cells = list[str | None]
_FAILED = object()
_MISSING = object()

# Plain decimal literals: what pyarrow casts exactly as float(Decimal(text)) does (both round
# correctly to the nearest double). Anything else (thousands separators, signs, exponents) is
# left to the row parser.
_PLAIN_DECIMAL = r"^[0-9]+(\.[0-9]+)?$"
_PLAIN_INTEGER = r"^-?[0-9]{1,18}$"


class ColumnCache:
    """Parse results of low-cardinality columns, kept for a whole file (value -> clean or _FAILED)."""

    LIMIT = 1 << 20

    def __init__(self) -> None:
        self._by_parser: dict[f.Parser, dict[str | None, Any]] = {}

    def memo(self, parser: f.Parser) -> dict[str | None, Any]:
        memo = self._by_parser.setdefault(parser, {})
        if len(memo) >= self.LIMIT:  # a column that turns out not to repeat: keep memory bounded
            memo.clear()
        return memo

    def parse(self, parser: f.Parser, value: str) -> Any:
        memo = self.memo(parser)
        try:
            return memo[value]
        except KeyError:
            pass
        try:
            result = parser(value)
        except f.FieldError:
            result = _FAILED
        memo[value] = result
        return result


def _memoised(parser: f.Parser, values: Cells, cache: ColumnCache) -> tuple[list[Any], Mask]:
    memo = cache.memo(parser)
    memo[None] = None  # a blank cell is None before and after parsing
    # Hits (nearly every cell of a repeating column) cost one dict lookup; misses are parsed once.
    clean = [memo.get(v, _MISSING) for v in values]
    for i, c in enumerate(clean):
        if c is _MISSING:
            clean[i] = cache.parse(parser, values[i])  # type: ignore[arg-type]
    bad = np.fromiter((c is _FAILED for c in clean), dtype=bool, count=len(clean))
    if bad.any():
        clean = [None if c is _FAILED else c for c in clean]
    return clean, bad


def _numeric(parser: f.Parser, values: Cells, cache: ColumnCache) -> tuple[list[Any], Mask]:
    arr = pa.array(values, type=pa.string())
    integer = parser is f.integer
    plain = pc.fill_null(pc.match_substring_regex(arr, _PLAIN_INTEGER if integer else _PLAIN_DECIMAL), False)
    cast = pc.cast(pc.if_else(plain, arr, pa.scalar(None, pa.string())), pa.int64() if integer else pa.float64())
    numbers = cast.to_numpy(zero_copy_only=False)
    plain_np = plain.to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):
        if parser is f.positive_amount:
            # A zero (or a value too small for a double) is decided by the row parser.
            plain_np &= numbers > 0
        elif parser is f.ratio:
            # float(text) == 1.0 does not prove text <= 1 (1.0000000000000000001 rounds to 1.0).
            plain_np &= numbers < 1
    clean = cast.to_pylist()
    bad = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(~plain_np):
        value = values[i]
        if value is None:
            continue
        parsed = cache.parse(parser, value)
        clean[i] = None if parsed is _FAILED else parsed
        bad[i] = parsed is _FAILED
    return clean, bad


def _each(parser: f.Parser, values: Cells, cache: ColumnCache) -> tuple[list[Any], Mask]:
    clean: list[Any] = []
    bad = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        if v is None:
            clean.append(None)
            continue
        try:
            clean.append(parser(v))
        except f.FieldError:
            clean.append(None)
            bad[i] = True
    return clean, bad


def _text(parser: f.Parser, values: Cells, cache: ColumnCache) -> tuple[list[Any], Mask]:
    # The reader has stripped every cell already, which is all f.text does.
    return values, np.zeros(len(values), dtype=bool)


ColumnParser = Callable[[f.Parser, Cells, ColumnCache], tuple[list[Any], Mask]]
_NUMERIC = (f.amount, f.positive_amount, f.ratio, f.integer)


def column_parser(parser: f.Parser) -> ColumnParser:
    if parser is f.text:
        return _text
    if parser in _NUMERIC:
        return _numeric
    if parser is f.pipe_list:
        return _each  # lists: not hashable results worth sharing, and the column is mostly empty
    return _memoised


@dataclass
class CheckedChunk:
    """A chunk after column-at-a-time validation.

    `columns` holds the clean value of every cell the fast path could vouch for. Rows flagged in
    `doubt` must be validated whole by validate_row; rows flagged in `checked` passed their cells
    but need cross_checks (a reference given by name, a date order or self reference to judge). Every
    other row is simple: its clean row is exactly its values in `columns`.
    """

    spec: TableSpec
    chunk: RawChunk
    columns: dict[str, list[Any]]
    doubt: Mask
    checked: Mask

    @property
    def simple(self) -> Mask:
        return ~(self.doubt | self.checked)

    def row(self, i: int) -> dict[str, Any]:
        """Row i as validate_row would give it; raises RowRejected as validate_row would."""
        if self.doubt[i]:
            return validate_row(self.spec, self.chunk.row(i))
        row = {name: values[i] for name, values in self.columns.items()}
        if self.checked[i]:
            cross_checks(self.spec, row)
        else:
            row["_by_name"] = []
        return row

    def rows(self) -> Iterator[tuple[int, dict[str, Any] | RowRejected]]:
        """Each row in order: its clean dict, or the RowRejected validate_row gives it."""
        for i, row_no in enumerate(self.chunk.row_numbers):
            try:
                yield row_no, self.row(i)
            except RowRejected as exc:
                yield row_no, exc


def check_chunk(spec: TableSpec, chunk: RawChunk, cache: ColumnCache) -> CheckedChunk:
    n = len(chunk.row_numbers)
    doubt = np.zeros(n, dtype=bool)
    for i in chunk.extra:
        doubt[i] = True
    columns: dict[str, list[Any]] = {}
    for required, parsers in ((True, spec.required), (False, spec.optional)):
        for name, parser in parsers.items():
            values: Cells = chunk.columns.get(name) or [None] * n
            clean, bad = column_parser(parser)(parser, values, cache)
            doubt |= bad
            if required:
                doubt |= np.fromiter((v is None for v in values), dtype=bool, count=n)
            columns[name] = clean
    checked = _needs_row_checks(spec, columns, n, cache)
    return CheckedChunk(spec, chunk, columns, doubt, checked)


def validate_chunk(spec: TableSpec, chunk: RawChunk,
                   cache: ColumnCache) -> Iterator[tuple[int, dict[str, Any] | RowRejected]]:
    """Each row of the chunk in order: its clean dict, or the RowRejected validate_row gives it."""
    return check_chunk(spec, chunk, cache).rows()


def _needs_row_checks(spec: TableSpec, cols: dict[str, list[Any]], n: int, cache: ColumnCache) -> Mask:
    """Rows that `cross_checks` might reject or must fill in (a name instead of an id).

    It would pass the other rows unchanged but for the kind-typed reference, which is parsed here
    (`cols` gets the parsed column).
    """
    flag = np.zeros(n, dtype=bool)
    for ref in spec.named:
        flag |= np.fromiter((v is None for v in cols[ref.id_field]), dtype=bool, count=n)
    for start, end in spec.periods:
        flag |= np.fromiter((bool(a and b and b < a) for a, b in zip(cols[start], cols[end], strict=True)),
                            dtype=bool, count=n)
    if (kind_ref := spec.kind_ref) is not None:
        kinds, refs = cols[kind_ref[0]], cols[kind_ref[1]]
        parsed = [None if v is None else cache.parse(f.uscc if k == "E" else f.person_id, v)
                  for k, v in zip(kinds, refs, strict=True)]
        bad = np.fromiter((p is _FAILED for p in parsed), dtype=bool, count=n)
        flag |= bad
        # Rows flagged keep the raw value: cross_checks parses it again and says why it is bad.
        cols[kind_ref[1]] = [r if b else p for r, p, b in zip(refs, parsed, bad, strict=True)]
    if (rule := spec.self_ref) is not None:
        kinds = cols[rule.kind_field] if rule.kind_field else ["E"] * n
        flag |= np.fromiter((k == "E" and a is not None and a == b
                             for k, a, b in zip(kinds, cols[rule.first], cols[rule.second], strict=True)),
                            dtype=bool, count=n)
    return flag
