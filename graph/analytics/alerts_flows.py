"""The two alert rules on where a customer's money goes (docs/alerts.md), run by `alerts.run_alerts`.

- `payments_to_non_customers` (资金外流, to the RM): the share of a customer's outgoing payments that
  goes to parties who do not bank with us rose sharply from the 90 days to `since` to the 90 days to
  `until`. Money that used to stay inside the bank now settles with other banks' customers: the customer
  may be moving its business elsewhere, and the new payees are people the RM could bring in.
- `new_fund_loop` (新增资金闭环, to the risk officer): a circular fund flow (docs/rules.md §9, found by
  graph/analytics/fund_flows.py) through a customer that is there on `until` and was not on `since`,
  with every payment of every leg that closes it as the evidence.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from graph.analytics.fund_flows import MAX_HOPS, MAX_RATIO, MIN_RATIO, FundLoop, Txn, fund_loops
from graph.analytics.trade_windows import NON_TRADE
from graph.store import GraphStore

if TYPE_CHECKING:
    from graph.analytics.alerts import _Raiser

log = logging.getLogger(__name__)
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
OUTFLOW_DAYS = 90
OUTFLOW_RISE = 0.30  # the non-customer share rose by at least 30 percentage points ...
OUTFLOW_SHARE = 0.50  # ... and now most of the money leaves the bank ...
OUTFLOW_MIN_TOTAL = 100_000.0  # ... out of at least this much paid in the new window (CNY)
OUTFLOW_HIGH_RISE = 0.50  # a rise of 50 points or more is high severity
OUTFLOW_TOP = 5
OUTFLOW_RULE = (f"docs/alerts.md payments_to_non_customers: share of outgoing payments (salaries and taxes "
                f"left out) to parties that are not our customers at the window's end, over the "
                f"{OUTFLOW_DAYS} days to each date; raised when it rose by >= {OUTFLOW_RISE:.0%} points to "
                f">= {OUTFLOW_SHARE:.0%} of >= {OUTFLOW_MIN_TOTAL:,.0f} CNY, with payments in both windows")
LOOP_WINDOW_DAYS = 180
LOOP_RULE = (f"docs/alerts.md new_fund_loop: a circular fund flow (docs/rules.md §9, {LOOP_WINDOW_DAYS}-day "
             f"window) from the customer back to it or a related party, closing after the previous date and "
             f"sharing no payment with a loop found on the previous date")


@dataclass
class _Window:
    total: float = 0.0
    outside: float = 0.0  # paid to parties that were not customers at the window's end
    payees: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.outside / self.total if self.total > 0 else 0.0


def _windows(store: GraphStore, usccs: list[str], d0: date, d1: date) -> tuple[dict[str, _Window], dict[str, _Window]]:
    """Each customer's outgoing payments over the 90 days to `d0` and to `d1`, read in one pass."""
    before: dict[str, _Window] = defaultdict(_Window)
    after: dict[str, _Window] = defaultdict(_Window)
    params = {"usccs": usccs, "before_from": (d0 - timedelta(days=OUTFLOW_DAYS)).isoformat(), "d0": d0.isoformat(),
              "after_from": (d1 - timedelta(days=OUTFLOW_DAYS)).isoformat(), "d1": d1.isoformat(),
              "non_trade": list(NON_TRADE)}
    for (u, payee, name, kind, before_total, before_payments, after_total, after_payments, customer_before,
         customer_after) in store.stream("alerts/read_outflow_windows", params):
        for windows, total, payments, customer in ((before, before_total, before_payments, customer_before),
                                                   (after, after_total, after_payments, customer_after)):
            if payments == 0:
                continue
            w = windows[u]
            amount = float(total)
            w.total += amount
            if not customer:
                w.outside += amount
                w.payees[payee] = {"payee": payee, "name": name, "payee_kind": kind, "total": total,
                                   "payments": payments}
    return before, after


def payments_to_non_customers(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    d0, d1 = date.fromisoformat(r.since), date.fromisoformat(r.until)
    usccs = sorted(customers)
    if not usccs:
        return
    before, after = _windows(store, usccs, d0, d1)
    for u in usccs:
        old, new = before.get(u), after.get(u)
        if old is None or new is None or old.total <= 0 or new.total < OUTFLOW_MIN_TOTAL:
            continue
        rise = new.share - old.share
        if new.share < OUTFLOW_SHARE or rise < OUTFLOW_RISE:
            continue
        c = customers[u]
        w0 = f"{d0 - timedelta(days=OUTFLOW_DAYS)}..{d0}"
        w1 = f"{d1 - timedelta(days=OUTFLOW_DAYS)}..{d1}"
        top = sorted(new.payees.values(), key=lambda p: (-float(p["total"]), p["payee"]))[:OUTFLOW_TOP]
        r.add(c, "payments_to_non_customers", f"{r.since}>{r.until}",
              "high" if rise >= OUTFLOW_HIGH_RISE else "medium", "rm", "资金外流: 付款转向非我行客户",
              f"{c['name']}: the share of its payments going to non-customers rose from {old.share:.0%} "
              f"({w0}) to {new.share:.0%} ({w1}), {new.outside:,.2f} of {new.total:,.2f} CNY",
              [f"{u} {w0}: {old.outside:,.2f} of {old.total:,.2f} CNY to non-customers ({old.share:.0%})",
               f"{u} {w1}: {new.outside:,.2f} of {new.total:,.2f} CNY to non-customers ({new.share:.0%})",
               *[f"non-customer {p['payee_kind']} {p['payee']} {p['name'] or ''}: {float(p['total']):,.2f} CNY in "
                 f"{p['payments']} payments{'' if p['payee'] in old.payees else ' (not paid before)'}"
                 for p in top],
               OUTFLOW_RULE])


def _txns(loop: FundLoop) -> list[Txn]:
    unique = {t.txn_id: t for path in loop.paths for t in path}
    return sorted(unique.values(), key=lambda t: (t.day, t.txn_id))


@dataclass
class ClosingSearch:
    """What the nightly search from the window's closing payments found, for the run's log and tests."""

    closing_payments: int = 0
    payments_read: int = 0
    cores: set[str] = field(default_factory=set)
    # Closing payments whose backward search hit MAX_LEG_STATES: every customer they could close a loop
    # of is searched in full instead, so a cut search loses nothing.
    cut: int = 0


MAX_LEG_STATES = 5_000


class _PaymentsInto:
    """The window's payments between enterprises, grouped by payee and sorted by date within each."""

    def __init__(self, rows: Iterable[list[Any]]) -> None:
        self.ids: dict[str, int] = {}
        payer: list[int] = []
        payee: list[int] = []
        amount: list[float] = []
        day: list[str] = []
        for a, b, amt, d in rows:
            payer.append(self.ids.setdefault(a, len(self.ids)))
            payee.append(self.ids.setdefault(b, len(self.ids)))
            amount.append(float(amt))
            day.append(d)
        self.names = list(self.ids)
        days = np.array(day, dtype="datetime64[D]").astype(np.int64)
        order = np.lexsort((days, np.asarray(payee, dtype=np.int64)))
        self.payer = np.asarray(payer, dtype=np.int64)[order]
        self.payee = np.asarray(payee, dtype=np.int64)[order]
        self.amount = np.asarray(amount, dtype=np.float64)[order]
        self.day = days[order]
        self.start = np.searchsorted(self.payee, np.arange(len(self.ids) + 1))

    def into(self, node: int, first_day: int, last_day: int, lo: float,
             hi: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Payments into `node` dated in [first_day, last_day] whose amount lies in [lo, hi]."""
        a, b = int(self.start[node]), int(self.start[node + 1])
        days = self.day[a:b]
        a, b = a + int(np.searchsorted(days, first_day)), a + int(np.searchsorted(days, last_day, side="right"))
        amounts = self.amount[a:b]
        keep = (amounts >= lo) & (amounts <= hi)
        return self.payer[a:b][keep], self.day[a:b][keep], amounts[keep]


def closing_loop_cores(store: GraphStore, since: str, until: str, customers: set[str]) -> ClosingSearch:
    """The customers a fund loop closing in (since, until] may start from, found backwards from the
    payments that close it.

    A loop that closes in the window has a leg whose last payment is dated in it and arrives at the core
    or one of its related parties (fund_flows/read_related_parties; the relation runs both ways, so the
    core is that payee or related to it). From each such payment the search walks back along payments
    dated on or before the next one and at most the window before the closing one, each passing on
    MIN_RATIO..MAX_RATIO of the one before it (a steady leg, rule §9 step 2: money routed through a
    shell, less a fee), up to MAX_HOPS - 1 payments back, and keeps the customers it meets that the
    closing payee is or is related to. Only they are searched in full (`fund_loops`).

    The whole window is read once and searched in memory. Searching in full from every payee of a night
    and its related parties (62,892 enterprises on the large world) did not finish in 19 minutes.
    A loop whose every leg closing in the window merges or splits the money (a hop passing on less than
    MIN_RATIO or more than MAX_RATIO of the one before) is not searched for here.
    """
    d0, d1 = date.fromisoformat(since), date.fromisoformat(until)
    first = d0 + timedelta(days=1) - timedelta(days=LOOP_WINDOW_DAYS)
    window = _PaymentsInto(store.stream("alerts/read_window_payments",
                                        {"since": first.isoformat(), "until": d1.isoformat()}))
    found = ClosingSearch(payments_read=len(window.payer))
    night = np.flatnonzero(window.day > np.datetime64(d0, "D").astype(np.int64))
    found.closing_payments = len(night)
    payees = sorted({window.names[int(window.payee[i])] for i in night})
    related: dict[str, set[str]] = {u: {u} for u in payees}
    for start in range(0, len(payees), 1_000):
        for row in store.read("fund_flows/read_related_parties", {"usccs": payees[start:start + 1_000]}):
            related[row["core"]].add(row["uscc"])
    wanted = {u: {window.ids[c] for c in parties & customers if c in window.ids} for u, parties in related.items()}
    for i in night:
        closing_payee = int(window.payee[i])
        cores = wanted[window.names[closing_payee]]
        if not cores:
            continue
        reached, cut = _steady_legs_back(window, int(window.payer[i]), closing_payee, int(window.day[i]),
                                         float(window.amount[i]), cores)
        if cut:
            found.cut += 1
            reached = cores
        found.cores.update(window.names[c] for c in reached)
    return found


def _steady_legs_back(window: _PaymentsInto, payer: int, payee: int, day: int, amount: float,
                      cores: set[int]) -> tuple[set[int], bool]:
    """The `cores` from which a steady, time-respecting leg of at most MAX_HOPS payments ends with this
    one; and whether MAX_LEG_STATES cut the search short."""
    first_day = day - LOOP_WINDOW_DAYS
    reached: set[int] = set()
    # (firm, the date and amount of the payment it made next on the leg, payments from it to the end,
    # firms already on the leg)
    stack: list[tuple[int, int, float, int, frozenset[int]]] = [(payer, day, amount, 1, frozenset((payer,)))]
    states = 0
    while stack:
        node, next_day, next_amount, hops, on_leg = stack.pop()
        payers, days, amounts = window.into(node, first_day, next_day, next_amount / MAX_RATIO,
                                            next_amount / MIN_RATIO)
        for p, d, a in zip(payers.tolist(), days.tolist(), amounts.tolist(), strict=True):
            if p in on_leg:
                continue
            if p in cores:
                reached.add(p)
            if p == payee:
                continue  # where the money came back to is no intermediary of its own leg
            if hops + 1 < MAX_HOPS:
                states += 1
                if states > MAX_LEG_STATES:
                    return reached, True
                stack.append((p, d, a, hops + 1, on_leg | {p}))
    return reached, False


def new_fund_loops(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    d0 = date.fromisoformat(r.since)
    # A loop that closes after `since` started at most the window before it; so did its first leg.
    start = (d0 - timedelta(days=LOOP_WINDOW_DAYS)).isoformat()
    search = closing_loop_cores(store, r.since, r.until, set(customers))
    log.info("new_fund_loop: %d closing payments of %d in the window; %d customers to search in full; %d "
             "backward searches cut", search.closing_payments, search.payments_read, len(search.cores), search.cut)
    payers = [row["uscc"] for row in store.read("alerts/read_recent_payers", {
        "usccs": sorted(search.cores), "since": start, "until": r.until})]
    for u in payers:
        now = [lp for lp in fund_loops(store, u, window_days=LOOP_WINDOW_DAYS, since=start, until=r.until).loops
               if lp.last_date > d0]
        if not now:
            continue
        seen = {t.txn_id for lp in fund_loops(store, u, window_days=LOOP_WINDOW_DAYS, since=start,
                                              until=r.since).loops for t in _txns(lp)}
        for loop in now:
            txns = _txns(loop)
            if any(t.txn_id in seen for t in txns):
                continue  # a loop of `since` that went on: not a new one
            key = ",".join(t.txn_id for t in txns)
            evidence = [f"{t.txn_id} {t.day} {t.payer} → {t.payee} {t.amount:,.2f} CNY" for t in txns]
            evidence += [f"leg {i}: {' → '.join([path[0].payer, *[t.payee for t in path]])}"
                         for i, path in enumerate(loop.paths, 1)]
            evidence.append(LOOP_RULE)
            summary = (f"{loop.outflow_total:,.2f} CNY left {u} from {loop.first_date} and {loop.inflow_total:,.2f} "
                       f"came back to {', '.join(loop.returns_to)} by {loop.last_date} (ratio {loop.ratio:.2f}, "
                       f"{len(txns)} payments in {len(loop.paths)} legs)")
            c = customers[u]
            r.add(c, "new_fund_loop", key, "high", "risk", "新增资金闭环",
                  f"{c['name']}: new circular fund flow: {summary}", evidence)
            # A customer the money passed through is in the loop too, and its risk officer hears of it.
            through = {t.payee for path in loop.paths for t in path[:-1]} - {u}
            for other in sorted(through & set(customers)):
                o = customers[other]
                r.add(o, "new_fund_loop", key, "medium", "risk", "新增资金闭环 (途经)",
                      f"{o['name']}: money of a new circular fund flow passed through it: {summary}", evidence)
