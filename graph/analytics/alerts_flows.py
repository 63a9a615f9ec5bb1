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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from graph.analytics.fund_flows import FundLoop, Txn, fund_loops
from graph.store import GraphStore

if TYPE_CHECKING:
    from graph.analytics.alerts import _Raiser

# Mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion).
NON_TRADE = ("工资", "税费")
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


def _windows(store: GraphStore, usccs: list[str], end: date) -> dict[str, _Window]:
    out: dict[str, _Window] = defaultdict(_Window)
    params = {"usccs": usccs, "since": (end - timedelta(days=OUTFLOW_DAYS)).isoformat(), "until": end.isoformat(),
              "non_trade": list(NON_TRADE)}
    for row in store.read("alerts/read_outflows", params):
        w = out[row["uscc"]]
        amount = float(row["total"])
        w.total += amount
        if not row["customer"]:
            w.outside += amount
            w.payees[row["payee"]] = row
    return out


def payments_to_non_customers(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    d0, d1 = date.fromisoformat(r.since), date.fromisoformat(r.until)
    usccs = sorted(customers)
    if not usccs:
        return
    before, after = _windows(store, usccs, d0), _windows(store, usccs, d1)
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


def closing_loop_cores(store: GraphStore, since: str, until: str) -> set[str]:
    """The enterprises a fund loop closing in (since, until] can start from.

    Its last payment falls in the window and arrives at the core or one of the core's related parties
    (fund_flows/read_related_parties), and that relation runs both ways (a controller and what it
    controls, two companies under one controller, one legal representative): so the core is a payee of
    the window or related to one. On a night of large, 10^4 payees instead of 10^5 customers to search
    from.
    """
    cores: set[str] = set()
    for row in store.read("alerts/read_recent_payees", {"since": since, "until": until}):
        cores.add(row["uscc"])
        cores.update(p["uscc"] for p in store.read("fund_flows/read_related_parties", {"uscc": row["uscc"]}))
    return cores


def new_fund_loops(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    d0 = date.fromisoformat(r.since)
    # A loop that closes after `since` started at most the window before it; so did its first leg.
    start = (d0 - timedelta(days=LOOP_WINDOW_DAYS)).isoformat()
    payers = [row["uscc"] for row in store.read("alerts/read_recent_payers", {
        "usccs": sorted(closing_loop_cores(store, r.since, r.until) & set(customers)), "since": start,
        "until": r.until})]
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
