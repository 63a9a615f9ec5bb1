"""Pair features of candidate pairs, the single heuristics they are judged against, and the known ties.

Features describe how two enterprises *behave* together, never the declared tie itself: shareholdings
and guarantees stay out of them, because a declared tie is what makes a pair "known" (the positives the
models learn from) and a feature that restated it would teach nothing about the undeclared ones.

Contact and person features weigh a shared key by 1/log2(1 + size of its block), as Adamic–Adar weighs a
shared neighbour by its degree: a phone shared by three firms says more than one shared by ten.
Payment timing reads the monthly totals of the stronger direction: a guarantee fee comes every third
month in one amount (regular gap, low variation), transfers inside a family come in round sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.learning.suspected_links_candidates import Candidates, PairInputs, name_bigrams

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FEATURES = (
    "phone_shared", "phone_block", "address_shared", "address_block", "officers_shared", "officers_aa",
    "legal_rep_shared",
    "employee_links", "name_aa", "paid_max_log", "paid_min_log", "reciprocal", "tie_share", "pay_months",
    "pay_cv", "pay_regular", "pay_modal_gap", "pay_round", "common_neighbours", "adamic_adar", "jaccard",
    "degree_min_log", "degree_max_log", "embedding_cosine",
)
# Features that restate declared ownership rather than behaviour: an owner sits as legal representative
# and appoints his team as officers of the firms he owns, and a group's firms share its trade name. With
# declared ties as the positives, a model fed these learns "looks like a declared group" (the single
# heuristics on them find no undeclared tie: benchmarks/eval_suspected_links.py), so the scoring model
# leaves them out; they still propose candidates and are shown as evidence.
OWNERSHIP_BYPRODUCTS = ("officers_shared", "officers_aa", "legal_rep_shared", "name_aa")
SCORING_FEATURES = tuple(f for f in FEATURES if f not in OWNERSHIP_BYPRODUCTS)
# Each single heuristic ranks the candidates by one feature (higher = more suspect).
HEURISTICS: dict[str, str] = {
    "shared_phone": "phone_shared",
    "shared_address": "address_shared",
    "shared_officers": "officers_aa",
    "shared_legal_rep": "legal_rep_shared",
    "employee_link": "employee_links",
    "name_stem": "name_aa",
    "payment_tie_share": "tie_share",
    "common_neighbours": "common_neighbours",
    "adamic_adar": "adamic_adar",
    "embedding_similarity": "embedding_cosine",
}
PayDetail = Mapping[tuple[int, int], tuple[list[str], list[float]]]


def _weight(size: int) -> float:
    return 1.0 / float(np.log2(1.0 + size)) if size > 1 else 0.0


def _month_number(label: str) -> int:
    return int(label[:4]) * 12 + int(label[5:7])


def timing(months: list[str], totals: list[float]) -> tuple[float, float, float, float]:
    """(coefficient of variation, share of gaps equal to the modal gap, modal gap, share of round sums)."""
    amounts = np.asarray(totals, dtype=np.float64)
    if len(amounts) == 0:
        return (np.nan, np.nan, np.nan, np.nan)
    cv = float(amounts.std() / amounts.mean()) if amounts.mean() > 0 else np.nan
    rounded = float(np.mean(np.isclose(np.mod(amounts, 10_000.0), 0.0)))
    if len(months) < 3:
        return (cv, np.nan, np.nan, rounded)
    gaps = np.diff(sorted(_month_number(m) for m in months))
    values, counts = np.unique(gaps, return_counts=True)
    mode = int(values[int(np.argmax(counts))])
    return (cv, float(counts.max() / len(gaps)), float(mode), rounded)


def _adjacency(inputs: PairInputs) -> sp.csr_matrix:
    n = inputs.n
    src, dst = inputs.pay_src, inputs.pay_dst
    keep = src != dst
    a = sp.coo_matrix((np.ones(int(keep.sum())), (src[keep], dst[keep])), shape=(n, n)).tocsr()
    a = ((a + a.T) > 0).astype(np.float64)
    return sp.csr_matrix(a)


def pair_features(inputs: PairInputs, cand: Candidates, pay_detail: PayDetail) -> FloatArray:
    """One row per candidate pair, one column per name in FEATURES (NaN where a feature has no value)."""
    m = len(cand)
    col = {name: k for k, name in enumerate(FEATURES)}
    X = np.zeros((m, len(FEATURES)), dtype=np.float64)
    a, b = cand.pairs[:, 0], cand.pairs[:, 1]

    for what, shared, block in (("phone", "phone_shared", "phone_block"),
                                ("address", "address_shared", "address_block")):
        key_of = np.full(inputs.n, -1, dtype=np.int64)
        size_of: list[int] = []
        for k, members in enumerate(inputs.groups(what).values()):
            key_of[members] = k
            size_of.append(len(members))
        sizes = np.asarray([*size_of, 0], dtype=np.int64)
        same = (key_of[a] >= 0) & (key_of[a] == key_of[b])
        size = np.where(same, sizes[key_of[a]], 0)
        X[:, col[block]] = size
        X[:, col[shared]] = [_weight(int(s)) for s in size]

    posts: dict[int, set[int]] = defaultdict(set)
    for person, company in inputs.officers:
        posts[company].add(person)
    seats = {person: len(companies) for person, companies in inputs.groups("officer").items()}
    reps: dict[int, set[int]] = defaultdict(set)
    for person, company in inputs.legal_reps:
        reps[company].add(person)
    paid_by = inputs.paid_by()
    employer_of: dict[int, set[int]] = defaultdict(set)  # company -> persons it pays
    for person, payers in paid_by.items():
        for payer in payers:
            employer_of[payer].add(person)
    bigrams = [name_bigrams(nm) for nm in inputs.names]
    freq: dict[str, int] = defaultdict(int)
    for grams in bigrams:
        for gram in grams:
            freq[gram] += 1
    for r, (i, j) in enumerate(cand.pairs.tolist()):
        common = posts.get(i, set()) & posts.get(j, set())
        X[r, col["officers_shared"]] = len(common)
        X[r, col["officers_aa"]] = sum(_weight(seats.get(p, 2)) for p in common)
        X[r, col["legal_rep_shared"]] = len(reps.get(i, set()) & reps.get(j, set()))
        X[r, col["employee_links"]] = (len((employer_of.get(i, set()) - posts.get(i, set())) & posts.get(j, set()))
                                       + len((employer_of.get(j, set()) - posts.get(j, set())) & posts.get(i, set())))
        X[r, col["name_aa"]] = sum(_weight(freq[gram]) for gram in bigrams[i] & bigrams[j])

    total = {(int(s), int(t)): float(w) for s, t, w in zip(inputs.pay_src, inputs.pay_dst, inputs.pay_total,
                                                           strict=True)}
    income = np.bincount(inputs.pay_dst, weights=inputs.pay_total, minlength=inputs.n)
    for r, (i, j) in enumerate(cand.pairs.tolist()):
        w_ij, w_ji = total.get((i, j), 0.0), total.get((j, i), 0.0)
        X[r, col["paid_max_log"]] = np.log1p(max(w_ij, w_ji))
        X[r, col["paid_min_log"]] = np.log1p(min(w_ij, w_ji))
        X[r, col["reciprocal"]] = float(w_ij > 0 and w_ji > 0)
        X[r, col["tie_share"]] = max(w_ij / income[j] if income[j] > 0 else 0.0,
                                     w_ji / income[i] if income[i] > 0 else 0.0)
        strong = (i, j) if w_ij >= w_ji else (j, i)
        months, totals = pay_detail.get(strong, ([], []))
        X[r, col["pay_months"]] = len(months)
        cv, regular, gap, rounded = timing(months, totals)
        X[r, [col["pay_cv"], col["pay_regular"], col["pay_modal_gap"], col["pay_round"]]] = (cv, regular, gap, rounded)

    adj = _adjacency(inputs)
    deg = np.asarray(adj.sum(axis=1)).ravel()
    inv_log = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2.0)), 0.0)
    # Rows of the pairs' neighbourhoods, multiplied in chunks so a million pairs stay within memory.
    for start in range(0, m, 50_000):
        sl = slice(start, min(m, start + 50_000))
        ra, rb = adj[a[sl]], adj[b[sl]]
        both = ra.multiply(rb)
        X[sl, col["common_neighbours"]] = np.asarray(both.sum(axis=1)).ravel()
        X[sl, col["adamic_adar"]] = np.asarray(both @ inv_log).ravel()
    union = deg[a] + deg[b] - X[:, col["common_neighbours"]]
    X[:, col["jaccard"]] = np.where(union > 0, X[:, col["common_neighbours"]] / np.maximum(union, 1), 0.0)
    X[:, col["degree_min_log"]] = np.log1p(np.minimum(deg[a], deg[b]))
    X[:, col["degree_max_log"]] = np.log1p(np.maximum(deg[a], deg[b]))

    if inputs.embeddings is not None:
        z = inputs.embeddings.astype(np.float64)
        norms = np.linalg.norm(z, axis=1)
        za, zb = z[a], z[b]
        X[:, col["embedding_cosine"]] = (za * zb).sum(axis=1) / np.maximum(norms[a] * norms[b], 1e-12)
    else:
        X[:, col["embedding_cosine"]] = np.nan
    return X


def ownership_groups(n: int, holdings: Iterable[tuple[str, int, int, float]], *,
                     min_ratio: float = 0.25) -> IntArray:
    """A group number per enterprise: enterprises joined by enterprise-to-enterprise holdings of >=
    `min_ratio` share one (connected components by union-find: a parent, its subsidiaries and theirs)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for kind, holder, company, ratio in holdings:
        if kind == "E" and ratio >= min_ratio:
            rx, ry = find(holder), find(company)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    return np.asarray([find(i) for i in range(n)], dtype=np.int64)


def known_mask(cand: Candidates, n: int, holdings: Iterable[tuple[str, int, int, float]],
               guarantees: Iterable[tuple[int, int]], *, min_ratio: float = 0.25) -> npt.NDArray[np.bool_]:
    """Candidate pairs the bank already knows to be tied: one holds any share of the other, one guarantees
    the other, both sit in one enterprise ownership group (`ownership_groups`), or one holder (person or
    enterprise) has >= `min_ratio` of both (the 受益所有人 threshold). Not transitive through persons: two
    firms are not known to be tied because their owners each co-own a third one."""
    rows = list(holdings)
    group = ownership_groups(n, rows, min_ratio=min_ratio)
    a, b = cand.pairs[:, 0], cand.pairs[:, 1]
    known = np.asarray(group[a] == group[b], dtype=bool)
    direct = {min(h, c) * n + max(h, c) for kind, h, c, _r in rows if kind == "E" and h != c}
    direct |= {min(x, y) * n + max(x, y) for x, y in guarantees if x != y}
    if direct:
        known |= np.isin(a * n + b, np.fromiter(direct, dtype=np.int64, count=len(direct)))
    major: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for kind, holder, company, ratio in rows:
        if ratio >= min_ratio:
            major[company].add((kind, holder))
    empty: set[tuple[str, int]] = set()
    shared = [bool(major.get(i, empty) & major.get(j, empty)) for i, j in cand.pairs.tolist()]
    return np.asarray(known | np.asarray(shared, dtype=bool), dtype=bool)


def codes(cand: Candidates, n: int) -> IntArray:
    return cand.pairs[:, 0] * n + cand.pairs[:, 1]
