"""Why a party scored high: XGBoost's own per-prediction contributions, told as sentences an RM can act on.

`Booster.predict(pred_contribs=True)` gives, for each row, one contribution per feature plus a bias, in
log-odds, summing exactly to the model's margin (TreeSHAP). The features that pushed the score up the most
become the reasons, best first. Each reason is a sentence with the figures behind it, taken from the
feature value and, where the feature is about a counterparty, from the frame's per-row facts (`raw`): the
customer it pays, the amount, the share of its purchases. A feature without a sentence of its own is still
shown, by name and value, never dropped: an explanation that hides a driver is worse than a plain one.

Contributions are added per feature group for GNN embeddings: 64 columns named gnn_0..gnn_63 mean nothing
one by one, so they become one reason ("its position in the network resembles parties that became
customers") with their summed contribution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

RowFacts = Mapping[str, Any]
Phrase = Callable[[float, RowFacts], str | None]


@dataclass(frozen=True)
class Reason:
    feature: str
    value: float | None
    contribution: float  # log-odds added to the margin by this feature (or group)
    text: str


def money(amount: float) -> str:
    """¥ with a unit a reader takes in at a glance: ¥3.2m, ¥820k, ¥1.35bn."""
    a = abs(amount)
    if a >= 1e9:
        s = f"{a / 1e9:.2f}bn"
    elif a >= 1e6:
        s = f"{a / 1e6:.1f}m"
    elif a >= 1e3:
        s = f"{a / 1e3:.0f}k"
    else:
        s = f"{a:.0f}"
    return ("-¥" if amount < 0 else "¥") + s


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _fact(row: RowFacts, key: str) -> Any:
    v = row.get(key)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


PHRASES: dict[str, Phrase] = {}


def phrase(*columns: str) -> Callable[[Phrase], Phrase]:
    def register(fn: Phrase) -> Phrase:
        for c in columns:
            PHRASES[c] = fn
        return fn

    return register


def explain_rows(contributions: np.ndarray, X: np.ndarray, columns: Sequence[str],
                 raw: Mapping[str, Sequence[Any]] | None = None, *, kind: str = "E",
                 top: int = 3) -> list[list[Reason]]:
    """The top `top` reasons (positive contributions, largest first) of every row.

    `contributions` is the (n, f + 1) output of pred_contribs (bias last); `X` the (n, f) feature values;
    `raw` the frame's per-row facts, column-wise (FeatureFrame.raw); `kind` "E" or "P" (age reads differently).
    """
    n, f = X.shape
    if contributions.shape != (n, f + 1):
        raise ValueError(f"contributions of shape {contributions.shape} do not match features {X.shape}")
    groups = _groups(columns)
    out: list[list[Reason]] = []
    for i in range(n):
        facts: dict[str, Any] = {k: v[i] for k, v in (raw or {}).items()}
        facts["_kind"] = kind
        scored = [(float(contributions[i, idx].sum()), key, idx) for key, idx in groups]
        scored.sort(key=lambda t: (-t[0], t[1]))
        reasons: list[Reason] = []
        for contrib, key, idx in scored:
            if contrib <= 0 or len(reasons) == top:
                break
            value = float(X[i, idx[0]]) if len(idx) == 1 else None
            reasons.append(Reason(feature=key, value=value, contribution=round(contrib, 4),
                                  text=sentence(key, value, facts)))
        out.append(reasons)
    return out


def sentence(feature: str, value: float | None, facts: RowFacts) -> str:
    if feature == "gnn":
        return "its position in the network (GNN embedding) resembles parties that converted"
    if value is None or math.isnan(value):
        return f"{_label(feature)}: not known"
    fn = PHRASES.get(feature)
    text = fn(value, facts) if fn is not None else None
    return text or f"{_label(feature)}: {_number(value)}"


def _groups(columns: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Each column on its own, except the gnn_* embedding columns, which travel as one group."""
    groups: list[tuple[str, list[int]]] = []
    gnn = [i for i, c in enumerate(columns) if c.startswith("gnn_")]
    groups += [(c, [i]) for i, c in enumerate(columns) if not c.startswith("gnn_")]
    if gnn:
        groups.append(("gnn", gnn))
    return groups


def _label(feature: str) -> str:
    return feature.replace("_", " ")


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


# The sentences, one per feature of graph/learning/features.py. A log-scaled feature is read back with
# expm1; shares come as fractions; the per-row facts add the names and amounts the feature alone lacks.

def _n(v: float) -> int:
    return round(v)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@phrase("paid_to_customers_log", "purchases_share_customers")
def _pays_customers(v: float, f: RowFacts) -> str | None:
    amount, share = _fact(f, "paid_to_customers"), _fact(f, "purchases_share_customers")
    if amount is None:
        return None
    if amount <= 0:
        return "pays none of our customers"
    return (f"pays our customers {money(amount)}" + (f", {_pct(share)} of its purchases" if share is not None else "")
            + _largest(f))


@phrase("received_from_customers_log", "sales_share_customers")
def _paid_by_customers(v: float, f: RowFacts) -> str | None:
    amount, share = _fact(f, "received_from_customers"), _fact(f, "sales_share_customers")
    if amount is None:
        return None
    if amount <= 0:
        return "is paid by none of our customers"
    return (f"is paid {money(amount)} by our customers" + (f", {_pct(share)} of its sales" if share is not None else "")
            + _largest(f))


def _largest(f: RowFacts) -> str:
    name, uscc = _fact(f, "top_customer_partner_name"), _fact(f, "top_customer_partner")
    if not uscc:
        return ""
    return f" (largest tie: {name} {uscc})" if name else f" (largest tie: {uscc})"


@phrase("top_customer_tie_log", "top_customer_tie_share")
def _top_customer(v: float, f: RowFacts) -> str | None:
    amount, share = _fact(f, "top_customer_tie_amount"), _fact(f, "top_customer_tie_share")
    uscc, name = _fact(f, "top_customer_partner"), _fact(f, "top_customer_partner_name")
    if not uscc or amount is None:
        return "trades with none of our customers"
    who = f"customer {name} ({uscc})" if name else f"customer {uscc}"
    return f"trades {money(amount)} with {who}" + (f", {_pct(share)} of its trade" if share is not None else "")


_COUNTS: dict[str, tuple[str, str]] = {
    # column: (sentence with {n}, sentence for zero)
    "customers_1hop": ("trades directly with {n} of our customers", "trades directly with none of our customers"),
    "core_customer_partners": ("trades with {n} of our core customers", "trades with none of our core customers"),
    "hub_customer_partners": ("trades with {n} of our hub customers (top 1% by PageRank)",
                              "trades with none of our hub customers"),
    "buyers": ("has {n} buyers", "has no buyers on record"),
    "suppliers": ("has {n} suppliers", "has no suppliers on record"),
    "counterparties": ("trades with {n} enterprises", "has no trade on record"),
    "group_size": ("belongs to a group of {n} enterprises", "belongs to no group"),
    "group_customers": ("{n} enterprises of its group bank with us", "no enterprise of its group banks with us"),
    "paying_enterprises": ("paid by {n} enterprises (wages or transfers)", "paid by no enterprise"),
    "controlled_group_size": ("one of {n} enterprises joined by majority stakes (集团)",
                              "not held by, and holds no majority of, another enterprise"),
    "controlled_group_customers": ("{n} enterprises of its majority-held group bank with us",
                                   "no enterprise of its majority-held group banks with us"),
    "customer_shareholders": ("{n} of its shareholders are our customers", "none of its shareholders bank with us"),
    "persons_tied": ("{n} officers and shareholders on record", "no officers or shareholders on record"),
    "person_ties_to_customers": ("its officers and shareholders also sit at {n} of our customers",
                                 "its officers and shareholders sit at none of our customers"),
    "persons_tied_who_are_customers": ("{n} of its officers and shareholders are our personal customers",
                                       "none of its officers and shareholders bank with us"),
    "guarantees_given": ("guarantees {n} loans of other enterprises", "guarantees no one"),
    "guarantees_received": ("is guaranteed by {n} enterprises", "has no guarantors"),
    "guarantee_ties_to_customers": ("{n} guarantee ties with our customers", "no guarantee ties with our customers"),
    "negative_events": ("{n} court cases or penalties on record", "no court cases or penalties on record"),
    "partner_negative_events": ("{n} of its trading partners have court cases or penalties",
                                "none of its trading partners has court cases or penalties"),
    "enterprise_negative_events": ("{n} of its enterprises have court cases or penalties",
                                   "none of its enterprises has court cases or penalties"),
    "officer_posts": ("officer of {n} enterprises", "holds no officer post"),
    "legal_rep_posts": ("legal representative (法定代表人) of {n} enterprises", "legal representative of none"),
    "officer_posts_at_customers": ("officer of {n} of our enterprise customers",
                                   "officer of none of our enterprise customers"),
    "holdings": ("shareholder of {n} enterprises", "holds no shares"),
    "holdings_in_customers": ("shareholder of {n} of our enterprise customers",
                              "shareholder of none of our enterprise customers"),
    "majority_holdings": ("majority shareholder of {n} enterprises", "majority shareholder of none"),
    "enterprises_tied_customers": ("tied to {n} of our enterprise customers as officer or shareholder",
                                   "tied to none of our enterprise customers"),
    "products": ("holds {n} of our products", "holds none of our products"),
    "loan_products": ("holds {n} loan or credit products", "holds no loan product"),
    "balance_months": ("has balances in {n} of the last 12 months", "no balance in the last 12 months"),
}


def _count_phrase(column: str) -> Phrase:
    some, none = _COUNTS[column]

    def fn(v: float, f: RowFacts) -> str:
        return some.format(n=f"{_n(v):,}") if _n(v) else none

    return fn


for _column in _COUNTS:
    PHRASES[_column] = _count_phrase(_column)


_AMOUNTS: dict[str, str] = {
    # log1p-scaled amounts: column -> sentence with {amount}
    "sales_log": "sales of {amount} received from enterprises",
    "purchases_log": "purchases of {amount} paid to enterprises",
    "received_from_enterprises_log": "received {amount} from enterprises (wages and transfers)",
    "purchase_per_tie_month_log": "pays a supplier {amount} in a typical month of trade",
    "sale_per_tie_month_log": "is paid {amount} by a buyer in a typical month of trade",
    "capital_log": "registered capital {amount}",
    "balance_last_log": "average balance last month {amount}",
    "balance_avg3_log": "average balance over 3 months {amount}",
    "balance_avg12_log": "average balance over 12 months {amount}",
}


def _amount_phrase(column: str) -> Phrase:
    return lambda v, f: _AMOUNTS[column].format(amount=money(float(np.expm1(v))))


for _column in _AMOUNTS:
    PHRASES[_column] = _amount_phrase(_column)


@phrase("customers_2hop_walks_log")
def _two_hops(v: float, f: RowFacts) -> str:
    walks = _n(float(np.expm1(v)))
    return f"reaches our customers along {_plural(walks, 'two-step payment path')}" if walks else \
        "no customer within two payment steps"


@phrase("distance_to_customer")
def _distance(v: float, f: RowFacts) -> str:
    hops = _n(v)
    if hops <= 1:
        return "directly tied to one of our customers (payment, shareholding or guarantee)"
    if hops > 6:
        return "no customer within 6 ties"
    return f"{hops} ties away from the nearest customer"


@phrase("pagerank_x_n")
def _hub(v: float, f: RowFacts) -> str:
    return f"hub score (PageRank) {v:.1f}x the average enterprise's"


@phrase("largest_customer_partner_counterparties_log")
def _largest_partner(v: float, f: RowFacts) -> str:
    n = _n(float(np.expm1(v)))
    return f"trades with a customer that has {_plural(n, 'counterparty', 'counterparties')}" if n else \
        "trades with none of our customers"


@phrase("largest_customer_partner_pagerank_x_n")
def _largest_partner_hub(v: float, f: RowFacts) -> str:
    return f"trades with a customer whose hub score is {v:.1f}x the average" if v > 0 else \
        "trades with none of our customers"


@phrase("max_pagerank_of_enterprises")
def _tied_hub(v: float, f: RowFacts) -> str:
    return f"tied to an enterprise with a hub score {v:.1f}x the average"


@phrase("community_customer_share")
def _community_share(v: float, f: RowFacts) -> str:
    return f"{_pct(v)} of its trading community bank with us"


@phrase("community_size_log")
def _community_size(v: float, f: RowFacts) -> str:
    return f"its trading community has {_plural(_n(float(np.expm1(v))), 'enterprise')}"


@phrase("in_guarantee_circle")
def _circle(v: float, f: RowFacts) -> str:
    return "sits in a guarantee circle (mutual or circular)" if v >= 0.5 else "in no guarantee circle"


@phrase("in_guarantee_structure")
def _structure(v: float, f: RowFacts) -> str:
    return "part of a guarantee structure (chain, cross or focus)" if v >= 0.5 else "in no guarantee structure"


@phrase("age_years")
def _age(v: float, f: RowFacts) -> str:
    if f.get("_kind") == "P":
        return f"aged {_n(v)}"
    return f"established {v:.1f} years ago"


@phrase("customer_tenure_years")
def _tenure(v: float, f: RowFacts) -> str:
    return f"our customer for {v:.1f} years"


@phrase("balance_to_threshold")
def _threshold(v: float, f: RowFacts) -> str:
    return f"balance at {_pct(v)} of the effective-customer threshold (临界户)" if v < 1 else \
        f"balance {_pct(v)} of the effective-customer threshold"


@phrase("balance_trend")
def _trend(v: float, f: RowFacts) -> str:
    change = float(np.expm1(v))
    return f"balance {'up' if change >= 0 else 'down'} {_pct(abs(change))} (last 3 months against the 3 before)"


@phrase("active")
def _active(v: float, f: RowFacts) -> str:
    return "in business (存续)" if v >= 0.5 else "not in business (revoked, cancelled or closed)"


@phrase("is_customer")
def _is_customer(v: float, f: RowFacts) -> str:
    return "already our customer" if v >= 0.5 else "not yet our customer"


@phrase("scale")
def _scale(v: float, f: RowFacts) -> str:
    scales = ("微型", "小型", "中型", "大型")
    return f"scale {scales[_n(v)]}" if 0 <= _n(v) < len(scales) else f"scale code {_n(v)}"


@phrase("industry_section")
def _section(v: float, f: RowFacts) -> str:
    sections = "ABCDEFGHIJKLMNOPQRST"
    return f"industry section {sections[_n(v)]} (GB/T 4754)" if 0 <= _n(v) < len(sections) else "industry unknown"


@phrase("received_share_customers")
def _received_share(v: float, f: RowFacts) -> str:
    return f"{_pct(v)} of what it receives from enterprises comes from our customers"


@phrase("industry_division")
def _division(v: float, f: RowFacts) -> str:
    return f"industry division {_n(v):02d} (GB/T 4754)"


@phrase("city")
def _city(v: float, f: RowFacts) -> str:
    return f"registered in city {_n(v)}00 (GB/T 2260)"


@phrase("male")
def _male(v: float, f: RowFacts) -> str:
    return "male" if v >= 0.5 else "female"
