"""Streaming table writers for CSV and Parquet with byte-stable value formatting.

Money travels as integer cents and ratios as integer basis points until the last moment, so the
text never depends on float printing: CSV gets fixed decimals ("1234.50", "0.5100"), Parquet gets
float64 values rounded to the same precision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

Format = Literal["csv", "parquet"]
ColumnType = Literal["str", "date", "money", "ratio", "int"]
ProgressFn = Callable[[str, int], None]

_EPOCH = date(1970, 1, 1)


def _fixed(units: pa.Array, scale: int, digits: int) -> pa.Array:
    """Integer units of 1/scale as fixed-point text, e.g. cents 123450 -> "1234.50"."""
    whole = pc.cast(pc.divide(units, pa.scalar(scale, pa.int64())), pa.string())
    frac = pc.utf8_lpad(pc.cast(pc.subtract(units, pc.multiply(pc.divide(units, pa.scalar(scale, pa.int64())),
                                                                   pa.scalar(scale, pa.int64()))),
                                pa.string()), digits, "0")
    return pc.binary_join_element_wise(whole, frac, ".")


def _strings(values: Sequence[str] | np.ndarray | pa.Array) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    return pa.array([v if v else None for v in values], pa.string())


def _dates(values: Sequence[str] | np.ndarray | pa.Array) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return pa.array(values.astype(np.int32), pa.int32()).cast(pa.date32())
    return pa.array([date.fromisoformat(v) if v else None for v in values], pa.date32())


class TableWriter:
    """Append batches of columns to one table file; counts rows and reports progress."""

    def __init__(self, directory: Path, stem: str, columns: Sequence[tuple[str, ColumnType]], fmt: Format,
                 progress: ProgressFn | None = None) -> None:
        self.stem = stem
        self.columns = tuple(columns)
        self.fmt = fmt
        self.progress = progress
        self.rows = 0
        self.path = directory / f"{stem}.{fmt}"
        schema = pa.schema([(name, self._arrow_type(kind)) for name, kind in self.columns])
        self.schema = schema
        self._csv: pacsv.CSVWriter | None = None
        self._pq: pq.ParquetWriter | None = None
        if fmt == "csv":
            self._csv = pacsv.CSVWriter(str(self.path), schema,
                                        write_options=pacsv.WriteOptions(quoting_style="needed"))
        else:
            self._pq = pq.ParquetWriter(str(self.path), schema, compression="zstd")

    def _arrow_type(self, kind: ColumnType) -> pa.DataType:
        if kind == "date":
            return pa.date32()
        if kind == "int":
            return pa.int64()
        if kind in ("money", "ratio") and self.fmt == "parquet":
            return pa.float64()
        return pa.string()

    def _convert(self, kind: ColumnType, values: Any) -> pa.Array:
        if kind == "str":
            return _strings(values)
        if kind == "date":
            return _dates(values)
        if kind == "int":
            return pa.array(np.asarray(values, dtype=np.int64))
        units = np.asarray(values, dtype=np.int64)
        scale, digits = (100, 2) if kind == "money" else (10_000, 4)
        if self.fmt == "parquet":
            return pa.array(np.round(units / scale, digits))
        return _fixed(pa.array(units), scale, digits)

    def write(self, batch: dict[str, Any]) -> None:
        arrays = [self._convert(kind, batch[name]) for name, kind in self.columns]
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        if self._csv is not None:
            self._csv.write_table(table)
        elif self._pq is not None:
            self._pq.write_table(table, row_group_size=1 << 20)
        self.rows += table.num_rows
        if self.progress is not None:
            self.progress(self.path.name, table.num_rows)

    def close(self) -> int:
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            self._pq.close()
        return self.rows


def money_cents(yuan: np.ndarray | Sequence[float]) -> np.ndarray:
    return np.rint(np.asarray(yuan, dtype=np.float64) * 100).astype(np.int64)


def days_since_epoch(d: date) -> int:
    return (d - _EPOCH).days
