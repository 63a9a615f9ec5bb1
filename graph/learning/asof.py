"""The graph as a bank knew it on a date D, read from Neo4j into arrays for the lead features.

Everything dated after D is left out: enterprises established later, customers whose relationship
began later, products opened later, balances of months not complete on D, trade paid after D (the
PAID aggregate's monthly totals up to the last complete month, plus the transactions of D's own month
when D is not a month end), shareholdings and officer posts not in force on D, guarantees not active
on D, court cases and penalties dated after D. Features at D are therefore blind to the future that a
label window looks into (tests/integration/test_learning_features.py adds such facts and checks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.analytics.guarantees import GuaranteeEdge, merge_edges
from graph.analytics.hubs import weighted_pagerank
from graph.analytics.risk import NEGATIVE_ROLES
from graph.projection import Projection
from graph.store import GraphStore

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion).
NON_TRADE_PURPOSES = ("工资", "税费")
BALANCE_MONTHS = 12  # months of balance history the features look back over


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(label: str, k: int) -> str:
    y, m = divmod(int(label[:4]) * 12 + int(label[5:7]) - 1 + k, 12)
    return f"{y:04d}-{m + 1:02d}"


def last_complete_month(d: date) -> str:
    """The last month whose every day is on or before `d` (a monthly average must not see past D)."""
    if (d + timedelta(days=1)).month != d.month:
        return month_label(d)
    return add_months(month_label(d), -1)


def month_end(label: str) -> date:
    first_next = date.fromisoformat(add_months(label, 1) + "-01")
    return first_next - timedelta(days=1)


@dataclass
class Customers:
    """Customers of one party kind on D, keyed by party index."""

    row_of: dict[int, int] = field(default_factory=dict)  # party index -> row below
    customer_no: list[str] = field(default_factory=list)
    since: list[str] = field(default_factory=list)
    rm_id: list[str | None] = field(default_factory=list)
    branch_code: list[str | None] = field(default_factory=list)
    products: list[list[str]] = field(default_factory=list)


@dataclass
class AsOfGraph:
    as_of: date
    last_month: str
    enterprises: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    e_index: dict[str, int]
    p_index: dict[str, int]
    cust_e: Customers
    cust_p: Customers
    balances: dict[str, dict[str, float]]  # customer_no -> month -> average balance
    payments: Projection  # trade payments up to D over all enterprises (ids = enterprise usccs)
    pay_months: IntArray  # active months of each payment edge
    holdings: list[tuple[str, int, int, float]]  # holder kind, holder index, company index, ratio
    officers: list[tuple[int, int, bool]]  # person index, company index, legal rep
    guarantees: list[GuaranteeEdge]
    events_e: dict[int, tuple[int, int]] = field(default_factory=dict)  # cases, penalties known on D
    events_p: dict[int, tuple[int, int]] = field(default_factory=dict)
    receipts: list[tuple[int, int, float]] = field(default_factory=list)  # person, paying enterprise, total
    _pagerank: FloatArray | None = None

    def pagerank(self) -> FloatArray:
        """Weighted PageRank of the as-of payment graph (summing to 1), computed once per graph."""
        if self._pagerank is None:
            n = len(self.enterprises)
            self._pagerank = weighted_pagerank(self.payments) if self.payments.edge_count else np.zeros(n)
        return self._pagerank

    @property
    def is_customer_e(self) -> BoolArray:
        out = np.zeros(len(self.enterprises), dtype=bool)
        out[list(self.cust_e.row_of)] = True
        return out

    @property
    def is_customer_p(self) -> BoolArray:
        out = np.zeros(len(self.persons), dtype=bool)
        out[list(self.cust_p.row_of)] = True
        return out


def _customers(rows: list[dict[str, Any]], index: dict[str, int]) -> Customers:
    out = Customers()
    # A party with several customer records is represented by its oldest one (the relationship's start).
    for r in sorted(rows, key=lambda r: (r["since"] or "", r["customer_no"])):
        i = index.get(r["party_id"])
        if i is None or i in out.row_of:
            continue
        out.row_of[i] = len(out.customer_no)
        out.customer_no.append(r["customer_no"])
        out.since.append(r["since"])
        out.rm_id.append(r["rm_id"] or None)
        out.branch_code.append(r["branch_code"])
        out.products.append(sorted(r["products"]))
    return out


def read_balances(store: GraphStore, first: str, last: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for customer_no, months, balances in store.stream("learning/read_balances_between",
                                                      {"from_month": first, "to_month": last}):
        out[customer_no] = {m: float(b) for m, b in zip(months, balances, strict=True) if b is not None}
    return out


def _payments(store: GraphStore, as_of: date, last_month: str, index: dict[str, int],
              ids: list[str]) -> tuple[Projection, IntArray]:
    src: list[int] = []
    dst: list[int] = []
    wts: list[float] = []
    mts: list[int] = []
    for source, targets, weights, months in store.stream("learning/read_payment_edges_as_of",
                                                         {"last_month": last_month}):
        s = index.get(source)
        if s is None:
            continue
        for t, w, m in zip(targets, weights, months, strict=True):
            j = index.get(t)
            if j is not None and w > 0:
                src.append(s)
                dst.append(j)
                wts.append(float(w))
                mts.append(int(m))
    if month_end(last_month) < as_of:
        # D is inside a month: that month's total would include days after D, so its days up to D
        # come from the transactions themselves (a scan, but only for a date that is not a month end).
        extra: dict[tuple[int, int], float] = defaultdict(float)
        params = {"after": month_end(last_month).isoformat(), "until": as_of.isoformat(),
                  "non_trade": list(NON_TRADE_PURPOSES)}
        for source, target, total in store.stream("learning/read_payments_between", params):
            s, j = index.get(source), index.get(target)
            if s is not None and j is not None:
                extra[(s, j)] += float(total)
        position = {(s, j): k for k, (s, j) in enumerate(zip(src, dst, strict=True))}
        for (s, j), total in sorted(extra.items()):
            k = position.get((s, j))
            if k is None:
                src.append(s)
                dst.append(j)
                wts.append(total)
                mts.append(1)
            else:
                wts[k] += total
    proj = Projection(ids=ids, sources=np.asarray(src, dtype=np.int64), targets=np.asarray(dst, dtype=np.int64),
                      weights=np.asarray(wts, dtype=np.float64))
    return proj, np.asarray(mts, dtype=np.int64)


def _holdings(rows: Iterable[list[Any]], e_index: dict[str, int],
              p_index: dict[str, int]) -> list[tuple[str, int, int, float]]:
    out: list[tuple[str, int, int, float]] = []
    for company, kinds, holders, ratios in rows:
        c = e_index.get(company)
        if c is None:
            continue
        for kind, holder, ratio in zip(kinds, holders, ratios, strict=True):
            h = (e_index if kind == "E" else p_index).get(holder)
            if h is not None:
                out.append((kind, h, c, float(ratio or 0.0)))
    return out


def _officers(rows: Iterable[list[Any]], e_index: dict[str, int],
              p_index: dict[str, int]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    for company, persons, legal_rep in rows:
        c = e_index.get(company)
        if c is None:
            continue
        for person, lr in zip(persons, legal_rep, strict=True):
            p = p_index.get(person)
            if p is not None:
                out.append((p, c, bool(lr)))
    return out


def read_as_of(store: GraphStore, as_of: date, *, workers: int = 4) -> AsOfGraph:
    """Every fact the features need, as known on `as_of`.

    The reads are independent, so they run side by side on the driver's pool: the server works on
    one while Python turns another's rows into arrays.
    """
    day = as_of.isoformat()
    last_month = last_complete_month(as_of)

    def rows(name: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return list(store.stream(name, params))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        f_ent = pool.submit(store.read, "learning/read_enterprises_as_of", {"as_of": day})
        f_per = pool.submit(store.read, "learning/read_persons")
        f_cust = pool.submit(store.read, "learning/read_customers_as_of", {"as_of": day})
        f_bal = pool.submit(read_balances, store, add_months(last_month, 1 - BALANCE_MONTHS), last_month)
        f_hold = pool.submit(rows, "learning/read_shareholdings_as_of", {"as_of": day})
        f_off = pool.submit(rows, "learning/read_officers_as_of", {"as_of": day})
        f_gua = pool.submit(rows, "guarantees/read_active_guarantees", {"as_of": day})
        f_ev = pool.submit(rows, "learning/read_negative_events_as_of", {"as_of": day, "roles": list(NEGATIVE_ROLES)})
        f_rec = pool.submit(rows, "learning/read_person_receipts_as_of", {"as_of": day})
        enterprises = f_ent.result()
        e_index = {r["uscc"]: i for i, r in enumerate(enterprises)}
        f_pay = pool.submit(_payments, store, as_of, last_month, e_index, [r["uscc"] for r in enterprises])
        persons = f_per.result()
        p_index = {r["person_id"]: i for i, r in enumerate(persons)}
        customers = f_cust.result()
        cust_e = _customers([r for r in customers if r["party_kind"] == "E"], e_index)
        cust_p = _customers([r for r in customers if r["party_kind"] == "P"], p_index)
        holdings = _holdings(f_hold.result(), e_index, p_index)
        officers = _officers(f_off.result(), e_index, p_index)
        named = [dict(zip(("guarantor", "borrower", "guarantee_id", "amount", "guarantor_name", "borrower_name"),
                          values, strict=True)) for values in f_gua.result()]
        guarantees, _ = merge_edges([r for r in named if r["guarantor"] in e_index and r["borrower"] in e_index])
        payments, pay_months = f_pay.result()
        graph = AsOfGraph(as_of=as_of, last_month=last_month, enterprises=enterprises, persons=persons,
                          e_index=e_index, p_index=p_index, cust_e=cust_e, cust_p=cust_p, balances=f_bal.result(),
                          payments=payments, pay_months=pay_months, holdings=holdings, officers=officers,
                          guarantees=guarantees)
        for person, payers, totals in f_rec.result():
            p = p_index.get(person)
            if p is None:
                continue
            for payer, total in zip(payers, totals, strict=True):
                e = e_index.get(payer)
                if e is not None:
                    graph.receipts.append((p, e, float(total)))
        for kind, party, cases, penalties in f_ev.result():
            if kind == "E" and party in e_index:
                graph.events_e[e_index[party]] = (int(cases), int(penalties))
            elif kind == "P" and party in p_index:
                graph.events_p[p_index[party]] = (int(cases), int(penalties))
    return graph
