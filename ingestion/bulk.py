"""The bulk path for a big bank's first load: neo4j-admin import files from the same inputs.

The inputs pass through the same validation as the transactional loader (same rejects, same
reconciliation); references are checked against the input itself, since the target database starts
empty. The files are imported offline with `neo4j-admin database import full` into the local server's
database, the server is restarted, and the schema is applied on top.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any, TextIO

from ingestion.loader import FileReport, LoadReport, ProgressFn, clean_chunks, find_table_file
from ingestion.tables import LOAD_ORDER, NON_TRADE_PURPOSES, TABLES, E, Node, Rel, TableSpec, Target
from ingestion.validation import Reject
from liantu.errors import InvalidInput
from liantu.names import NameResolver

ARRAY_DELIMITER = ";"

# The import files the input tables write (their headers declared in the catalogue), in load order...
Output = Node | Rel


def _outputs() -> Iterator[Output]:
    for table in LOAD_ORDER:
        for target in TABLES[table].targets:
            yield from target.bulk


def _headers(outputs: Iterable[Output]) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for out in outputs:
        if headers.setdefault(out.file, out.header) != out.header:
            raise ValueError(f"import file {out.file} is declared with two headers")
    return headers


# ... and what the import derives: PAID aggregates of trade payments, enterprise payment totals.
PAID_HEADER = [":START_ID(Enterprise)", ":END_ID(Enterprise)", "count:long", "total:double", "first_date:date",
               "last_date:date", "months:string[]", "month_totals:double[]", ":TYPE"]
PAYMENT_TOTALS = ["paid_out_total:double", "paid_in_total:double"]

NODE_FILES = _headers(out for out in _outputs() if isinstance(out, Node))
NODE_FILES[E] = [*NODE_FILES[E][:-1], *PAYMENT_TOTALS, ":LABEL"]
REL_FILES = {**_headers(out for out in _outputs() if isinstance(out, Rel)), "PAID": PAID_HEADER}
_REL_TYPES = {**{out.file: out.type for out in _outputs() if isinstance(out, Rel)}, "PAID": "PAID"}
# Labels whose ids are remembered: rows refer to them, or their nodes are shared by many rows.
TRACKED = sorted({label for table in TABLES.values() for target in table.targets for _, label in target.refs}
                 | {out.end[1] for out in _outputs() if isinstance(out, Rel) and out.if_known}
                 | {out.label for out in _outputs() if isinstance(out, Node) and out.distinct})


def _joined(values: list[Any] | None) -> str | None:
    # Lists are written joined by ARRAY_DELIMITER for neo4j-admin; every other value as the csv module
    # writes it (None as an empty cell, floats in shortest round-trip form).
    return None if values is None else ARRAY_DELIMITER.join(str(v) for v in values)


@dataclass
class PaidFacts:
    """The trade payments between enterprises that made it into the import, from which the PAID
    aggregates are computed once the whole file is read.

    Held as Arrow columns of 20 bytes a payment (each USCC as a small integer, the date as date32), not
    as Python lists of strings: on the large world (~17M trade payments) the lists alone took several
    GiB, more than the 4 GiB the whole loading process may use.
    """

    codes: dict[str, int] = field(default_factory=dict)  # USCC -> its integer in `parts`
    parts: list[Any] = field(default_factory=list)  # one pyarrow Table per chunk
    rows: int = 0
    # Enterprises paying or paid by another enterprise, trade or not: they get payment totals (maybe 0).
    tied: set[str] = field(default_factory=set)

    def extend(self, payer: list[str], payee: list[str], amount: list[float], date: list[str]) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not payer:
            return
        codes = self.codes
        # setdefault's second argument is evaluated before the insert: a new USCC gets the next integer.
        self.parts.append(pa.table({
            "payer": pa.array([codes.setdefault(u, len(codes)) for u in payer], pa.int32()),
            "payee": pa.array([codes.setdefault(u, len(codes)) for u in payee], pa.int32()),
            "amount": pa.array(amount, pa.float64()),
            "day": pc.cast(pa.array(date, pa.string()), pa.date32())}))
        self.rows += len(payer)

    def aggregates(self, rows_per_part: int = 2_000_000) -> Iterator[tuple[Any, ...]]:
        """PAID rows: payer, payee, count, total, first and last date, months, month totals (by pair).

        Payers are split into parts of about `rows_per_part` payments and each part is grouped on its
        own: grouping all 16M trade payments of the large world at once took the process to 4.1 GB.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        facts = pa.concat_tables(self.parts)
        self.parts = []
        parts = max(1, -(-facts.num_rows // rows_per_part))
        uscc = pa.array(list(self.codes), pa.string())  # dicts keep insertion order: position = code
        payer = facts["payer"]
        part_of = pc.subtract(payer, pc.multiply(pc.divide(payer, parts), parts))
        for part in range(parts):
            chunk = facts.filter(pc.equal(part_of, part)) if parts > 1 else facts
            yield from _paid_rows(chunk, uscc)


def _paid_rows(facts: Any, uscc: Any) -> Iterator[tuple[Any, ...]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    facts = facts.append_column("month", pc.add(pc.multiply(pc.year(facts["day"]), 12),
                                                pc.subtract(pc.month(facts["day"]), 1)))
    by_month = facts.group_by(["payer", "payee", "month"]).aggregate(
        [("amount", "sum"), ("amount", "count"), ("day", "min"), ("day", "max")])
    by_month = by_month.sort_by([("payer", "ascending"), ("payee", "ascending"), ("month", "ascending")])
    year = pc.divide(by_month["month"], 12)
    month0 = pc.subtract(by_month["month"], pc.multiply(year, 12))
    label = pc.binary_join_element_wise(
        pc.utf8_lpad(pc.cast(year, pa.string()), 4, "0"),
        pc.utf8_lpad(pc.cast(pc.add(month0, 1), pa.string()), 2, "0"), "-")
    by_month = by_month.set_column(by_month.schema.get_field_index("month"), "month", label)
    # Without threads, group_by keeps input order inside each group: months stay sorted.
    by_pair = by_month.group_by(["payer", "payee"], use_threads=False).aggregate(
        [("amount_count", "sum"), ("amount_sum", "sum"), ("day_min", "min"), ("day_max", "max"),
         ("month", "list"), ("amount_sum", "list")])
    month_totals = pc.cast(by_pair.column("amount_sum_list"), pa.list_(pa.string()))
    columns = [pc.take(uscc, by_pair.column("payer")), pc.take(uscc, by_pair.column("payee")),
               by_pair.column("amount_count_sum"),
               by_pair.column("amount_sum_sum"), pc.cast(by_pair.column("day_min_min"), pa.string()),
               pc.cast(by_pair.column("day_max_max"), pa.string()),
               pc.binary_join(by_pair.column("month_list"), ARRAY_DELIMITER),
               pc.binary_join(month_totals, ARRAY_DELIMITER)]
    return zip(*(c.to_pylist() for c in columns), strict=True)


class ImportWriter:
    """Streams validated rows into neo4j-admin CSV files, one file per node label / relationship kind."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self._handles: dict[str, TextIO] = {}
        self._writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}

    def _writer(self, name: str, header: list[str]) -> Any:
        if name not in self._writers:
            fh = (self.out_dir / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles[name] = fh
            writer = csv.writer(fh)
            writer.writerow(header)
            self._writers[name] = writer
            self.counts[name] = 0
        return self._writers[name]

    def rels(self, name: str, rows: Iterable[Sequence[Any]]) -> None:
        rel_type = _REL_TYPES[name]
        counted = [(*row, rel_type) for row in rows]
        self._writer(name, REL_FILES[name]).writerows(counted)
        self.counts[name] += len(counted)

    def nodes(self, label: str, rows: Iterable[Sequence[Any]]) -> None:
        counted = [(*row, label) for row in rows]
        self._writer(label, NODE_FILES[label]).writerows(counted)
        self.counts[label] += len(counted)

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()

    def node_files(self) -> list[Path]:
        return [self.out_dir / f"{n}.csv" for n in NODE_FILES if n in self._writers]

    def rel_files(self) -> list[Path]:
        return [self.out_dir / f"{n}.csv" for n in REL_FILES if n in self._writers]


@dataclass
class BulkPrepared:
    report: LoadReport
    writer: ImportWriter
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds per step, filled by the importer


class _State:
    """What the import knows so far: ids and names loaded (references are checked against the input,
    since the database starts empty), product nodes written, trade payments for PAID."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {label: set() for label in TRACKED}
        self.names = NameResolver()
        self.paid = PaidFacts()
        # Enterprise nodes are written last, once their payment totals are known.
        self.enterprises: list[tuple[Any, ...]] = []


def prepare_import(directory: Path, out_dir: Path, *, progress: ProgressFn | None = None) -> BulkPrepared:
    """Validate every input table and write the neo4j-admin import files."""
    if not directory.is_dir():
        raise InvalidInput(f"{directory}: not a directory")
    writer = ImportWriter(out_dir)
    state = _State()
    report = LoadReport()
    try:
        for table in LOAD_ORDER:
            path = find_table_file(directory, table)
            if path is not None:
                report.files.append(_prepare_table(table, path, writer, state, progress))
        _write_paid_and_enterprises(writer, state)
    finally:
        writer.close()
    return BulkPrepared(report, writer)


def _write_paid_and_enterprises(writer: ImportWriter, state: _State) -> None:
    """PAID relationships, then Enterprise nodes with the totals refresh_payment_totals would give."""
    paid_out: dict[str, float] = {}
    paid_in: dict[str, float] = {}
    if state.paid.rows:
        rows: list[tuple[Any, ...]] = []
        # Written as they come, 100k at a time: the large world has 1.3M pairs, each with its month lists.
        for row in state.paid.aggregates():
            rows.append(row)
            if len(rows) >= 100_000:
                _write_paid(writer, rows, paid_out, paid_in)
        _write_paid(writer, rows, paid_out, paid_in)
    tied = state.paid.tied
    writer.nodes("Enterprise", [(*row, paid_out.get(row[0], 0.0), paid_in.get(row[0], 0.0)) if row[0] in tied
                                else (*row, None, None) for row in state.enterprises])


def _write_paid(writer: ImportWriter, rows: list[tuple[Any, ...]], paid_out: dict[str, float],
                paid_in: dict[str, float]) -> None:
    writer.rels("PAID", rows)
    for payer, payee, _, total, *_ in rows:
        paid_out[payer] = paid_out.get(payer, 0.0) + total
        paid_in[payee] = paid_in.get(payee, 0.0) + total
    rows.clear()


# When False, every kept row is enriched as a dict (as the transactional loader does it) before it is
# written; the test that column-wise enrichment gives the same files sets it.
COLUMN_WISE = True


def _prepare_table(table: str, path: Path, writer: ImportWriter, state: _State,
                   progress: ProgressFn | None) -> FileReport:
    spec = TABLES[table]
    report = FileReport(file=path.name, table=table)
    for chunk in clean_chunks(spec, path, report, lambda: state.names):
        numbers, columns = chunk.columns() if COLUMN_WISE else _transposed(spec, chunk.rows())
        problems, written = _write_rows(spec, columns, writer, state)
        for i, fname, label in problems:
            report.reject(Reject(path.name, numbers[i], fname, columns[fname][i],
                                 f"unknown reference: no {label} with this id in the input"))
        report.inserted += len(numbers) - len(problems)
        if table == "enterprises":
            _record_names(columns, written, state)
        elif table == "payments":
            _record_payments(columns, written, state)
        if progress is not None:
            progress(path.name, len(chunk.checked.chunk.row_numbers))
    # Validation rejects come as rows are read, reference rejects as rows are written: list them in file order.
    report.rejects.sort(key=lambda r: r.row)
    return report


def _transposed(spec: TableSpec, rows: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[int], Columns]:
    kept = list(rows)
    return [n for n, _ in kept], {name: [row[name] for _, row in kept] for name in spec.fields}


Columns = dict[str, list[Any]]
# (index, field, label) of a row that refers to something not in the input; it is not written.
Problem = tuple[int, str, str]


def _write_rows(spec: TableSpec, columns: Columns, w: ImportWriter, k: _State) -> tuple[list[Problem], list[int]]:
    """Write clean, enriched rows (held column by column) into the import files their targets name.

    Returns the rows refused for an unknown reference and the indices of the rows written.
    """
    problems: list[Problem] = []
    written: list[int] = []
    outputs: dict[Output, list[int]] = {}
    for target, rows in _by_target(spec, columns).items():
        for fname, label in target.refs:
            values, known = columns[fname], k.ids[label]
            flags = [values[i] in known for i in rows]
            if not all(flags):
                problems += [(i, fname, label) for i, ok in zip(rows, flags, strict=True) if not ok]
                rows = list(compress(rows, flags))
        for out in target.bulk:
            outputs.setdefault(out, []).extend(rows)
        written += rows
    for out, rows in outputs.items():
        # An output of several targets (the Customer node) takes its rows in file order too.
        _write_output(out, columns, sorted(rows), w, k)
    written.sort()
    return problems, written


def _by_target(spec: TableSpec, columns: Columns) -> dict[Target, list[int]]:
    """The indices of the rows each target takes (several values of the column may pick one target)."""
    n = len(columns[spec.key[0]])
    if spec.route_by is None:
        return {spec.targets[0]: list(range(n))}
    picks = columns[spec.route_by]
    by_target: dict[Target, list[int]] = {}
    for value in sorted(set(picks)):  # a kind or a role: a handful of values
        rows = [i for i, v in enumerate(picks) if v == value]
        by_target.setdefault(spec.route({spec.route_by: value}), []).extend(rows)
    return by_target


def _write_output(out: Output, columns: Columns, rows: list[int], w: ImportWriter, k: _State) -> None:
    if isinstance(out, Node):
        ids = columns[out.id_field]
        if out.distinct:
            seen = k.ids[out.label]
            first = []
            for i in rows:
                if ids[i] not in seen:
                    seen.add(ids[i])
                    first.append(i)
            rows = first
        elif out.label in k.ids:
            k.ids[out.label].update([ids[i] for i in rows])
        fields = [out.id_field, *out.props]
    else:
        if out.if_known:
            ends, known = columns[out.end[0]], k.ids[out.end[1]]
            rows = [i for i in rows if ends[i] is not None and ends[i] in known]
        fields = [out.start[0], out.end[0], *out.props]
    if not rows:
        return  # a file is made only when a row goes into it
    selected: list[list[Any]] = []
    everything = len(rows) == len(columns[fields[0]])  # rows are distinct indices, so all of them in order
    for name in fields:
        column, _, kind = name.partition(":")
        values = columns[column]
        if not everything:
            values = [values[i] for i in rows]
        selected.append([_joined(v) for v in values] if kind.endswith("[]") else values)
    if isinstance(out, Rel):
        w.rels(out.file, zip(*selected, strict=True))
    elif out.label == E:
        k.enterprises.extend(zip(*selected, strict=True))  # written last, with their payment totals
    else:
        w.nodes(out.label, zip(*selected, strict=True))


def _record_names(columns: Columns, rows: list[int], k: _State) -> None:
    """Enterprise names, so that later tables may name an enterprise instead of giving its USCC."""
    uscc, name, former = columns["uscc"], columns["name"], columns["former_names"]
    for i in rows:
        k.names.add(uscc[i], name[i], former[i])


def _record_payments(columns: Columns, rows: list[int], k: _State) -> None:
    """Payments between enterprises tie them (payment totals); trade payments make PAID aggregates."""
    payer, payee, kind = columns["payer_uscc"], columns["payee_id"], columns["payee_kind"]
    amount, date, purpose = columns["amount"], columns["date"], columns["purpose"]
    between = [i for i in rows if kind[i] == "E"]
    k.paid.tied.update([payer[i] for i in between])
    k.paid.tied.update([payee[i] for i in between])
    trade = [i for i in between if purpose[i] not in NON_TRADE_PURPOSES]
    k.paid.extend([payer[i] for i in trade], [payee[i] for i in trade], [amount[i] for i in trade],
                  [date[i] for i in trade])


def admin_import_args(prepared: BulkPrepared, database: str = "neo4j") -> list[str]:
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}", "--skip-bad-relationships=false", "--threads=2",
            f"--report-file={prepared.writer.out_dir / 'import.report'}"]
    args += [f"--nodes={p}" for p in prepared.writer.node_files()]
    args += [f"--relationships={p}" for p in prepared.writer.rel_files()]
    return args


def clean_import_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
