"""Noise payments (salaries, taxes, unrelated transfers) and planted circular fund flows (资金闭环).

A planted loop: a core enterprise sends money to several firms (mostly shells) within a few days;
each leg may pass through a second firm; every leg comes back to the core, or to a member of the
core's group, within the loop's window, in a similar total (a few percent goes missing as "fees").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from synth.entities import CHAIN, ORDINARY, SHELL, TAX, Enterprises
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.scales import Scale
from synth.supply_chain import CHANNELS, PURPOSES, PaymentBatch, month_start_days

SALARY, TAX_FEE, TRANSFER, OTHER = (PURPOSES.index(p) for p in ("工资", "税费", "往来款", "其他"))
LOOP_PURPOSE_OUT = PURPOSES.index("货款")


def noise_batches(ent: Enterprises, own: Ownership, scale: Scale, seed: int, n_persons: int,
                  chunk: int = 500_000) -> Iterator[PaymentBatch]:
    rng = rng_for(seed, "noise_payments")
    payers = np.flatnonzero(ent.active() & (ent.role != TAX) & (ent.role != SHELL))
    cum = np.cumsum(ent.size[payers] ** 0.6)
    tax_of_city: dict[str, int] = {ent.region[i][:4]: int(i) for i in np.flatnonzero(ent.role == TAX)}
    tax_for = np.array([tax_of_city.get(r[:4], -1) for r in ent.region], dtype=np.int64)
    # Officers grouped by company, for salary payees.
    oc = np.array(own.officer_company, dtype=np.int64)
    op = np.array(own.officer_person, dtype=np.int64)
    order = np.argsort(oc, kind="stable")
    oc, op = oc[order], op[order]
    first = np.searchsorted(oc, np.arange(len(ent)))
    count = np.searchsorted(oc, np.arange(len(ent)), side="right") - first
    starts = month_start_days()
    span = int(starts[-1] - starts[0])
    remaining = scale.noise_payments
    while remaining > 0:
        n = min(chunk, remaining)
        remaining -= n
        payer = payers[np.searchsorted(cum, rng.random(n) * cum[-1], side="right")]
        kind = rng.choice(4, size=n, p=[0.45, 0.25, 0.2, 0.1])
        payee = np.empty(n, dtype=np.int64)
        is_person = np.zeros(n, dtype=bool)
        sal = kind == 0
        sal_payer = payer[sal]
        pick = first[sal_payer] + (rng.random(int(sal.sum())) * count[sal_payer]).astype(np.int64)
        payee[sal] = op[np.minimum(pick, len(op) - 1)]
        is_person[sal] = True
        tax = (kind == 1) & (tax_for[payer] >= 0)
        payee[tax] = tax_for[payer[tax]]
        other = ~sal & ~tax
        to_person = other & (rng.random(n) < 0.3)
        payee[to_person] = rng.integers(0, n_persons, size=int(to_person.sum()))
        is_person[to_person] = True
        to_ent = other & ~to_person
        payee[to_ent] = rng.integers(0, len(ent), size=int(to_ent.sum()))
        clash = to_ent & (payee == payer)
        payee[clash] = (payee[clash] + 1) % len(ent)
        purpose = np.select([sal, tax], [SALARY, TAX_FEE], np.where(kind == 3, OTHER, TRANSFER))
        scale_base = np.select([sal, tax], [9_000.0, 30_000.0], 50_000.0)
        amount = scale_base * ent.size[payer] ** 0.5 * rng.lognormal(0.0, 0.9, size=n)
        yield PaymentBatch(
            payer=payer, payee=payee, payee_is_person=is_person,
            cents=np.maximum(np.rint(amount * 100).astype(np.int64), 100),
            day=starts[0] + rng.integers(0, span, size=n), purpose=purpose.astype(np.int8),
            channel=rng.choice(len(CHANNELS), size=n).astype(np.int8),
        )


@dataclass
class FundLoop:
    core: int
    returns_to: list[int]
    legs: list[list[int]]  # each leg: positions in the loop batch, in time order
    out_cents: int = 0
    back_cents: int = 0
    first_day: int = 0
    last_day: int = 0
    txn_ids: list[str] = field(default_factory=list)
    leg_ids: list[list[str]] = field(default_factory=list)


def plant_loops(ent: Enterprises, own: Ownership, scale: Scale, seed: int
                ) -> tuple[list[FundLoop], PaymentBatch]:
    rng = rng_for(seed, "fund_loops")
    n_loops = max(3, scale.enterprises // 1_000)
    cores = np.flatnonzero(ent.core & ent.active())
    shells = np.flatnonzero(ent.role == SHELL)
    fillers = np.flatnonzero(((ent.role == ORDINARY) | (ent.role == CHAIN)) & ent.active())
    starts = month_start_days()
    payer: list[int] = []
    payee: list[int] = []
    cents: list[int] = []
    day: list[int] = []
    purpose: list[int] = []
    loops: list[FundLoop] = []
    for k in range(n_loops):
        core = int(cores[k % len(cores)])
        g = int(ent.group[core])
        related = [m for m in own.group_members.get(g, []) if m != core] if g >= 0 else []
        first = int(starts[0] + rng.integers(30, int(starts[-1] - starts[0]) - 200))
        window = int(rng.integers(60, 180))
        total = float(rng.lognormal(np.log(5e6), 0.6)) * max(1.0, float(ent.size[core]) ** 0.3)
        k_legs = int(rng.integers(3, 6))
        shares = rng.dirichlet(np.full(k_legs, 3.0))
        loop = FundLoop(core=core, returns_to=[], legs=[], first_day=first)
        for s in shares:
            via = [int(shells[rng.integers(0, len(shells))]) if rng.random() < 0.75 or not len(fillers)
                   else int(fillers[rng.integers(0, len(fillers))])]
            if rng.random() < 0.5:
                via.append(int(shells[rng.integers(0, len(shells))]))
            if len(set(via)) < len(via) or core in via:
                via = via[:1] if via[0] != core else [int(shells[0])]
            back = related[int(rng.integers(0, len(related)))] if related and rng.random() < 0.3 else core
            if back in via:
                back = core
            amount = round(total * float(s), -2)
            hops = [core, *via, back]
            d = first + int(rng.integers(0, 6))
            leg: list[int] = []
            for h in range(len(hops) - 1):
                moved = amount if h == 0 else round(amount * float(rng.uniform(0.97, 0.995)), -2)
                amount = moved
                payer.append(hops[h])
                payee.append(hops[h + 1])
                cents.append(int(moved * 100))
                day.append(min(d, first + window))
                purpose.append(LOOP_PURPOSE_OUT if h == 0 else TRANSFER)
                leg.append(len(payer) - 1)
                d += int(rng.integers(3, max(4, window // len(hops))))
            loop.legs.append(leg)
            if back not in loop.returns_to:
                loop.returns_to.append(back)
            loop.out_cents += cents[leg[0]]
            loop.back_cents += cents[leg[-1]]
            loop.last_day = max(loop.last_day, day[leg[-1]])
        loops.append(loop)
    n = len(payer)
    batch = PaymentBatch(
        payer=np.array(payer, dtype=np.int64), payee=np.array(payee, dtype=np.int64),
        payee_is_person=np.zeros(n, dtype=bool), cents=np.array(cents, dtype=np.int64),
        day=np.array(day, dtype=np.int64), purpose=np.array(purpose, dtype=np.int8),
        channel=np.zeros(n, dtype=np.int8),
    )
    return loops, batch
