"""Churn warning for enterprise customers: the label, the population and the features as of a date D.

The rule (docs/churn.md): a customer churns in (D, D+3m] when a month's balance in the window falls below
CHURN_SHARE (50%) of its mean over the 6 months up to D's month. The population at D is the enterprise
customers with a positive balance in each of those 6 months and an effective balance (>= 500,000 yuan,
graph.learning.labels.EFFECTIVE_THRESHOLD) in D's month: the customers a bank most wants to keep, and the
ones a 50% fall means something for (a customer under the line is a 临界户, the leads' business).

Features are the lead features of the enterprise as of D (graph.learning.features.features_as_of, read from
Neo4j only) plus churn's own, computed here from the same as-of graph:
* tabular: where this month's balance stands against its 6-month mean, its lowest month against that mean,
  and the spread of its monthly balances;
* graph: how many of its payment partners are our customers, how many of them are leaving the bank (their
  balance in D's month below half their mean over the 6 months before), that share weighted by the trade
  with each, the balance trend of its customer partners (its chain shrinking at the bank), whether a core
  partner is leaving, and whether a member of its ownership group is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.learning.asof import AsOfGraph, add_months, last_complete_month, read_as_of, read_balances
from graph.learning.explain import phrase
from graph.learning.features import FeatureFrame, features_as_of
from graph.learning.labels import EFFECTIVE_THRESHOLD
from graph.store import GraphStore
from liantu.errors import InvalidInput

CHURN_SHARE = 0.5
MEAN_MONTHS = 6
HORIZON_MONTHS = 3
LEAVING_SHARE = 0.5
FloatArray = npt.NDArray[np.float64]


@dataclass
class ChurnRows:
    """The churn population on D: one row per enterprise customer, its features, ids and facts."""

    as_of: date
    customer_no: list[str]
    uscc: list[str]
    rm_id: list[str | None]
    columns: list[str]
    groups: dict[str, list[str]]
    X: npt.NDArray[np.float32]
    raw: dict[str, list[Any]]


def _series(g: AsOfGraph, customer_no: str, months: list[str]) -> FloatArray:
    s = g.balances.get(customer_no, {})
    return np.array([s.get(m, 0.0) for m in months], dtype=np.float64)


def population_mask(g: AsOfGraph) -> npt.NDArray[np.bool_]:
    """Enterprises in the churn population on g.as_of (6 positive months up to D's month, effective in it)."""
    months = [add_months(g.last_month, -k) for k in range(MEAN_MONTHS - 1, -1, -1)]
    out = np.zeros(len(g.enterprises), dtype=bool)
    for i, row in g.cust_e.row_of.items():
        s = _series(g, g.cust_e.customer_no[row], months)
        out[i] = bool((s > 0).all() and s[-1] >= EFFECTIVE_THRESHOLD["E"])
    return out


def _leaving(g: AsOfGraph) -> tuple[FloatArray, FloatArray]:
    """Per enterprise: 1.0 when it is a customer leaving the bank on D, and its balance trend (NaN if no customer)."""
    n = len(g.enterprises)
    prev = [add_months(g.last_month, -k) for k in range(MEAN_MONTHS, 0, -1)]
    gone = np.zeros(n)
    trend = np.full(n, np.nan)
    for i, row in g.cust_e.row_of.items():
        s = _series(g, g.cust_e.customer_no[row], [*prev, g.last_month])
        mean = s[:-1].mean()
        if mean > 0 and (s[:-1] > 0).all():
            gone[i] = float(s[-1] < LEAVING_SHARE * mean)
            trend[i] = float(np.log1p(s[-3:].mean()) - np.log1p(s[:3].mean()))
    return gone, trend


def _groups_of(g: AsOfGraph) -> npt.NDArray[np.int64]:
    """Ownership group of each enterprise: components of the enterprise-holds-enterprise graph on D."""
    n = len(g.enterprises)
    t = g.tie_arrays()
    e = t.holder_is_e
    a = sp.coo_matrix((np.ones(int(e.sum())), (t.holder[e], t.company[e])), shape=(n, n)).tocsr()
    _, labels = connected_components(a, directed=False)
    return np.asarray(labels, dtype=np.int64)


def _churn_columns(g: AsOfGraph) -> tuple[dict[str, FloatArray], dict[str, FloatArray], dict[str, list[Any]]]:
    n = len(g.enterprises)
    months = [add_months(g.last_month, -k) for k in range(MEAN_MONTHS - 1, -1, -1)]
    to_mean = np.full(n, np.nan)
    min_to_mean = np.full(n, np.nan)
    spread = np.full(n, np.nan)
    for i, row in g.cust_e.row_of.items():
        s = _series(g, g.cust_e.customer_no[row], months)
        mean = s.mean()
        if mean > 0:
            to_mean[i] = s[-1] / mean
            min_to_mean[i] = s.min() / mean
            spread[i] = float(np.log(np.maximum(s, 1.0)).std())
    tab = {"balance_to_mean6": to_mean, "balance_min_to_mean6": min_to_mean, "balance_spread6": spread}

    gone, trend = _leaving(g)
    cust = np.zeros(n)
    cust[list(g.cust_e.row_of)] = 1.0
    p = g.payments
    # Trade ties both ways, weighted by the amount paid up to D.
    src = np.concatenate([p.sources, p.targets])
    dst = np.concatenate([p.targets, p.sources])
    w = np.concatenate([p.weights, p.weights])
    a = sp.coo_matrix((w, (src, dst)), shape=(n, n)).tocsr()
    a.sum_duplicates()
    ones = a.copy()
    ones.data = np.ones_like(ones.data)
    partners = ones @ cust
    leavers = ones @ gone
    share = np.divide(leavers, partners, out=np.full(n, np.nan), where=partners > 0)
    trade_cust = a @ cust
    weighted = np.divide(a @ gone, trade_cust, out=np.full(n, np.nan), where=trade_cust > 0)
    has_trend = ~np.isnan(trend)
    trend0 = np.where(has_trend, trend, 0.0)
    trade_trend = a @ has_trend.astype(np.float64)
    partner_trend = np.divide(a @ trend0, trade_trend, out=np.full(n, np.nan), where=trade_trend > 0)
    counterparties = np.asarray(ones.sum(axis=1)).ravel()
    core = counterparties >= max(float(np.quantile(counterparties, 0.98)), 1.0) if n else np.zeros(0, dtype=bool)
    core_leaving = ones @ (gone * core)
    groups = _groups_of(g)
    sizes = np.bincount(groups, minlength=1)
    group_gone = np.bincount(groups, weights=gone, minlength=len(sizes))[groups] - gone
    graph = {"customer_partners": partners, "partners_leaving": leavers, "partners_leaving_share": share,
             "partners_leaving_trade_share": weighted, "partners_balance_trend": partner_trend,
             "core_partners_leaving": core_leaving,
             "group_members_leaving": np.where(sizes[groups] > 1, group_gone, np.nan)}

    # Facts for the reasons: the names of up to three leaving partners, largest trade first.
    names = [r["name"] for r in g.enterprises]
    leaving_names: list[list[str]] = [[] for _ in range(n)]
    coo = a.tocoo()
    hit = gone[coo.col] > 0
    for i, j, _amount in sorted(zip(coo.row[hit].tolist(), coo.col[hit].tolist(), coo.data[hit].tolist(),
                                   strict=True), key=lambda t: (t[0], -t[2])):
        if len(leaving_names[i]) < 3:
            leaving_names[i].append(names[j])
    raw: dict[str, list[Any]] = {"leaving_partner_names": leaving_names, "partners_leaving_trade_share":
                                 weighted.tolist()}
    return tab, graph, raw


def churn_rows(store: GraphStore, as_of: date, *, graph: AsOfGraph | None = None) -> ChurnRows:
    """Features of the churn population on `as_of`, read from Neo4j (facts known on that day only)."""
    if not isinstance(as_of, date):
        raise InvalidInput(f"as_of must be a date, got {as_of!r}")
    g = graph if graph is not None else read_as_of(store, as_of)
    frame: FeatureFrame = features_as_of(store, as_of, "E", graph=g)
    tab, gr, raw = _churn_columns(g)
    mask = population_mask(g)
    idx = np.flatnonzero(mask)
    columns = list(frame.columns) + list(tab) + list(gr)
    groups = {"tabular": list(frame.groups["tabular"]) + list(tab), "graph": list(frame.groups["graph"]) + list(gr)}
    extra = np.column_stack([*tab.values(), *gr.values()]) if len(idx) else np.zeros((0, len(tab) + len(gr)))
    X = np.hstack([frame.X[idx], extra[idx] if len(idx) else extra]).astype(np.float32)
    # Reorder to the group order, so "tabular only" is a prefix-free pick by name either way.
    order = [columns.index(c) for c in groups["tabular"] + groups["graph"]]
    facts: dict[str, list[Any]] = {k: [v[i] for i in idx] for k, v in frame.raw.items()}
    facts.update({k: [v[i] for i in idx] for k, v in raw.items()})
    return ChurnRows(as_of=as_of, customer_no=[str(frame.customer_no[i]) for i in idx],
                     uscc=[frame.ids[i] for i in idx], rm_id=[frame.rm_id[i] for i in idx],
                     columns=[columns[k] for k in order], groups=groups, X=X[:, order], raw=facts)


def churn_labels(store: GraphStore, as_of: date) -> dict[str, int]:
    """{customer_no: 0/1} of the churn population on `as_of`, over (as_of, as_of + 3 months], from the graph.

    A month of the window without a balance record counts as zero on the account (a closed account churned).
    """
    last = last_complete_month(as_of)
    months = [add_months(last, -k) for k in range(MEAN_MONTHS - 1, -1, -1)]
    window = [add_months(last, k) for k in range(1, HORIZON_MONTHS + 1)]
    balances = read_balances(store, months[0], window[-1])
    g_rows = store.read("learning/read_customers_as_of", {"as_of": as_of.isoformat()})
    out: dict[str, int] = {}
    seen: set[str] = set()
    for r in sorted(g_rows, key=lambda r: (r["since"] or "", r["customer_no"])):
        if r["party_kind"] != "E" or r["party_id"] in seen:
            continue
        seen.add(r["party_id"])
        s = balances.get(r["customer_no"], {})
        hist = np.array([s.get(m, 0.0) for m in months])
        if not ((hist > 0).all() and hist[-1] >= EFFECTIVE_THRESHOLD["E"]):
            continue
        future = np.array([s.get(m, 0.0) for m in window])
        out[r["customer_no"]] = int((future < CHURN_SHARE * hist.mean()).any())
    return out


def check_window_in_graph(store: GraphStore, as_of: date) -> None:
    """Refuse to read labels of a window the graph's balances do not reach (the labels would all be churn)."""
    last = add_months(last_complete_month(as_of), HORIZON_MONTHS)
    if not read_balances(store, last, last):
        raise InvalidInput(f"the graph holds no balances for {last}: the churn window after {as_of} is not in the "
                           "data yet (train at an earlier date, e.g. three months before the last load)")


@phrase("partners_leaving")
def _partners_leaving(v: float, f: Any) -> str | None:
    names = f.get("leaving_partner_names") or []
    who = f" ({', '.join(names)})" if names else ""
    return f"{int(v)} of its trade partners banking with us are leaving{who}" if v > 0 else None


@phrase("partners_leaving_share")
def _leaving_share(v: float, f: Any) -> str | None:
    return f"{v:.0%} of its trade partners banking with us are leaving" if v > 0 else None


@phrase("partners_leaving_trade_share")
def _leaving_trade_share(v: float, f: Any) -> str | None:
    return f"{v:.0%} of its trade with our customers is with customers who are leaving" if v > 0 else None


@phrase("core_partners_leaving")
def _core_leaving(v: float, f: Any) -> str | None:
    return f"{int(v)} core enterprise(s) it trades with are leaving the bank" if v > 0 else None


@phrase("group_members_leaving")
def _group_leaving(v: float, f: Any) -> str | None:
    return f"{int(v)} member(s) of its ownership group are leaving the bank" if v > 0 else None


@phrase("partners_balance_trend")
def _partner_trend(v: float, f: Any) -> str | None:
    return f"its customer partners' balances moved {np.expm1(v):+.0%} over 6 months (its chain is shrinking)"


@phrase("balance_to_mean6")
def _to_mean(v: float, f: Any) -> str | None:
    return f"this month's balance is {v:.0%} of its 6-month mean"


@phrase("balance_min_to_mean6")
def _min_to_mean(v: float, f: Any) -> str | None:
    return f"its lowest month in half a year was {v:.0%} of its 6-month mean"


@phrase("balance_spread6")
def _spread(v: float, f: Any) -> str | None:
    return f"its monthly balance swings widely (log spread {v:.2f})"

