"""The bank's side: branches, relationship managers, customers, products and monthly balances.

Who is a customer already depends on size and on the supply chain (firms trading with a core
customer bank with us more often), so the history the lead models learn from has the same shape as
the future they predict.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from synth.entities import BANK, FINANCE, SHELL, TAX, Enterprises, Persons
from synth.names import person_names
from synth.rand import rng_for
from synth.regions import CITIES
from synth.scales import HISTORY_MONTHS, Scale, month_label
from synth.supply_chain import Pairs

BANK_NAME = "豫链银行"
THRESHOLD_E = 500_000.0  # an "effective" enterprise customer's monthly average balance, yuan
THRESHOLD_P = 50_000.0
E_PRODUCTS = (("单位活期存款", 1.0), ("企业网银", 0.8), ("单位定期存款", 0.3), ("流动资金贷款", 0.3),
              ("代发工资", 0.3), ("银行承兑汇票", 0.2), ("票据贴现", 0.1), ("国内信用证", 0.05), ("保函", 0.05))
P_PRODUCTS = (("活期储蓄", 1.0), ("手机银行", 0.7), ("借记卡", 0.9), ("定期储蓄", 0.4), ("信用卡", 0.35),
              ("理财产品", 0.25), ("个人经营贷", 0.08))


@dataclass
class Bank:
    branch_code: list[str] = field(default_factory=list)
    branch_name: list[str] = field(default_factory=list)
    branch_region: list[str] = field(default_factory=list)
    rm_id: list[str] = field(default_factory=list)
    rm_name: list[str] = field(default_factory=list)
    rm_branch: list[str] = field(default_factory=list)
    # customers: party kind, party index, branch, rm, tier, since, level (latent balance level, yuan)
    cust_kind: list[str] = field(default_factory=list)
    cust_party: list[int] = field(default_factory=list)
    cust_branch: list[str] = field(default_factory=list)
    cust_rm: list[str] = field(default_factory=list)
    cust_since: list[str] = field(default_factory=list)
    cust_tier: list[str] = field(default_factory=list)
    level: np.ndarray = field(default_factory=lambda: np.zeros(0))
    since_month: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    last_balance: np.ndarray = field(default_factory=lambda: np.zeros(0))
    products: list[tuple[int, str, str]] = field(default_factory=list)  # customer row, product, opened
    branch_of_district: dict[str, str] = field(default_factory=dict)
    rms_of: dict[str, list[str]] = field(default_factory=dict)

    def customer_no(self, row: int) -> str:
        return f"C{row + 1:010d}"


def core_neighbours(ent: Enterprises, pairs: Pairs, customer_e: np.ndarray) -> np.ndarray:
    """For each enterprise: how many of its supply partners are core enterprises that bank with us."""
    core_cust = ent.core & customer_e
    out = np.zeros(len(ent), dtype=np.int64)
    np.add.at(out, pairs.buyer[core_cust[pairs.supplier]], 1)
    np.add.at(out, pairs.supplier[core_cust[pairs.buyer]], 1)
    return out


def build_bank(ent: Enterprises, per: Persons, pairs: Pairs, scale: Scale, seed: int) -> Bank:
    rng = rng_for(seed, "bank")
    bk = Bank()
    branch_of_district = bk.branch_of_district
    for ci, city in enumerate(CITIES[: scale.cities]):
        bk.branch_code.append(f"{ci + 1:02d}00")
        bk.branch_name.append(f"{BANK_NAME}{city.name}分行")
        bk.branch_region.append(city.code + "00")
        for di, d in enumerate(city.districts):
            code = f"{ci + 1:02d}{di + 1:02d}"
            branch_of_district[d.code] = code
            bk.branch_code.append(code)
            bk.branch_name.append(f"{BANK_NAME}{city.name}{d.name.rstrip('区县市')[:2]}支行")
            bk.branch_region.append(d.code)

    # Enterprise customers: bigger firms and core firms first, then firms trading with a core customer.
    base = ent.role != TAX
    z = np.log(ent.size)
    logit = -1.3 + 0.8 * z + 2.5 * ent.core
    logit[(ent.role == SHELL) | (ent.role == FINANCE)] -= 1.0
    is_cust = base & (rng.random(len(ent)) < 1 / (1 + np.exp(-logit)))
    is_cust[ent.role == BANK] = False
    near = core_neighbours(ent, pairs, is_cust)
    late = base & ~is_cust & (ent.role != BANK) & (rng.random(len(ent)) < 0.25 * np.minimum(near, 2))
    is_cust |= late
    is_cust &= ent.active() | (rng.random(len(ent)) < 0.3)  # some dead firms keep their old account
    p_logit = -1.6 + 0.8 * (per.kind == 0) + 0.4 * (per.kind == 1)
    p_cust = rng.random(len(per)) < 1 / (1 + np.exp(-p_logit))

    rows_e = np.flatnonzero(is_cust)
    rows_p = np.flatnonzero(p_cust)
    levels: list[float] = []
    since_m: list[int] = []
    for kind, rows in (("E", rows_e), ("P", rows_p)):
        for i in rows:
            region = ent.region[i] if kind == "E" else per.region[i]
            bk.cust_kind.append(kind)
            bk.cust_party.append(int(i))
            bk.cust_branch.append(branch_of_district.get(region, bk.branch_code[0]))
            floor = date.fromisoformat(ent.established[i]) if kind == "E" else date(2008, 1, 1)
            start = max(floor, date(2005, 1, 1))
            since = start + timedelta(days=int(rng.integers(0, max(1, (date(2024, 9, 30) - start).days))))
            bk.cust_since.append(since.isoformat())
            since_m.append(max(0, (since.year - 2022) * 12 + since.month - 1))
            levels.append(_level(rng, kind, float(ent.size[i]) if kind == "E" else 1.0))
    bk.level = np.array(levels)
    bk.since_month = np.array(since_m, dtype=np.int64)
    _rms(bk, rng)
    _products(bk, rng)
    return bk


def _level(rng: np.random.Generator, kind: str, size: float) -> float:
    thr = THRESHOLD_E if kind == "E" else THRESHOLD_P
    # A third of customers sit just under the effective threshold (临界户): the leads' target.
    if rng.random() < 0.33:
        return thr * float(rng.uniform(0.3, 0.95))
    return thr * size * float(rng.lognormal(-0.5, 1.3))


def add_customers(bk: Bank, ent: Enterprises, per: Persons, kind: str, parties: np.ndarray, since: list[date],
                  rng: np.random.Generator) -> np.ndarray:
    """Append new customers (window 1's converts) with branch, RM, level and products; return their rows."""
    first = len(bk.cust_kind)
    levels: list[float] = []
    since_m: list[int] = []
    for i, day in zip(parties.tolist(), since, strict=True):
        region = ent.region[i] if kind == "E" else per.region[i]
        branch = bk.branch_of_district.get(region, bk.branch_code[0])
        bk.cust_kind.append(kind)
        bk.cust_party.append(int(i))
        bk.cust_branch.append(branch)
        bk.cust_since.append(day.isoformat())
        since_m.append((day.year - 2022) * 12 + day.month - 1)
        levels.append(_level(rng, kind, float(ent.size[i]) if kind == "E" else 1.0))
        pool = bk.rms_of[branch]
        has_rm = kind == "E" or rng.random() < 0.5
        bk.cust_rm.append(pool[int(rng.integers(0, len(pool)))] if has_rm else "")
    bk.level = np.concatenate([bk.level, np.array(levels)])
    bk.since_month = np.concatenate([bk.since_month, np.array(since_m, dtype=np.int64)])
    rows = np.arange(first, len(bk.cust_kind))
    _products(bk, rng, rows.tolist())
    return rows


def _rms(bk: Bank, rng: np.random.Generator) -> None:
    per_branch: dict[str, int] = {}
    for b in bk.cust_branch:
        per_branch[b] = per_branch.get(b, 0) + 1
    rms_of = bk.rms_of
    for code in bk.branch_code:
        k = max(1, per_branch.get(code, 0) // 80 + (1 if code.endswith("00") else 0))
        rms_of[code] = [f"RM{code}{j + 1:03d}" for j in range(k)]
        bk.rm_id.extend(rms_of[code])
        bk.rm_branch.extend([code] * k)
    bk.rm_name = person_names(rng, rng.random(len(bk.rm_id)) < 0.5)
    for kind, b in zip(bk.cust_kind, bk.cust_branch, strict=True):
        # Every enterprise customer has an RM; half of the individual customers are served by one.
        has_rm = kind == "E" or rng.random() < 0.5
        pool = rms_of[b]
        bk.cust_rm.append(pool[int(rng.integers(0, len(pool)))] if has_rm else "")


def _products(bk: Bank, rng: np.random.Generator, rows: list[int] | None = None) -> None:
    for row in range(len(bk.cust_kind)) if rows is None else rows:
        kind = bk.cust_kind[row]
        catalogue = E_PRODUCTS if kind == "E" else P_PRODUCTS
        since = date.fromisoformat(bk.cust_since[row])
        for product, p in catalogue:
            if p >= 1.0 or rng.random() < p:
                opened = since + timedelta(days=int(rng.integers(0, 400)) if p < 1.0 else 0)
                bk.products.append((row, product, min(opened, date(2024, 12, 31)).isoformat()))


def tier_of(balance: float, kind: str) -> str:
    thr = THRESHOLD_E if kind == "E" else THRESHOLD_P
    if balance >= 10 * thr:
        return "高端"
    if balance >= thr:
        return "核心"
    if balance >= 0.02 * thr:
        return "基础"
    return "潜在"


def balance_matrix(bk: Bank, seed: int, chunk: int = 20_000) -> np.ndarray:
    """Average balance (yuan) of every customer in every history month (before `since` it is unused).

    The balance is the customer's level times a slow AR(1) wander, some accounts dormant (zero).
    """
    rng = rng_for(seed, "balances")
    n = len(bk.cust_kind)
    out = np.zeros((n, HISTORY_MONTHS))
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        out[lo:hi] = _walks(rng, bk.level[lo:hi])
    return out


def _walks(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    shocks = rng.normal(0.0, 0.18, size=(len(level), HISTORY_MONTHS))
    walk = np.zeros_like(shocks)
    for m in range(1, HISTORY_MONTHS):
        walk[:, m] = 0.85 * walk[:, m - 1] + shocks[:, m]
    bal = level[:, None] * np.exp(walk)
    bal[rng.random(len(level)) < 0.05] *= 0.0  # dormant accounts
    return bal


def extend_balances(bal: np.ndarray, bk: Bank, rng: np.random.Generator) -> np.ndarray:
    """Balances of the customers appended since `bal` was drawn (their rows follow the old ones)."""
    return np.vstack([bal, _walks(rng, bk.level[bal.shape[0]:])])


def set_tiers(bk: Bank, bal: np.ndarray) -> None:
    """The last month's balance gives each customer's tier (the bank's tier at the end of the history)."""
    bk.last_balance = bal[:, -1].copy()
    bk.cust_tier = [tier_of(float(b), k) for b, k in zip(bk.last_balance, bk.cust_kind, strict=True)]


def balance_batches(bk: Bank, bal: np.ndarray, chunk: int = 20_000
                    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(customer row, month index, average balance in cents) per month since the customer joined."""
    months = np.arange(HISTORY_MONTHS)
    for lo in range(0, bal.shape[0], chunk):
        hi = min(lo + chunk, bal.shape[0])
        live = months[None, :] >= bk.since_month[lo:hi, None]
        rr, mm = np.nonzero(live)
        yield lo + rr, mm, np.rint(bal[lo + rr, mm] * 100).astype(np.int64)


def month_strings() -> list[str]:
    return [month_label(m) for m in range(HISTORY_MONTHS)]
