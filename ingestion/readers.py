"""Read CSV or Parquet tables row by row, with the row number a person would look for in the file.

CSV row numbers count the header as row 1, so the first data row is row 2 (as a spreadsheet shows it).
Encoding: UTF-8 (with or without BOM); a file that is not valid UTF-8 is detected (GBK/GB18030 are
the usual culprits in bank exports) and read in its detected encoding, which the report names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from liantu.errors import InvalidInput

RawRow = dict[str, str | None]

_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class TableFile:
    path: Path
    columns: tuple[str, ...]
    encoding: str


def detect_encoding(path: Path) -> str:
    head = path.read_bytes()[:_SNIFF_BYTES] if path.stat().st_size else b""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A cut in the middle of a multi-byte character at the sniff boundary is still UTF-8.
        if exc.start >= len(head) - 3 and len(head) == _SNIFF_BYTES:
            return "utf-8"
    best = from_bytes(head).best()
    if best is None:
        raise InvalidInput(f"{path}: cannot determine the text encoding")
    enc = best.encoding.lower()
    # GBK files are safest read as GB18030, its superset.
    return "gb18030" if enc in {"gbk", "gb2312", "gb18030", "cp936"} else enc


def open_table(path: Path) -> tuple[TableFile, Iterator[tuple[int, RawRow]]]:
    if not path.exists():
        raise InvalidInput(f"{path}: file not found")
    if path.suffix == ".parquet":
        return _open_parquet(path)
    return _open_csv(path)


def _open_csv(path: Path) -> tuple[TableFile, Iterator[tuple[int, RawRow]]]:
    if path.stat().st_size == 0:
        raise InvalidInput(f"{path}: the file is empty (not even a header row)")
    encoding = detect_encoding(path)
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the generator
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise InvalidInput(f"{path}: the file is empty (not even a header row)") from None
    columns = tuple(h.strip() for h in header)

    def rows() -> Iterator[tuple[int, RawRow]]:
        try:
            for line_no, values in enumerate(reader, start=2):
                if not values or all(not v.strip() for v in values):
                    continue
                row: RawRow = {}
                for i, col in enumerate(columns):
                    value = values[i].strip() if i < len(values) else ""
                    row[col] = value or None
                if len(values) > len(columns):
                    row["__extra__"] = ",".join(values[len(columns):])
                yield line_no, row
        finally:
            fh.close()

    return TableFile(path, columns, encoding), rows()


def _open_parquet(path: Path) -> tuple[TableFile, Iterator[tuple[int, RawRow]]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    columns = tuple(pf.schema_arrow.names)

    def rows() -> Iterator[tuple[int, RawRow]]:
        row_no = 0
        for batch in pf.iter_batches(batch_size=50_000):
            for record in batch.to_pylist():
                row_no += 1
                yield row_no, {k: (None if v is None or str(v).strip() == "" else str(v).strip())
                               for k, v in record.items()}

    return TableFile(path, columns, "parquet"), rows()
