"""Customer tiers and change alerts between two business dates (客户层级下降预警, 变化预警).

`run_alerts(store, since, until)` compares the graph as it stood on `since` (the previous load's
business date) with `until` (default: the latest business date) and raises, for enterprise customers:

- `tier_drop` (to the RM): the customer's tier (`tier_of`, docs/alerts.md) at the month of `until` is
  below its tier at the month of `since`;
- `controller_change` (to the risk officer): its actual controller on `until` is not the one on `since`;
- `negative_event` (to the risk officer): a court case in a negative role or a penalty dated in
  (since, until] on the customer, its actual controller, a guarantor or guaranteed party of a guarantee
  in force, or one of its top trade partners;
- `guarantee_circle` (to the risk officer): a guarantee structure with the customer in it on `until`
  that did not exist on `since` (forms) or has more members than the one it grew from (grows);
- `chain_disruption` (to the RM): trade with one of its top partners over the 90 days to `until`
  fell by at least half against the 90 days to `since`;
- `payments_to_non_customers` (to the RM) and `new_fund_loop` (to the risk officer): where its money
  goes, graph/analytics/alerts_flows.py.

Each alert carries its severity, the rule, the evidence and who gets it; its id hashes the rule and the
change it saw (never the run), so running again raises nothing twice and keeps the status its reader
set (open, acknowledged, closed, with who and when).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from graph.analytics.alerts_flows import new_fund_loops, payments_to_non_customers
from graph.analytics.control import actual_controllers
from graph.analytics.guarantees import guarantee_circles
from graph.analytics.risk import NEGATIVE_ROLES
from graph.analytics.trade_windows import TradeWindows, Window, read_trade_windows
from graph.business_date import parse_day, resolve_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound
from liantu.laps import Laps

Severity = Literal["high", "medium", "low"]
Status = Literal["open", "acknowledged", "closed"]
TIERS = ("潜在", "基础", "核心", "高端")  # lowest first
TIER_RULE = ("docs/alerts.md tiers: 高端 balance >= 5,000,000 or (>= 1,000,000 and >= 4 products); 核心 >= 500,000 "
             "(有效户); 基础 >= 50,000 or >= 2 products; else 潜在; balance = the month's average balance")
TOP_PARTNERS = 3
DISRUPTION_DAYS = 90
DISRUPTION_DROP = 0.5
# The trade windows the rules read (`trade_windows`).
YEAR, BEFORE, AFTER = "alerts: the year to D0", "alerts: the 90 days to D0", "alerts: the 90 days to D1"
MAX_LIST = 1000


def tier_of(balance: float | None, products: int) -> str:
    b = balance or 0.0
    if b >= 5_000_000 or (b >= 1_000_000 and products >= 4):
        return "高端"
    if b >= 500_000:
        return "核心"
    if b >= 50_000 or products >= 2:
        return "基础"
    return "潜在"


@dataclass
class Alert:
    alert_id: str
    rule: str
    severity: Severity
    recipient: Literal["rm", "risk"]
    rm_id: str | None
    customer_no: str
    uscc: str
    name: str
    title: str
    message: str
    evidence: list[str]
    since: str
    until: str
    status: Status = "open"
    raised_at: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None


@dataclass
class AlertRun:
    since: str
    until: str
    customers: int
    found: dict[str, int]
    raised: int  # new this run; found - raised were raised before
    alerts: list[Alert] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per rule (tiers and writing included)


@dataclass
class AlertList:
    filters: dict[str, str | None]
    alerts: list[Alert]


def _id(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:20]


class _Raiser:
    def __init__(self, since: str, until: str) -> None:
        self.since, self.until = since, until
        self.alerts: dict[str, Alert] = {}

    def add(self, c: dict[str, Any], rule: str, key: str, severity: Severity, recipient: Literal["rm", "risk"],
            title: str, message: str, evidence: list[str]) -> None:
        alert_id = _id(rule, c["uscc"], key)
        self.alerts.setdefault(alert_id, Alert(alert_id, rule, severity, recipient, c["rm_id"], c["customer_no"],
                                               c["uscc"], c["name"] or "", title, message, evidence, self.since,
                                               self.until))


def _customers(store: GraphStore, day: date) -> dict[str, dict[str, Any]]:
    rows = store.read("alerts/read_enterprise_customers", {"month": f"{day:%Y-%m}", "as_of": day.isoformat()})
    return {r["uscc"]: r for r in rows}


def _tier_drops(r: _Raiser, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    for uscc, c in after.items():
        old = before.get(uscc)
        if old is None:
            continue
        t0, t1 = tier_of(old["balance"], old["products"]), tier_of(c["balance"], c["products"])
        if TIERS.index(t1) < TIERS.index(t0):
            steps = TIERS.index(t0) - TIERS.index(t1)
            r.add(c, "tier_drop", f"{old['month']}>{c['month']}", "high" if steps >= 2 else "medium", "rm",
                  f"客户层级下降 {t0} → {t1}",
                  f"{c['name']} ({c['customer_no']}) fell from {t0} to {t1}: average balance "
                  f"{float(old['balance'] or 0):,.2f} CNY in {old['month']} → {float(c['balance'] or 0):,.2f} in "
                  f"{c['month']}; products {old['products']} → {c['products']}",
                  [f"{c['customer_no']} {old['month']}: {float(old['balance'] or 0):,.2f} CNY, {old['products']} "
                   f"products = {t0}", f"{c['customer_no']} {c['month']}: {float(c['balance'] or 0):,.2f} CNY, "
                   f"{c['products']} products = {t1}", TIER_RULE])


def downstream_enterprises(store: GraphStore, seeds: set[str], days: list[str]) -> set[str]:
    """The seeds and every enterprise they hold shares in, directly or through others, on any of `days`."""
    found = set(seeds)
    for day in days:
        frontier = sorted(seeds)
        while frontier:
            rows = store.read("control/read_holdings_of_enterprises", {"usccs": frontier, "as_of": day})
            frontier = sorted({r["uscc"] for r in rows} - found)
            found.update(frontier)
    return found


def control_may_differ(store: GraphStore, since: str, until: str) -> set[str]:
    """The enterprises whose actual controller on `since` and on `until` can differ: those whose
    holders or officers changed in between, and everything downstream of them.

    An actual controller is decided from the holdings and officers in force in the enterprise's upstream
    ownership component alone (control.py); when none of those facts began or ended between the two
    days, both days read the same component and get the same answer. A night changes ~0.5% of the
    registry: recomputing every customer on both days took 14 minutes on the large world.
    """
    seeds = {r["uscc"] for r in store.read("alerts/read_control_fact_changes", {"since": since, "until": until})}
    return downstream_enterprises(store, seeds, [since, until]) if seeds else set()


def _controller_changes(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    usccs = sorted(control_may_differ(store, r.since, r.until) & set(customers))
    before = actual_controllers(store, usccs, r.since) if usccs else {}
    after = actual_controllers(store, usccs, r.until) if usccs else {}
    for u in usccs:
        old, new = before[u].controller, after[u].controller
        if (old.id if old else None) == (new.id if new else None):
            continue
        c = customers[u]
        old_name = f"{old.name} ({old.id})" if old else "none"
        new_name = f"{new.name} ({new.id})" if new else "none"
        r.add(c, "controller_change", f"{old.id if old else '-'}>{new.id if new else '-'}", "high", "risk",
              "实际控制人变更", f"{c['name']}: actual controller {old_name} on {r.since} → {new_name} on {r.until}",
              [f"{r.since}: {before[u].explanation}", f"{r.until}: {after[u].explanation}", after[u].basis])


def _controlled_by(store: GraphStore, parties: set[str], customers: dict[str, dict[str, Any]],
                   day: str) -> dict[str, str]:
    """customer uscc -> its actual controller on `day`, for the customers one of `parties` controls.

    An ultimate controller is a holder in the customer's upstream ownership component (control.py
    decides between holder blocs only), so only customers downstream of a party can have it as their
    controller: the night's few parties with events, not every customer, are solved.
    """
    usccs = sorted(downstream_enterprises(store, parties, [day]) & set(customers))
    return {u: res.controller.id for u, res in actual_controllers(store, usccs, day).items()
            if res.controller is not None and res.controller.id in parties}


def _top_partners(pairs: list[dict[str, Any]], usccs: set[str]) -> dict[str, list[tuple[str, float]]]:
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for p in pairs:
        if p["payer"] in usccs:
            totals[p["payer"]][p["payee"]] += float(p["total"])
        if p["payee"] in usccs:
            totals[p["payee"]][p["payer"]] += float(p["total"])
    return {u: sorted(t.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PARTNERS] for u, t in totals.items()}


def trade_windows(d0: date, d1: date) -> dict[str, Window]:
    """The trade windows the rules compare: the year to D0 (top partners), the 90 days to D0 and to D1."""
    return {YEAR: (d0 - timedelta(days=365), d0), BEFORE: (d0 - timedelta(days=DISRUPTION_DAYS), d0),
            AFTER: (d1 - timedelta(days=DISRUPTION_DAYS), d1)}


def _negative_events(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]],
                     partners: dict[str, list[tuple[str, float]]]) -> None:
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in store.read("tags/read_negative_events", {"since": r.since, "until": r.until,
                                                      "roles": list(NEGATIVE_ROLES), "include_undated": False}):
        events[e["uscc"]].append(e)
    if not events:
        return
    controllers = _controlled_by(store, set(events), customers, r.until)
    ties: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for g in store.read("alerts/read_guarantee_ties", {"usccs": sorted(customers), "as_of": r.until}):
        ties[g["uscc"]].append((g["other"], f"its {g['relation']} under guarantee {g['guarantee_id']} "
                                            f"({float(g['amount'] or 0):,.2f} CNY)"))
    for u, c in customers.items():
        linked = [(u, "the customer itself")]
        if u in controllers:
            linked.append((controllers[u], "its actual controller"))
        linked += ties.get(u, [])
        linked += [(p, f"a top trade partner ({amount:,.2f} CNY in the year to {r.since})")
                   for p, amount in partners.get(u, [])]
        for party, how in linked:
            for e in events.get(party, []):
                what = "penalty" if e["kind"] == "penalty" else f"{e['role']} in court case"
                own = party == u
                r.add(c, "negative_event", f"{party}>{e['reference']}", "high" if own else "medium", "risk",
                      f"新增负面信息: {what}", f"{c['name']}: new {what} {e['reference']} ({e['date']}) on {how}",
                      [f"{c['customer_no']} {u}", f"{how}: {party}", f"{e['kind']} {e['reference']} dated {e['date']}"])


def _circles(store: GraphStore, r: _Raiser, customers: dict[str, dict[str, Any]]) -> None:
    before = guarantee_circles(store, as_of=r.since, limit=100_000).structures
    after = guarantee_circles(store, as_of=r.until, limit=100_000).structures
    for s in after:
        inside = [m for m in s.members if m in customers]
        if not inside:
            continue
        members = set(s.members)
        # The same kind of structure on D0 that shares the most members with this one, if any.
        grew_from = max((b for b in before if b.type == s.type and set(b.members) & members),
                        key=lambda b: len(set(b.members) & members), default=None)
        if grew_from is not None and set(grew_from.members) >= members:
            continue
        change = "forms" if grew_from is None else f"grows from {len(grew_from.members)} members"
        for u in inside:
            c = customers[u]
            r.add(c, "guarantee_circle", f"{s.type}:{','.join(sorted(members))}", "high" if s.type in
                  ("mutual", "circle") else "medium", "risk", f"担保圈 {change}",
                  f"{c['name']} is in a {s.type} guarantee structure of {len(members)} members that {change} "
                  f"between {r.since} and {r.until} ({s.total_amount:,.2f} CNY in {s.guarantee_count} guarantees)",
                  [f"{e.guarantor} guarantees {e.borrower}: {', '.join(e.guarantee_ids)}" for e in s.edges])


def _disruptions(r: _Raiser, customers: dict[str, dict[str, Any]], partners: dict[str, list[tuple[str, float]]],
                 before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    def by_pair(rows: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
        out: dict[tuple[str, str], float] = defaultdict(float)
        for p in rows:
            out[(p["payer"], p["payee"])] += float(p["total"])
            out[(p["payee"], p["payer"])] += float(p["total"])
        return out

    b, a = by_pair(before), by_pair(after)
    for u, tops in partners.items():
        c = customers[u]
        for partner, _ in tops:
            old, new = b.get((u, partner), 0.0), a.get((u, partner), 0.0)
            if old > 0 and new <= (1 - DISRUPTION_DROP) * old:
                r.add(c, "chain_disruption", f"{partner}>{r.until}", "medium", "rm", "链条中断: 核心伙伴交易骤降",
                      f"{c['name']}: trade with top partner {partner} fell {1 - new / old:.0%} "
                      f"({old:,.2f} CNY in the {DISRUPTION_DAYS} days to {r.since} → {new:,.2f} to {r.until})",
                      [f"{u} <-> {partner}: {old:,.2f} CNY to {r.since}", f"{u} <-> {partner}: {new:,.2f} CNY to "
                       f"{r.until}"])


def run_alerts(store: GraphStore, since: str, until: str | None = None, *,
               trade: TradeWindows | None = None) -> AlertRun:
    """Raise the alerts of every rule for the changes between `since` and `until` (default: business date).
    `trade`: the windows of `trade_windows` already read (the nightly run shares one pass with the tags)."""
    d0 = parse_day(since, "since")
    d1 = date.fromisoformat(resolve_as_of(store, until))
    if d1 <= d0:
        raise InvalidInput(f"until ({d1}) must be after since ({d0})")
    if d0.year < 1900:  # the rules look a year back from it; no bank data reach that far
        raise InvalidInput(f"since ({d0}) must be in 1900 or later")
    r = _Raiser(d0.isoformat(), d1.isoformat())
    lap = Laps()

    before, after = _customers(store, d0), _customers(store, d1)
    _tier_drops(r, before, after)
    lap("tier_drop")
    _controller_changes(store, r, after)
    lap("controller_change")
    windows = trade_windows(d0, d1)
    if trade is None or not all(trade.has(name, w) for name, w in windows.items()):
        trade = read_trade_windows(store, windows)
    partners = _top_partners(trade.rows(YEAR), set(after))
    lap("trade of the three windows")
    _negative_events(store, r, after, partners)
    lap("negative_event")
    _circles(store, r, after)
    lap("guarantee_circle")
    _disruptions(r, after, partners, trade.rows(BEFORE), trade.rows(AFTER))
    lap("chain_disruption")
    payments_to_non_customers(store, r, after)
    lap("payments_to_non_customers")
    new_fund_loops(store, r, after)
    lap("new_fund_loop")
    rows = [{**a.__dict__} for a in r.alerts.values()]
    stats = store.write_rows("alerts/merge_alerts", rows)
    raised = sum(1 for rec in stats.records if rec["created"])
    found: dict[str, int] = defaultdict(int)
    for a in r.alerts.values():
        found[a.rule] += 1
    lap("write")
    return AlertRun(r.since, r.until, len(after), dict(found), raised,
                    sorted(r.alerts.values(), key=lambda a: (a.rule, a.uscc, a.alert_id)), lap.seconds)


def _alert(row: dict[str, Any]) -> Alert:
    fields = Alert.__dataclass_fields__
    values: dict[str, Any] = {k: (None if row.get(k) in ("", "null") else row.get(k)) for k in fields}
    values["evidence"] = list(row.get("evidence") or [])
    return Alert(**values)


def list_alerts(store: GraphStore, *, rm: str | None = None, status: Status | None = None,
                recipient: Literal["rm", "risk"] | None = None, limit: int = 100) -> AlertList:
    if not 1 <= limit <= MAX_LIST:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIST}")
    if status is not None and status not in ("open", "acknowledged", "closed"):
        raise InvalidInput("status must be open, acknowledged or closed")
    rows = store.read("alerts/list_alerts", {"rm": rm, "status": status, "recipient": recipient, "limit": limit})
    return AlertList({"rm": rm, "status": status, "recipient": recipient}, [_alert(r["alert"]) for r in rows])


def set_alert_status(store: GraphStore, alert_id: str, status: Literal["acknowledged", "closed"], by: str) -> Alert:
    """Acknowledge or close an alert, with who and when (closing is final; acknowledging an open one)."""
    if status not in ("acknowledged", "closed"):
        raise InvalidInput("status must be acknowledged or closed")
    if not by.strip():
        raise InvalidInput("by must name who acted")
    stats = store.write_rows("alerts/set_alert_status", [{"alert_id": alert_id, "status": status, "by": by}])
    if not stats.records:
        raise NotFound(f"no alert {alert_id}")
    return _alert(stats.records[0]["alert"])
