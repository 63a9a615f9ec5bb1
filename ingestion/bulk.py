"""The bulk path for a big bank's first load: neo4j-admin import files from the same inputs.

The inputs pass through the same validation as the transactional loader (same rejects, same
reconciliation); references are checked against the input itself, since the target database starts
empty. The files are imported offline with `neo4j-admin database import full` into the local server's
database, the server is restarted, and the schema is applied on top.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ingestion.loader import FileReport, LoadReport, ProgressFn, clean_rows, find_table_file
from ingestion.tables import LOAD_ORDER, NON_TRADE_PURPOSES, TABLES
from ingestion.validation import Reject
from liantu.errors import InvalidInput
from liantu.names import NameResolver

# (file stem, header) of every import file. Types follow neo4j-admin's header syntax.
NODE_FILES: dict[str, list[str]] = {
    "Branch": ["branch_code:ID(Branch)", "name", "region_code", "row_hash", ":LABEL"],
    "RM": ["rm_id:ID(RM)", "name", "branch_code", "row_hash", ":LABEL"],
    "Enterprise": ["uscc:ID(Enterprise)", "name", "name_norm", "former_names:string[]", "former_names_norm:string[]",
                   "legal_form", "registered_capital:double", "established:date", "status", "industry_code",
                   "industry_section", "region_code", "address", "phone", "scale", "row_hash", ":LABEL"],
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
class PaidAggregate:
    count: int = 0
    total: float = 0.0
    first: str = "9999-12-31"
    last: str = "0000-01-01"
    months: dict[str, float] = field(default_factory=dict)

    def add(self, amount: float, day: str) -> None:
        self.count += 1
        self.total += amount
        self.first = min(self.first, day)
        self.last = max(self.last, day)
        month = day[:7]
        self.months[month] = self.months.get(month, 0.0) + amount


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
    enterprises: list[str]  # the enterprises with payment ties, whose totals are computed after import
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds per step, filled by the importer


class _Known:
    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {k: set() for k in
                                         ("Enterprise", "Person", "Branch", "RM", "Customer")}
        self.names = NameResolver()

    def has(self, label: str, value: str) -> bool:
        return value in self.ids[label]


def prepare_import(directory: Path, out_dir: Path, *, progress: ProgressFn | None = None) -> BulkPrepared:
    """Validate every input table and write the neo4j-admin import files."""
    if not directory.is_dir():
        raise InvalidInput(f"{directory}: not a directory")
    writer = ImportWriter(out_dir)
    known = _Known()
    paid: dict[tuple[str, str], PaidAggregate] = {}
    products: set[str] = set()
    report = LoadReport()
    try:
        for table in LOAD_ORDER:
            path = find_table_file(directory, table)
            if path is not None:
                report.files.append(_prepare_table(table, path, writer, known, paid, products, progress))
        for (payer, payee), agg in sorted(paid.items()):
            months = sorted(agg.months)
            writer.rel("PAID", [payer, payee, agg.count, agg.total, agg.first, agg.last, _joined(months),
                                _joined([agg.months[m] for m in months])])
    finally:
        writer.close()
    return BulkPrepared(report, writer, sorted({u for pair in paid for u in pair}))


def _prepare_table(table: str, path: Path, writer: ImportWriter, known: _Known,
                   paid: dict[tuple[str, str], PaidAggregate], products: set[str],
                   progress: ProgressFn | None) -> FileReport:
    report = FileReport(file=path.name, table=table)
    emit = _EMITTERS[table]
    reported = 0
    for row_no, clean in clean_rows(TABLES[table], path, report, lambda: known.names):
        problem = emit(clean, writer, known, paid, products)
        if problem is None:
            report.inserted += 1
        else:
            fname, label = problem
            report.reject(Reject(path.name, row_no, fname, clean.get(fname),
                                 f"unknown reference: no {label} with this id in the input"))
        if progress is not None and report.read - reported >= 10_000:
            progress(path.name, report.read - reported)
            reported = report.read
    if progress is not None and report.read > reported:
        progress(path.name, report.read - reported)
    return report


Problem = tuple[str, str] | None
Emitter = Callable[[dict[str, Any], ImportWriter, _Known, dict[tuple[str, str], PaidAggregate], set[str]], Problem]


def _check(known: _Known, row: dict[str, Any], refs: list[tuple[str, str]]) -> Problem:
    for fname, label in refs:
        if not known.has(label, row[fname]):
            return fname, label
    return None


def _branches(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    k.ids["Branch"].add(r["branch_code"])
    w.node("Branch", [r["branch_code"], r["name"], r["region_code"], r["row_hash"]])
    return None


def _rms(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    if (p := _check(k, r, [("branch_code", "Branch")])) is not None:
        return p
    k.ids["RM"].add(r["rm_id"])
    w.node("RM", [r["rm_id"], r["name"], r["branch_code"], r["row_hash"]])
    w.rel("WORKS_AT", [r["rm_id"], r["branch_code"]])
    return None


def _enterprises(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    k.ids["Enterprise"].add(r["uscc"])
    k.names.add(r["uscc"], r["name"], r["former_names"])
    w.node("Enterprise", [_joined(r[c]) if c in LIST_COLUMNS else r[c]
                          for c in ("uscc", "name", "name_norm", "former_names", "former_names_norm", "legal_form",
                                    "registered_capital", "established", "status", "industry_code",
                                    "industry_section", "region_code", "address", "phone", "scale", "row_hash")])
    return None


def _persons(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    k.ids["Person"].add(r["person_id"])
    w.node("Person", [r["person_id"], r["name"], r["gender"], r["birth_year"], r["row_hash"]])
    return None


def _shareholdings(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    holder = "Enterprise" if r["holder_kind"] == "E" else "Person"
    if (p := _check(k, r, [("holder_id", holder), ("company_uscc", "Enterprise")])) is not None:
        return p
    w.rel(f"HOLDS_SHARES_{r['holder_kind']}", [r["holder_id"], r["company_uscc"], r["key"], r["ratio"],
                                              r["subscribed_capital"], r["valid_from"], r["valid_to"], r["match_rule"],
                                              r["row_hash"]])
    return None


def _officers(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    if (p := _check(k, r, [("person_id", "Person"), ("company_uscc", "Enterprise")])) is not None:
        return p
    if r["role"] == "法定代表人":
        w.rel("LEGAL_REP_OF", [r["person_id"], r["company_uscc"], r["key"], r["valid_from"], r["valid_to"],
                               r["row_hash"]])
    else:
        w.rel("OFFICER_OF", [r["person_id"], r["company_uscc"], r["key"], r["role"], r["valid_from"],
                             r["valid_to"], r["row_hash"]])
    return None


def _guarantees(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    if (p := _check(k, r, [("guarantor_uscc", "Enterprise"), ("borrower_uscc", "Enterprise")])) is not None:
        return p
    w.rel("GUARANTEES", [r["guarantor_uscc"], r["borrower_uscc"], r["guarantee_id"], r["amount"], r["start_date"],
                         r["end_date"], r["kind"], r["match_rule"], r["row_hash"]])
    return None


def _payments(r: dict[str, Any], w: ImportWriter, k: _Known, paid: dict[tuple[str, str], PaidAggregate],
              _products: set[str]) -> Problem:
    payee = "Enterprise" if r["payee_kind"] == "E" else "Person"
    if (p := _check(k, r, [("payer_uscc", "Enterprise"), ("payee_id", payee)])) is not None:
        return p
    w.rel(f"TXN_{r['payee_kind']}", [r["payer_uscc"], r["payee_id"], r["txn_id"], r["amount"], r["date"],
                                     r["purpose"], r["channel"], r["match_rule"]])
    if payee == "Enterprise" and r["purpose"] not in NON_TRADE_PURPOSES:
        paid.setdefault((r["payer_uscc"], r["payee_id"]), PaidAggregate()).add(r["amount"], r["date"])
    return None


def _customers(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
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


def _products(r: dict[str, Any], w: ImportWriter, k: _Known, _paid: Any, products: set[str]) -> Problem:
    if (p := _check(k, r, [("customer_no", "Customer")])) is not None:
        return p
    if r["product"] not in products:
        products.add(r["product"])
        w.node("Product", [r["product"]])
    w.rel("HOLDS_PRODUCT", [r["customer_no"], r["product"], r["opened"], r["row_hash"]])
    return None


def _balances(r: dict[str, Any], w: ImportWriter, k: _Known, *_: Any) -> Problem:
    if (p := _check(k, r, [("customer_no", "Customer")])) is not None:
        return p
    w.node("MonthlyBalance", [r["key"], r["month"], r["avg_balance"], r["row_hash"]])
    w.rel("HAS_BALANCE", [r["customer_no"], r["key"]])
    return None


_EMITTERS: dict[str, Emitter] = {
    "branches": _branches, "rms": _rms, "enterprises": _enterprises, "persons": _persons,
    "shareholdings": _shareholdings, "officers": _officers, "guarantees": _guarantees, "payments": _payments,
    "customers": _customers, "products": _products, "balances": _balances,
}


def admin_import_args(prepared: BulkPrepared, database: str = "neo4j") -> list[str]:
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}", "--skip-bad-relationships=false", "--threads=2",
            f"--report-file={prepared.writer.out_dir / 'import.report'}"]
    args += [f"--nodes={p}" for p in prepared.writer.node_files()]
    args += [f"--relationships={p}" for p in prepared.writer.rel_files()]
    return args


def clean_import_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
