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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.learning.suspected_links_candidates import Candidates, PairInputs, name_bigrams

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
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
KINDS = ("undisclosed_controller", "nominee_holding", "shell_cluster", "off_book_guarantee", "related_supplier")


def infer_kind(row: npt.NDArray[np.floating[Any]]) -> str:
    """Which kind of undeclared tie the evidence points to (a rule over the features, stated in the answer)."""
    f = {name: float(row[k]) for k, name in enumerate(FEATURES)}
    if f["employee_links"] > 0:
        return "nominee_holding"
    if f["phone_shared"] > 0 or f["address_shared"] > 0:
        return "shell_cluster"
    regular = f["pay_regular"] if not np.isnan(f["pay_regular"]) else 0.0
    cv = f["pay_cv"] if not np.isnan(f["pay_cv"]) else 1.0
    if regular >= 0.8 and f["pay_modal_gap"] >= 2 and cv < 0.2 and f["reciprocal"] == 0:
        return "off_book_guarantee"
    if f["tie_share"] >= 0.3 and f["pay_months"] >= 6:
        return "related_supplier"
    return "undisclosed_controller"


KIND_RULE = ("nominee_holding if a person paid by one holds a post in the other; shell_cluster if they share a "
             "phone or an address block; off_book_guarantee if one pays the other a regular (gap >= 2 months, "
             "CV < 0.2), one-way amount; related_supplier if one takes >= 30% of the other's trade income over "
             ">= 6 months; else undisclosed_controller")


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


def _incidence(rows: IntArray, cols: IntArray, n: int, width: int | None = None) -> sp.csr_matrix:
    """A 0/1 enterprise x key matrix (duplicates counted once)."""
    width = int(cols.max()) + 1 if width is None and len(cols) else (width or 0)
    m = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, width)).tocsr()
    m.data[:] = 1.0
    return sp.csr_matrix(m)


def _pairs_array(pairs: Iterable[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    arr = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


_CHUNK = 50_000  # rows of pairs multiplied at once, so millions of pairs stay within memory


def _row_dots(left: sp.csr_matrix, right: sp.csr_matrix, a: IntArray, b: IntArray,
              weights: FloatArray | None = None) -> FloatArray:
    """For each pair r: sum over keys k of left[a[r], k] * right[b[r], k] (* weights[k])."""
    out = np.zeros(len(a), dtype=np.float64)
    if left.shape[1] == 0:
        return out
    for start in range(0, len(a), _CHUNK):
        sl = slice(start, min(len(a), start + _CHUNK))
        both = left[a[sl]].multiply(right[b[sl]]).tocsr()
        out[sl] = np.asarray(both.sum(axis=1)).ravel() if weights is None else np.asarray(both @ weights).ravel()
    return out


@dataclass
class PayMonths:
    """Monthly trade totals, one row per payer, payee and month (the months as year * 12 + month)."""

    payer: IntArray
    payee: IntArray
    month: IntArray
    total: FloatArray

    @classmethod
    def from_detail(cls, detail: PayDetail) -> PayMonths:
        """From {(payer, payee): (['YYYY-MM'], [total])} (the AMLSim benchmark and the unit tests build those)."""
        payer: list[int] = []
        payee: list[int] = []
        month: list[int] = []
        total: list[float] = []
        for (i, j), (months, totals) in detail.items():
            payer += [i] * len(months)
            payee += [j] * len(months)
            month += [_month_number(m) for m in months]
            total += list(totals)
        return cls(np.asarray(payer, dtype=np.int64), np.asarray(payee, dtype=np.int64),
                   np.asarray(month, dtype=np.int64), np.asarray(total, dtype=np.float64))


def grouped_timing(group: IntArray, month: IntArray, amount: FloatArray, groups: int) -> FloatArray:
    """`timing` of every group at once: a groups x 5 array (months, cv, regular, modal gap, round share),
    NaN where `timing` gives NaN. Rows may come in any order; months within a group are distinct."""
    out = np.full((groups, 5), np.nan)
    count = np.bincount(group, minlength=groups).astype(np.float64)
    out[:, 0] = count
    has = count > 0
    mean = np.bincount(group, weights=amount, minlength=groups) / np.maximum(count, 1.0)
    deviation = amount - mean[group]  # two passes, as np.std: no cancellation on large equal sums
    std = np.sqrt(np.bincount(group, weights=deviation * deviation, minlength=groups) / np.maximum(count, 1.0))
    out[has, 1] = np.where(mean[has] > 0, std[has] / np.where(mean[has] > 0, mean[has], 1.0), np.nan)
    rounded = np.isclose(np.mod(amount, 10_000.0), 0.0).astype(np.float64)
    out[has, 4] = np.bincount(group, weights=rounded, minlength=groups)[has] / count[has]
    order = np.lexsort((month, group))
    g, mo = group[order], month[order]
    inside = g[1:] == g[:-1]
    gap_group, gap = g[1:][inside], np.diff(mo)[inside]
    if len(gap):
        # Count each (group, gap); the modal gap is the most frequent, the smallest among equals (as np.unique
        # then argmax in `timing`).
        pairs, freq = np.unique(np.stack([gap_group, gap], axis=1), axis=0, return_counts=True)
        best = np.lexsort((pairs[:, 1], -freq, pairs[:, 0]))
        first = best[np.r_[True, pairs[best, 0][1:] != pairs[best, 0][:-1]]]
        owner = pairs[first, 0]
        ok = count[owner] >= 3
        owner, first = owner[ok], first[ok]
        out[owner, 2] = freq[first] / (count[owner] - 1)
        out[owner, 3] = pairs[first, 1]
    return out


PAIR_CHUNK = 1_000_000  # candidate pairs whose features are computed at once (see `pair_features`)


@dataclass
class _PerEnterprise:
    """What the features read per enterprise, key or payment, built once for every chunk of pairs."""

    n: int
    contact_keys: list[tuple[str, str, IntArray, IntArray]]  # block column, shared column, key of, key sizes
    posts: sp.csr_matrix
    reps: sp.csr_matrix
    outside: sp.csr_matrix
    seat_weight: FloatArray
    grams: sp.csr_matrix
    gram_weight: FloatArray
    pay_code: IntArray  # payer * n + payee, sorted
    pay_total: FloatArray
    income: FloatArray
    month_code: IntArray  # monthly rows' payer * n + payee, sorted
    month: IntArray
    month_total: FloatArray
    adj: sp.csr_matrix
    deg: FloatArray
    inv_log: FloatArray
    z: FloatArray | None
    norms: FloatArray | None


def _per_enterprise(inputs: PairInputs, pay_months: PayMonths) -> _PerEnterprise:
    n = inputs.n
    contact_keys: list[tuple[str, str, IntArray, IntArray]] = []
    for what, shared, block in (("phone", "phone_shared", "phone_block"),
                                ("address", "address_shared", "address_block")):
        key_of = np.full(n, -1, dtype=np.int64)
        size_of: list[int] = []
        for k, members in enumerate(inputs.groups(what).values()):
            key_of[members] = k
            size_of.append(len(members))
        contact_keys.append((block, shared, key_of, np.asarray([*size_of, 0], dtype=np.int64)))

    # Persons: posts (officers), legal representatives, and salaries paid (the employer's side).
    off_p, off_c = _pairs_array(inputs.officers)
    rep_p, rep_c = _pairs_array(inputs.legal_reps)
    paid_by = inputs.paid_by()
    pay_p, pay_c = _pairs_array((person, payer) for person, payers in paid_by.items() for payer in payers)
    persons = 1 + max([int(v.max()) for v in (off_p, rep_p, pay_p) if len(v)], default=-1)
    posts = _incidence(off_c, off_p, n, persons)
    reps = _incidence(rep_c, rep_p, n, persons)
    employs = _incidence(pay_c, pay_p, n, persons)
    seats = np.asarray(posts.sum(axis=0)).ravel()  # companies each person holds a post in
    # Paid by one and posted in the other, but not posted in the payer itself (its own staff).
    outside = sp.csr_matrix(employs - employs.multiply(posts))
    outside.eliminate_zeros()
    vocabulary: dict[str, int] = {}
    g_rows: list[int] = []
    g_cols: list[int] = []
    for i, nm in enumerate(inputs.names):
        for gram in name_bigrams(nm):
            g_rows.append(i)
            g_cols.append(vocabulary.setdefault(gram, len(vocabulary)))
    grams = _incidence(np.asarray(g_rows, dtype=np.int64), np.asarray(g_cols, dtype=np.int64), n, len(vocabulary))
    freq = np.asarray(grams.sum(axis=0)).ravel()

    pay_code = inputs.pay_src * n + inputs.pay_dst
    order = np.argsort(pay_code, kind="stable")
    row_code = pay_months.payer * n + pay_months.payee
    m_order = np.argsort(row_code, kind="stable")
    adj = _adjacency(inputs)
    deg = np.asarray(adj.sum(axis=1)).ravel()
    z = norms = None
    if inputs.embeddings is not None:
        z = inputs.embeddings.astype(np.float64)
        norms = np.linalg.norm(z, axis=1)
    return _PerEnterprise(
        n=n, contact_keys=contact_keys, posts=posts, reps=reps, outside=outside,
        # A shared officer weighs like a shared neighbour in Adamic–Adar (a person seen once counts as two).
        seat_weight=1.0 / np.log2(1.0 + np.maximum(seats, 2.0)),
        grams=grams, gram_weight=np.where(freq > 1, 1.0 / np.log2(1.0 + np.maximum(freq, 1.0)), 0.0),
        pay_code=pay_code[order], pay_total=inputs.pay_total[order],
        income=np.bincount(inputs.pay_dst, weights=inputs.pay_total, minlength=n).astype(np.float64),
        month_code=row_code[m_order], month=pay_months.month[m_order], month_total=pay_months.total[m_order],
        adj=adj, deg=deg, inv_log=np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2.0)), 0.0), z=z, norms=norms)


def _paid(e: _PerEnterprise, codes: IntArray) -> FloatArray:
    """The payment total of each pair code (payer * n + payee), 0 where the pair never paid."""
    if not len(e.pay_code):
        return np.zeros(len(codes))
    at = np.minimum(np.searchsorted(e.pay_code, codes), len(e.pay_code) - 1)
    return np.where(e.pay_code[at] == codes, e.pay_total[at], 0.0)


def _month_rows(e: _PerEnterprise, codes: IntArray) -> tuple[IntArray, IntArray]:
    """The monthly rows of each pair code: (the position in `codes` of each row, the row in e.month*)."""
    lo = np.searchsorted(e.month_code, codes, side="left")
    count = np.searchsorted(e.month_code, codes, side="right") - lo
    group = np.repeat(np.arange(len(codes), dtype=np.int64), count)
    first = np.cumsum(count) - count  # where each code's rows start in the output
    rows = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(first, count) + np.repeat(lo, count)
    return group, rows


def _fill(e: _PerEnterprise, a: IntArray, b: IntArray, X: npt.NDArray[np.floating[Any]]) -> None:
    """The features of pairs (a[r], b[r]) into the rows of X (a view of the whole matrix)."""
    col = {name: k for k, name in enumerate(FEATURES)}
    n = e.n
    for block, shared, key_of, sizes in e.contact_keys:
        same = (key_of[a] >= 0) & (key_of[a] == key_of[b])
        size = np.where(same, sizes[key_of[a]], 0)
        X[:, col[block]] = size
        X[:, col[shared]] = np.where(size > 1, 1.0 / np.log2(1.0 + np.maximum(size, 1)), 0.0)

    X[:, col["officers_shared"]] = _row_dots(e.posts, e.posts, a, b)
    X[:, col["officers_aa"]] = _row_dots(e.posts, e.posts, a, b, e.seat_weight)
    X[:, col["legal_rep_shared"]] = _row_dots(e.reps, e.reps, a, b)
    X[:, col["employee_links"]] = _row_dots(e.outside, e.posts, a, b) + _row_dots(e.outside, e.posts, b, a)
    X[:, col["name_aa"]] = _row_dots(e.grams, e.grams, a, b, e.gram_weight)

    w_ab, w_ba = _paid(e, a * n + b), _paid(e, b * n + a)
    X[:, col["paid_max_log"]] = np.log1p(np.maximum(w_ab, w_ba))
    X[:, col["paid_min_log"]] = np.log1p(np.minimum(w_ab, w_ba))
    X[:, col["reciprocal"]] = ((w_ab > 0) & (w_ba > 0)).astype(np.float64)
    share_b = np.where(e.income[b] > 0, w_ab / np.where(e.income[b] > 0, e.income[b], 1.0), 0.0)
    share_a = np.where(e.income[a] > 0, w_ba / np.where(e.income[a] > 0, e.income[a], 1.0), 0.0)
    X[:, col["tie_share"]] = np.maximum(share_b, share_a)
    # Timing reads the stronger direction's months (a -> b on a tie).
    strong = np.where(w_ab >= w_ba, a * n + b, b * n + a)
    group, rows = _month_rows(e, strong)
    stats = grouped_timing(group, e.month[rows], e.month_total[rows], len(a))
    X[:, col["pay_months"]] = stats[:, 0]
    X[:, [col["pay_cv"], col["pay_regular"], col["pay_modal_gap"], col["pay_round"]]] = stats[:, 1:]

    common = _row_dots(e.adj, e.adj, a, b)
    X[:, col["common_neighbours"]] = common
    X[:, col["adamic_adar"]] = _row_dots(e.adj, e.adj, a, b, e.inv_log)
    union = e.deg[a] + e.deg[b] - common
    X[:, col["jaccard"]] = np.where(union > 0, common / np.maximum(union, 1), 0.0)
    X[:, col["degree_min_log"]] = np.log1p(np.minimum(e.deg[a], e.deg[b]))
    X[:, col["degree_max_log"]] = np.log1p(np.maximum(e.deg[a], e.deg[b]))

    if e.z is not None and e.norms is not None:
        X[:, col["embedding_cosine"]] = np.einsum("ij,ij->i", e.z[a], e.z[b]) / np.maximum(e.norms[a] * e.norms[b],
                                                                                           1e-12)
    else:
        X[:, col["embedding_cosine"]] = np.nan


def pair_features(inputs: PairInputs, cand: Candidates, pay_months: PayMonths | PayDetail,
                  dtype: type[np.floating[Any]] = np.float32, *,
                  chunk: int = PAIR_CHUNK) -> npt.NDArray[np.floating[Any]]:
    """One row per candidate pair, one column per name in FEATURES (NaN where a feature has no value).

    Columns are computed over `chunk` pairs at a time (sparse products of enterprise x key incidence
    matrices, grouped sums), never pair by pair, and never over all pairs at once: on the large world,
    16.5M pairs, each float64 temporary of the whole list was 132 MB and a dozen of them lived together,
    which set the process's peak. Each column is computed in float64 and stored as `dtype`: float32 (the
    default) holds every value the models read (they convert to float32 themselves) in half the memory;
    float64 is there to check that."""
    if not isinstance(pay_months, PayMonths):
        pay_months = PayMonths.from_detail(pay_months)
    m = len(cand)
    e = _per_enterprise(inputs, pay_months)
    X = np.zeros((m, len(FEATURES)), dtype=dtype)
    for start in range(0, m, max(1, chunk)):
        sl = slice(start, min(m, start + max(1, chunk)))
        _fill(e, cand.pairs[sl, 0], cand.pairs[sl, 1], X[sl])
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
    # One column per major holder (enterprise holders 0..n-1, then persons from n): a pair shares one when
    # the two rows meet.
    major = [(company, holder if kind == "E" else n + holder) for kind, holder, company, ratio in rows
             if ratio >= min_ratio]
    if major:
        company_of, holder_of = _pairs_array(major)
        incidence = _incidence(company_of, holder_of, n)
        known |= _row_dots(incidence, incidence, a, b) > 0
    return np.asarray(known, dtype=bool)


def codes(cand: Candidates, n: int) -> IntArray:
    return cand.pairs[:, 0] * n + cand.pairs[:, 1]
