"""Who owns and runs each enterprise: shareholdings, groups, officers and legal representatives.

Ratios are kept in basis points (1/10000) while planning, so a company's holders can never sum to
more than 100% through float rounding. Groups are trees of majority stakes under a 集团 parent,
several layers deep; some groups add cross-holdings between members and some close a circle by
having a deep member hold a slice of the parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from synth.entities import BANK, FINANCE, PARENT, SHELL, TAX, Enterprises, Persons
from synth.rand import rng_for

FULL = 10_000


@dataclass
class Ownership:
    holder_kind: list[str] = field(default_factory=list)
    holder: list[int] = field(default_factory=list)
    company: list[int] = field(default_factory=list)
    ratio_bp: list[int] = field(default_factory=list)
    since: list[str] = field(default_factory=list)
    officer_person: list[int] = field(default_factory=list)
    officer_company: list[int] = field(default_factory=list)
    officer_role: list[str] = field(default_factory=list)
    officer_since: list[str] = field(default_factory=list)
    officer_until: list[str] = field(default_factory=list)
    legal_rep: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    group_parent: dict[int, int] = field(default_factory=dict)  # group id -> parent enterprise
    group_members: dict[int, list[int]] = field(default_factory=dict)
    cross_holdings: list[tuple[int, int]] = field(default_factory=list)
    circular: list[list[int]] = field(default_factory=list)


class _Builder:
    def __init__(self, ent: Enterprises, rng: np.random.Generator) -> None:
        self.ent = ent
        self.rng = rng
        self.used = np.zeros(len(ent), dtype=np.int64)
        self.out = Ownership()
        self._row: dict[tuple[str, int, int], int] = {}

    def hold(self, kind: str, holder: int, company: int, bp: int) -> int:
        bp = int(min(bp, FULL - self.used[company]))
        if bp <= 0:
            return 0
        self.used[company] += bp
        o = self.out
        # A second stake of the same holder in the same company tops up the one fact (one row per key),
        # as a registry would show it.
        existing = self._row.get((kind, holder, company))
        if existing is not None:
            o.ratio_bp[existing] += bp
            return bp
        self._row[(kind, holder, company)] = len(o.holder)
        o.holder_kind.append(kind)
        o.holder.append(holder)
        o.company.append(company)
        o.ratio_bp.append(bp)
        o.since.append(self.ent.established[company])
        return bp

    def officer(self, person: int, company: int, role: str, since: str, until: str = "") -> None:
        o = self.out
        o.officer_person.append(person)
        o.officer_company.append(company)
        o.officer_role.append(role)
        o.officer_since.append(since)
        o.officer_until.append(until)


def _pick(rng: np.random.Generator, pool: np.ndarray, weights: np.ndarray | None = None) -> int:
    if weights is None:
        return int(pool[int(rng.integers(0, len(pool)))])
    return int(pool[int(np.searchsorted(weights, rng.random() * weights[-1], side="right"))])


def build_ownership(ent: Enterprises, per: Persons, seed: int) -> Ownership:
    rng = rng_for(seed, "ownership")
    b = _Builder(ent, rng)
    n = len(ent)
    entrepreneurs = np.flatnonzero(per.kind == 0)
    managers = np.flatnonzero(per.kind == 1)
    nominees = np.flatnonzero(per.kind == 2)
    others = np.flatnonzero(per.kind == 3)
    # A few entrepreneurs own many companies; most own one.
    ent_w = np.cumsum(rng.pareto(2.2, size=len(entrepreneurs)) + 0.3)
    legal_rep = np.full(n, -1, dtype=np.int64)

    groups: dict[int, list[int]] = {}
    for member in np.flatnonzero(ent.group >= 0):
        groups.setdefault(int(ent.group[member]), []).append(int(member))
    for g, members in sorted(groups.items()):
        parent = next(m for m in members if ent.role[m] == PARENT)
        subs = [m for m in members if m != parent]
        b.out.group_parent[g] = parent
        b.out.group_members[g] = subs
        boss = _pick(rng, entrepreneurs, ent_w)
        b.hold("P", boss, parent, int(rng.integers(5_100, 8_600)))
        team = [boss, *(_pick(rng, managers) for _ in range(int(rng.integers(2, 5))))]
        legal_rep[parent] = boss
        depth = {parent: 0}
        holder_of: dict[int, int] = {}
        for j, m in enumerate(subs):
            # Deeper layers: a third of members hang under an earlier member, not the parent.
            up = parent if j == 0 or rng.random() < 0.65 else subs[int(rng.integers(0, j))]
            holder_of[m] = up
            depth[m] = depth[up] + 1
            b.hold("E", up, m, int(rng.choice([FULL, int(rng.integers(5_100, 9_500))])))
            legal_rep[m] = team[int(rng.integers(0, len(team)))]
        if len(subs) >= 3 and (rng.random() < 0.45 or not b.out.cross_holdings):
            a, c = (subs[int(k)] for k in rng.choice(len(subs), size=2, replace=False))
            if (holder_of[c] != a and holder_of[a] != c and b.hold("E", a, c, int(rng.integers(500, 1_500)))
                    and b.hold("E", c, a, int(rng.integers(500, 1_500)))):
                b.out.cross_holdings.append((a, c))
        deepest = max(subs, key=lambda m: (depth[m], -m)) if subs else parent
        if depth.get(deepest, 0) >= 2 and (rng.random() < 0.5 or not b.out.circular):
            cycle = [deepest]
            while cycle[-1] != parent:
                cycle.append(holder_of.get(cycle[-1], parent))
            if b.hold("E", deepest, parent, int(rng.integers(500, 1_200))):
                b.out.circular.append(cycle[::-1])  # parent -> ... -> deepest -> parent
        for m in [parent, *subs]:
            if rng.random() < 0.5:
                b.hold("P", _pick(rng, entrepreneurs, ent_w), m, int(rng.integers(300, 2_500)))

    big = np.flatnonzero((ent.scale_array() == "大型") & (ent.role != BANK) & (ent.role != TAX))
    nominee_of_cluster: dict[str, int] = {}
    for i in range(n):
        r = int(ent.role[i])
        if ent.group[i] >= 0 or r == TAX:
            continue
        if r == SHELL:
            nominee = nominee_of_cluster.setdefault(ent.phone[i], _pick(rng, nominees))
            b.hold("P", nominee, i, FULL)
            legal_rep[i] = nominee
            continue
        if r == BANK:
            for _ in range(int(rng.integers(4, 9))):
                b.hold("E", _pick(rng, big), i, int(rng.integers(200, 990)))
            for _ in range(int(rng.integers(2, 5))):
                b.hold("P", _pick(rng, entrepreneurs, ent_w), i, int(rng.integers(50, 400)))
            legal_rep[i] = _pick(rng, managers)
            continue
        boss = _pick(rng, entrepreneurs, ent_w)
        k = int(rng.choice([1, 2, 3, 4], p=[0.35, 0.35, 0.2, 0.1]))
        main = FULL if k == 1 else int(rng.integers(5_100, 9_000) if rng.random() < 0.8
                                       else rng.integers(3_400, 5_000))
        b.hold("P", boss, i, main)
        for h in range(1, k):
            share = int((FULL - b.used[i]) * (rng.uniform(0.4, 1.0) if h == k - 1 else rng.uniform(0.3, 0.6)))
            share = min(share, main - 100)
            if r != FINANCE and rng.random() < 0.12:
                other = int(rng.integers(0, n))
                if ent.group[other] < 0 and ent.role[other] not in (TAX, BANK, SHELL) and other != i:
                    b.hold("E", other, i, min(share, 3_000))
                    continue
            b.hold("P", _pick(rng, entrepreneurs, ent_w), i, share)
        legal_rep[i] = boss if rng.random() < 0.78 else _pick(rng, managers)

    for j in np.flatnonzero(legal_rep < 0).tolist():
        legal_rep[j] = _pick(rng, others)
    _officers(b, ent, legal_rep, managers, others)
    b.out.legal_rep = legal_rep
    return b.out


def _officers(b: _Builder, ent: Enterprises, legal_rep: np.ndarray, managers: np.ndarray,
              others: np.ndarray) -> None:
    rng = b.rng
    scale = ent.scale_array()
    for i in range(len(ent)):
        lr = int(legal_rep[i])
        est = ent.established[i]
        if rng.random() < 0.1 and ent.role[i] not in (SHELL, TAX):
            # The legal representative changed once; the old one's tenure is closed, not deleted.
            start = date.fromisoformat(est)
            change = start + timedelta(days=int(rng.integers(200, max(201, (date(2024, 6, 30) - start).days))))
            old = _pick(rng, others)
            if old != lr:
                b.officer(old, i, "法定代表人", est, change.isoformat())
                b.officer(lr, i, "法定代表人", change.isoformat())
            else:
                b.officer(lr, i, "法定代表人", est)
        else:
            b.officer(lr, i, "法定代表人", est)
        if ent.role[i] == TAX:
            continue
        big = scale[i] in ("大型", "中型")
        b.officer(lr, i, "董事长" if big else "执行董事", est)
        supervisor = _pick(rng, others)
        if supervisor != lr:
            b.officer(supervisor, i, "监事", est)
        if big:
            seats = {lr}
            for _ in range(int(rng.integers(2, 5))):
                d = _pick(rng, managers) if rng.random() < 0.6 else _pick(rng, others)
                if d not in seats and d != supervisor:
                    seats.add(d)
                    b.officer(d, i, "董事", est)
        if rng.random() < 0.5:
            gm = lr if rng.random() < 0.5 else _pick(rng, managers)
            if gm != supervisor:
                b.officer(gm, i, "总经理", est)
        if rng.random() < 0.35:
            cfo = _pick(rng, others)
            if cfo not in (lr, supervisor):
                b.officer(cfo, i, "财务负责人", est)
