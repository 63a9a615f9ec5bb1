"""Trade windows (graph/analytics/trade_windows.py): one pass gives each window what the payments say."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from graph.analytics.trade_windows import NON_TRADE, read_trade_windows
from graph.store import GraphStore
from liantu.errors import InvalidInput

pytestmark = pytest.mark.integration


def _expected(data_dir: Path, start: date, end: date) -> dict[tuple[str, str], tuple[float, int]]:
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    with (data_dir / "payments.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            day = date.fromisoformat(r["date"])
            if r["payee_kind"] == "E" and r["purpose"] not in NON_TRADE and start < day <= end \
                    and r["payer_uscc"] != r["payee_id"]:
                out[(r["payer_uscc"], r["payee_id"])][0] += float(r["amount"])
                out[(r["payer_uscc"], r["payee_id"])][1] += 1
    return {k: (round(v[0], 2), int(v[1])) for k, v in out.items()}


def test_each_window_of_one_pass_sums_its_own_payments(chain: GraphStore, data_dir: Path) -> None:
    windows = {"year": (date(2023, 12, 31), date(2024, 12, 31)), "spring": (date(2024, 2, 29), date(2024, 5, 31)),
               "january": (date(2023, 12, 31), date(2024, 1, 31)), "empty": (date(2030, 1, 1), date(2030, 1, 1))}
    trade = read_trade_windows(chain, windows)
    for name, (start, end) in windows.items():
        got = {(a, b): (round(t, 2), n) for a, b, t, n in trade.pairs(name)}
        assert got == _expected(data_dir, start, end), name
    assert trade.has("spring", windows["spring"]) and not trade.has("spring", windows["year"])
    assert list(trade.pairs("year")) and not list(trade.pairs("empty"))


def test_too_many_or_backward_windows_are_refused(chain: GraphStore) -> None:
    day = date(2024, 6, 30)
    with pytest.raises(InvalidInput, match="between 1 and 4"):
        read_trade_windows(chain, {str(k): (day, day) for k in range(5)})
    with pytest.raises(InvalidInput, match=r"ends .* before it starts"):
        read_trade_windows(chain, {"w": (day, date(2024, 1, 1))})
