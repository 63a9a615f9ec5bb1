"""Judging a ranking of suspected links against withheld ties: precision@K and recall per kind.

Only pairs the bank does not already know are ranked (known ties are the training positives, not
findings). A withheld tie that no candidate generator proposed still counts in the recall's
denominator, so the figures include what the blocking missed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Figures:
    ranker: str
    k: int
    precision: float
    recall: float
    hits: int
    recall_by_kind: dict[str, float] = field(default_factory=dict)


def truth_codes(ties: Sequence[tuple[str, str, str]], ids: Sequence[str]) -> dict[int, str]:
    """Pair code (i·n + j, i < j) -> kind, for ties (uscc a, uscc b, kind) whose ends are both in `ids`."""
    index = {u: i for i, u in enumerate(ids)}
    n = len(ids)
    out: dict[int, str] = {}
    for a, b, kind in ties:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and i != j:
            out.setdefault(min(i, j) * n + max(i, j), kind)
    return out


def rank_figures(ranker: str, scores: npt.NDArray[np.floating[Any]], codes: IntArray, eligible: npt.NDArray[np.bool_],
                 truth: Mapping[int, str], ks: Sequence[int]) -> list[Figures]:
    """Figures of the top K eligible pairs by `scores` (ties broken by pair code, so any run agrees)."""
    rows = np.flatnonzero(eligible & ~np.isnan(scores))
    order = rows[np.lexsort((codes[rows], -scores[rows]))]
    kinds = sorted(set(truth.values()))
    per_kind_total = {kind: sum(1 for v in truth.values() if v == kind) for kind in kinds}
    hit_kind = [truth.get(int(c)) for c in codes[order]]
    out: list[Figures] = []
    for k in ks:
        top = hit_kind[:k]
        hits = sum(1 for h in top if h is not None)
        by_kind = {kind: (sum(1 for h in top if h == kind) / per_kind_total[kind]) for kind in kinds}
        out.append(Figures(ranker, k, hits / k if k else 0.0, hits / len(truth) if truth else 0.0, hits, by_kind))
    return out


def candidate_recall(codes: IntArray, truth: Mapping[int, str]) -> dict[str, float]:
    """Share of the withheld ties of each kind that are among the candidates at all (the ceiling)."""
    present = set(codes.tolist())
    kinds = sorted(set(truth.values()))
    return {kind: sum(1 for c, v in truth.items() if v == kind and c in present)
            / max(1, sum(1 for v in truth.values() if v == kind)) for kind in kinds}
