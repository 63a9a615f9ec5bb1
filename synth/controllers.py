"""Ultimate controllers and exact effective stakes, computed from the shareholdings as written.

Control follows the common test (docs/rules.md §3): a holder controls a company when it holds >= 50%, or
>= 30% and strictly more than any other holder. Climbing controlling holders until a natural person
(or an enterprise nobody controls) gives the ultimate controller.

Effective stake is exact equity penetration: T = B + T·A, where A[h, c] is enterprise h's direct
ratio in c and B stacks the persons' direct ratios over A. The fixed point is the sum over all paths,
cycles included; iteration converges because every cycle's product of ratios is below 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from synth.ownership import FULL, Ownership


@dataclass(frozen=True)
class Control:
    company: int
    kind: str  # "P" or "E"
    controller: int
    stake: float
    path: tuple[int, ...]  # enterprises from the company up to (excluding) a person controller


def _controlling_holder(holders: list[tuple[int, str, int]]) -> tuple[str, int] | None:
    if not holders:
        return None
    ranked = sorted(holders, key=lambda h: (-h[0], h[1], h[2]))
    top = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else 0
    if top[0] >= FULL // 2 or (top[0] >= 3_000 and top[0] > second):
        return top[1], top[2]
    return None


def ultimate_controllers(own: Ownership, n_enterprises: int, n_persons: int) -> list[Control]:
    holders: list[list[tuple[int, str, int]]] = [[] for _ in range(n_enterprises)]
    for kind, h, c, bp in zip(own.holder_kind, own.holder, own.company, own.ratio_bp, strict=True):
        holders[c].append((bp, kind, h))
    direct = [_controlling_holder(hs) for hs in holders]

    found: list[tuple[int, str, int, tuple[int, ...]]] = []
    for c in range(n_enterprises):
        path: list[int] = [c]
        seen = {c}
        step = direct[c]
        while step is not None and step[0] == "E" and step[1] not in seen:
            path.append(step[1])
            seen.add(step[1])
            step = direct[step[1]]
        if step is not None and step[0] == "P":
            found.append((c, "P", step[1], tuple(path)))
        elif step is None and len(path) > 1:
            found.append((c, "E", path[-1], tuple(path[:-1])))
    stakes = effective_stakes(own, n_enterprises, n_persons)
    rows = np.array([who if kind == "P" else n_persons + who for _, kind, who, _ in found], dtype=np.int64)
    cols = np.array([c for c, _, _, _ in found], dtype=np.int64)
    values = np.asarray(stakes[rows, cols]).ravel() if len(found) else np.zeros(0)
    return [Control(c, kind, who, float(v), via) for (c, kind, who, via), v in zip(found, values, strict=True)]


def effective_stakes(own: Ownership, n_enterprises: int, n_persons: int) -> sparse.csr_matrix:
    """(persons + enterprises) x enterprises matrix of exact direct-plus-indirect stakes."""
    kinds = np.array(own.holder_kind)
    h = np.array(own.holder, dtype=np.int64)
    c = np.array(own.company, dtype=np.int64)
    r = np.array(own.ratio_bp, dtype=np.float64) / FULL
    e = kinds == "E"
    a = sparse.csr_matrix((r[e], (h[e], c[e])), shape=(n_enterprises, n_enterprises))
    p = sparse.csr_matrix((r[~e], (h[~e], c[~e])), shape=(n_persons, n_enterprises))
    b = sparse.vstack([p, a]).tocsr()
    t = b.copy()
    for _ in range(200):
        nxt = (b + t @ a).tocsr()
        diff = abs(nxt - t).max() if nxt.nnz else 0.0
        t = nxt
        if diff < 1e-13:
            break
    return t
