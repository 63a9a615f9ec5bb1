"""The bulk path for a big bank's first load: neo4j-admin import files from the same inputs.

The inputs pass through the same validation as the transactional loader (same rejects, same
reconciliation); references are checked against the input itself, since the target database starts
empty. The files are imported offline with `neo4j-admin database import full` into the local server's
database, the server is restarted, and the schema is applied on top.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ingestion.loader import FileReport, LoadReport, ProgressFn, clean_chunks, find_table_file
from ingestion.tables import LOAD_ORDER, NON_TRADE_PURPOSES, TABLES
from ingestion.validation import Reject, balance_key, enrich, row_hashes
from liantu.errors import InvalidInput
from liantu.names import NameResolver

# (file stem, header) of every import file. Types follow neo4j-admin's header syntax.
NODE_FILES: dict[str, list[str]] = {
    "Branch": ["branch_code:ID(Branch)", "name", "region_code", "row_hash", ":LABEL"],
    "RM": ["rm_id:ID(RM)", "name", "branch_code", "row_hash", ":LABEL"],
    "Enterprise": ["uscc:ID(Enterprise)", "name", "name_norm", "former_names:string[]", "former_names_norm:string[]",
                   "legal_form", "registered_capital:double", "established:date", "status", "industry_code",
                   "industry_section", "region_code", "address", "phone", "scale", "row_hash",
                   "paid_out_total:double", "paid_in_total:double", ":LABEL"],
    "Person": ["person_id:ID(Person)", "name", "gender", "birth_year:int", "row_hash", ":LABEL"],
    "Customer": ["customer_no:ID(Customer)", "tier", "since:date", "branch_code", "rm_id", "party_kind", "party_id",
                 "row_hash", ":LABEL"],
    "Product": ["name:ID(Product)", ":LABEL"],
    "MonthlyBalance": ["key:ID(MonthlyBalance)", "month", "avg_balance:double", "row_hash", ":LABEL"],
}

REL_FILES: dict[str, list[str]] = {
    "WORKS_AT": [":START_ID(RM)", ":END_ID(Branch)", ":TYPE"],
    "HOLDS_SHARES_E": [":START_ID(Enterprise)", ":END_ID(Enterprise)", "key", "ratio:double",
                       "subscribed_capital:double",
                       "valid_from:date", "valid_to:date", "match_rule", "row_hash", ":TYPE"],
    "HOLDS_SHARES_P": [":START_ID(Person)", ":END_ID(Enterprise)", "key", "ratio:double", "subscribed_capital:double",
                       "valid_from:date", "valid_to:date", "match_rule", "row_hash", ":TYPE"],
    "LEGAL_REP_OF": [":START_ID(Person)", ":END_ID(Enterprise)", "key", "valid_from:date", "valid_to:date",
                     "row_hash", ":TYPE"],
    "OFFICER_OF": [":START_ID(Person)", ":END_ID(Enterprise)", "key", "role", "valid_from:date", "valid_to:date",
                   "row_hash", ":TYPE"],
    "GUARANTEES": [":START_ID(Enterprise)", ":END_ID(Enterprise)", "guarantee_id", "amount:double",
                   "start_date:date", "end_date:date", "kind", "match_rule", "row_hash", ":TYPE"],
    "TXN_E": [":START_ID(Enterprise)", ":END_ID(Enterprise)", "txn_id", "amount:double", "date:date", "purpose",
              "channel", "match_rule", ":TYPE"],
    "TXN_P": [":START_ID(Enterprise)", ":END_ID(Person)", "txn_id", "amount:double", "date:date", "purpose",
              "channel", "match_rule", ":TYPE"],
    "PAID": [":START_ID(Enterprise)", ":END_ID(Enterprise)", "count:long", "total:double", "first_date:date",
             "last_date:date", "months:string[]", "month_totals:double[]", ":TYPE"],
    "IS_PARTY_E": [":START_ID(Customer)", ":END_ID(Enterprise)", ":TYPE"],
    "IS_PARTY_P": [":START_ID(Customer)", ":END_ID(Person)", ":TYPE"],
    "BOOKED_AT": [":START_ID(Customer)", ":END_ID(Branch)", ":TYPE"],
    "MANAGED_BY": [":START_ID(Customer)", ":END_ID(RM)", ":TYPE"],
    "HOLDS_PRODUCT": [":START_ID(Customer)", ":END_ID(Product)", "opened:date", "row_hash", ":TYPE"],
    "HAS_BALANCE": [":START_ID(Customer)", ":END_ID(MonthlyBalance)", ":TYPE"],
}

ARRAY_DELIMITER = ";"


# Columns that hold lists, which neo4j-admin reads joined by ARRAY_DELIMITER. Every other value is
# written as the csv module writes it (None as an empty cell, floats in shortest round-trip form).
LIST_COLUMNS = {"former_names", "former_names_norm"}


def _joined(values: list[Any] | None) -> str | None:
    return None if values is None else ARRAY_DELIMITER.join(str(v) for v in values)


def _rel_type(name: str) -> str:
    """The relationship type of an import file: HOLDS_SHARES_E and HOLDS_SHARES_P are both HOLDS_SHARES."""
    for suffix in ("_E", "_P"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_REL_TYPES = {name: _rel_type(name) for name in REL_FILES}


@dataclass
class PaidFacts:
    """The trade payments between enterprises that made it into the import, column by column, from
    which the PAID aggregates are computed once the whole file is read."""

    payer: list[str] = field(default_factory=list)
    payee: list[str] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    # Enterprises paying or paid by another enterprise, trade or not: they get payment totals (maybe 0).
    tied: set[str] = field(default_factory=set)

    def add(self, payer: str, payee: str, amount: float, date: str) -> None:
        self.payer.append(payer)
        self.payee.append(payee)
        self.amount.append(amount)
        self.date.append(date)

    def aggregates(self) -> Iterator[tuple[Any, ...]]:
        """PAID rows: payer, payee, count, total, first and last date, months, month totals (by pair)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        dates = pa.array(self.date, pa.string())
        facts = pa.table({"payer": self.payer, "payee": self.payee, "amount": pa.array(self.amount, pa.float64()),
                          "day": pc.cast(dates, pa.date32()), "month": pc.utf8_slice_codeunits(dates, 0, 7)})
        by_month = facts.group_by(["payer", "payee", "month"]).aggregate(
            [("amount", "sum"), ("amount", "count"), ("day", "min"), ("day", "max")])
        by_month = by_month.sort_by([("payer", "ascending"), ("payee", "ascending"), ("month", "ascending")])
        # Without threads, group_by keeps input order inside each group: months stay sorted.
        by_pair = by_month.group_by(["payer", "payee"], use_threads=False).aggregate(
            [("amount_count", "sum"), ("amount_sum", "sum"), ("day_min", "min"), ("day_max", "max"),
             ("month", "list"), ("amount_sum", "list")])
        month_totals = pc.cast(by_pair.column("amount_sum_list"), pa.list_(pa.string()))
        columns = [by_pair.column("payer"), by_pair.column("payee"), by_pair.column("amount_count_sum"),
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

    def node(self, label: str, values: list[Any]) -> None:
        self._writer(label, NODE_FILES[label]).writerow([*values, label])
        self.counts[label] += 1

    def rel(self, name: str, values: list[Any]) -> None:
        self._writer(name, REL_FILES[name]).writerow([*values, _REL_TYPES[name]])
        self.counts[name] += 1

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
        self.ids: dict[str, set[str]] = {k: set() for k in
                                         ("Enterprise", "Person", "Branch", "RM", "Customer")}
        self.names = NameResolver()
        self.products: set[str] = set()
        self.paid = PaidFacts()
        # Enterprise nodes are written last, once their payment totals are known.
        self.enterprises: list[list[Any]] = []

    def has(self, label: str, value: str) -> bool:
        return value in self.ids[label]


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
    if state.paid.payer:
        rows = list(state.paid.aggregates())
        writer.rels("PAID", rows)
        for payer, payee, _, total, *_ in rows:
            paid_out[payer] = paid_out.get(payer, 0.0) + total
            paid_in[payee] = paid_in.get(payee, 0.0) + total
    tied = state.paid.tied
    writer.nodes("Enterprise", [(*row, paid_out.get(row[0], 0.0), paid_in.get(row[0], 0.0)) if row[0] in tied
                                else (*row, None, None) for row in state.enterprises])


def _prepare_table(table: str, path: Path, writer: ImportWriter, state: _State,
                   progress: ProgressFn | None) -> FileReport:
    report = FileReport(file=path.name, table=table)
    emit = _EMITTERS[table]
    emit_simple = _COLUMN_EMITTERS.get(table)

    def unknown(row_no: int, fname: str, value: Any, label: str) -> None:
        report.reject(Reject(path.name, row_no, fname, value,
                             f"unknown reference: no {label} with this id in the input"))

    for chunk in clean_chunks(TABLES[table], path, report, lambda: state.names):
        numbers = chunk.checked.chunk.row_numbers
        if emit_simple is not None:
            # Simple rows go to the files column-wise; the few others one by one, below.
            problems = emit_simple(chunk.checked.columns, chunk.simple, writer, state)
            for i, fname, label in problems:
                unknown(numbers[i], fname, chunk.checked.columns[fname][i], label)
            report.inserted += len(chunk.simple) - len(problems)
            rows: Iterable[tuple[int, dict[str, Any]]] = (
                (numbers[i], enrich(table, row)) for i, row in chunk.others.items())
        else:
            rows = chunk.rows()
        for row_no, clean in rows:
            problem = emit(clean, writer, state)
            if problem is None:
                report.inserted += 1
            else:
                unknown(row_no, problem[0], clean.get(problem[0]), problem[1])
        if progress is not None:
            progress(path.name, len(numbers))
    # Validation rejects come as rows are read, reference rejects as rows are written: list them in file order.
    report.rejects.sort(key=lambda r: r.row)
    return report


Problem = tuple[str, str] | None
Emitter = Callable[[dict[str, Any], ImportWriter, _State], Problem]
# Writes the simple rows of a chunk (by index into its clean columns) and returns, for each row that
# refers to something not in the input, (index, field, label); those rows are not written.
ColumnEmitter = Callable[[dict[str, list[Any]], list[int], ImportWriter, _State], list[tuple[int, str, str]]]


def _check(known: _State, row: dict[str, Any], refs: list[tuple[str, str]]) -> Problem:
    for fname, label in refs:
        if not known.has(label, row[fname]):
            return fname, label
    return None


def _branches(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    k.ids["Branch"].add(r["branch_code"])
    w.node("Branch", [r["branch_code"], r["name"], r["region_code"], r["row_hash"]])
    return None


def _rms(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    if (p := _check(k, r, [("branch_code", "Branch")])) is not None:
        return p
    k.ids["RM"].add(r["rm_id"])
    w.node("RM", [r["rm_id"], r["name"], r["branch_code"], r["row_hash"]])
    w.rel("WORKS_AT", [r["rm_id"], r["branch_code"]])
    return None


def _enterprises(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    k.ids["Enterprise"].add(r["uscc"])
    k.names.add(r["uscc"], r["name"], r["former_names"])
    k.enterprises.append([_joined(r[c]) if c in LIST_COLUMNS else r[c]
                          for c in ("uscc", "name", "name_norm", "former_names", "former_names_norm", "legal_form",
                                    "registered_capital", "established", "status", "industry_code",
                                    "industry_section", "region_code", "address", "phone", "scale", "row_hash")])
    return None


def _persons(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    k.ids["Person"].add(r["person_id"])
    w.node("Person", [r["person_id"], r["name"], r["gender"], r["birth_year"], r["row_hash"]])
    return None


def _shareholdings(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    holder = "Enterprise" if r["holder_kind"] == "E" else "Person"
    if (p := _check(k, r, [("holder_id", holder), ("company_uscc", "Enterprise")])) is not None:
        return p
    w.rel(f"HOLDS_SHARES_{r['holder_kind']}", [r["holder_id"], r["company_uscc"], r["key"], r["ratio"],
                                              r["subscribed_capital"], r["valid_from"], r["valid_to"], r["match_rule"],
                                              r["row_hash"]])
    return None


def _officers(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    if (p := _check(k, r, [("person_id", "Person"), ("company_uscc", "Enterprise")])) is not None:
        return p
    if r["role"] == "法定代表人":
        w.rel("LEGAL_REP_OF", [r["person_id"], r["company_uscc"], r["key"], r["valid_from"], r["valid_to"],
                               r["row_hash"]])
    else:
        w.rel("OFFICER_OF", [r["person_id"], r["company_uscc"], r["key"], r["role"], r["valid_from"],
                             r["valid_to"], r["row_hash"]])
    return None


def _guarantees(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    if (p := _check(k, r, [("guarantor_uscc", "Enterprise"), ("borrower_uscc", "Enterprise")])) is not None:
        return p
    w.rel("GUARANTEES", [r["guarantor_uscc"], r["borrower_uscc"], r["guarantee_id"], r["amount"], r["start_date"],
                         r["end_date"], r["kind"], r["match_rule"], r["row_hash"]])
    return None


def _payments(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    payee = "Enterprise" if r["payee_kind"] == "E" else "Person"
    if (p := _check(k, r, [("payer_uscc", "Enterprise"), ("payee_id", payee)])) is not None:
        return p
    w.rel(f"TXN_{r['payee_kind']}", [r["payer_uscc"], r["payee_id"], r["txn_id"], r["amount"], r["date"],
                                     r["purpose"], r["channel"], r["match_rule"]])
    if payee == "Enterprise":
        k.paid.tied.update((r["payer_uscc"], r["payee_id"]))
        if r["purpose"] not in NON_TRADE_PURPOSES:
            k.paid.add(r["payer_uscc"], r["payee_id"], r["amount"], r["date"])
    return None


def _payments_columns(cols: dict[str, list[Any]], rows: list[int], w: ImportWriter,
                      k: _State) -> list[tuple[int, str, str]]:
    enterprises, persons = k.ids["Enterprise"], k.ids["Person"]
    payer, payee, kind = cols["payer_uscc"], cols["payee_id"], cols["payee_kind"]
    problems: list[tuple[int, str, str]] = []
    by_kind: dict[str, list[int]] = {"E": [], "P": []}
    for i in rows:
        if payer[i] not in enterprises:
            problems.append((i, "payer_uscc", "Enterprise"))
        elif payee[i] not in (enterprises if kind[i] == "E" else persons):
            problems.append((i, "payee_id", "Enterprise" if kind[i] == "E" else "Person"))
        else:
            by_kind[kind[i]].append(i)
    txn_id, amount, date, purpose, channel = (cols[c] for c in ("txn_id", "amount", "date", "purpose", "channel"))
    for kind_code, picked in by_kind.items():
        if picked:
            w.rels(f"TXN_{kind_code}", [(payer[i], payee[i], txn_id[i], amount[i], date[i], purpose[i], channel[i],
                                         "uscc") for i in picked])
    tied = k.paid.tied
    for i in by_kind["E"]:
        tied.add(payer[i])
        tied.add(payee[i])
        if purpose[i] not in NON_TRADE_PURPOSES:
            k.paid.add(payer[i], payee[i], amount[i], date[i])
    return problems


def _customers(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    party = "Enterprise" if r["party_kind"] == "E" else "Person"
    if (p := _check(k, r, [("party_id", party), ("branch_code", "Branch")])) is not None:
        return p
    k.ids["Customer"].add(r["customer_no"])
    w.node("Customer", [r["customer_no"], r["tier"], r["since"], r["branch_code"], r["rm_id"], r["party_kind"],
                        r["party_id"], r["row_hash"]])
    w.rel(f"IS_PARTY_{r['party_kind']}", [r["customer_no"], r["party_id"]])
    w.rel("BOOKED_AT", [r["customer_no"], r["branch_code"]])
    if r["rm_id"] and k.has("RM", r["rm_id"]):
        w.rel("MANAGED_BY", [r["customer_no"], r["rm_id"]])
    return None


def _products(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    if (p := _check(k, r, [("customer_no", "Customer")])) is not None:
        return p
    if r["product"] not in k.products:
        k.products.add(r["product"])
        w.node("Product", [r["product"]])
    w.rel("HOLDS_PRODUCT", [r["customer_no"], r["product"], r["opened"], r["row_hash"]])
    return None


def _balances(r: dict[str, Any], w: ImportWriter, k: _State) -> Problem:
    if (p := _check(k, r, [("customer_no", "Customer")])) is not None:
        return p
    w.node("MonthlyBalance", [r["key"], r["month"], r["avg_balance"], r["row_hash"]])
    w.rel("HAS_BALANCE", [r["customer_no"], r["key"]])
    return None


def _balances_columns(cols: dict[str, list[Any]], rows: list[int], w: ImportWriter,
                      k: _State) -> list[tuple[int, str, str]]:
    customers = k.ids["Customer"]
    customer, month, balance = cols["customer_no"], cols["month"], cols["avg_balance"]
    problems = [(i, "customer_no", "Customer") for i in rows if customer[i] not in customers]
    if problems:
        bad = {i for i, _, _ in problems}
        rows = [i for i in rows if i not in bad]
    # The same derived fields as enrich() gives a balance row, so both paths hash alike.
    keys = [balance_key(c, m) for c, m in zip(customer, month, strict=True)]
    hashes = row_hashes({"customer_no": customer, "month": month, "avg_balance": balance, "key": keys}, rows)
    w.nodes("MonthlyBalance", [(keys[i], month[i], balance[i], h) for i, h in zip(rows, hashes, strict=True)])
    w.rels("HAS_BALANCE", [(customer[i], keys[i]) for i in rows])
    return problems


_EMITTERS: dict[str, Emitter] = {
    "branches": _branches, "rms": _rms, "enterprises": _enterprises, "persons": _persons,
    "shareholdings": _shareholdings, "officers": _officers, "guarantees": _guarantees, "payments": _payments,
    "customers": _customers, "products": _products, "balances": _balances,
}
_COLUMN_EMITTERS: dict[str, ColumnEmitter] = {"payments": _payments_columns, "balances": _balances_columns}


def admin_import_args(prepared: BulkPrepared, database: str = "neo4j") -> list[str]:
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}", "--skip-bad-relationships=false", "--threads=2",
            f"--report-file={prepared.writer.out_dir / 'import.report'}"]
    args += [f"--nodes={p}" for p in prepared.writer.node_files()]
    args += [f"--relationships={p}" for p in prepared.writer.rel_files()]
    return args


def clean_import_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
