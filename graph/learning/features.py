"""Lead features as of a date D: tabular facts and graph features, one row per enterprise or person.

Read from Neo4j only (graph/learning/asof.py, through cypher/learning/*.cypher), never from a
generator's truth files, and only facts known on D. Graph features are computed here on the as-of
graph (hub scores, degree and communities of the payment graph as it stood on D), not taken from
properties the analytics wrote onto the nodes later, which would carry the future into the past.

Missing values are NaN (a non-customer has no balance), so a tree model can tell "none" from zero.
`raw` carries the per-row facts an explanation quotes: the top customer counterparty, its amount and
the share of the party's trade it makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

from graph.analytics.guarantees import type_structures
from graph.analytics.hubs import degrees
from graph.learning.asof import AsOfGraph, Customers, add_months, read_as_of
from graph.learning.labels import EFFECTIVE_THRESHOLD
from graph.projection import undirected
from graph.store import GraphStore
from liantu.errors import InvalidInput

Kind = Literal["E", "P"]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

SCALES = ("微型", "小型", "中型", "大型")
SECTIONS = "ABCDEFGHIJKLMNOPQRST"
LOAN_PRODUCTS = frozenset({"流动资金贷款", "银行承兑汇票", "票据贴现", "国内信用证", "保函", "个人经营贷", "信用卡"})
MAX_DISTANCE = 6  # hops searched for the nearest customer; farther counts as MAX_DISTANCE + 1
CIRCLE_TYPES = frozenset({"mutual", "circle"})


@dataclass
class FeatureFrame:
    """Rows = parties, columns = features; X is float32 with NaN for missing."""

    kind: str
    as_of: date
    ids: list[str]
    columns: list[str]
    X: npt.NDArray[np.float32]
    groups: dict[str, list[str]]
    customer_no: list[str | None]
    rm_id: list[str | None]
    is_customer: BoolArray
    is_effective: BoolArray
    raw: dict[str, list[Any]] = field(default_factory=dict)

    def column(self, name: str) -> npt.NDArray[np.float32]:
        return self.X[:, self.columns.index(name)]

    def subset(self, mask: BoolArray) -> FeatureFrame:
        """The rows where `mask` is true (e.g. one target's population)."""
        idx = np.flatnonzero(mask)
        return FeatureFrame(
            kind=self.kind, as_of=self.as_of, ids=[self.ids[i] for i in idx], columns=list(self.columns),
            X=self.X[idx], groups={k: list(v) for k, v in self.groups.items()},
            customer_no=[self.customer_no[i] for i in idx], rm_id=[self.rm_id[i] for i in idx],
            is_customer=self.is_customer[idx], is_effective=self.is_effective[idx],
            raw={k: [v[i] for i in idx] for k, v in self.raw.items()})


class _Columns:
    def __init__(self, n: int) -> None:
        self.n = n
        self.names: list[str] = []
        self.values: list[FloatArray] = []
        self.groups: dict[str, list[str]] = {"tabular": [], "graph": []}

    def add(self, group: str, name: str, values: Any) -> None:
        arr = np.asarray(values, dtype=np.float64)
        if arr.shape != (self.n,):
            raise ValueError(f"feature {name}: shape {arr.shape}, expected ({self.n},)")
        self.names.append(name)
        self.values.append(arr)
        self.groups[group].append(name)

    def matrix(self) -> npt.NDArray[np.float32]:
        if not self.values:
            return np.zeros((self.n, 0), dtype=np.float32)
        return np.column_stack(self.values).astype(np.float32)


def features_as_of(store: GraphStore, as_of: date, kind: Kind, *, graph: AsOfGraph | None = None) -> FeatureFrame:
    """Features of every enterprise (kind "E") or person ("P") known on `as_of`.

    `graph` lets a caller that needs both kinds read the as-of graph once (`read_as_of`).
    """
    if kind not in ("E", "P"):
        raise InvalidInput(f"kind must be 'E' or 'P', got {kind!r}")
    if not isinstance(as_of, date):
        raise InvalidInput(f"as_of must be a date, got {as_of!r}")
    g = graph if graph is not None else read_as_of(store, as_of)
    if g.as_of != as_of:
        raise InvalidInput(f"the as-of graph given is of {g.as_of}, not {as_of}")
    return _enterprise_frame(g) if kind == "E" else _person_frame(g)


def _balance_columns(cols: _Columns, g: AsOfGraph, cust: Customers, n: int, kind: Kind) -> BoolArray:
    """Balance level and trend, tenure and products of customers (NaN for non-customers); effective flags."""
    thr = EFFECTIVE_THRESHOLD[kind]
    last = np.full(n, np.nan)
    avg3 = np.full(n, np.nan)
    prev3 = np.full(n, np.nan)
    avg12 = np.full(n, np.nan)
    months = np.full(n, np.nan)
    tenure = np.full(n, np.nan)
    n_products = np.full(n, np.nan)
    loans = np.full(n, np.nan)
    effective = np.zeros(n, dtype=bool)
    window = [add_months(g.last_month, -k) for k in range(12)]
    idx = np.fromiter(cust.row_of.keys(), dtype=np.int64, count=len(cust.row_of))
    rows = list(cust.row_of.values())
    # A month without a balance record is a month with nothing on the account.
    series = [g.balances.get(cust.customer_no[r], {}) for r in rows]
    values = np.array([[s.get(m, 0.0) for m in window] for s in series], dtype=np.float64).reshape(len(rows), 12)
    present = np.array([[m in s for m in window] for s in series], dtype=bool).reshape(len(rows), 12)
    last[idx] = values[:, 0]
    avg3[idx] = values[:, :3].mean(axis=1)
    prev3[idx] = values[:, 3:6].mean(axis=1)
    avg12[idx] = values.mean(axis=1)
    months[idx] = present.sum(axis=1)
    since = np.array([cust.since[r] for r in rows], dtype="datetime64[D]")
    tenure[idx] = (np.datetime64(g.as_of, "D") - since).astype(np.float64) / 365.25
    n_products[idx] = [len(cust.products[r]) for r in rows]
    loans[idx] = [sum(1 for p in cust.products[r] if p in LOAN_PRODUCTS) for r in rows]
    effective[idx] = values[:, 0] >= thr
    cols.add("tabular", "customer_tenure_years", tenure)
    cols.add("tabular", "balance_last_log", np.log1p(last))
    cols.add("tabular", "balance_to_threshold", last / thr)
    cols.add("tabular", "balance_avg3_log", np.log1p(avg3))
    cols.add("tabular", "balance_avg12_log", np.log1p(avg12))
    cols.add("tabular", "balance_trend", np.log1p(avg3) - np.log1p(prev3))
    cols.add("tabular", "balance_months", months)
    cols.add("tabular", "products", n_products)
    cols.add("tabular", "loan_products", loans)
    return effective


def _division(code: str | None) -> float:
    """'C3670' -> 36.0; NaN when the code is missing or not of that form."""
    if code and len(code) >= 3 and code[1:3].isdigit():
        return float(code[1:3])
    return np.nan


def _adjacency(n: int, u: npt.NDArray[np.int64], v: npt.NDArray[np.int64]) -> sp.csr_matrix:
    """Symmetric 0/1 adjacency without self-loops."""
    keep = u != v
    a = sp.csr_matrix((np.ones(int(keep.sum())), (u[keep], v[keep])), shape=(n, n))
    a = ((a + a.T) > 0).astype(np.float64)
    return sp.csr_matrix(a)


def _top_customer_partner(g: AsOfGraph, cust: BoolArray) -> tuple[FloatArray, list[str | None]]:
    """Per enterprise: the largest trade (both directions summed) with one customer, and that customer."""
    n = len(g.enterprises)
    e = undirected(g.payments)
    node = np.concatenate([e.u, e.v])
    other = np.concatenate([e.v, e.u])
    w = np.concatenate([e.weights, e.weights])
    keep = cust[other]
    node, other, w = node[keep], other[keep], w[keep]
    order = np.lexsort((other, -w, node))
    node, other, w = node[order], other[order], w[order]
    first = np.ones(node.shape[0], dtype=bool)
    first[1:] = node[1:] != node[:-1]
    amount = np.zeros(n)
    amount[node[first]] = w[first]
    top: list[str | None] = [None] * n
    for i, j in zip(node[first].tolist(), other[first].tolist(), strict=True):
        top[i] = g.enterprises[j]["uscc"]
    return amount, top


def _enterprise_frame(g: AsOfGraph) -> FeatureFrame:
    ents = g.enterprises
    n = len(ents)
    cols = _Columns(n)
    cust = g.is_customer_e
    year = g.as_of.year + (g.as_of.timetuple().tm_yday - 1) / 365.25

    # Tabular: registry facts.
    est = [r["established"] for r in ents]
    cols.add("tabular", "age_years", [year - (int(d[:4]) + (int(d[5:7]) - 1) / 12) if d else np.nan for d in est])
    cols.add("tabular", "capital_log", [np.log1p(r["registered_capital"]) if r["registered_capital"] is not None
                                        else np.nan for r in ents])
    cols.add("tabular", "scale", [SCALES.index(r["scale"]) if r["scale"] in SCALES else np.nan for r in ents])
    cols.add("tabular", "industry_section", [SECTIONS.find(r["industry_section"]) if r["industry_section"]
                                             else np.nan for r in ents])
    cols.add("tabular", "city", [int(r["region_code"][:4]) if r["region_code"] else np.nan for r in ents])
    # The GB/T 4754 division (2 digits): finer than the section, it tells a manufacturer from a wholesaler.
    cols.add("tabular", "industry_division", [_division(r.get("industry_code")) for r in ents])
    cols.add("tabular", "active", [1.0 if r["status"] in ("存续", "在业", "开业") else 0.0 for r in ents])
    cols.add("tabular", "is_customer", cust)
    effective = _balance_columns(cols, g, g.cust_e, n, "E")

    # Graph: the payment graph as it stood on D.
    proj = g.payments
    deg = degrees(proj)
    pr = g.pagerank()
    cols.add("graph", "pagerank_x_n", pr * n)
    cols.add("graph", "buyers", deg.buyers)
    cols.add("graph", "suppliers", deg.suppliers)
    cols.add("graph", "counterparties", deg.counterparties)
    cols.add("graph", "sales_log", np.log1p(deg.strength_in))
    cols.add("graph", "purchases_log", np.log1p(deg.strength_out))
    c = cust.astype(np.float64)
    to_cust = np.bincount(proj.sources, weights=proj.weights * c[proj.targets], minlength=n)
    from_cust = np.bincount(proj.targets, weights=proj.weights * c[proj.sources], minlength=n)
    purchase_share = np.divide(to_cust, deg.strength_out, out=np.full(n, np.nan), where=deg.strength_out > 0)
    sales_share = np.divide(from_cust, deg.strength_in, out=np.full(n, np.nan), where=deg.strength_in > 0)
    cols.add("graph", "paid_to_customers_log", np.log1p(to_cust))
    cols.add("graph", "received_from_customers_log", np.log1p(from_cust))
    cols.add("graph", "purchases_share_customers", purchase_share)
    cols.add("graph", "sales_share_customers", sales_share)
    top_amount, top_partner = _top_customer_partner(g, cust)
    trade = deg.strength_in + deg.strength_out
    top_share = np.divide(top_amount, trade, out=np.full(n, np.nan), where=trade > 0)
    cols.add("graph", "top_customer_tie_log", np.log1p(top_amount))
    cols.add("graph", "top_customer_tie_share", top_share)
    # Typical size of a trade tie: the geometric mean over its ties of the amount per active month. A
    # big firm's ties are bigger, not only more, and the mean of logs is not swayed by one large tie.
    per_month = np.log1p(proj.weights / np.maximum(g.pay_months, 1))
    n_out, n_in = np.bincount(proj.sources, minlength=n), np.bincount(proj.targets, minlength=n)
    cols.add("graph", "purchase_per_tie_month_log", np.divide(
        np.bincount(proj.sources, weights=per_month, minlength=n), n_out, out=np.full(n, np.nan), where=n_out > 0))
    cols.add("graph", "sale_per_tie_month_log", np.divide(
        np.bincount(proj.targets, weights=per_month, minlength=n), n_in, out=np.full(n, np.nan), where=n_in > 0))

    a = _adjacency(n, proj.sources, proj.targets)
    cust1 = a @ c
    cols.add("graph", "customers_1hop", cust1)
    # Walks of length two that end at a customer (a distinct count would need A^2, dense around hubs).
    cols.add("graph", "customers_2hop_walks_log", np.log1p(a @ cust1))
    hub = pr >= np.quantile(pr, 0.99) if n else np.zeros(0, dtype=bool)
    cols.add("graph", "hub_customer_partners", a @ (c * hub))
    # Core firms (核心企业) trade with many counterparties: the top 2% by distinct counterparties.
    core = deg.counterparties >= max(np.quantile(deg.counterparties, 0.98), 1.0) if n else np.zeros(0, dtype=bool)
    cols.add("graph", "core_customer_partners", a @ (c * core))
    # The largest customer one trades with, by its counterparties and by its hub score: the model finds
    # its own line for a core firm (核心企业) instead of the fixed top 2% above.
    coo = a.tocoo()
    at_cust = c[coo.col] > 0
    biggest = np.zeros(n)
    np.maximum.at(biggest, coo.row[at_cust], np.log1p(deg.counterparties[coo.col[at_cust]]))
    cols.add("graph", "largest_customer_partner_counterparties_log", biggest)
    top_pr = np.zeros(n)
    np.maximum.at(top_pr, coo.row[at_cust], pr[coo.col[at_cust]] * n)
    cols.add("graph", "largest_customer_partner_pagerank_x_n", top_pr)

    labels = g.communities()
    sizes = np.bincount(labels, minlength=1).astype(np.float64)
    comm_cust = np.bincount(labels, weights=c, minlength=sizes.shape[0])
    others = sizes[labels] - 1
    cols.add("graph", "community_size_log", np.log1p(sizes[labels]))
    cols.add("graph", "community_customer_share", np.divide(comm_cust[labels] - c, others,
                                                            out=np.full(n, np.nan), where=others > 0))
    _ownership_columns(cols, g, c)
    _guarantee_columns(cols, g, c)
    _event_columns(cols, g, a)

    cust_no: list[str | None] = [None] * n
    rm: list[str | None] = [None] * n
    for i, row in g.cust_e.row_of.items():
        cust_no[i] = g.cust_e.customer_no[row]
        rm[i] = g.cust_e.rm_id[row]
    names = [r["name"] for r in ents]
    index = g.e_index
    raw: dict[str, list[Any]] = {
        "name": names,
        "top_customer_partner": top_partner,
        "top_customer_partner_name": [names[index[u]] if u else None for u in top_partner],
        "top_customer_tie_amount": top_amount.tolist(),
        "top_customer_tie_share": top_share.tolist(),
        "paid_to_customers": to_cust.tolist(),
        "received_from_customers": from_cust.tolist(),
        "purchases_share_customers": purchase_share.tolist(),
        "sales_share_customers": sales_share.tolist(),
    }
    return FeatureFrame(kind="E", as_of=g.as_of, ids=[r["uscc"] for r in ents], columns=cols.names,
                        X=cols.matrix(), groups=cols.groups, customer_no=cust_no, rm_id=rm, is_customer=cust,
                        is_effective=effective, raw=raw)


def _ties(g: AsOfGraph) -> sp.csr_matrix:
    """Enterprise x person: 1 where the person is an officer, legal representative or shareholder on D."""
    t = g.tie_arrays()
    by_person = ~t.holder_is_e
    rows = np.concatenate([t.officer_company, t.company[by_person]])
    cols = np.concatenate([t.officer_person, t.holder[by_person]])
    m = sp.csr_matrix((np.ones(rows.shape[0]), (rows, cols)), shape=(len(g.enterprises), len(g.persons)))
    return sp.csr_matrix((m > 0).astype(np.float64))


def _ownership_columns(cols: _Columns, g: AsOfGraph, c: FloatArray) -> None:
    """Group membership (ownership components), the group's customers, and officer ties to customers."""
    n, m = len(g.enterprises), len(g.persons)
    # A group: enterprises joined by shareholdings between them or by one person's majority stakes.
    t = g.tie_arrays()
    joins = t.holder_is_e | (t.ratio >= 0.5)
    u = np.where(t.holder_is_e, t.holder, n + t.holder)[joins]
    v = t.company[joins]
    adj = sp.csr_matrix((np.ones(u.shape[0]), (u, v)), shape=(n + m, n + m))
    _, comp = connected_components(adj, directed=False)
    comp_e = comp[:n]
    size = np.bincount(comp_e, minlength=int(comp.max()) + 1 if comp.size else 1).astype(np.float64)
    custs = np.bincount(comp_e, weights=c, minlength=size.shape[0])
    cols.add("graph", "group_size", size[comp_e])
    cols.add("graph", "group_customers", custs[comp_e] - c)
    # A 集团 in the narrow sense: enterprises joined by majority stakes of one enterprise in another, so
    # that a minority stake or one entrepreneur's several firms do not merge unrelated groups.
    control = t.holder_is_e & (t.ratio >= 0.5)
    ctl = sp.csr_matrix((np.ones(int(control.sum())), (t.holder[control], t.company[control])), shape=(n, n))
    _, corp = connected_components(ctl, directed=False)
    corp_size = np.bincount(corp).astype(np.float64)
    corp_custs = np.bincount(corp, weights=c, minlength=corp_size.shape[0])
    cols.add("graph", "controlled_group_size", corp_size[corp])
    cols.add("graph", "controlled_group_customers", corp_custs[corp] - c)
    cust_holders = np.bincount(t.company[t.holder_is_e], weights=c[t.holder[t.holder_is_e]], minlength=n)
    cols.add("graph", "customer_shareholders", cust_holders)
    ties = _ties(g)
    per_person = ties.T @ c  # customer enterprises each person is tied to
    people = np.asarray(ties.sum(axis=1)).ravel()
    cols.add("graph", "persons_tied", people)
    cols.add("graph", "person_ties_to_customers", ties @ per_person - people * c)
    cols.add("graph", "persons_tied_who_are_customers", ties @ g.is_customer_p.astype(np.float64))


def _guarantee_columns(cols: _Columns, g: AsOfGraph, c: FloatArray) -> None:
    n = len(g.enterprises)
    idx = g.e_index
    given = np.zeros(n)
    received = np.zeros(n)
    to_cust = np.zeros(n)
    for e in g.guarantees:
        i, j = idx[e.guarantor], idx[e.borrower]
        given[i] += 1
        received[j] += 1
        to_cust[i] += c[j]
        to_cust[j] += c[i]
    in_circle = np.zeros(n)
    in_structure = np.zeros(n)
    if g.guarantees:
        structures, _ = type_structures(g.guarantees)
        for s in structures:
            members = [idx[mbr] for mbr in s.members]
            in_structure[members] = 1.0
            if s.type in CIRCLE_TYPES:
                in_circle[members] = 1.0
    cols.add("graph", "guarantees_given", given)
    cols.add("graph", "guarantees_received", received)
    cols.add("graph", "guarantee_ties_to_customers", to_cust)
    cols.add("graph", "in_guarantee_circle", in_circle)
    cols.add("graph", "in_guarantee_structure", in_structure)


def _event_columns(cols: _Columns, g: AsOfGraph, a: sp.csr_matrix) -> None:
    n = len(g.enterprises)
    own = np.zeros(n)
    for i, (cases, penalties) in g.events_e.items():
        own[i] = cases + penalties
    cols.add("graph", "negative_events", own)
    cols.add("graph", "partner_negative_events", a @ (own > 0).astype(np.float64))
    # Distance (hops over payment, ownership and guarantee ties) to the nearest customer.
    cust = g.is_customer_e
    t = g.tie_arrays()
    src = np.concatenate([g.payments.sources, t.holder[t.holder_is_e],
                          np.array([g.e_index[e.guarantor] for e in g.guarantees], dtype=np.int64)])
    dst = np.concatenate([g.payments.targets, t.company[t.holder_is_e],
                          np.array([g.e_index[e.borrower] for e in g.guarantees], dtype=np.int64)])
    # One extra node joined to every customer: its distances are each node's distance to a customer, + 1.
    hub = np.flatnonzero(cust)
    src = np.concatenate([src, np.full(hub.shape[0], n, dtype=np.int64)])
    dst = np.concatenate([dst, hub])
    adj = _adjacency(n + 1, src, dst)
    dist = dijkstra(adj, directed=False, indices=n, unweighted=True, limit=MAX_DISTANCE + 1)[:n] - 1
    dist[~np.isfinite(dist)] = MAX_DISTANCE + 1
    cols.add("graph", "distance_to_customer", dist)


def _person_frame(g: AsOfGraph) -> FeatureFrame:
    pers = g.persons
    m = len(pers)
    cols = _Columns(m)
    cust = g.is_customer_p
    cols.add("tabular", "age_years", [g.as_of.year - r["birth_year"] if r["birth_year"] else np.nan for r in pers])
    cols.add("tabular", "male", [1.0 if r["gender"] == "M" else 0.0 if r["gender"] == "F" else np.nan for r in pers])
    cols.add("tabular", "is_customer", cust)
    effective = _balance_columns(cols, g, g.cust_p, m, "P")

    c_e = g.is_customer_e.astype(np.float64)
    ties = _ties(g)  # enterprises x persons
    t = g.tie_arrays()
    officer = np.bincount(t.officer_person, minlength=m).astype(np.float64)
    legal_rep = np.bincount(t.officer_person, weights=t.officer_legal_rep.astype(np.float64), minlength=m)
    officer_cust = np.bincount(t.officer_person, weights=c_e[t.officer_company], minlength=m)
    by_p = ~t.holder_is_e
    hp, hc = t.holder[by_p], t.company[by_p]
    held = np.bincount(hp, minlength=m).astype(np.float64)
    held_cust = np.bincount(hp, weights=c_e[hc], minlength=m)
    majority = np.bincount(hp, weights=(t.ratio[by_p] >= 0.5).astype(np.float64), minlength=m)
    pr = g.pagerank() * len(g.enterprises)
    tied_pr = np.zeros(m)
    coo = ties.tocoo()
    np.maximum.at(tied_pr, coo.col, pr[coo.row])
    cols.add("graph", "officer_posts", officer)
    cols.add("graph", "legal_rep_posts", legal_rep)
    cols.add("graph", "officer_posts_at_customers", officer_cust)
    cols.add("graph", "holdings", held)
    cols.add("graph", "holdings_in_customers", held_cust)
    cols.add("graph", "majority_holdings", majority)
    cols.add("graph", "enterprises_tied_customers", ties.T @ c_e)
    cols.add("graph", "max_pagerank_of_enterprises", tied_pr)
    rec = np.array(g.receipts, dtype=np.float64).reshape(len(g.receipts), 3)
    rec_p, rec_e = rec[:, 0].astype(np.int64), rec[:, 1].astype(np.int64)
    # Added one receipt at a time, in the order read (np.add.at, unlike bincount, keeps that order).
    received = np.zeros(m)
    np.add.at(received, rec_p, rec[:, 2])
    from_cust = np.zeros(m)
    np.add.at(from_cust, rec_p, rec[:, 2] * c_e[rec_e])
    payers = np.bincount(rec_p, minlength=m).astype(np.float64)
    cols.add("graph", "received_from_enterprises_log", np.log1p(received))
    cols.add("graph", "received_from_customers_log", np.log1p(from_cust))
    cols.add("graph", "received_share_customers", np.divide(from_cust, received, out=np.full(m, np.nan),
                                                            where=received > 0))
    cols.add("graph", "paying_enterprises", payers)
    own = np.zeros(m)
    for i, (cases, penalties) in g.events_p.items():
        own[i] = cases + penalties
    ev_e = np.zeros(len(g.enterprises))
    for i, (cases, penalties) in g.events_e.items():
        ev_e[i] = cases + penalties
    cols.add("graph", "negative_events", own)
    cols.add("graph", "enterprise_negative_events", ties.T @ (ev_e > 0).astype(np.float64))

    cust_no: list[str | None] = [None] * m
    rm: list[str | None] = [None] * m
    for i, row in g.cust_p.row_of.items():
        cust_no[i] = g.cust_p.customer_no[row]
        rm[i] = g.cust_p.rm_id[row]
    # The customer enterprise the person is tied to with the highest hub score, for explanations.
    # The first tie in matrix order with the highest score, as a scan that keeps strict improvements finds.
    best: list[str | None] = [None] * m
    at_cust = c_e[coo.row] > 0
    e_c, p_c = coo.row[at_cust], coo.col[at_cust]
    order = np.lexsort((np.arange(p_c.shape[0]), -pr[e_c], p_c))
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = p_c[order][1:] != p_c[order][:-1]
    for p_i, e_i in zip(p_c[order][first].tolist(), e_c[order][first].tolist(), strict=True):
        best[p_i] = g.enterprises[e_i]["uscc"]
    names_e = {r["uscc"]: r["name"] for r in g.enterprises}
    raw: dict[str, list[Any]] = {
        "name": [r["name"] for r in pers],
        "top_customer_enterprise": best,
        "top_customer_enterprise_name": [names_e[u] if u else None for u in best],
        "officer_posts_at_customers": officer_cust.tolist(),
    }
    return FeatureFrame(kind="P", as_of=g.as_of, ids=[r["person_id"] for r in pers], columns=cols.names,
                        X=cols.matrix(), groups=cols.groups, customer_no=cust_no, rm_id=rm, is_customer=cust,
                        is_effective=effective, raw=raw)
