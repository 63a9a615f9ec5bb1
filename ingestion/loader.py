"""Load a dataset directory (docs/data-formats.md) into the graph, reconciling every row.

For each file: read = inserted + updated + unchanged + rejected + merged_duplicates. Bad rows are
rejected with file, row, field, value and reason, and good rows beside them still load. Every write
is an idempotent MERGE, so a reload changes nothing and a killed load can simply be run again.
"""

from __future__ import annotations

import csv
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.business_date import record_load
from graph.store import GraphStore, WriteStats
from ingestion.columnar import CheckedChunk, ColumnCache, check_chunk
from ingestion.readers import open_table_chunks
from ingestion.tables import LOAD_ORDER, NON_TRADE_PURPOSES, TABLES, E, P, TableSpec, Target
from ingestion.validation import Reject, RowRejected, enrich, enrich_columns, missing_columns, resolve_names
from liantu.errors import InvalidInput
from liantu.names import NameResolver

ProgressFn = Callable[[str, int], None]

@dataclass
class FileReport:
    file: str
    table: str
    encoding: str = ""
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    merged_duplicates: int = 0
    error: str | None = None
    rejects: list[Reject] = field(default_factory=list)
    # Wall seconds of the rows (read, validate, write) and of the payment aggregates refreshed after them.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.read == (self.inserted + self.updated + self.unchanged + self.rejected
                             + self.merged_duplicates)

    def reject(self, item: Reject) -> None:
        self.rejected += 1
        self.rejects.append(item)

    def file_error(self, item: Reject) -> None:
        """A file that cannot be read at all: reported (as row 0), but no row was read to count."""
        self.error = item.reason
        self.rejects.append(item)


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    rejects_file: Path | None = None
    business_date: str | None = None  # the day the loaded data reach (graph/business_date.py)

    @property
    def total_rejected(self) -> int:
        return sum(f.rejected for f in self.files)


MAX_PENDING = 2


class StrictModeStop(InvalidInput):
    pass


@dataclass
class CleanChunk:
    """The rows of one chunk that survive validation, name resolution and de-duplication.

    `simple` rows (all references by id, nothing for cross_checks to judge) are given by their values
    in `checked.columns`, so a column-wise writer can take them without building a dict per row;
    `others` are the remaining kept rows as clean dicts. Neither is enriched yet.
    """

    checked: CheckedChunk
    simple: list[int]
    others: dict[int, dict[str, Any]]
    named: bool

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Every kept row in file order as a clean dict, enriched, as the loaders write it."""
        spec = self.checked.spec
        numbers = self.checked.chunk.row_numbers
        columns = self.checked.columns
        for i in sorted([*self.simple, *self.others]):
            row = self.others.get(i)
            if row is None:
                row = {name: values[i] for name, values in columns.items()}
                if self.named:
                    row["match_rule"] = "uscc"
            yield numbers[i], enrich(spec, row)

    def columns(self) -> tuple[list[int], dict[str, list[Any]]]:
        """Every kept row in file order, enriched, column by column: (row numbers, a list per field).

        The same values as rows() gives, without a dict per row. It reuses the chunk's column lists,
        so call it once.
        """
        spec = self.checked.spec
        numbers = self.checked.chunk.row_numbers
        n = len(numbers)
        columns = {name: self.checked.columns[name] for name in spec.columns}
        if self.named:
            columns["match_rule"] = ["uscc"] * n
        for i, row in self.others.items():
            for name, values in columns.items():
                values[i] = row[name]
        kept = sorted([*self.simple, *self.others]) if self.others else self.simple
        if len(kept) < n:
            columns = {name: [values[i] for i in kept] for name, values in columns.items()}
            numbers = [numbers[i] for i in kept]
        enrich_columns(spec, columns)
        return numbers, columns


def clean_chunks(spec: TableSpec, path: Path, report: FileReport, resolver: Callable[[], NameResolver], *,
                 strict: bool = False) -> Iterator[CleanChunk]:
    """Read, validate, resolve names and drop duplicate keys, a chunk at a time.

    Every row read is counted in `report`; a bad row becomes a Reject (or stops the run when strict).
    `resolver` is called only when a row names an enterprise instead of giving its USCC.
    """

    def reject(item: Reject) -> None:
        report.reject(item)
        if strict:
            raise StrictModeStop(str(item))

    try:
        table, chunks = open_table_chunks(path)
    except InvalidInput as exc:
        report.file_error(Reject(path.name, 0, "(file)", None, str(exc).split(": ", 1)[-1]))
        if strict:
            raise StrictModeStop(str(report.rejects[-1])) from None
        return
    report.encoding = table.encoding
    missing = missing_columns(spec, table.columns)
    named = bool(spec.named)
    cache = ColumnCache()
    seen: set[Any] = set()
    for chunk in chunks:
        report.read += len(chunk.row_numbers)
        if missing:
            # Without a required column no row can be valid; say so per row, so counts reconcile.
            for row_no in chunk.row_numbers:
                reject(Reject(path.name, row_no, missing[0], None,
                              f"required column(s) {', '.join(missing)} missing from the header"))
            continue
        checked = check_chunk(spec, chunk, cache)
        keys = list(zip(*(checked.columns[k] for k in spec.key), strict=True))
        simple_mask = checked.simple
        simple: list[int] = []
        others: dict[int, dict[str, Any]] = {}
        for i, row_no in enumerate(chunk.row_numbers):
            if simple_mask[i]:
                key = keys[i]
            else:
                try:
                    clean = checked.row(i)
                    if clean["_by_name"]:
                        resolve_names(spec, clean, resolver())
                    else:
                        del clean["_by_name"]
                        if named:
                            clean["match_rule"] = "uscc"
                except RowRejected as exc:
                    reject(Reject(path.name, row_no, exc.field, exc.value, exc.reason))
                    continue
                key = spec.key_of(clean)
            if key in seen:
                report.merged_duplicates += 1
                continue
            seen.add(key)
            if simple_mask[i]:
                simple.append(i)
            else:
                others[i] = clean
        yield CleanChunk(checked, simple, others, named)


def clean_rows(spec: TableSpec, path: Path, report: FileReport, resolver: Callable[[], NameResolver], *,
               strict: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
    """clean_chunks row by row: the clean, enriched rows both load paths write."""
    for chunk in clean_chunks(spec, path, report, resolver, strict=strict):
        yield from chunk.rows()


class TableLoader:
    def __init__(self, store: GraphStore, *, strict: bool = False, batch_size: int | None = None,
                 progress: ProgressFn | None = None) -> None:
        self.store = store
        self.strict = strict
        self.batch_size = batch_size or store.batch_size
        self.progress = progress
        self._names: NameResolver | None = None
        self._load_id = ""
        # One writer thread: Neo4j works on one core while Python validates the next batch on the other.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="liantu-writer")
        self._pending: deque[tuple[Future[WriteStats], Target, list[dict[str, Any]]]] = deque()

    def load_file(self, spec: TableSpec, path: Path) -> FileReport:
        report = FileReport(file=path.name, table=spec.name)
        self._load_id = f"{datetime.now(UTC).isoformat()}#{uuid.uuid4().hex[:12]}"
        buffers: dict[Target, list[dict[str, Any]]] = {}
        pairs: set[tuple[str, str]] = set()
        start = time.perf_counter()
        try:
            for row_no, clean in clean_rows(spec, path, report, self._resolver, strict=self.strict):
                clean["_row"] = row_no
                if spec.name == "payments" and clean["payee_kind"] == "E":
                    pairs.add((clean["payer_uscc"], clean["payee_id"]))
                route = spec.route(clean)
                buf = buffers.setdefault(route, [])
                buf.append(clean)
                if len(buf) >= self.batch_size:
                    self._submit(route, buf, report)
                    buffers[route] = []
            for route, buf in buffers.items():
                if buf:
                    self._submit(route, buf, report)
            self._drain(report)
        except BaseException:
            self._abandon()
            raise
        report.seconds["rows"] = time.perf_counter() - start
        if pairs:
            start = time.perf_counter()
            self._refresh_payment_aggregates(pairs)
            report.seconds["aggregates"] = time.perf_counter() - start
        if spec.name == "enterprises":
            self._names = None  # names changed: rebuild the resolver when next needed
        return report

    def _resolver(self) -> NameResolver:
        if self._names is None:
            self._names = NameResolver()
            for uscc, name, former in self.store.stream("enterprises/read_enterprise_names"):
                self._names.add(uscc, name, former)
        return self._names

    def _submit(self, route: Target, batch: list[dict[str, Any]], report: FileReport) -> None:
        """Hand a batch to the writer thread, so parsing the next batch overlaps this one's write.

        At most MAX_PENDING batches are in flight, which bounds memory; results are taken in order.
        """
        extra = {"load_id": self._load_id}
        if route.find and route.create and route.key:
            future = self._writer.submit(self.store.write_new_rows, route.find, route.create, route.statement, batch,
                                         key=route.key, extra=extra)
        else:
            future = self._writer.submit(self.store.write_rows, route.statement, batch, batch_size=len(batch),
                                         extra=extra)
        self._pending.append((future, route, batch))
        while len(self._pending) > MAX_PENDING:
            self._complete(*self._pending.popleft(), report)

    def _drain(self, report: FileReport) -> None:
        while self._pending:
            self._complete(*self._pending.popleft(), report)

    def _abandon(self) -> None:
        """After a failure, wait for in-flight writes (each is one idempotent transaction) and drop them."""
        for future, _, _ in self._pending:
            future.exception()
        self._pending.clear()

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    def _complete(self, future: Future[WriteStats], route: Target, batch: list[dict[str, Any]],
                  report: FileReport) -> None:
        records = future.result().records
        outcomes = Counter(r["outcome"] for r in records)
        report.inserted += outcomes["inserted"]
        report.updated += outcomes["updated"]
        report.unchanged += outcomes["unchanged"]
        written = {r["_row"] for r in records}
        lost = [row for row in batch if row["_row"] not in written]
        if lost:
            self._reject_unknown_references(lost, route.refs, report)
        if self.progress is not None:
            self.progress(report.file, len(batch))

    def _reject_unknown_references(self, rows: list[dict[str, Any]], refs: tuple[tuple[str, str], ...],
                                   report: FileReport) -> None:
        present: dict[tuple[str, str], bool] = {}
        for label, query in ((E, "ingest/find_existing_enterprises"), (P, "ingest/find_existing_persons")):
            ids = sorted({row[f] for row in rows for f, lab in refs if lab == label})
            if ids:
                for rec in self.store.read(query, {"ids": ids}):
                    present[(label, rec["id"])] = rec["present"]
        for row in rows:
            for fname, label in refs:
                if not present.get((label, row[fname]), label not in (E, P)):
                    report.reject(Reject(report.file, row["_row"], fname, row[fname],
                                         f"unknown reference: no {label} with this id in the graph"))
                    break
            else:
                report.reject(Reject(report.file, row["_row"], ",".join(f for f, _ in refs), None,
                                     "unknown reference: a referenced record is not in the graph"))
            if self.strict:
                raise StrictModeStop(str(report.rejects[-1]))

    def _refresh_payment_aggregates(self, pairs: set[tuple[str, str]]) -> None:
        rows = [{"payer": a, "payee": b} for a, b in sorted(pairs)]
        for start in range(0, len(rows), self.batch_size):
            self.store.write("ingest/refresh_paid_aggregates",
                             {"pairs": rows[start:start + self.batch_size], "non_trade": list(NON_TRADE_PURPOSES)})
        usccs = sorted({u for pair in pairs for u in pair})
        for start in range(0, len(usccs), self.batch_size):
            self.store.write("ingest/refresh_payment_totals", {"usccs": usccs[start:start + self.batch_size]})


def find_table_file(directory: Path, table: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = directory / f"{table}{suffix}"
        if path.exists():
            return path
    return None


def load_directory(store: GraphStore, directory: Path, *, strict: bool = False,
                   rejects_dir: Path | None = None, progress: ProgressFn | None = None,
                   tables: tuple[str, ...] = LOAD_ORDER) -> LoadReport:
    if not directory.is_dir():
        raise InvalidInput(f"{directory}: not a directory")
    loader = TableLoader(store, strict=strict, progress=progress)
    report = LoadReport()
    try:
        for table in tables:
            path = find_table_file(directory, table)
            if path is not None:
                report.files.append(loader.load_file(TABLES[table], path))
    finally:
        loader.close()
    # Only a load that ran to its end fixes the business date: a killed one is simply run again.
    report.business_date = record_load(store, str(directory))
    if rejects_dir is not None and report.total_rejected:
        rejects_dir.mkdir(parents=True, exist_ok=True)
        report.rejects_file = rejects_dir / "rejects.csv"
        with report.rejects_file.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["file", "row", "field", "value", "reason"])
            writer.writeheader()
            for file_report in report.files:
                writer.writerows(r.as_dict() for r in file_report.rejects)
    return report
