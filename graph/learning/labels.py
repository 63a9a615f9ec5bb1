"""Lead labels of a window (start, end], derived from the graph: who became a customer, who became effective.

The rules, shared with the synthetic world (synth/outcomes.py draws its labels so that these rules read
them back from its input files):
* `become_customer_e` / `_p`: the population is every enterprise existing on `start` (established on or
  before it) / every person, that is not a customer on `start`; the label is 1 when a customer record of
  the party has its `since` in (start, end].
* `become_effective_e` / `_p`: the population is every customer on `start` whose average balance of the
  last month complete on `start` is below the effective threshold (a 临界户 when close to it); the label
  is 1 when the mean of its monthly average balances over the window's months (the months whose last day
  is in (start, end]; a month without a record counts as zero) reaches the threshold.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from graph.learning.asof import add_months, last_complete_month, read_balances
from graph.store import GraphStore
from liantu.errors import InvalidInput

Target = Literal["become_customer_e", "become_customer_p", "become_effective_e", "become_effective_p"]
TARGETS: tuple[Target, ...] = ("become_customer_e", "become_customer_p", "become_effective_e", "become_effective_p")
# The monthly average balance (yuan) that makes a customer "effective" (有效户). synth/bank.py plants the
# same figures (THRESHOLD_E, THRESHOLD_P); tests/unit/synth checks that they agree.
EFFECTIVE_THRESHOLD = {"E": 500_000.0, "P": 50_000.0}


def kind_of(target: str) -> Literal["E", "P"]:
    if target not in TARGETS:
        raise InvalidInput(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    return "E" if target.endswith("_e") else "P"


def window_months(start: date, end: date) -> list[str]:
    """The months whose last day falls in (start, end]."""
    first, last = add_months(last_complete_month(start), 1), last_complete_month(end)
    out: list[str] = []
    m = first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def in_population(target: str, is_customer: npt.NDArray[np.bool_],
                  is_effective: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which rows of a feature frame at `start` belong to the target's population (the same rule as below)."""
    kind_of(target)
    if target.startswith("become_customer"):
        return np.asarray(~is_customer)
    return np.asarray(is_customer & ~is_effective)


def labels_from_graph(store: GraphStore, target: str, start: date, end: date) -> dict[str, int]:
    """{party id (USCC or person_id): 0/1} for the target's population on `start`, over (start, end]."""
    kind = kind_of(target)
    if end <= start:
        raise InvalidInput(f"the window must end after it starts: ({start}, {end}]")
    by_party_start = _customers(store, start, kind)
    if target.startswith("become_customer"):
        later = _customers(store, end, kind)
        if kind == "E":
            parties = [r["uscc"] for r in store.read("learning/read_enterprises_as_of", {"as_of": start.isoformat()})]
        else:
            parties = [r["person_id"] for r in store.read("learning/read_persons")]
        return {p: int(p in later) for p in parties if p not in by_party_start}
    months = window_months(start, end)
    if not months:
        raise InvalidInput(f"the window ({start}, {end}] holds no whole month")
    before = last_complete_month(start)
    balances = read_balances(store, before, months[-1])
    thr = EFFECTIVE_THRESHOLD[kind]
    out: dict[str, int] = {}
    for party, customer_no in by_party_start.items():
        series = balances.get(customer_no, {})
        if series.get(before, 0.0) >= thr:
            continue
        mean = sum(series.get(m, 0.0) for m in months) / len(months)
        out[party] = int(mean >= thr)
    return out


def _customers(store: GraphStore, as_of: date, kind: str) -> dict[str, str]:
    """{party id: its oldest customer_no} of the customers of one kind on `as_of`."""
    rows = store.read("learning/read_customers_as_of", {"as_of": as_of.isoformat()})
    out: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r["since"] or "", r["customer_no"])):
        if r["party_kind"] == kind:
            out.setdefault(r["party_id"], r["customer_no"])
    return out
