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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.analytics.communities import leiden
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
# Fields of the value lists the columnar reads return, in their order.
ENTERPRISE_FIELDS = ("uscc", "name", "established", "registered_capital", "industry_section", "region_code", "scale",
                     "status", "legal_form", "industry_code")
PERSON_FIELDS = ("person_id", "name", "birth_year", "gender")
CUSTOMER_FIELDS = ("customer_no", "party_kind", "party_id", "since", "rm_id", "branch_code", "products")


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
class Ties:
    """Shareholdings and officer posts on D as index arrays (rows whose parties are outside the graph dropped)."""

    holder_is_e: BoolArray
    holder: IntArray
    company: IntArray
    ratio: FloatArray
    officer_person: IntArray
    officer_company: IntArray
    officer_legal_rep: BoolArray


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
    ties: Ties | None = None  # holdings and officers again, as index arrays (the features' fast path)
    _pagerank: FloatArray | None = None
    _communities: IntArray | None = None

    def pagerank(self) -> FloatArray:
        """Weighted PageRank of the as-of payment graph (summing to 1), computed once per graph."""
        if self._pagerank is None:
            n = len(self.enterprises)
            self._pagerank = weighted_pagerank(self.payments) if self.payments.edge_count else np.zeros(n)
        return self._pagerank

    def tie_arrays(self) -> Ties:
        """Holdings and officers as index arrays (built from the tuple lists when the reader did not)."""
        if self.ties is None:
            h = self.holdings
            o = self.officers
            self.ties = Ties(np.array([k == "E" for k, _, _, _ in h], dtype=bool),
                             np.array([x for _, x, _, _ in h], dtype=np.int64),
                             np.array([c for _, _, c, _ in h], dtype=np.int64),
                             np.array([r for _, _, _, r in h], dtype=np.float64),
                             np.array([p for p, _, _ in o], dtype=np.int64),
                             np.array([c for _, c, _ in o], dtype=np.int64),
                             np.array([lr for _, _, lr in o], dtype=bool))
        return self.ties

    def communities(self) -> IntArray:
        """Leiden community of each enterprise on the as-of payment graph (0 = largest), computed once."""
        if self._communities is None:
            n = len(self.enterprises)
            self._communities = leiden(self.payments)[0] if self.payments.edge_count else np.arange(n, dtype=np.int64)
        return self._communities

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


def _one_row(store: GraphStore, name: str, params: dict[str, Any] | None = None) -> list[Any]:
    """The single row of a columnar read (cypher/learning/read_*: every column collected into one list).

    The driver spends more per record than the server spends per node, so these reads return one record
    holding every row: ~0.1 s instead of ~3 s for 50,000 enterprises on the two-core host.
    """
    return next(iter(store.stream(name, params)))


def _positions(keys: list[str], index: dict[str, int]) -> IntArray:
    """Index of each key in `index`, -1 where it has none (a party outside the as-of graph)."""
    get = index.get
    return np.fromiter((get(k, -1) for k in keys), dtype=np.int64, count=len(keys))


def read_balances(store: GraphStore, first: str, last: str) -> dict[str, dict[str, float]]:
    customer_no, months, balances = _one_row(store, "learning/read_balances_between",
                                             {"from_month": first, "to_month": last})
    out: dict[str, dict[str, float]] = {}
    for c, m, b in zip(customer_no, months, balances, strict=True):
        series = out.get(c)
        if series is None:
            series = out[c] = {}
        series[m] = float(b)
    return out


def _payments(store: GraphStore, as_of: date, last_month: str, index: dict[str, int],
              ids: list[str]) -> tuple[Projection, IntArray]:
    source, target, weight, months = _one_row(store, "learning/read_payment_edges_as_of", {"last_month": last_month})
    s_all, t_all = _positions(source, index), _positions(target, index)
    w_all = np.asarray(weight, dtype=np.float64)
    keep = (s_all >= 0) & (t_all >= 0) & (w_all > 0)
    src: list[int] = s_all[keep].tolist()
    dst: list[int] = t_all[keep].tolist()
    wts: list[float] = w_all[keep].tolist()
    mts: list[int] = np.asarray(months, dtype=np.int64)[keep].tolist()
    if month_end(last_month) < as_of:
        # D is inside a month: that month's total would include days after D, so its days up to D
        # come from the transactions themselves (a scan, but only for a date that is not a month end).
        extra: dict[tuple[int, int], float] = defaultdict(float)
        params = {"after": month_end(last_month).isoformat(), "until": as_of.isoformat(),
                  "non_trade": list(NON_TRADE_PURPOSES)}
        for src_id, dst_id, total in store.stream("learning/read_payments_between", params):
            s, j = index.get(src_id), index.get(dst_id)
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


def _holdings(columns: list[list[Any]], e_index: dict[str, int],
              p_index: dict[str, int]) -> tuple[BoolArray, IntArray, IntArray, FloatArray]:
    company, kinds, holders, ratios = columns
    c = _positions(company, e_index)
    is_e = np.fromiter((k == "E" for k in kinds), dtype=bool, count=len(kinds))
    h = np.where(is_e, _positions(holders, e_index), _positions(holders, p_index))
    keep = (c >= 0) & (h >= 0)
    return is_e[keep], h[keep], c[keep], np.asarray(ratios, dtype=np.float64)[keep]


def _officers(columns: list[list[Any]], e_index: dict[str, int],
              p_index: dict[str, int]) -> tuple[IntArray, IntArray, BoolArray]:
    company, persons, legal_rep = columns
    c = _positions(company, e_index)
    p = _positions(persons, p_index)
    keep = (c >= 0) & (p >= 0)
    return p[keep], c[keep], np.asarray(legal_rep, dtype=bool)[keep]


def read_as_of(store: GraphStore, as_of: date, *, workers: int = 4, analytics: bool = True) -> AsOfGraph:
    """Every fact the features need, as known on `as_of`.

    `analytics`: compute the payment graph's PageRank and communities while the reads run (the lead
    features need them); False leaves them to the first call of `pagerank()` / `communities()`, for
    readers that never call them (suspected links: Leiden alone is tens of seconds on the medium world).

    Each read returns one record of columns (cypher/learning/read_*): per-record decoding in the driver,
    more than the server's work, was where the time went. The reads are independent and run side by
    side on the driver's pool, and the payment graph's PageRank and communities are computed in that pool as soon
    as the payments arrive, while the server is still answering the other reads.
    """
    day = as_of.isoformat()
    last_month = last_complete_month(as_of)

    def rows(name: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return list(store.stream(name, params))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        f_ent = pool.submit(_one_row, store, "learning/read_enterprise_columns_as_of", {"as_of": day})
        f_per = pool.submit(_one_row, store, "learning/read_person_columns")
        f_hold = pool.submit(_one_row, store, "learning/read_shareholdings_as_of", {"as_of": day})
        f_off = pool.submit(_one_row, store, "learning/read_officers_as_of", {"as_of": day})
        f_cust = pool.submit(_one_row, store, "learning/read_customer_columns_as_of", {"as_of": day})
        f_bal = pool.submit(read_balances, store, add_months(last_month, 1 - BALANCE_MONTHS), last_month)
        f_gua = pool.submit(rows, "guarantees/read_active_guarantees", {"as_of": day})
        f_ev = pool.submit(rows, "learning/read_negative_events_as_of", {"as_of": day, "roles": list(NEGATIVE_ROLES)})
        f_rec = pool.submit(_one_row, store, "learning/read_person_receipts_as_of", {"as_of": day})
        (ent_rows,) = f_ent.result()
        enterprises = [dict(zip(ENTERPRISE_FIELDS, r, strict=True)) for r in ent_rows]
        ids = [r[0] for r in ent_rows]
        e_index = {u: i for i, u in enumerate(ids)}
        f_pay = pool.submit(_payments, store, as_of, last_month, e_index, ids)
        (per_rows,) = f_per.result()
        persons = [dict(zip(PERSON_FIELDS, r, strict=True)) for r in per_rows]
        p_index = {r[0]: i for i, r in enumerate(per_rows)}
        (cust_rows,) = f_cust.result()
        customers = [dict(zip(CUSTOMER_FIELDS, r, strict=True)) for r in cust_rows]
        cust_e = _customers([r for r in customers if r["party_kind"] == "E"], e_index)
        cust_p = _customers([r for r in customers if r["party_kind"] == "P"], p_index)
        hold_is_e, hold_h, hold_c, hold_r = _holdings(f_hold.result(), e_index, p_index)
        off_p, off_c, off_lr = _officers(f_off.result(), e_index, p_index)
        named = [dict(zip(("guarantor", "borrower", "guarantee_id", "amount", "guarantor_name", "borrower_name"),
                          values, strict=True)) for values in f_gua.result()]
        guarantees, _ = merge_edges([r for r in named if r["guarantor"] in e_index and r["borrower"] in e_index])
        payments, pay_months = f_pay.result()
        graph = AsOfGraph(as_of=as_of, last_month=last_month, enterprises=enterprises, persons=persons,
                          e_index=e_index, p_index=p_index, cust_e=cust_e, cust_p=cust_p, balances={},
                          payments=payments, pay_months=pay_months,
                          holdings=list(zip(np.where(hold_is_e, "E", "P").tolist(), hold_h.tolist(), hold_c.tolist(),
                                            hold_r.tolist(), strict=True)),
                          officers=list(zip(off_p.tolist(), off_c.tolist(), off_lr.tolist(), strict=True)),
                          guarantees=guarantees,
                          ties=Ties(hold_is_e, hold_h, hold_c, hold_r, off_p, off_c, off_lr))
        f_pr = pool.submit(graph.pagerank) if analytics else None
        f_comm = pool.submit(graph.communities) if analytics else None
        person, payer, total = f_rec.result()
        rp, re_ = _positions(person, p_index), _positions(payer, e_index)
        keep = (rp >= 0) & (re_ >= 0)
        graph.receipts = list(zip(rp[keep].tolist(), re_[keep].tolist(),
                                  np.asarray(total, dtype=np.float64)[keep].tolist(), strict=True))
        for kind, party, cases, penalties in f_ev.result():
            if kind == "E" and party in e_index:
                graph.events_e[e_index[party]] = (int(cases), int(penalties))
            elif kind == "P" and party in p_index:
                graph.events_p[p_index[party]] = (int(cases), int(penalties))
        graph.balances = f_bal.result()
        if f_pr is not None and f_comm is not None:
            f_pr.result()
            f_comm.result()
    return graph
