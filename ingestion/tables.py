"""The table specifications of docs/data-formats.md: columns, parsers and keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingestion import fields as f

KIND = f.one_of("E", "P")


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: dict[str, f.Parser]
    optional: dict[str, f.Parser] = field(default_factory=dict)
    key: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(k) for k in self.key)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("branches", {"branch_code": f.text, "name": f.text}, {"region_code": f.text},
                  key=("branch_code",)),
        TableSpec("rms", {"rm_id": f.text, "name": f.text, "branch_code": f.text}, key=("rm_id",)),
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
        ),
        TableSpec("persons", {"person_id": f.person_id, "name": f.text},
                  {"gender": f.one_of("M", "F"), "birth_year": f.integer}, key=("person_id",)),
        TableSpec(
            "shareholdings",
            {"holder_kind": KIND, "company_uscc": f.uscc, "ratio": f.ratio},
            {"holder_id": f.text, "holder_name": f.text, "subscribed_capital": f.amount, "valid_from": f.iso_date,
             "valid_to": f.iso_date},
            key=("holder_kind", "holder_id", "company_uscc", "valid_from"),
        ),
        TableSpec(
            "officers",
            {"person_id": f.person_id, "company_uscc": f.uscc, "role": f.text},
            {"valid_from": f.iso_date, "valid_to": f.iso_date},
            key=("person_id", "company_uscc", "role", "valid_from"),
        ),
        TableSpec(
            "guarantees",
            {"guarantee_id": f.text, "amount": f.positive_amount},
            {"guarantor_uscc": f.uscc, "guarantor_name": f.text, "borrower_uscc": f.uscc, "borrower_name": f.text,
             "start_date": f.iso_date, "end_date": f.iso_date, "kind": f.text},
            key=("guarantee_id",),
        ),
        TableSpec(
            "payments",
            {"txn_id": f.text, "payee_kind": KIND, "amount": f.positive_amount, "date": f.iso_date},
            {"payer_uscc": f.uscc, "payer_name": f.text, "payee_id": f.text, "payee_name": f.text,
             "purpose": f.text, "channel": f.text},
            key=("txn_id",),
        ),
        TableSpec(
            "customers",
            {"customer_no": f.text, "party_kind": KIND, "party_id": f.text, "branch_code": f.text},
            {"rm_id": f.text, "tier": f.one_of("高端", "核心", "基础", "潜在"), "since": f.iso_date},
            key=("customer_no",),
        ),
        TableSpec("products", {"customer_no": f.text, "product": f.text}, {"opened": f.iso_date},
                  key=("customer_no", "product")),
        TableSpec("balances", {"customer_no": f.text, "month": f.month, "avg_balance": f.amount},
                  key=("customer_no", "month")),
    )
}

# Enterprise references that may be given by name instead of USCC: (id field, name field, kind field).
# A kind field means the reference is an enterprise only when that field is "E".
NAMED_REFERENCES: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "shareholdings": (("holder_id", "holder_name", "holder_kind"),),
    "guarantees": (("guarantor_uscc", "guarantor_name", None), ("borrower_uscc", "borrower_name", None)),
    "payments": (("payer_uscc", "payer_name", None), ("payee_id", "payee_name", "payee_kind")),
}

# References whose kind field says whether they hold a USCC ("E") or a hashed person id ("P").
KIND_REFERENCES: dict[str, tuple[str, str]] = {
    "shareholdings": ("holder_kind", "holder_id"), "payments": ("payee_kind", "payee_id"),
    "customers": ("party_kind", "party_id"),
}

# Validity periods: the second date may not come before the first.
DATE_RANGES = (("valid_from", "valid_to"), ("start_date", "end_date"))


@dataclass(frozen=True)
class SelfReference:
    """A row whose two enterprise references are one enterprise is rejected on `reject_field`."""

    first: str
    second: str
    reject_field: str
    reason: str
    kind_field: str | None = None  # when set, the check applies only to rows of kind "E"


SELF_REFERENCES: dict[str, SelfReference] = {
    "guarantees": SelfReference("guarantor_uscc", "borrower_uscc", "borrower_uscc",
                                "an enterprise cannot guarantee itself"),
    "shareholdings": SelfReference("holder_id", "company_uscc", "holder_id",
                                   "a company cannot hold its own shares here", "holder_kind"),
    "payments": SelfReference("payer_uscc", "payee_id", "payee_id", "payer and payee are the same enterprise",
                              "payee_kind"),
}

# Payments that are not trade: salaries and taxes stay as TXN facts (fund-flow and risk analytics
# see them) but do not make the payee a supplier, so they are left out of the PAID aggregate.
NON_TRADE_PURPOSES = ("工资", "税费")

# Load order: a table only refers to tables loaded before it.
LOAD_ORDER = (
    "branches", "rms", "enterprises", "persons", "shareholdings", "officers", "guarantees",
    "payments", "customers", "products", "balances",
)
