"""Row validation: a raw row becomes a clean row, or a Reject naming file, row, field, value and why."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingestion import fields as f
from ingestion.readers import RawRow
from ingestion.tables import TableSpec
from liantu.names import NameResolver, Unresolved


@dataclass(frozen=True)
class Reject:
    file: str
    row: int
    field: str
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "field": self.field, "value": self.value,
                "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: field {self.field!r} = {self.value!r}: {self.reason}"


class RowRejected(Exception):
    def __init__(self, field: str, value: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.value = value
        self.reason = reason


def missing_columns(spec: TableSpec, columns: tuple[str, ...]) -> list[str]:
    return [c for c in spec.required if c not in columns]


def row_hash(row: dict[str, Any]) -> str:
    """A digest of a clean row's content, to tell updated rows from unchanged ones on reload."""
    fields = _hashed_fields(tuple(row))
    return _digest(fields, [row[k] for k in fields])


def row_hashes(columns: dict[str, list[Any]]) -> list[str]:
    """row_hash of each row, for clean rows held column by column (`columns` has every field)."""
    fields = _hashed_fields(tuple(columns))
    return [_digest(fields, values) for values in zip(*[columns[k] for k in fields], strict=True)]


def _digest(fields: tuple[str, ...], values: Sequence[Any]) -> str:
    # Field names are fixed per table, so values in key order identify the content; a unit separator
    # keeps ("ab", "c") and ("a", "bc") apart. Much cheaper than JSON on million-row files.
    payload = "\x1f".join([f"{k}={v!r}" for k, v in zip(fields, values, strict=True)])
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


@lru_cache(maxsize=256)
def _hashed_fields(fields: tuple[str, ...]) -> tuple[str, ...]:
    # Internal fields (_row, _by_name) and names given for resolution are not content.
    return tuple(sorted(k for k in fields if not k.startswith("_") and not k.endswith("_name")))


def validate_row(spec: TableSpec, raw: RawRow) -> dict[str, Any]:
    """Parse one raw row against its table spec; raise RowRejected on the first bad field."""
    if raw.get("__extra__"):
        raise RowRejected("(row)", raw["__extra__"], "more cells than header columns (shifted row?)")
    clean: dict[str, Any] = {}
    for name, parser in spec.required.items():
        value = raw.get(name)
        if value is None:
            raise RowRejected(name, value, "required value is missing")
        clean[name] = _parse(name, value, parser)
    for name, parser in spec.optional.items():
        value = raw.get(name)
        clean[name] = None if value is None else _parse(name, value, parser)
    cross_checks(spec, clean)
    return clean


def _parse(name: str, value: str, parser: f.Parser) -> Any:
    try:
        return parser(value)
    except f.FieldError as exc:
        raise RowRejected(name, value, exc.reason) from None


def cross_checks(spec: TableSpec, row: dict[str, Any]) -> None:
    pending = []
    for ref in spec.named:
        if row.get(ref.id_field) is None:
            is_enterprise = ref.kind_field is None or row[ref.kind_field] == "E"
            if row.get(ref.name_field) is None or not is_enterprise:
                hint = f" (or {ref.name_field} for an enterprise)" if is_enterprise else ""
                raise RowRejected(ref.id_field, None, f"required value is missing{hint}")
            pending.append((ref.id_field, ref.name_field))
    # Rows whose references come by name are resolved by the loader against the graph.
    row["_by_name"] = pending
    for start, end in spec.periods:
        if row.get(start) and row.get(end) and row[end] < row[start]:
            raise RowRejected(end, row[end], f"{end} is before {start} ({row[start]})")
    if spec.kind_ref:
        kind, id_field = spec.kind_ref
        parser = f.uscc if row[kind] == "E" else f.person_id
        if row[id_field] is not None:
            row[id_field] = _parse(id_field, row[id_field], parser)
    self_reference_checks(spec, row)


def self_reference_checks(spec: TableSpec, row: dict[str, Any]) -> None:
    """Checks that need resolved ids; rerun by the loader after names are resolved."""
    rule = spec.self_ref
    if rule is None or (rule.kind_field is not None and row[rule.kind_field] != "E"):
        return
    if row[rule.first] and row[rule.first] == row[rule.second]:
        raise RowRejected(rule.reject_field, row[rule.reject_field], rule.reason)


def resolve_names(spec: TableSpec, row: dict[str, Any], resolver: NameResolver) -> None:
    """Fill enterprise ids given by name and record the rule that matched, or raise RowRejected."""
    rules = []
    for id_field, name_field in row.pop("_by_name", []):
        try:
            row[id_field], rule = resolver.resolve(row[name_field])
        except Unresolved as exc:
            raise RowRejected(name_field, row[name_field], str(exc)) from None
        rules.append(f"{id_field}={rule}")
    row["match_rule"] = ";".join(rules) if rules else "uscc"
    self_reference_checks(spec, row)


def enrich(spec: TableSpec, row: dict[str, Any]) -> dict[str, Any]:
    """Add the values the table derives (normalised names, keys of dated facts) and the content hash."""
    for d in spec.derived:
        row[d.name] = d.of(row)
    if spec.hashed:
        row["row_hash"] = row_hash(row)
    return row


def enrich_columns(spec: TableSpec, columns: dict[str, list[Any]]) -> None:
    """enrich() for clean rows held column by column (every column of `spec.fields` but the derived)."""
    for d in spec.derived:
        columns[d.name] = [d.compute(*args) for args in zip(*[columns[name] for name in d.fields], strict=True)]
    if spec.hashed:
        hashed = {name: columns[name] for name in spec.fields if name != "row_hash"}
        columns["row_hash"] = row_hashes(hashed)
