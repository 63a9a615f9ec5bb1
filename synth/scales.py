"""Size knobs for each named scale, and the calendar every dataset shares.

The calendar is fixed (not "today") so that the same seed gives the same bytes on any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

HISTORY_START = date(2022, 1, 1)
HISTORY_MONTHS = 36  # 2022-01 .. 2024-12
OUTCOME_MONTHS = 3  # each label window is three months
AS_OF = date(2024, 12, 31)
# Two consecutive label windows W1 = (D1, D2] and W2 = (D2, D3]. The input files run to D2 = AS_OF, so
# W1's outcomes (new customers, balances) are part of the history a model trains on; W2's are only in
# outcomes.csv, the future a model is judged on out of time.
D1 = date(2024, 9, 30)
D2 = AS_OF
D3 = date(2025, 3, 31)
WINDOWS = {1: (D1, D2), 2: (D2, D3)}
D1_MONTH = HISTORY_MONTHS - 1 - OUTCOME_MONTHS  # month index of D1's month (2024-09)


@dataclass(frozen=True)
class Scale:
    name: str
    enterprises: int
    persons_per_enterprise: float
    cities: int
    supply_payments: int  # target count; the realised count is close, not exact
    noise_share: float  # noise payments as a share of supply payments
    documents: int
    payment_chunk_pairs: int

    @property
    def noise_payments(self) -> int:
        return int(self.supply_payments * self.noise_share)


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("tiny", 300, 1.4, 3, 8_000, 0.25, 40, 5_000),
        Scale("small", 5_000, 1.3, 6, 160_000, 0.25, 300, 10_000),
        Scale("medium", 50_000, 1.3, 10, 1_600_000, 0.25, 2_000, 20_000),
        Scale("large", 300_000, 1.3, 10, 16_000_000, 0.25, 10_000, 20_000),
    )
}


def month_label(index: int) -> str:
    """`YYYY-MM` of the month `index` months after HISTORY_START (negative and future allowed)."""
    y, m = divmod(HISTORY_START.month - 1 + index, 12)
    return f"{HISTORY_START.year + y:04d}-{m + 1:02d}"
