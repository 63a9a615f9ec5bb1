"""The nightly new-fund-loop rule's backward search from the payments that close a loop
(graph/analytics/alerts_flows.py `_steady_legs_back`), on hand-made payment windows."""

from __future__ import annotations

from datetime import date

from graph.analytics.alerts_flows import MAX_LEG_STATES, _PaymentsInto, _steady_legs_back


def _window(rows: list[tuple[str, str, float, str]]) -> _PaymentsInto:
    return _PaymentsInto([list(r) for r in rows])


def _ord(day: str) -> int:
    return (date.fromisoformat(day) - date(1970, 1, 1)).days


def _back(w: _PaymentsInto, payer: str, payee: str, amount: float, day: str, cores: set[str]) -> tuple[set[str], bool]:
    reached, cut = _steady_legs_back(w, w.ids[payer], w.ids[payee], _ord(day), amount, {w.ids[c] for c in cores})
    return {w.names[i] for i in reached}, cut


def test_a_steady_leg_back_to_the_core_is_found() -> None:
    w = _window([("C", "A", 1_000.0, "2024-08-01"), ("A", "B", 980.0, "2024-08-05"), ("B", "C", 960.0, "2024-08-10")])
    assert _back(w, "B", "C", 960.0, "2024-08-10", {"C"}) == ({"C"}, False)


def test_a_leg_that_is_not_steady_or_not_in_time_order_is_not_followed() -> None:
    # A passes on a third of what it got (a split), and D paid A after A paid B.
    w = _window([("C", "A", 3_000.0, "2024-08-01"), ("A", "B", 980.0, "2024-08-05"),
                 ("D", "A", 1_000.0, "2024-08-06"), ("B", "X", 960.0, "2024-08-10")])
    assert _back(w, "B", "X", 960.0, "2024-08-10", {"C", "D"}) == (set(), False)


def test_the_window_bounds_the_leg_and_a_firm_is_on_it_once() -> None:
    # C's payment to A is 200 days before the closing one: outside the 180-day window.
    w = _window([("C", "A", 1_000.0, "2024-01-22"), ("A", "B", 1_000.0, "2024-08-05"),
                 ("B", "A", 1_000.0, "2024-08-06"), ("A", "R", 1_000.0, "2024-08-09")])
    assert _back(w, "A", "R", 1_000.0, "2024-08-09", {"C", "A"}) == (set(), False)


def test_a_search_past_its_budget_says_it_was_cut() -> None:
    # A full fan-in of equal payments, two levels deep: more states than the budget allows.
    fan = int(MAX_LEG_STATES ** 0.5) + 2
    rows = [(f"P{i}", "H", 100.0, "2024-08-02") for i in range(fan)]
    rows += [(f"Q{i}-{j}", f"P{i}", 100.0, "2024-08-01") for i in range(fan) for j in range(fan)]
    rows.append(("H", "R", 100.0, "2024-08-03"))
    assert _back(_window(rows), "H", "R", 100.0, "2024-08-03", {"R"})[1] is True
