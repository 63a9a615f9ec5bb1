"""Lead-model labels of two consecutive 3-month windows: who became a customer, who became effective.

W1 = (D1, D2] and W2 = (D2, D3] (synth/scales.py). Each label is a Bernoulli draw with probability
`propensity` = sigmoid(logit + hidden noise), the logit having a tabular part (size, age, balance
closeness to the threshold, products) and a graph part (trading with a core customer, customer partners,
group or officer ties to customers), computed from the world as it stood at the window's start.
`propensity_observable` is the same without the hidden noise: the ceiling of a model that knew every fact
the logit uses (the oracle's margin over it is noise no model can learn). W1's outcomes are written into
the history (new customers with their `since` in W1, their products and balances; W1 balances of
customers who became effective cross the threshold, those who did not stay under it), so
graph.learning.labels reads W1's labels back from the input files exactly; W2's outcomes exist only in
outcomes.csv. To document the margin a graph-aware model can earn, the generator fits two logistic
regressions on one half of each population (tabular features only, and tabular plus graph features) and
reports both AUCs on the other half.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from liantu.errors import InvalidInput
from synth.bank import THRESHOLD_E, THRESHOLD_P, Bank, add_customers, core_neighbours, extend_balances
from synth.entities import BANK, CHAIN, TAX, Enterprises, Persons
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.scales import D1_MONTH, HISTORY_MONTHS, OUTCOME_MONTHS, WINDOWS
from synth.supply_chain import Pairs

TARGETS = ("become_customer_e", "become_customer_p", "become_effective_e", "become_effective_p")
MARGIN_KEYS = {"become_customer_e": "became_customer_enterprise", "become_customer_p": "became_customer_person",
               "become_effective_e": "became_effective_enterprise", "become_effective_p": "became_effective_person"}


@dataclass
class Outcomes:
    window: list[int] = field(default_factory=list)
    party_kind: list[str] = field(default_factory=list)
    party: list[int] = field(default_factory=list)
    customer_row: list[int] = field(default_factory=list)  # -1 for non-customers
    became_customer: list[str] = field(default_factory=list)  # "1"/"0", or "" when not in that population
    became_effective: list[str] = field(default_factory=list)
    propensity: list[float] = field(default_factory=list)  # the probability the row's label was drawn from
    # The same without the hidden noise: what the world's own facts say, the best any model of them can know.
    observable: list[float] = field(default_factory=list)
    margins: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)  # window -> population -> AUCs


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


def _draw(rng: np.random.Generator, logit: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, the propensity each was drawn from (the hidden noise is part of it), and the observable
    propensity (the logit alone, without the noise no model can see)."""
    hidden = rng.normal(0.0, 0.5, size=len(logit))
    p = 1 / (1 + np.exp(-(logit + hidden)))
    return (rng.random(len(logit)) < p).astype(np.float64), p, 1 / (1 + np.exp(-logit))


@dataclass
class _Scene:
    """The world at a window's start: who is a customer, and the graph facts the logits use."""

    cust_e: np.ndarray
    cust_p: np.ndarray
    row_of_e: np.ndarray
    row_of_p: np.ndarray
    near_core: np.ndarray
    partners: np.ndarray
    group_cust: np.ndarray
    officer_of_cust: np.ndarray
    rows: int  # customer records that exist at the start


def _scene(ent: Enterprises, per: Persons, own: Ownership, pairs: Pairs, bk: Bank, rows: int) -> _Scene:
    """Customers are the first `rows` customer records (later rows joined after the window's start)."""
    cust_e = np.zeros(len(ent), dtype=bool)
    cust_p = np.zeros(len(per), dtype=bool)
    row_of_e = np.full(len(ent), -1, dtype=np.int64)
    row_of_p = np.full(len(per), -1, dtype=np.int64)
    for row, (k, i) in enumerate(zip(bk.cust_kind[:rows], bk.cust_party[:rows], strict=True)):
        if k == "E":
            cust_e[i], row_of_e[i] = True, row
        else:
            cust_p[i], row_of_p[i] = True, row
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
    return _Scene(cust_e, cust_p, row_of_e, row_of_p, core_neighbours(ent, pairs, cust_e), partners, group_cust,
                  officer_of_cust, rows)


@dataclass
class _Drawn:
    new_e: np.ndarray  # enterprises that became customers
    new_p: np.ndarray
    eff_rows: np.ndarray  # customer rows under the threshold at the start
    eff_y: np.ndarray


def _window(out: Outcomes, w: int, rng: np.random.Generator, ent: Enterprises, per: Persons, sc: _Scene,
            bk: Bank, bal: np.ndarray, start_month: int, start: date) -> _Drawn:
    z = np.log(ent.size)
    age = np.array([start.year - int(d[:4]) for d in ent.established], dtype=np.float64)
    active = ent.active()
    margins: dict[str, dict[str, Any]] = {}

    # Enterprises that are not customers at the start (tax bureaus and banks never become one).
    pop = np.flatnonzero(~sc.cust_e)
    tab = np.column_stack([z[pop], age[pop], (ent.chain[pop] >= 0).astype(float), active[pop].astype(float)])
    graph = np.column_stack([(sc.near_core[pop] > 0).astype(float), np.log1p(sc.partners[pop]), sc.group_cust[pop]])
    logit = (-3.4 + 0.45 * tab[:, 0] - 0.02 * (tab[:, 1] - 15) + 0.3 * tab[:, 2] - 3.0 * (1 - tab[:, 3])
             + 1.6 * graph[:, 0] + 0.5 * graph[:, 1] + 0.7 * graph[:, 2])
    y, p, q = _draw(rng, logit)
    never = (ent.role[pop] == TAX) | (ent.role[pop] == BANK)
    y[never], p[never], q[never] = 0.0, 0.0, 0.0
    margins["became_customer_enterprise"] = _margin(rng, tab, graph, y)
    _emit(out, w, "E", pop, sc.row_of_e, y, None, p, q)
    new_e = pop[y > 0]

    # Persons that are not customers at the start.
    pop = np.flatnonzero(~sc.cust_p)
    tab = np.column_stack([(start.year - per.birth_year[pop]).astype(float), (per.kind[pop] == 0).astype(float)])
    graph = np.column_stack([np.log1p(sc.officer_of_cust[pop])])
    logit = -3.5 - 0.01 * (tab[:, 0] - 45) + 0.4 * tab[:, 1] + 1.3 * graph[:, 0]
    y, p, q = _draw(rng, logit)
    margins["became_customer_person"] = _margin(rng, tab, graph, y)
    _emit(out, w, "P", pop, sc.row_of_p, y, None, p, q)
    new_p = pop[y > 0]

    # Customers under the effective threshold in the start's month.
    rows_now = sc.rows
    n_products = np.zeros(rows_now)
    for row, _, opened in bk.products:
        if row < rows_now and opened <= start.isoformat():
            n_products[row] += 1
    kinds = np.array(bk.cust_kind[:rows_now])
    party = np.array(bk.cust_party[:rows_now], dtype=np.int64)
    thr = np.where(kinds == "E", THRESHOLD_E, THRESHOLD_P)
    under = np.flatnonzero(bal[:rows_now, start_month] < thr)
    eff_rows: list[np.ndarray] = []
    eff_y: list[np.ndarray] = []
    for kind in ("E", "P"):
        rows = under[kinds[under] == kind]
        ratio = bal[rows, start_month] / thr[rows]
        tenure = (start_month + 1 - np.minimum(bk.since_month[rows], start_month + 1)).astype(float)
        tab = np.column_stack([ratio, n_products[rows], tenure])
        if kind == "E":
            pi = party[rows]
            graph = np.column_stack([(sc.near_core[pi] > 0).astype(float), np.log1p(sc.partners[pi]),
                                     (ent.chain[pi] >= 0) & (ent.role[pi] == CHAIN) & sc.group_cust[pi]])
            logit = -3.9 + 3.2 * ratio + 0.15 * tab[:, 1] + 1.5 * graph[:, 0] + 0.4 * graph[:, 1]
        else:
            graph = np.column_stack([np.log1p(sc.officer_of_cust[party[rows]])])
            logit = -4.1 + 3.2 * ratio + 0.15 * tab[:, 1] + 1.2 * graph[:, 0]
        y, p, q = _draw(rng, logit)
        margins[f"became_effective_{'enterprise' if kind == 'E' else 'person'}"] = _margin(
            rng, tab, graph.astype(float), y)
        _emit(out, w, kind, party[rows], sc.row_of_e if kind == "E" else sc.row_of_p, None, y, p, q)
        eff_rows.append(rows)
        eff_y.append(y)
    out.margins[w] = margins
    return _Drawn(new_e, new_p, np.concatenate(eff_rows), np.concatenate(eff_y))


def _live_window1(bk: Bank, bal: np.ndarray, drawn: _Drawn, rng: np.random.Generator) -> None:
    """Write W1's effective outcomes into the W1 balances: the window's mean crosses the threshold or not.

    A margin of a few percent keeps the label stable through rounding to cents.
    """
    months = slice(D1_MONTH + 1, D1_MONTH + 1 + OUTCOME_MONTHS)
    thr = np.where(np.array(bk.cust_kind)[drawn.eff_rows] == "E", THRESHOLD_E, THRESHOLD_P)
    block = bal[drawn.eff_rows, months]
    mean = block.mean(axis=1)
    up = (drawn.eff_y > 0) & (mean < 1.01 * thr)
    down = (drawn.eff_y == 0) & (mean > 0.99 * thr)
    goal = np.where(up, thr * rng.uniform(1.02, 1.6, size=len(thr)), thr * rng.uniform(0.6, 0.98, size=len(thr)))
    change = up | down
    shape = np.where(block > 0, block / np.maximum(mean, 1e-9)[:, None], 1.0)
    bal[drawn.eff_rows[change], months] = shape[change] * goal[change, None]


def build_outcomes(ent: Enterprises, per: Persons, own: Ownership, pairs: Pairs, bk: Bank, bal: np.ndarray,
                   seed: int) -> tuple[Outcomes, np.ndarray]:
    """Draw both windows; append W1's new customers to `bk` and return the balances including theirs."""
    rng = rng_for(seed, "outcomes")
    out = Outcomes()
    start1, start2 = WINDOWS[1][0], WINDOWS[2][0]
    drawn = _window(out, 1, rng, ent, per, _scene(ent, per, own, pairs, bk, len(bk.cust_kind)), bk, bal,
                    D1_MONTH, start1)
    _live_window1(bk, bal, drawn, rng)
    joins = rng_for(seed, "outcomes-joins")
    for kind, parties in (("E", drawn.new_e), ("P", drawn.new_p)):
        since = [start1 + timedelta(days=int(d)) for d in joins.integers(1, (start2 - start1).days + 1,
                                                                         size=len(parties))]
        add_customers(bk, ent, per, kind, parties, since, joins)
    bal = extend_balances(bal, bk, joins)
    rng2 = rng_for(seed, "outcomes-window-2")
    _window(out, 2, rng2, ent, per, _scene(ent, per, own, pairs, bk, len(bk.cust_kind)), bk, bal,
            HISTORY_MONTHS - 1, start2)
    return out, bal


def _emit(out: Outcomes, w: int, kind: str, parties: np.ndarray, row_of: np.ndarray, customer: np.ndarray | None,
          effective: np.ndarray | None, propensity: np.ndarray, observable: np.ndarray) -> None:
    for j, i in enumerate(parties):
        out.window.append(w)
        out.party_kind.append(kind)
        out.party.append(int(i))
        out.customer_row.append(int(row_of[i]))
        out.became_customer.append("" if customer is None else str(int(customer[j])))
        out.became_effective.append("" if effective is None else str(int(effective[j])))
        out.propensity.append(round(float(propensity[j]), 6))
        out.observable.append(round(float(observable[j]), 6))


def read_outcomes(directory: Path | str, window: int,
                  column: str = "propensity") -> dict[str, dict[str, tuple[int, float]]]:
    """The truth of one window from `outcomes.csv`: {target: {party id: (label, propensity)}}.

    `column="propensity_observable"` gives the propensity without the hidden noise instead (the ceiling of
    a model that knows every fact the world drew from, and nothing else)."""
    path = Path(directory) / "outcomes.csv"
    if window not in WINDOWS:
        raise InvalidInput(f"window must be one of {sorted(WINDOWS)}, got {window!r}")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file (a synthetic world's output directory holds outcomes.csv)")
    out: dict[str, dict[str, tuple[int, float]]] = {t: {} for t in TARGETS}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"window", "party_kind", "party_id", "became_customer", "became_effective",
                   column} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInput(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for n, row in enumerate(reader, start=2):
            try:
                if int(row["window"]) != window:
                    continue
                suffix = "e" if row["party_kind"] == "E" else "p"
                p = float(row[column])
                if row["became_customer"]:
                    out[f"become_customer_{suffix}"][row["party_id"]] = (int(row["became_customer"]), p)
                if row["became_effective"]:
                    out[f"become_effective_{suffix}"][row["party_id"]] = (int(row["became_effective"]), p)
            except (ValueError, KeyError) as exc:
                raise InvalidInput(f"{path}: row {n}: {exc}") from None
    return out
