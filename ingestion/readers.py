"""Read CSV or Parquet tables row by row, with the row number a person would look for in the file.

CSV row numbers count the header as row 1, so the first data row is row 2 (as a spreadsheet shows it).
Encoding: UTF-8 (with or without BOM); a file that is not valid UTF-8 is detected (GBK/GB18030 are
the usual culprits in bank exports) and read in its detected encoding, which the report names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
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
    reader: str = "csv"  # which parser read it: "pyarrow" (the fast path), "csv" or "parquet"


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
    """The rows of a table one by one, as dicts (absent or blank cells are None)."""
    table, chunks = open_table_chunks(path)

    def rows() -> Iterator[tuple[int, RawRow]]:
        for chunk in chunks:
            for i in range(len(chunk.row_numbers)):
                yield chunk.row_numbers[i], chunk.row(i)

    return table, rows()


@dataclass(frozen=True)
class RawChunk:
    """A run of consecutive rows held column by column, so that validation can work a column at a time.

    `columns` has one list per header column (cells stripped, blank cells None); `extra` holds, by
    position in the chunk, the surplus cells of rows longer than the header.
    """

    row_numbers: list[int]
    columns: dict[str, list[str | None]]
    extra: dict[int, str]

    def row(self, i: int) -> RawRow:
        raw: RawRow = {name: values[i] for name, values in self.columns.items()}
        if i in self.extra:
            raw["__extra__"] = self.extra[i]
        return raw


CHUNK_ROWS = 20_000


def open_table_chunks(path: Path, chunk_rows: int = CHUNK_ROWS) -> tuple[TableFile, Iterator[RawChunk]]:
    if not path.exists():
        raise InvalidInput(f"{path}: file not found")
    if path.suffix == ".parquet":
        return _open_parquet(path, chunk_rows)
    return _open_csv(path, chunk_rows)


def _strip(values: tuple[str, ...] | list[str]) -> list[str | None]:
    return [v.strip() or None for v in values]


def _open_csv(path: Path, chunk_rows: int) -> tuple[TableFile, Iterator[RawChunk]]:
    if path.stat().st_size == 0:
        raise InvalidInput(f"{path}: the file is empty (not even a header row)")
    encoding = detect_encoding(path)
    if path.stat().st_size <= ARROW_MAX_BYTES:
        fast = _arrow_csv(path, encoding, chunk_rows)
        if fast is not None:
            return fast
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the generator
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise InvalidInput(f"{path}: the file is empty (not even a header row)") from None
    columns = tuple(h.strip() for h in header)

    width = len(columns)

    def chunks() -> Iterator[RawChunk]:
        # Records are numbered as a spreadsheet numbers rows: the header is row 1.
        first = 2
        try:
            while records := list(islice(reader, chunk_rows)):
                numbers = list(range(first, first + len(records)))
                first += len(records)
                extra: dict[int, str] = {}
                if any(len(r) != width for r in records):
                    for i, r in enumerate(records):
                        if len(r) > width:
                            extra[i] = ",".join(r[width:])
                        if len(r) != width:
                            records[i] = (r + [""] * width)[:width]
                chunk = _csv_chunk(columns, numbers, records, extra)
                yield _without_blank_rows(chunk)
        finally:
            fh.close()

    return TableFile(path, columns, encoding), chunks()


# Files up to this size are parsed by pyarrow in one go (several times faster than the csv module);
# bigger ones stream through the csv module, so memory stays flat however large a file is.
ARROW_MAX_BYTES = 1 << 30
# Characters Python's str.strip() removes but Arrow's whitespace trim keeps; a file holding any of them
# is read by the csv module, so that both readers always give the same cells.
_STRIP_MISMATCH = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")


def _arrow_csv(path: Path, encoding: str, chunk_rows: int) -> tuple[TableFile, Iterator[RawChunk]] | None:
    """Read a CSV file with pyarrow when the result is provably what the csv module would give.

    Proof: no row had a surplus or missing cell, and the file has exactly one physical line per
    record (no blank lines skipped, no line breaks inside quoted values), so record k is on line k + 1
    and the row numbers are exact. Otherwise return None and let the csv module read it.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data = path.read_bytes()
    if any(ch in data for ch in _STRIP_MISMATCH):
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if encoding == "utf-8-sig":
        data = data[3:]
    elif encoding != "utf-8":
        data = data.decode(encoding).encode("utf-8")  # pyarrow parses UTF-8
    header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8")]), [])
    columns = tuple(h.strip() for h in header)
    invalid: list[object] = []

    def on_invalid(row: object) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=list(columns), skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(columns, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if invalid or table.num_rows + 1 != lines:
        return None

    def chunks() -> Iterator[RawChunk]:
        first = 2
        for batch in table.to_batches(max_chunksize=chunk_rows):
            numbers = list(range(first, first + batch.num_rows))
            first += batch.num_rows
            cells = {name: _arrow_cells(batch.column(i)) for i, name in enumerate(columns)}
            yield _without_blank_rows(RawChunk(numbers, cells, {}))

    return TableFile(path, columns, encoding, "pyarrow"), chunks()


def _arrow_cells(values: object) -> list[str | None]:
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed).to_pylist()  # type: ignore[no-any-return]


def _without_blank_rows(chunk: RawChunk) -> RawChunk:
    """Drop rows whose every cell is blank (spreadsheets leave them at the end of exports)."""
    cols = list(chunk.columns.values())
    if not cols:
        return chunk
    blank = [i for i, v in enumerate(cols[0])
             if v is None and i not in chunk.extra and all(col[i] is None for col in cols)]
    if not blank:
        return chunk
    keep = sorted(set(range(len(chunk.row_numbers))) - set(blank))
    extra = {new: chunk.extra[old] for new, old in enumerate(keep) if old in chunk.extra}
    return RawChunk([chunk.row_numbers[i] for i in keep],
                    {name: [col[i] for i in keep] for name, col in chunk.columns.items()}, extra)


def _csv_chunk(columns: tuple[str, ...], numbers: list[int], records: list[list[str]],
               extra: dict[int, str]) -> RawChunk:
    # With a repeated header name the last column wins, as it would in a dict row.
    cells = dict(zip(columns, (_strip(col) for col in zip(*records, strict=True)), strict=True))
    return RawChunk(numbers, cells, extra)


def _open_parquet(path: Path, chunk_rows: int) -> tuple[TableFile, Iterator[RawChunk]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    columns = tuple(pf.schema_arrow.names)

    def chunks() -> Iterator[RawChunk]:
        row_no = 0
        for batch in pf.iter_batches(batch_size=chunk_rows):
            numbers = list(range(row_no + 1, row_no + 1 + batch.num_rows))
            row_no += batch.num_rows
            cells = {name: [None if v is None else (str(v).strip() or None) for v in values]
                     for name, values in batch.to_pydict().items()}
            yield RawChunk(numbers, cells, {})

    return TableFile(path, columns, "parquet", "parquet"), chunks()
