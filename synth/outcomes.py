"""Lead-model labels for the 3 months after the history: who became a customer, who became effective.

Each label is a Bernoulli draw from a logit with a tabular part (size, age, balance closeness to the
threshold, products) and a graph part (trading with a core customer, customer partners, group or
officer ties to customers), plus hidden noise. To document the margin a graph-aware model can earn,
the generator fits two logistic regressions on one half of each population (tabular features only,
and tabular plus graph features) and reports both AUCs on the other half.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from synth.bank import THRESHOLD_E, THRESHOLD_P, Bank, core_neighbours
from synth.entities import BANK, CHAIN, TAX, Enterprises, Persons
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.supply_chain import Pairs


@dataclass
class Outcomes:
    party_kind: list[str] = field(default_factory=list)
    party: list[int] = field(default_factory=list)
    customer_row: list[int] = field(default_factory=list)  # -1 for non-customers
    became_customer: list[str] = field(default_factory=list)  # "1"/"0", or "" when not in that population
    became_effective: list[str] = field(default_factory=list)
    margins: dict[str, dict[str, Any]] = field(default_factory=dict)


def auc(y: np.ndarray, score: np.ndarray) -> float:
    pos = y.astype(bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Average ranks, so tied scores count half, as the Mann-Whitney statistic requires.
    uniq, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]
    del uniq
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _fit_logistic(x: np.ndarray, y: np.ndarray, iters: int = 25) -> np.ndarray:
    """Ridge-regularised logistic regression by Newton steps (few features, so this is exact enough)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    ridge = 1e-3 * np.eye(xb.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + ridge @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + ridge
        w -= np.linalg.solve(hess, grad)
    return w


def _margin(rng: np.random.Generator, tab: np.ndarray, graph: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    n = len(y)
    train = rng.random(n) < 0.5
    out: dict[str, Any] = {"population": n, "positives": int(y.sum())}
    for name, x in (("auc_tabular_only", tab), ("auc_tabular_plus_graph", np.hstack([tab, graph]))):
        mu, sd = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
        xs = (x - mu) / sd
        if y[train].min() == y[train].max() or (~train).sum() == 0:
            out[name] = None
            continue
        w = _fit_logistic(xs[train], y[train])
        score = np.hstack([np.ones((n, 1)), xs]) @ w
        out[name] = round(auc(y[~train], score[~train]), 4)
    if out["auc_tabular_only"] is not None and out["auc_tabular_plus_graph"] is not None:
        out["margin"] = round(out["auc_tabular_plus_graph"] - out["auc_tabular_only"], 4)
    return out


def _draw(rng: np.random.Generator, logit: np.ndarray) -> np.ndarray:
    hidden = rng.normal(0.0, 0.5, size=len(logit))
    return (rng.random(len(logit)) < 1 / (1 + np.exp(-(logit + hidden)))).astype(np.float64)


def build_outcomes(ent: Enterprises, per: Persons, own: Ownership, pairs: Pairs, bk: Bank,
                   seed: int) -> Outcomes:
    rng = rng_for(seed, "outcomes")
    cust_e = np.zeros(len(ent), dtype=bool)
    cust_p = np.zeros(len(per), dtype=bool)
    row_of_e = np.full(len(ent), -1, dtype=np.int64)
    row_of_p = np.full(len(per), -1, dtype=np.int64)
    for row, (k, i) in enumerate(zip(bk.cust_kind, bk.cust_party, strict=True)):
        if k == "E":
            cust_e[i], row_of_e[i] = True, row
        else:
            cust_p[i], row_of_p[i] = True, row
    near_core = core_neighbours(ent, pairs, cust_e)
    partners = np.zeros(len(ent))
    np.add.at(partners, pairs.buyer[cust_e[pairs.supplier]], 1)
    np.add.at(partners, pairs.supplier[cust_e[pairs.buyer]], 1)
    group_cust = np.zeros(len(ent), dtype=bool)
    for g, members in own.group_members.items():
        everyone = [own.group_parent[g], *members]
        if cust_e[everyone].any():
            group_cust[everyone] = True
    officer_of_cust = np.zeros(len(per))
    np.add.at(officer_of_cust, np.array(own.officer_person)[cust_e[np.array(own.officer_company)]], 1)
    z = np.log(ent.size)
    age = np.array([2025 - int(d[:4]) for d in ent.established], dtype=np.float64)
    active = ent.active()
    out = Outcomes()

    # Enterprises that are not customers yet.
    pop = np.flatnonzero(~cust_e & (ent.role != TAX) & (ent.role != BANK))
    tab = np.column_stack([z[pop], age[pop], (ent.chain[pop] >= 0).astype(float), active[pop].astype(float)])
    graph = np.column_stack([(near_core[pop] > 0).astype(float), np.log1p(partners[pop]), group_cust[pop]])
    logit = (-2.4 + 0.45 * tab[:, 0] - 0.02 * (tab[:, 1] - 15) + 0.3 * tab[:, 2] - 3.0 * (1 - tab[:, 3])
             + 1.6 * graph[:, 0] + 0.5 * graph[:, 1] + 0.7 * graph[:, 2])
    y = _draw(rng, logit)
    out.margins["became_customer_enterprise"] = _margin(rng, tab, graph, y)
    _emit(out, "E", pop, row_of_e, y, None)

    # Persons that are not customers yet.
    pop = np.flatnonzero(~cust_p)
    tab = np.column_stack([(2025 - per.birth_year[pop]).astype(float), (per.kind[pop] == 0).astype(float)])
    graph = np.column_stack([np.log1p(officer_of_cust[pop])])
    logit = -2.6 - 0.01 * (tab[:, 0] - 45) + 0.4 * tab[:, 1] + 1.3 * graph[:, 0]
    y = _draw(rng, logit)
    out.margins["became_customer_person"] = _margin(rng, tab, graph, y)
    _emit(out, "P", pop, row_of_p, y, None)

    # Customers under the effective threshold at the end of the history.
    n_products = np.zeros(len(bk.cust_kind))
    for row, _, _ in bk.products:
        n_products[row] += 1
    kinds = np.array(bk.cust_kind)
    party = np.array(bk.cust_party, dtype=np.int64)
    thr = np.where(kinds == "E", THRESHOLD_E, THRESHOLD_P)
    under = np.flatnonzero(bk.last_balance < thr)
    for kind in ("E", "P"):
        rows = under[kinds[under] == kind]
        ratio = bk.last_balance[rows] / thr[rows]
        tab = np.column_stack([ratio, n_products[rows], (36 - np.minimum(bk.since_month[rows], 36)).astype(float)])
        if kind == "E":
            pi = party[rows]
            graph = np.column_stack([(near_core[pi] > 0).astype(float), np.log1p(partners[pi]),
                                     (ent.chain[pi] >= 0) & (ent.role[pi] == CHAIN) & group_cust[pi]])
            logit = -3.2 + 3.2 * ratio + 0.15 * tab[:, 1] + 1.5 * graph[:, 0] + 0.4 * graph[:, 1]
        else:
            graph = np.column_stack([np.log1p(officer_of_cust[party[rows]])])
            logit = -3.4 + 3.2 * ratio + 0.15 * tab[:, 1] + 1.2 * graph[:, 0]
        y = _draw(rng, logit)
        out.margins[f"became_effective_{'enterprise' if kind == 'E' else 'person'}"] = _margin(
            rng, tab, graph.astype(float), y)
        _emit(out, kind, party[rows], row_of_e if kind == "E" else row_of_p, None, y)
    return out


def _emit(out: Outcomes, kind: str, parties: np.ndarray, row_of: np.ndarray, customer: np.ndarray | None,
          effective: np.ndarray | None) -> None:
    for j, i in enumerate(parties):
        out.party_kind.append(kind)
        out.party.append(int(i))
        out.customer_row.append(int(row_of[i]))
        out.became_customer.append("" if customer is None else str(int(customer[j])))
        out.became_effective.append("" if effective is None else str(int(effective[j])))
