"""The table catalogue: what each input table of docs/data-formats.md is, declared once.

A table declares its columns (with the field parsers that validate them), its key, its references to
other tables (by id, by enterprise name, typed by a kind column), the values derived from a clean row,
and its targets: the merge statement in cypher/ingest/ the transactional loader sends a row to, and the
neo4j-admin node and relationship files the bulk path writes it into. A column may pick the target
(shareholdings by holder kind, officers by role). `loader.py` and `bulk.py` read this catalogue and
know no table by heart, except for the aggregates derived from payments and the enterprise names that
name resolution needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ingestion import fields as f
from liantu.ids import normalise_name

KIND = f.one_of("E", "P")
E, P = "Enterprise", "Person"
LEGAL_REP = "法定代表人"

# Payments that are not trade: salaries and taxes stay as TXN facts (fund-flow and risk analytics
# see them) but do not make the payee a supplier, so they are left out of the PAID aggregate.
NON_TRADE_PURPOSES = ("工资", "税费")


@dataclass(frozen=True)
class Node:
    """A node file row the bulk path writes for a table row.

    Columns are `property[:type]` in neo4j-admin's header syntax; each takes the row field of the
    property's name, except the id, which may come from another field (`source`).
    """

    label: str
    id: str
    props: tuple[str, ...] = ()
    source: str | None = None
    distinct: bool = False  # many rows share one node (a product): write it the first time only

    @property
    def id_field(self) -> str:
        return self.source or self.id

    @property
    def file(self) -> str:
        return self.label

    @property
    def header(self) -> list[str]:
        return [f"{self.id}:ID({self.label})", *self.props, ":LABEL"]


@dataclass(frozen=True)
class Rel:
    """A relationship file row the bulk path writes for a table row: start and end are (field, label)."""

    type: str
    start: tuple[str, str]
    end: tuple[str, str]
    props: tuple[str, ...] = ()
    # The file stem, when one type joins different labels (each file has one ID space per end).
    name: str | None = None
    if_known: bool = False  # an optional reference: written only when the end is given and in the input

    @property
    def file(self) -> str:
        return self.name or self.type

    @property
    def header(self) -> list[str]:
        return [f":START_ID({self.start[1]})", f":END_ID({self.end[1]})", *self.props, ":TYPE"]


@dataclass(frozen=True, eq=False)  # compared by identity: a loader buffers rows by target
class Target:
    """Where a clean row goes: its merge statement, the references it needs, its bulk file rows.

    `refs` are (field, label) of nodes loaded before; a row whose reference is unknown is rejected on
    that field (by the transactional loader after its statement wrote nothing, by the bulk path
    before writing). `when` is the value of the table's `route_by` column that picks this target;
    None picks it for every other value. For facts that never change, `find` (a read returning the
    `key` values already in the graph) and `create` (a plain CREATE) write only the new rows, and
    `statement` (which looks each key up itself) is kept for a batch whose CREATE meets a key written
    in between (GraphStore.write_new_rows).
    """

    statement: str
    refs: tuple[tuple[str, str], ...] = ()
    bulk: tuple[Node | Rel, ...] = ()
    when: str | None = None
    find: str | None = None
    create: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class NamedReference:
    """An enterprise reference that may be given by name instead of USCC, resolved at load time.

    With a `kind_field`, the reference is an enterprise (and may be named) only when that field is "E".
    """

    id_field: str
    name_field: str
    kind_field: str | None = None


@dataclass(frozen=True)
class SelfReference:
    """A row whose two enterprise references are one enterprise is rejected on `reject_field`."""

    first: str
    second: str
    reject_field: str
    reason: str
    kind_field: str | None = None  # when set, the check applies only to rows of kind "E"


@dataclass(frozen=True)
class Derived:
    """A value computed from a clean row's fields (in order) and stored under `name`."""

    name: str
    fields: tuple[str, ...]
    compute: Callable[..., Any]
    _args: Callable[[dict[str, Any]], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One C-level lookup of the arguments: this runs for every row a transactional load writes.
        object.__setattr__(self, "_args", itemgetter(*self.fields))

    def of(self, row: dict[str, Any]) -> Any:
        args = self._args(row)
        return self.compute(*args) if len(self.fields) > 1 else self.compute(args)


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: dict[str, f.Parser]
    optional: dict[str, f.Parser] = field(default_factory=dict)
    key: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    route_by: str | None = None
    named: tuple[NamedReference, ...] = ()
    # (kind field, id field): the id is a USCC when kind is "E", a hashed person id when "P".
    kind_ref: tuple[str, str] | None = None
    self_ref: SelfReference | None = None
    # Validity periods (first, second): the second date may not come before the first.
    periods: tuple[tuple[str, str], ...] = ()
    derived: tuple[Derived, ...] = ()
    # A content digest (row_hash) tells updated rows from unchanged ones on reload; a fact that
    # never changes (a transaction) needs none.
    hashed: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field of a clean, enriched row (the statement's row parameter, less `_row`)."""
        resolved = ("match_rule",) if self.named else ()
        hashed = ("row_hash",) if self.hashed else ()
        return (*self.columns, *resolved, *(d.name for d in self.derived if d.name not in self.columns), *hashed)

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(k) for k in self.key)

    def route(self, row: dict[str, Any]) -> Target:
        if self.route_by is None:
            return self.targets[0]
        value = row[self.route_by]
        for target in self.targets:
            if target.when == value or target.when is None:
                return target
        raise ValueError(f"{self.name}: no target for {self.route_by}={value!r}")


def _fact_key(holder: str, company: str, valid_from: str | None) -> str:
    return f"{holder}>{company}@{valid_from or ''}"


def _officer_key(person: str, company: str, role: str, valid_from: str | None) -> str:
    return f"{person}>{company}:{'LR' if role == LEGAL_REP else role}@{valid_from or ''}"


def balance_key(customer_no: str, month: str) -> str:
    return f"{customer_no}|{month}"


def _none_if_empty(names: list[str] | None) -> list[str] | None:
    # No former names is no property at all (not an empty list), the same in both load paths.
    return names or None


def _normalised(names: list[str] | None) -> list[str] | None:
    return [normalise_name(n) for n in names] if names else None


PERIOD = ("valid_from:date", "valid_to:date")
SHARES = ("key", "ratio:double", "subscribed_capital:double", *PERIOD, "match_rule", "row_hash")
TXN = ("txn_id", "amount:double", "date:date", "purpose", "channel", "match_rule")
CUSTOMER = Node("Customer", "customer_no", ("tier", "since:date", "branch_code", "rm_id", "party_kind", "party_id",
                                            "row_hash"))
BOOKED_AT = Rel("BOOKED_AT", ("customer_no", "Customer"), ("branch_code", "Branch"))
MANAGED_BY = Rel("MANAGED_BY", ("customer_no", "Customer"), ("rm_id", "RM"), if_known=True)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "branches", {"branch_code": f.text, "name": f.text}, {"region_code": f.text}, key=("branch_code",),
            targets=(Target("ingest/merge_branches",
                            bulk=(Node("Branch", "branch_code", ("name", "region_code", "row_hash")),)),),
        ),
        TableSpec(
            "rms", {"rm_id": f.text, "name": f.text, "branch_code": f.text}, key=("rm_id",),
            targets=(Target("ingest/merge_rms", (("branch_code", "Branch"),),
                            (Node("RM", "rm_id", ("name", "branch_code", "row_hash")),
                             Rel("WORKS_AT", ("rm_id", "RM"), ("branch_code", "Branch")))),),
        ),
        TableSpec(
            "enterprises",
            {"uscc": f.uscc, "name": f.text},
            {
                "former_names": f.pipe_list, "legal_form": f.text, "registered_capital": f.amount,
                "established": f.iso_date, "status": f.text, "industry_code": f.text,
                "industry_section": f.text, "region_code": f.text, "address": f.text, "phone": f.text,
                "scale": f.text,
            },
            key=("uscc",),
            derived=(Derived("name_norm", ("name",), normalise_name),
                     Derived("former_names", ("former_names",), _none_if_empty),
                     Derived("former_names_norm", ("former_names",), _normalised)),
            targets=(Target("ingest/merge_enterprises", bulk=(Node(E, "uscc", (
                "name", "name_norm", "former_names:string[]", "former_names_norm:string[]", "legal_form",
                "registered_capital:double", "established:date", "status", "industry_code", "industry_section",
                "region_code", "address", "phone", "scale", "row_hash")),)),),
        ),
        TableSpec(
            "persons", {"person_id": f.person_id, "name": f.text},
            {"gender": f.one_of("M", "F"), "birth_year": f.integer}, key=("person_id",),
            targets=(Target("ingest/merge_persons",
                            bulk=(Node(P, "person_id", ("name", "gender", "birth_year:int", "row_hash")),)),),
        ),
        TableSpec(
            "shareholdings",
            {"holder_kind": KIND, "company_uscc": f.uscc, "ratio": f.ratio},
            {"holder_id": f.text, "holder_name": f.text, "subscribed_capital": f.amount, "valid_from": f.iso_date,
             "valid_to": f.iso_date},
            key=("holder_kind", "holder_id", "company_uscc", "valid_from"),
            named=(NamedReference("holder_id", "holder_name", "holder_kind"),),
            kind_ref=("holder_kind", "holder_id"),
            self_ref=SelfReference("holder_id", "company_uscc", "holder_id",
                                   "a company cannot hold its own shares here", "holder_kind"),
            periods=(("valid_from", "valid_to"),),
            derived=(Derived("key", ("holder_id", "company_uscc", "valid_from"), _fact_key),),
            route_by="holder_kind",
            targets=(
                Target("ingest/merge_shareholdings_enterprise_holder", (("holder_id", E), ("company_uscc", E)),
                       (Rel("HOLDS_SHARES", ("holder_id", E), ("company_uscc", E), SHARES, "HOLDS_SHARES_E"),),
                       when="E"),
                Target("ingest/merge_shareholdings_person_holder", (("holder_id", P), ("company_uscc", E)),
                       (Rel("HOLDS_SHARES", ("holder_id", P), ("company_uscc", E), SHARES, "HOLDS_SHARES_P"),),
                       when="P"),
            ),
        ),
        TableSpec(
            "officers",
            {"person_id": f.person_id, "company_uscc": f.uscc, "role": f.text},
            {"valid_from": f.iso_date, "valid_to": f.iso_date},
            key=("person_id", "company_uscc", "role", "valid_from"),
            periods=(("valid_from", "valid_to"),),
            derived=(Derived("key", ("person_id", "company_uscc", "role", "valid_from"), _officer_key),),
            route_by="role",
            targets=(
                Target("ingest/merge_legal_representatives", (("person_id", P), ("company_uscc", E)),
                       (Rel("LEGAL_REP_OF", ("person_id", P), ("company_uscc", E), ("key", *PERIOD, "row_hash")),),
                       when=LEGAL_REP),
                Target("ingest/merge_officers", (("person_id", P), ("company_uscc", E)),
                       (Rel("OFFICER_OF", ("person_id", P), ("company_uscc", E),
                            ("key", "role", *PERIOD, "row_hash")),)),
            ),
        ),
        TableSpec(
            "guarantees",
            {"guarantee_id": f.text, "amount": f.positive_amount},
            {"guarantor_uscc": f.uscc, "guarantor_name": f.text, "borrower_uscc": f.uscc, "borrower_name": f.text,
             "start_date": f.iso_date, "end_date": f.iso_date, "kind": f.text},
            key=("guarantee_id",),
            named=(NamedReference("guarantor_uscc", "guarantor_name"),
                   NamedReference("borrower_uscc", "borrower_name")),
            self_ref=SelfReference("guarantor_uscc", "borrower_uscc", "borrower_uscc",
                                   "an enterprise cannot guarantee itself"),
            periods=(("start_date", "end_date"),),
            targets=(Target("ingest/merge_guarantees", (("guarantor_uscc", E), ("borrower_uscc", E)),
                            (Rel("GUARANTEES", ("guarantor_uscc", E), ("borrower_uscc", E),
                                 ("guarantee_id", "amount:double", "start_date:date", "end_date:date", "kind",
                                  "match_rule", "row_hash")),)),),
        ),
        TableSpec(
            "payments",
            {"txn_id": f.text, "payee_kind": KIND, "amount": f.positive_amount, "date": f.iso_date},
            {"payer_uscc": f.uscc, "payer_name": f.text, "payee_id": f.text, "payee_name": f.text,
             "purpose": f.text, "channel": f.text},
            key=("txn_id",),
            named=(NamedReference("payer_uscc", "payer_name"), NamedReference("payee_id", "payee_name", "payee_kind")),
            kind_ref=("payee_kind", "payee_id"),
            self_ref=SelfReference("payer_uscc", "payee_id", "payee_id", "payer and payee are the same enterprise",
                                   "payee_kind"),
            hashed=False,  # a transaction never changes
            route_by="payee_kind",
            targets=(
                Target("ingest/merge_transactions_to_enterprise", (("payer_uscc", E), ("payee_id", E)),
                       (Rel("TXN", ("payer_uscc", E), ("payee_id", E), TXN, "TXN_E"),), when="E",
                       find="ingest/find_existing_transactions", create="ingest/create_transactions_to_enterprise",
                       key="txn_id"),
                Target("ingest/merge_transactions_to_person", (("payer_uscc", E), ("payee_id", P)),
                       (Rel("TXN", ("payer_uscc", E), ("payee_id", P), TXN, "TXN_P"),), when="P",
                       find="ingest/find_existing_transactions", create="ingest/create_transactions_to_person",
                       key="txn_id"),
            ),
        ),
        TableSpec(
            "customers",
            {"customer_no": f.text, "party_kind": KIND, "party_id": f.text, "branch_code": f.text},
            {"rm_id": f.text, "tier": f.one_of("高端", "核心", "基础", "潜在"), "since": f.iso_date},
            key=("customer_no",),
            kind_ref=("party_kind", "party_id"),
            route_by="party_kind",
            targets=(
                Target("ingest/merge_customers_enterprise", (("party_id", E), ("branch_code", "Branch")),
                       (CUSTOMER, Rel("IS_PARTY", ("customer_no", "Customer"), ("party_id", E), name="IS_PARTY_E"),
                        BOOKED_AT, MANAGED_BY), when="E"),
                Target("ingest/merge_customers_person", (("party_id", P), ("branch_code", "Branch")),
                       (CUSTOMER, Rel("IS_PARTY", ("customer_no", "Customer"), ("party_id", P), name="IS_PARTY_P"),
                        BOOKED_AT, MANAGED_BY), when="P"),
            ),
        ),
        TableSpec(
            "products", {"customer_no": f.text, "product": f.text}, {"opened": f.iso_date},
            key=("customer_no", "product"),
            targets=(Target("ingest/merge_products", (("customer_no", "Customer"),),
                            (Node("Product", "name", source="product", distinct=True),
                             Rel("HOLDS_PRODUCT", ("customer_no", "Customer"), ("product", "Product"),
                                 ("opened:date", "row_hash")))),),
        ),
        TableSpec(
            "balances", {"customer_no": f.text, "month": f.month, "avg_balance": f.amount},
            key=("customer_no", "month"),
            derived=(Derived("key", ("customer_no", "month"), balance_key),),
            targets=(Target("ingest/merge_balances", (("customer_no", "Customer"),),
                            (Node("MonthlyBalance", "key", ("month", "avg_balance:double", "row_hash")),
                             Rel("HAS_BALANCE", ("customer_no", "Customer"), ("key", "MonthlyBalance")))),),
        ),
    )
}

# Load order: a table only refers to tables loaded before it.
LOAD_ORDER = tuple(TABLES)
