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


def _counterparty(row: RowFacts, prefix: str) -> str:
    """'核心客户 河南某某有限公司 (91410100…)' from the raw facts, or a plain 'a customer' when they are missing."""
    name, uscc, tier = _fact(row, f"{prefix}_name"), _fact(row, f"{prefix}_uscc"), _fact(row, f"{prefix}_tier")
    who = f"{tier}客户 " if tier else "customer "
    if name:
        return f"{who}{name}" + (f" ({uscc})" if uscc else "")
    return f"{who}{uscc}" if uscc else "a customer"


PHRASES: dict[str, Phrase] = {}


def phrase(*columns: str) -> Callable[[Phrase], Phrase]:
    def register(fn: Phrase) -> Phrase:
        for c in columns:
            PHRASES[c] = fn
        return fn

    return register


def explain_rows(contributions: np.ndarray, X: np.ndarray, columns: Sequence[str],
                 raw: Sequence[RowFacts] | None = None, *, top: int = 3) -> list[list[Reason]]:
    """The top `top` reasons (positive contributions, largest first) of every row.

    `contributions` is the (n, f + 1) output of pred_contribs (bias last); `X` the (n, f) feature values.
    """
    n, f = X.shape
    if contributions.shape != (n, f + 1):
        raise ValueError(f"contributions of shape {contributions.shape} do not match features {X.shape}")
    groups = _groups(columns)
    out: list[list[Reason]] = []
    for i in range(n):
        facts: RowFacts = raw[i] if raw is not None else {}
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
