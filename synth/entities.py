"""Enterprises and persons: who exists in the world, before anyone owns, pays or guarantees anything.

Design attributes that are not written to the tables (role, chain, tier, latent size, group) live
beside the written columns so that later stages can plant structure on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from liantu.ids import hash_id_number
from synth import industries as ind
from synth.names import (
    GROUP_FORMS,
    LEGAL_FORMS,
    TradeNames,
    compose,
    person_names,
    resident_id,
    usccs,
)
from synth.rand import rng_for
from synth.regions import CITIES, PROVINCE, ROADS, City, city_of_district
from synth.scales import Scale

# Enterprise roles in the design.
ORDINARY, CHAIN, BANK, FINANCE, TAX, SHELL, PARENT = range(7)


@dataclass
class Enterprises:
    uscc: list[str]
    name: list[str]
    former_names: list[str]
    legal_form: list[str]
    capital: np.ndarray
    established: list[str]
    status: list[str]
    industry_code: list[str]
    region: list[str]
    address: list[str]
    phone: list[str]
    scale: list[str]
    role: np.ndarray
    chain: np.ndarray
    tier: np.ndarray
    size: np.ndarray
    group: np.ndarray
    core: np.ndarray
    trade: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.uscc)

    def active(self) -> np.ndarray:
        return np.array([s == "存续" for s in self.status])

    def scale_array(self) -> np.ndarray:
        return np.array(self.scale)


@dataclass
class Persons:
    person_id: list[str]
    name: list[str]
    male: np.ndarray
    birth_year: np.ndarray
    region: list[str]
    # 0 entrepreneur, 1 professional manager, 2 nominee (sits in many shells), 3 everyone else
    kind: np.ndarray

    def __len__(self) -> int:
        return len(self.person_id)


def _cities(scale: Scale) -> tuple[City, ...]:
    return CITIES[: scale.cities]


def _districts(rng: np.random.Generator, cities: tuple[City, ...], n: int) -> list[str]:
    # The capital city dominates, as it does in a provincial economy.
    weights = np.array([3.0 if i == 0 else 1.0 for i in range(len(cities))])
    cidx = rng.choice(len(cities), size=n, p=weights / weights.sum())
    didx = rng.integers(0, 1 << 30, size=n)
    return [cities[c].districts[didx[i] % len(cities[c].districts)].code for i, c in enumerate(cidx)]


def _address(rng: np.random.Generator, region: str) -> str:
    city = city_of_district(region)
    district = next(d for d in city.districts if d.code == region)
    road = ROADS[int(rng.integers(0, len(ROADS)))]
    return f"{PROVINCE}{city.name}市{district.name}{road}{int(rng.integers(1, 400))}号"


def _phone(rng: np.random.Generator, region: str) -> str:
    return f"{city_of_district(region).area_code}-{int(rng.integers(55_000_000, 69_999_999))}"


def _roles(rng: np.random.Generator, scale: Scale) -> np.ndarray:
    n = scale.enterprises
    counts = [(BANK, 5), (FINANCE, max(2, n // 200)), (TAX, scale.cities), (SHELL, max(6, n // 150)),
              (PARENT, max(3, n // 90))]
    role = np.full(n, ORDINARY, dtype=np.int8)
    pos = 0
    for r, c in counts:
        role[pos:pos + c] = r
        pos += c
    rest = n - pos
    role[pos:pos + int(rest * 0.66)] = CHAIN
    return role


def _scale_flags(size: np.ndarray, role: np.ndarray, core: np.ndarray) -> list[str]:
    q = np.argsort(np.argsort(-size, kind="stable"), kind="stable") / max(1, len(size))
    flags = np.where(q < 0.03, "大型", np.where(q < 0.15, "中型", np.where(q < 0.5, "小型", "微型")))
    flags[(role == PARENT) | (role == BANK) | core] = "大型"
    flags[role == SHELL] = "微型"
    return [str(x) for x in flags]


def generate_enterprises(scale: Scale, seed: int) -> Enterprises:
    rng = rng_for(seed, "enterprises")
    n = scale.enterprises
    cities = _cities(scale)
    role = _roles(rng, scale)
    region = _districts(rng, cities, n)
    size = rng.lognormal(0.0, 1.1, size=n)
    chain = np.full(n, -1, dtype=np.int16)
    tier = np.full(n, -1, dtype=np.int8)
    in_chain = np.flatnonzero(role == CHAIN)
    chain[in_chain] = rng.integers(0, len(ind.CHAINS), size=len(in_chain))
    tier[in_chain] = rng.choice(5, size=len(in_chain), p=np.array(ind.TIER_SHARE))
    # Manufacturers and distributors are bigger than retail shops on average.
    size[in_chain] *= np.array([1.6, 1.0, 2.2, 1.3, 0.5])[tier[in_chain]]
    size[role == PARENT] *= 6.0
    size[role == BANK] *= 40.0
    size[role == SHELL] = 0.05

    core = np.zeros(n, dtype=bool)
    for c in range(len(ind.CHAINS)):
        for t in (2, 3):
            members = np.flatnonzero((chain == c) & (tier == t))
            if len(members):
                k = max(1, round(0.02 * len(members)))
                top = members[np.argsort(-size[members], kind="stable")[:k]]
                core[top] = True
                size[top] *= 4.0

    group = _assign_groups(rng, role, chain, size)
    industry: list[ind.Industry] = []
    for i in range(n):
        r = int(role[i])
        if r == CHAIN:
            options = ind.CHAINS[chain[i]].tiers[tier[i]]
            industry.append(options[int(rng.integers(0, len(options)))])
        elif r == BANK:
            industry.append(ind.BANK)
        elif r == FINANCE:
            industry.append(ind.MICROLOAN if i % 2 else ind.GUARANTOR)
        elif r == TAX:
            industry.append(ind.TAX_BUREAU)
        elif r == SHELL:
            industry.append(ind.SHELL[int(rng.integers(0, len(ind.SHELL)))])
        else:
            industry.append(ind.OTHER[int(rng.integers(0, len(ind.OTHER)))])
    tax_i = np.flatnonzero(role == TAX)
    for k, t in enumerate(tax_i.tolist()):
        region[t] = cities[k].code + "00"
    region[0] = cities[0].districts[3 % len(cities[0].districts)].code  # our bank sits in the capital

    names, trades, formers, forms = _names(rng, role, region, industry, group, size)
    scale_flag = _scale_flags(size, role, core)
    capital = _capital(rng, scale_flag, role)
    established = _established(rng, role)
    status = ["存续"] * n
    dead = np.flatnonzero((role == ORDINARY) & (group < 0) & (rng.random(n) < 0.09))
    for d in dead:
        status[d] = "注销" if rng.random() < 0.6 else "吊销"
    address = [_address(rng, r) if not r.endswith("00") else f"{PROVINCE}{city_of_district(r).name}市政务区"
               for r in region]
    phone = [_phone(rng, r) if not r.endswith("00") else "12366" for r in region]
    # Shells come in clusters that share one address, one phone and (later) one legal representative.
    shells = np.flatnonzero(role == SHELL)
    for k in range(0, len(shells), 4):
        cluster = shells[k:k + 4]
        base_address, base_phone, base_region = address[cluster[0]], phone[cluster[0]], region[cluster[0]]
        for j, i in enumerate(cluster):
            address[i] = f"{base_address}{1001 + j}室"
            phone[i] = base_phone
            region[i] = base_region
    return Enterprises(
        uscc=usccs(rng, region, role == TAX), name=names, former_names=formers, legal_form=forms,
        capital=capital, established=established, status=status,
        industry_code=[x.code for x in industry], region=region, address=address, phone=phone,
        scale=scale_flag, role=role, chain=chain, tier=tier, size=size, group=group, core=core, trade=trades,
    )


def _assign_groups(rng: np.random.Generator, role: np.ndarray, chain: np.ndarray,
                   size: np.ndarray) -> np.ndarray:
    """Group id per enterprise (-1 none). A parent's group takes 3..12 members, mostly of one chain."""
    group = np.full(len(role), -1, dtype=np.int32)
    parents = np.flatnonzero(role == PARENT)
    free = np.flatnonzero((role == CHAIN) | (role == ORDINARY))
    rng.shuffle(free)
    taken = np.zeros(len(role), dtype=bool)
    cursor = 0
    for g, p in enumerate(parents):
        group[p] = g
        want = int(rng.integers(3, 13 if len(role) > 1000 else 7))
        got = 0
        while got < want and cursor < len(free):
            i = free[cursor]
            cursor += 1
            if not taken[i]:
                taken[i] = True
                group[i] = g
                got += 1
    return group


def _names(rng: np.random.Generator, role: np.ndarray, region: list[str], industry: list[ind.Industry],
           group: np.ndarray, size: np.ndarray) -> tuple[list[str], list[str], list[str], list[str]]:
    trade_names = TradeNames(rng)
    taken_names: set[str] = set()
    n = len(role)
    # Drawn in bulk: one generator call per enterprise and field is the slow part at 300k firms.
    word_pick = rng.integers(0, 1 << 30, size=n)
    place_draw = rng.random(n)
    form_pick = rng.choice(3, size=n, p=[0.78, 0.12, 0.10])
    group_trade: dict[int, str] = {}
    names: list[str] = []
    trades: list[str] = []
    formers: list[str] = []
    forms: list[str] = []
    for i in range(n):
        r = int(role[i])
        city = city_of_district(region[i])
        g = int(group[i])
        if g >= 0 and g not in group_trade:
            group_trade[g] = trade_names.draw()
        words = industry[i].words
        word = words[int(word_pick[i]) % len(words)]
        place = "河南" if size[i] > 6.0 and place_draw[i] < 0.6 else city.name
        form = LEGAL_FORMS[int(form_pick[i])]
        trade = group_trade[g] if g >= 0 else trade_names.draw()
        if r == BANK and i == 0:
            name, trade, form = "豫链银行股份有限公司", "豫链", "股份有限公司"
        elif r == BANK:
            name = f"{city.name}{trade}农村商业银行股份有限公司"
            form = "股份有限公司"
        elif r == TAX:
            name, trade, form = f"国家税务总局{city.name}市税务局", "", "机关法人"
        elif r == FINANCE:
            name = f"{city.name}市{trade}{word}有限公司" if word == "小额贷款" else f"河南{trade}{word}有限公司"
            form = "有限公司"
        elif r == PARENT:
            form = GROUP_FORMS[int(rng.integers(0, len(GROUP_FORMS)))]
            name = f"{place if place == '河南' else '河南'}{trade}{form}"
        else:
            name = compose(rng, place, trade, word, form)
        if name in taken_names:
            # Group members share a 字号, so two of them in one trade need the district to tell apart.
            district = next(d for d in city.districts if d.code == region[i]).name
            name = f"{city.name}{trade}{word}{district[:2]}{form}"
            k = 2
            while name in taken_names:
                name = f"{city.name}{trade}{word}{district[:2]}{k}号{form}"
                k += 1
        taken_names.add(name)
        former = ""
        if r in (CHAIN, ORDINARY, PARENT) and rng.random() < 0.14:
            old_form = "有限责任公司" if form != "有限责任公司" else "有限公司"
            former = f"{city.name}市{trade}{word[:2]}{old_form}"
            if rng.random() < 0.3:
                former += f"|{city.name}{trade}{'厂' if 'C' in industry[i].code else '经营部'}"
        names.append(name)
        trades.append(trade)
        formers.append(former)
        forms.append("股份有限公司" if form == "股份有限公司" else "机关法人" if form == "机关法人"
                     else "有限责任公司")
    return names, trades, formers, forms


_CAPITAL = {"大型": (2e8, 1.0), "中型": (2e7, 0.8), "小型": (3e6, 0.8), "微型": (5e5, 0.7)}


def _capital(rng: np.random.Generator, flags: list[str], role: np.ndarray) -> np.ndarray:
    out = np.empty(len(flags))
    for i, f in enumerate(flags):
        mu, sigma = _CAPITAL[f]
        out[i] = round(mu * rng.lognormal(0.0, sigma) / 10_000) * 10_000.0  # registered in 万元
    out[role == TAX] = 0.0
    out[role == BANK] = np.maximum(out[role == BANK], 5e8)
    return out


def _established(rng: np.random.Generator, role: np.ndarray) -> list[str]:
    base = date(1992, 1, 1)
    span = (date(2021, 6, 30) - base).days
    days = rng.integers(0, span, size=len(role))
    shells = role == SHELL
    days[shells] = (date(2021, 1, 1) - base).days + rng.integers(0, 600, size=int(shells.sum()))
    return [(base + timedelta(days=int(d))).isoformat() for d in days]


def generate_persons(scale: Scale, seed: int) -> Persons:
    rng = rng_for(seed, "persons")
    n = int(scale.enterprises * scale.persons_per_enterprise)
    male = rng.random(n) < 0.68
    birth_year = rng.integers(1955, 1999, size=n)
    region = _districts(rng, _cities(scale), n)
    names = person_names(rng, male)
    day = rng.integers(0, 365, size=n)
    ids: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        birth = (date(int(birth_year[i]), 1, 1) + timedelta(days=int(day[i]))).strftime("%Y%m%d")
        seq = int(rng.integers(0, 500)) * 2 + (1 if male[i] else 0)  # odd sequence numbers are men
        raw = resident_id(region[i], birth, seq)
        while raw in seen:
            seq = (seq + 2) % 1000
            raw = resident_id(region[i], birth, seq)
        seen.add(raw)
        ids.append(hash_id_number(raw))
    kind = np.full(n, 3, dtype=np.int8)
    kind[: int(0.45 * n)] = 0
    kind[int(0.45 * n): int(0.50 * n)] = 1
    kind[int(0.50 * n): int(0.50 * n) + max(3, n // 400)] = 2
    return Persons(person_id=ids, name=names, male=male, birth_year=birth_year, region=region, kind=kind)
