"""Guarantees: ordinary ones, and planted guarantee circles of every type in docs/rules.md §7.

Ordinary guarantees are drawn so that they cannot form any pattern by accident: guarantors and
borrowers are disjoint sets (so no path has two edges, hence no cycle or chain), each enterprise
takes part at most twice (so no cross or focus of three), and planted members are excluded. Every
mutual, circle, chain, cross or focus pattern in guarantees.csv is therefore one of the planted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from synth.entities import CHAIN, ORDINARY, Enterprises
from synth.rand import rng_for
from synth.scales import Scale

KINDS = ("连带责任保证", "一般保证", "抵押", "质押")
CIRCLE_TYPES = ("mutual", "circle", "chain", "cross", "focus")


@dataclass
class Guarantees:
    guarantor: list[int] = field(default_factory=list)
    borrower: list[int] = field(default_factory=list)
    cents: list[int] = field(default_factory=list)
    start: list[str] = field(default_factory=list)
    end: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    circles: list[tuple[str, list[int], list[int]]] = field(default_factory=list)  # type, members, rows

    def guarantee_id(self, row: int) -> str:
        return f"G{row + 1:08d}"


def _add(g: Guarantees, rng: np.random.Generator, ent: Enterprises, a: int, b: int,
         period: tuple[date, date] | None = None) -> int:
    g.guarantor.append(a)
    g.borrower.append(b)
    amount = 1_000_000 * max(0.5, float(ent.size[b]) ** 0.6) * float(rng.lognormal(0.0, 0.7))
    g.cents.append(int(round(amount, -4)) * 100)
    if period is None:
        s = date(2020, 1, 1) + timedelta(days=int(rng.integers(0, 1_700)))
        period = (s, s + timedelta(days=365 * int(rng.integers(1, 4))))
    g.start.append(period[0].isoformat())
    g.end.append(period[1].isoformat())
    g.kind.append(KINDS[int(rng.choice(4, p=[0.7, 0.1, 0.12, 0.08]))])
    return len(g.guarantor) - 1


def _pattern(kind: str, members: list[int]) -> list[tuple[int, int]]:
    if kind == "mutual":
        return [(members[0], members[1]), (members[1], members[0])]
    if kind == "circle":
        return [(members[i], members[(i + 1) % len(members)]) for i in range(len(members))]
    if kind == "chain":
        return [(members[i], members[i + 1]) for i in range(len(members) - 1)]
    if kind == "cross":
        return [(members[0], m) for m in members[1:]]
    return [(m, members[0]) for m in members[1:]]  # focus


def build_guarantees(ent: Enterprises, scale: Scale, seed: int) -> Guarantees:
    rng = rng_for(seed, "guarantees")
    g = Guarantees()
    pool = np.flatnonzero(((ent.role == ORDINARY) | (ent.role == CHAIN)) & ent.active())
    pool = pool[rng.permutation(len(pool))]
    cursor = 0
    per_type = max(2, scale.enterprises // 800)
    sizes = {"mutual": (2, 3), "circle": (3, 7), "chain": (4, 7), "cross": (4, 8), "focus": (4, 8)}
    for kind in CIRCLE_TYPES:
        for _ in range(per_type):
            lo, hi = sizes[kind]
            k = int(rng.integers(lo, hi))
            members = [int(x) for x in pool[cursor:cursor + k]]
            cursor += k
            # A planted structure is one funding arrangement: its guarantees run over one shared period,
            # which covers the end of the history (2024-12-31), so it exists on some as-of date.
            start = date(2022, 1, 1) + timedelta(days=int(rng.integers(0, 900)))
            period = (start, start + timedelta(days=3 * 365))
            rows = [_add(g, rng, ent, a, b, period) for a, b in _pattern(kind, members)]
            g.circles.append((kind, members, rows))
    rest = pool[cursor:]
    half = len(rest) // 2
    guarantors, borrowers = rest[:half], rest[half:]
    n_ordinary = int(0.1 * scale.enterprises)
    uses = np.zeros(len(ent), dtype=np.int8)
    # Guarantors are often bigger firms; pick them in proportion to size.
    cum = np.cumsum(ent.size[guarantors])
    for _ in range(n_ordinary):
        a = int(guarantors[int(np.searchsorted(cum, rng.random() * cum[-1], side="right"))])
        b = int(borrowers[int(rng.integers(0, len(borrowers)))])
        if uses[a] >= 2 or uses[b] >= 2:
            continue
        uses[a] += 1
        uses[b] += 1
        _add(g, rng, ent, a, b)
    return g
