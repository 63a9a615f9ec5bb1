"""Supply pairs by design and the monthly goods payments that make them recoverable.

A buyer in tier t of a chain buys from a few suppliers in tier t-1 of the same chain; suppliers are
drawn with weight growing with size, and core enterprises (the top 2% of manufacturers and
distributors) both attract many buyers and buy from many suppliers. Each pair trades over a window
of the 36-month history: in each month it pays with a pair-specific probability times a seasonal
factor, amounts are lognormal around a pair's heavy-tailed base.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from synth.entities import CHAIN, ORDINARY, Enterprises
from synth.rand import rng_for
from synth.scales import HISTORY_MONTHS, HISTORY_START, Scale
from synth.writer import days_since_epoch

# Calendar-month factors: the Spring Festival dip in February, quarter ends and the year-end peak.
SEASON = np.array([0.85, 0.55, 1.0, 1.0, 1.05, 1.15, 0.95, 0.95, 1.1, 0.9, 1.1, 1.35])
PURPOSES = ("货款", "服务费", "工资", "税费", "往来款", "其他")
CHANNELS = ("网银", "银企直连", "柜面", "票据", "手机银行")
GOODS, SERVICE = 0, 1


@dataclass
class Pairs:
    supplier: np.ndarray
    buyer: np.ndarray
    base: np.ndarray  # monthly base amount, yuan
    start: np.ndarray  # first month index
    end: np.ndarray  # month index after the last
    prob: np.ndarray  # chance of paying in an average month
    extra: float  # mean number of extra payments in a paying month
    purpose: np.ndarray  # GOODS or SERVICE


@dataclass
class PaymentBatch:
    payer: np.ndarray
    payee: np.ndarray  # enterprise index, or person index where payee_is_person
    payee_is_person: np.ndarray
    cents: np.ndarray
    day: np.ndarray  # days since 1970-01-01
    purpose: np.ndarray  # index into PURPOSES
    channel: np.ndarray

    def __len__(self) -> int:
        return len(self.payer)


def month_start_days() -> np.ndarray:
    """Days since epoch of the first day of each history month, plus the day after the last."""
    out = []
    for m in range(HISTORY_MONTHS + 1):
        y, mm = divmod(HISTORY_START.month - 1 + m, 12)
        out.append(days_since_epoch(HISTORY_START.replace(year=HISTORY_START.year + y, month=mm + 1)))
    return np.array(out, dtype=np.int64)


def _draw(rng: np.random.Generator, cum: np.ndarray, n: int) -> np.ndarray:
    return np.asarray(np.searchsorted(cum, rng.random(n) * cum[-1], side="right"), dtype=np.int64)


def build_pairs(ent: Enterprises, scale: Scale, seed: int) -> Pairs:
    rng = rng_for(seed, "supply_pairs")
    active = ent.active()
    sup_l: list[np.ndarray] = []
    buy_l: list[np.ndarray] = []
    kind_l: list[np.ndarray] = []
    for c in range(int(ent.chain.max()) + 1):
        for t in range(1, 5):
            buyers = np.flatnonzero((ent.chain == c) & (ent.tier == t) & active)
            sellers = np.flatnonzero((ent.chain == c) & (ent.tier == t - 1) & active)
            if not len(buyers) or not len(sellers):
                continue
            w = ent.size[sellers] ** 0.8 * np.where(ent.core[sellers], 25.0, 1.0)
            k = 1 + rng.poisson(1.3, size=len(buyers))
            k[ent.core[buyers]] += rng.integers(12, 45, size=int(ent.core[buyers].sum()))
            k = np.minimum(k, len(sellers))
            b = np.repeat(buyers, k)
            s = sellers[_draw(rng, np.cumsum(w), int(k.sum()))]
            sup_l.append(s)
            buy_l.append(b)
            kind_l.append(np.full(len(b), GOODS, dtype=np.int8))
    # Logistics, warehousing and engineering firms sell services to chain enterprises.
    providers = np.flatnonzero((ent.role == ORDINARY) & active)
    clients = np.flatnonzero((ent.role == CHAIN) & active & (ent.tier <= 3))
    if len(providers) and len(clients):
        m = len(clients) // 3
        b = clients[rng.integers(0, len(clients), size=m)]
        s = providers[_draw(rng, np.cumsum(ent.size[providers]), m)]
        sup_l.append(s)
        buy_l.append(b)
        kind_l.append(np.full(m, SERVICE, dtype=np.int8))
    sup = np.concatenate(sup_l)
    buy = np.concatenate(buy_l)
    kind = np.concatenate(kind_l)
    # One row per (buyer, supplier): np.unique sorts, which also fixes the order for determinism.
    code, first = np.unique(buy.astype(np.int64) * len(ent) + sup, return_index=True)
    keep = (code // len(ent)) != (code % len(ent))
    code, first = code[keep], first[keep]
    buy, sup, kind = (code // len(ent)), (code % len(ent)), kind[first]
    n = len(code)
    base = 40_000.0 * ent.size[buy] ** 0.7 * rng.lognormal(0.0, 1.0, size=n)
    base = np.where(kind == SERVICE, base * 0.15, base)
    base *= np.where(ent.core[sup] | ent.core[buy], 2.5, 1.0)
    start = np.where(rng.random(n) < 0.7, 0, rng.integers(0, HISTORY_MONTHS - 6, size=n))
    end = np.where(rng.random(n) < 0.8, HISTORY_MONTHS,
                   np.minimum(HISTORY_MONTHS, start + rng.integers(6, HISTORY_MONTHS, size=n)))
    prob = rng.beta(5.0, 1.5, size=n)
    # Calibrate so the expected count lands near the scale's target.
    expected = float(((end - start) * prob).sum())
    factor = scale.supply_payments / max(expected, 1.0)
    extra = max(0.1, factor - 1.0)  # a paying month sometimes holds two or three payments
    prob = np.minimum(prob * factor / (1.0 + extra), 0.98)
    return Pairs(sup, buy, base, start, end, prob, extra, kind)


def supply_batches(pairs: Pairs, seed: int, chunk: int) -> Iterator[PaymentBatch]:
    rng = rng_for(seed, "supply_payments")
    starts = month_start_days()
    lengths = np.diff(starts)
    months = np.arange(HISTORY_MONTHS)
    cal = (HISTORY_START.month - 1 + months) % 12
    season = SEASON[cal]
    for lo in range(0, len(pairs.buyer), chunk):
        hi = min(lo + chunk, len(pairs.buyer))
        n = hi - lo
        live = (months[None, :] >= pairs.start[lo:hi, None]) & (months[None, :] < pairs.end[lo:hi, None])
        pay = live & (rng.random((n, HISTORY_MONTHS)) < pairs.prob[lo:hi, None] * np.minimum(season, 1.1)[None, :])
        count = np.where(pay, 1 + rng.poisson(pairs.extra, size=(n, HISTORY_MONTHS)), 0)
        pi, mi = np.nonzero(count)
        reps = count[pi, mi]
        pi = np.repeat(pi, reps)
        mi = np.repeat(mi, reps)
        total = len(pi)
        amount = (pairs.base[lo + pi] * season[mi] * rng.lognormal(0.0, 0.35, size=total)
                  / np.repeat(reps, reps))
        day = starts[mi] + (rng.random(total) * lengths[mi]).astype(np.int64)
        yield PaymentBatch(
            payer=pairs.buyer[lo + pi], payee=pairs.supplier[lo + pi],
            payee_is_person=np.zeros(total, dtype=bool),
            cents=np.maximum(np.rint(amount * 100).astype(np.int64), 100),
            day=day, purpose=pairs.purpose[lo + pi].astype(np.int8),
            channel=rng.choice(len(CHANNELS), size=total, p=[0.45, 0.2, 0.1, 0.15, 0.1]).astype(np.int8),
        )
