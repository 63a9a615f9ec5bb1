"""Planted churn of enterprise customers over the two label windows, with the true probability (the ceiling).

The rule (docs/churn.md): an enterprise customer churns in (D, D+3m] when one month's balance in the
window falls below CHURN_SHARE of its mean over the 6 months up to D's month. The population at D is the
enterprise customers with a positive balance in each of those 6 months and an effective balance
(>= THRESHOLD_E) in D's month: the customers worth keeping. That population is disjoint from the
effective-customer population of synth/outcomes.py (customers under the threshold at D), so the two
plantings never rewrite the same balances.

The probability of churning is sigmoid(logit + hidden noise) with
* tabular causes, visible in the customer's own record: a falling balance trend, a restless balance (the
  spread of its monthly balances), a short tenure, a small firm;
* graph causes, visible only through its ties: the share of its supply partners among our customers that
  are leaving the bank (their balance in D's month below half their mean over the 6 months before), a
  core-enterprise partner leaving, a group member leaving.
Leaving partners come in clusters: before W1, whole supply chains are under stress and many of their
customers draw their balances down over the three months before D1 (so the chain shrinks at the bank);
before W2, the partners leaving are those of W1's churners whose balances stayed down.

W1's labels are written into the W1 balances (a churner's balance drops below the line from a month of
the window on; a non-churner's stays above 0.55 of its mean, a margin that rounding to cents cannot
cross), so graph.learning.churn reads W1's labels back from the input files exactly; W2's exist only in
`churn.csv` (window, customer_no, party_id, churned, propensity).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from liantu.errors import InvalidInput
from synth.bank import THRESHOLD_E, Bank
from synth.entities import Enterprises
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.scales import D1_MONTH, HISTORY_MONTHS, OUTCOME_MONTHS
from synth.supply_chain import Pairs

CHURN_SHARE = 0.5  # a month below half the 6-month mean is a churn
MEAN_MONTHS = 6
LEAVING_SHARE = 0.5  # a partner whose last month is below half its previous 6 months' mean is leaving
KEEP_FLOOR = 0.55  # non-churners stay at or above this share of their mean in every window month
WINDOW_START_MONTH = {1: D1_MONTH, 2: HISTORY_MONTHS - 1}  # the month index of D for each window


@dataclass
class ChurnWindow:
    window: int
    rows: np.ndarray  # customer rows of the population
    churned: np.ndarray  # 0/1
    propensity: np.ndarray
    leaving_share: np.ndarray  # the graph cause, kept for the generator's own check


@dataclass
class ChurnTruth:
    windows: list[ChurnWindow] = field(default_factory=list)


def population(bk: Bank, bal: np.ndarray, month: int) -> np.ndarray:
    """Enterprise customer rows with 6 positive months up to `month` and an effective balance in it."""
    n = bal.shape[0]
    kinds = np.array(bk.cust_kind[:n])
    first = month - MEAN_MONTHS + 1
    full = (bk.since_month[:n] <= first) & (bal[:, first:month + 1] > 0).all(axis=1)
    return np.flatnonzero((kinds == "E") & full & (bal[:, month] >= THRESHOLD_E))


def leaving(bk: Bank, bal: np.ndarray, month: int) -> np.ndarray:
    """Per customer row: leaving the bank at `month` (its balance below half its previous 6 months' mean)."""
    prev = bal[:, month - MEAN_MONTHS:month].mean(axis=1)
    started = bk.since_month[:bal.shape[0]] <= month - MEAN_MONTHS
    out: np.ndarray = started & (prev > 0) & (bal[:, month] < LEAVING_SHARE * prev)
    return out


def _party_rows(bk: Bank, n_ent: int, rows: int) -> np.ndarray:
    """Enterprise index -> its customer row (-1 when not a customer); the first record wins."""
    row_of = np.full(n_ent, -1, dtype=np.int64)
    for r in range(rows - 1, -1, -1):
        if bk.cust_kind[r] == "E":
            row_of[bk.cust_party[r]] = r
    return row_of


def _causes(ent: Enterprises, own: Ownership, pairs: Pairs, bk: Bank, bal: np.ndarray, month: int,
            rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tabular and graph cause columns of the population rows at `month`."""
    n = bal.shape[0]
    row_of = _party_rows(bk, len(ent), n)
    gone = leaving(bk, bal, month)
    ent_gone = np.zeros(len(ent), dtype=bool)
    ent_cust = row_of >= 0
    ent_gone[ent_cust] = gone[row_of[ent_cust]]
    # Supply partners that are our customers (both directions), and how many of them are leaving.
    live = pairs.start <= month
    a, b = pairs.supplier[live], pairs.buyer[live]
    partners = np.zeros(len(ent))
    leavers = np.zeros(len(ent))
    core_leaving = np.zeros(len(ent), dtype=bool)
    for x, y in ((a, b), (b, a)):
        cust = ent_cust[y]
        np.add.at(partners, x[cust], 1)
        np.add.at(leavers, x[cust], ent_gone[y[cust]])
        core_leaving[x[ent_gone[y] & ent.core[y]]] = True
    group_leaving = np.zeros(len(ent), dtype=bool)
    for g, members in own.group_members.items():
        everyone = np.array([own.group_parent[g], *members], dtype=np.int64)
        k = int(ent_gone[everyone].sum())
        if k:
            group_leaving[everyone] = (k - ent_gone[everyone]) > 0
    party = np.array(bk.cust_party, dtype=np.int64)[rows]
    share = np.divide(leavers[party], partners[party], out=np.zeros(len(rows)), where=partners[party] > 0)
    last3 = bal[rows, month - 2:month + 1].mean(axis=1)
    prev3 = bal[rows, month - 5:month - 2].mean(axis=1)
    trend = np.log(np.maximum(last3, 1.0) / np.maximum(prev3, 1.0))
    logs = np.log(np.maximum(bal[rows, month - MEAN_MONTHS + 1:month + 1], 1.0))
    volatility = logs.std(axis=1)
    tenure = (month - np.minimum(bk.since_month[rows], month)) / 12.0
    tab = np.column_stack([trend, volatility, np.log1p(tenure), np.log(ent.size[party])])
    graph = np.column_stack([share, core_leaving[party], group_leaving[party]]).astype(np.float64)
    return tab, graph


def _logit(tab: np.ndarray, graph: np.ndarray) -> np.ndarray:
    return (-2.4 - 2.2 * tab[:, 0] + 1.5 * tab[:, 1] - 0.35 * tab[:, 2] - 0.15 * tab[:, 3]
            + 3.0 * graph[:, 0] + 1.3 * graph[:, 1] + 0.9 * graph[:, 2])


def _draw(rng: np.random.Generator, logit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = 1 / (1 + np.exp(-(logit + rng.normal(0.0, 0.5, size=len(logit)))))
    return (rng.random(len(logit)) < p).astype(np.int64), p


def _stress_chains(ent: Enterprises, bk: Bank, bal: np.ndarray, rng: np.random.Generator) -> None:
    """Before W1: customers of stressed chains (and a few others) draw their balances down over 3 months."""
    n = bal.shape[0]
    chains = np.unique(ent.chain[ent.chain >= 0])
    stressed = chains[rng.random(len(chains)) < 0.3] if len(chains) else chains
    kinds = np.array(bk.cust_kind[:n])
    party = np.where(kinds == "E", np.array(bk.cust_party[:n], dtype=np.int64), 0)  # persons: index unused
    in_stress = (kinds == "E") & np.isin(ent.chain[party], stressed)
    p = np.where(in_stress, 0.3, 0.03)
    old = bk.since_month[:n] <= D1_MONTH - MEAN_MONTHS - 2
    draw = (kinds == "E") & old & (rng.random(n) < p)
    factors = np.array([0.7, 0.45, 0.25])
    bal[np.ix_(np.flatnonzero(draw), np.arange(D1_MONTH - 2, D1_MONTH + 1))] *= factors[None, :]


def _live_window1(bal: np.ndarray, w: ChurnWindow, rng: np.random.Generator) -> None:
    """Make W1's balances say W1's labels: churners fall below the line from a month of the window on."""
    month = WINDOW_START_MONTH[1]
    mean6 = bal[w.rows, month - MEAN_MONTHS + 1:month + 1].mean(axis=1)
    for j in range(OUTCOME_MONTHS):
        m = month + 1 + j
        bal[w.rows, m] = np.maximum(bal[w.rows, m], KEEP_FLOOR * mean6)
    churners = np.flatnonzero(w.churned > 0)
    start = rng.integers(0, OUTCOME_MONTHS, size=len(churners))
    low = rng.uniform(0.08, 0.4, size=len(churners))
    for j in range(OUTCOME_MONTHS):
        hit = start <= j
        r = w.rows[churners[hit]]
        bal[r, month + 1 + j] = mean6[churners[hit]] * low[hit] * (0.85 ** (j - start[hit]))


def _window(w: int, ent: Enterprises, own: Ownership, pairs: Pairs, bk: Bank, bal: np.ndarray,
            rng: np.random.Generator) -> ChurnWindow:
    month = WINDOW_START_MONTH[w]
    rows = population(bk, bal, month)
    tab, graph = _causes(ent, own, pairs, bk, bal, month, rows)
    y, p = _draw(rng, _logit(tab, graph))
    return ChurnWindow(w, rows, y, p, graph[:, 0])


def plant_window1(ent: Enterprises, own: Ownership, pairs: Pairs, bk: Bank, bal: np.ndarray, seed: int) -> ChurnWindow:
    """Stress chains before D1, draw W1's churners and write them into `bal` (in place)."""
    rng = rng_for(seed, "churn-window-1")
    _stress_chains(ent, bk, bal, rng)
    w1 = _window(1, ent, own, pairs, bk, bal, rng)
    _live_window1(bal, w1, rng)
    return w1


def draw_window2(ent: Enterprises, own: Ownership, pairs: Pairs, bk: Bank, bal: np.ndarray, seed: int) -> ChurnWindow:
    """W2's churners, drawn from the world at D2 (balances final); they live only in the truth file."""
    return _window(2, ent, own, pairs, bk, bal, rng_for(seed, "churn-window-2"))


def write_churn_truth(out: Path, windows: list[ChurnWindow], bk: Bank, ent: Enterprises) -> int:
    path = out / "churn.csv"
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["window", "customer_no", "party_id", "churned", "propensity"])
        for win in windows:
            for r, y, p in zip(win.rows.tolist(), win.churned.tolist(), win.propensity.tolist(), strict=True):
                w.writerow([win.window, bk.customer_no(r), ent.uscc[bk.cust_party[r]], y, f"{p:.6f}"])
                n += 1
    return n


def read_churn_truth(directory: Path | str, window: int) -> dict[str, tuple[int, float]]:
    """One window of `churn.csv`: {customer_no: (churned, propensity)}."""
    path = Path(directory) / "churn.csv"
    if window not in WINDOW_START_MONTH:
        raise InvalidInput(f"window must be one of {sorted(WINDOW_START_MONTH)}, got {window!r}")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file (generate the world with churn planted: `liantu synth --churn`)")
    out: dict[str, tuple[int, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"window", "customer_no", "churned", "propensity"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInput(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for n, row in enumerate(reader, start=2):
            try:
                if int(row["window"]) == window:
                    out[row["customer_no"]] = (int(row["churned"]), float(row["propensity"]))
            except ValueError as exc:
                raise InvalidInput(f"{path}: row {n}: {exc}") from None
    return out
