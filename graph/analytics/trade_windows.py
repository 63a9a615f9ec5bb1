"""Trade between enterprises per payer -> payee pair in a few windows of days, read in one pass.

The tags (the year to D) and the alert rules (the year to D0, the 90 days to D0 and to D1) each read
windows of the last year of payments. On the large world one pass over its 20M payment facts takes about
a minute, so the nightly run asks for all its windows at once (`read_trade_windows`) and hands the result
to both; each still reads its own when run alone. Salaries and taxes are not trade (`NON_TRADE`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.store import GraphStore
from liantu.errors import InvalidInput

NON_TRADE = ("工资", "税费")  # mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion)
MAX_WINDOWS = 4  # the statement sums four windows per row

Window = tuple[date, date]  # (start exclusive, end inclusive]


@dataclass
class TradeWindows:
    """Per pair, the total and number of payments in each named window (pairs with none in a window skip it)."""

    windows: dict[str, Window]
    payer: list[str] = field(default_factory=list)
    payee: list[str] = field(default_factory=list)
    totals: dict[str, array[float]] = field(default_factory=dict)
    counts: dict[str, array[int]] = field(default_factory=dict)

    def has(self, name: str, window: Window) -> bool:
        return self.windows.get(name) == window

    def pairs(self, name: str) -> Iterator[tuple[str, str, float, int]]:
        """(payer, payee, total, payments) of every pair that traded in window `name`."""
        totals, counts = self.totals[name], self.counts[name]
        for k, n in enumerate(counts):
            if n:
                yield self.payer[k], self.payee[k], totals[k], n

    def rows(self, name: str) -> list[dict[str, object]]:
        return [{"payer": a, "payee": b, "total": t, "payments": n} for a, b, t, n in self.pairs(name)]


def read_trade_windows(store: GraphStore, windows: Mapping[str, Window]) -> TradeWindows:
    """Trade of every pair in each of `windows` (at most four), in one pass over the payments."""
    if not 1 <= len(windows) <= MAX_WINDOWS:
        raise InvalidInput(f"between 1 and {MAX_WINDOWS} trade windows at once, not {len(windows)}")
    for name, (start, end) in windows.items():
        if end < start:
            raise InvalidInput(f"trade window {name}: ends ({end}) before it starts ({start})")
    names = list(windows)
    spans = [windows[n] for n in names]
    pad = [spans[0][0], spans[0][0]]  # an empty window
    starts = [s for s, _ in spans] + [pad[0]] * (MAX_WINDOWS - len(spans))
    ends = [e for _, e in spans] + [pad[1]] * (MAX_WINDOWS - len(spans))
    out = TradeWindows(dict(windows), totals={n: array("d") for n in names}, counts={n: array("q") for n in names})
    # The same USCC arrives in thousands of rows: one string object each, not one per row.
    interned: dict[str, str] = {}
    for row in store.stream("trade_windows/read_trade_windows", {
            "from": min(starts), "to": max(ends), "starts": starts, "ends": ends, "non_trade": list(NON_TRADE)}):
        payer, payee = row[0], row[1]
        if payer == payee or not any(row[3:2 + 2 * len(names):2]):
            continue
        out.payer.append(interned.setdefault(payer, payer))
        out.payee.append(interned.setdefault(payee, payee))
        for k, n in enumerate(names):
            out.totals[n].append(float(row[2 + 2 * k]))
            out.counts[n].append(int(row[3 + 2 * k]))
    return out
