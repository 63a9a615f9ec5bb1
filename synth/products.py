"""Enterprise customers' product holdings with structure: tastes shared along chains and groups, and adoption
that follows one's supply partners.

The default world draws each product independently per customer (synth/bank.py), which leaves nothing for a
recommender to learn. With `structured_products` the enterprise customers' holdings are redrawn over a wider
catalogue (E_CATALOGUE): every supply chain and every group has a taste (a vector over the products), and a
customer holds a product with probability sigmoid(base + its chain's taste + its group's taste + noise), so
customers alike hold alike (what collaborative filtering finds). Each holding is opened on a date spread over
the customer's recent years. Then, in the half year after HOLDOUT_FROM, customers adopt products that their
supply partners (our customers too) held by then, with a probability rising with the share of partners
holding it: the partners' holdings carry signal a popularity ranking cannot see. Holdings opened after
HOLDOUT_FROM are what graph.learning.recommendations holds out to judge recommenders by time.
Individual customers keep the default products.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from synth.bank import Bank
from synth.entities import Enterprises
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.supply_chain import Pairs

HOLDOUT_FROM = date(2024, 6, 30)  # holdings opened after this day are the held-out (future) ones
HISTORY_END = date(2024, 12, 31)
RECENT_FROM = date(2019, 1, 1)  # holdings of older customers are opened over their recent years
# (product, base log-odds). 单位活期存款 (the settlement account) every enterprise customer holds.
E_CATALOGUE = (("单位活期存款", 9.0), ("企业网银", 1.2), ("单位定期存款", -1.0), ("流动资金贷款", -1.0),
               ("代发工资", -1.0), ("银行承兑汇票", -1.5), ("票据贴现", -2.2), ("国内信用证", -3.0), ("保函", -3.0),
               ("单位大额存单", -2.0), ("结构性存款", -2.2), ("协定存款", -1.6), ("现金管理", -2.0),
               ("供应链融资", -2.4), ("应收账款保理", -2.6), ("订单融资", -2.8), ("固定资产贷款", -2.6),
               ("商户收单", -2.0), ("跨境结算", -2.8), ("企业年金", -3.2), ("对公理财", -2.2), ("电子商业汇票", -2.0))


def structured_products(bk: Bank, ent: Enterprises, own: Ownership, pairs: Pairs, seed: int) -> None:
    """Replace the enterprise customers' holdings in `bk.products` (individuals' holdings are kept)."""
    del own  # groups are read from the enterprises' design attribute `group`
    rng = rng_for(seed, "products")
    names = [p for p, _ in E_CATALOGUE]
    base = np.array([b for _, b in E_CATALOGUE])
    k = len(names)
    rows = np.array([r for r, kind in enumerate(bk.cust_kind) if kind == "E"], dtype=np.int64)
    party = np.array(bk.cust_party, dtype=np.int64)[rows]
    n_chain = int(ent.chain.max()) + 1 if len(ent) else 0
    n_group = int(ent.group.max()) + 1 if len(ent) else 0
    chain_taste = rng.normal(0.0, 1.3, size=(n_chain + 1, k))  # the last row: firms in no chain
    group_taste = rng.normal(0.0, 1.0, size=(n_group + 1, k))
    chain_taste[-1] = 0.0
    group_taste[-1] = 0.0
    chain_taste[:, 0] = group_taste[:, 0] = 0.0
    c = np.where(ent.chain[party] >= 0, ent.chain[party], n_chain)
    g = np.where(ent.group[party] >= 0, ent.group[party], n_group)
    logit = base[None, :] + chain_taste[c] + group_taste[g] + rng.normal(0.0, 0.6, size=(len(rows), k))
    held = rng.random((len(rows), k)) < 1 / (1 + np.exp(-logit))
    held[:, 0] = True

    since = [date.fromisoformat(bk.cust_since[r]) for r in rows]
    opened: dict[tuple[int, int], date] = {}
    for i, j in zip(*np.nonzero(held), strict=True):
        start = max(since[i], RECENT_FROM)
        span = max(1, (HISTORY_END - start).days)
        opened[(int(i), int(j))] = since[i] if j == 0 else start + timedelta(days=int(rng.integers(0, span)))

    # Adoption after HOLDOUT_FROM following the partners' holdings as they stood on that day.
    pos = np.full(len(ent), -1, dtype=np.int64)
    pos[party] = np.arange(len(rows))
    before = np.zeros((len(rows), k))
    for (i, j), day in opened.items():
        if day <= HOLDOUT_FROM:
            before[i, j] = 1.0
    a, b = pos[pairs.supplier], pos[pairs.buyer]
    both = (a >= 0) & (b >= 0)
    a, b = a[both], b[both]
    partner_sum = np.zeros((len(rows), k))
    np.add.at(partner_sum, a, before[b])
    np.add.at(partner_sum, b, before[a])
    degree = np.bincount(np.concatenate([a, b]), minlength=len(rows)).astype(np.float64)
    share = np.divide(partner_sum, degree[:, None], out=np.zeros_like(partner_sum), where=degree[:, None] > 0)
    adopt_logit = -5.0 + 5.5 * share + 0.4 * (chain_taste[c] + group_taste[g])
    joined = np.array([s <= HOLDOUT_FROM for s in since])
    adopt = (rng.random((len(rows), k)) < 1 / (1 + np.exp(-adopt_logit))) & ~held & joined[:, None]
    adopt[:, 0] = False
    span = (HISTORY_END - HOLDOUT_FROM).days
    for i, j in zip(*np.nonzero(adopt), strict=True):
        opened[(int(i), int(j))] = HOLDOUT_FROM + timedelta(days=int(rng.integers(1, span + 1)))

    kept = [p for p in bk.products if bk.cust_kind[p[0]] != "E"]
    mine = [(int(rows[i]), names[j], day.isoformat()) for (i, j), day in sorted(opened.items())]
    bk.products = sorted(kept + mine, key=lambda t: (t[0], t[2], t[1]))
