"""Candidate pairs for suspected links (疑似关系), without scoring all n² pairs.

Two enterprises become a candidate pair when they share a blocking key or sit close in embedding space:

- `phone`, `address`: the same registered phone, or the same address once a room number is cut off
  (rooms of one building are where shells and incubated firms register);
- `officer`: one person holds a post in both;
- `employee`: a person drawing a salary (>= 3 months) from one, where they hold no post, holds a post
  in the other (the nominee paid by the real owner's firm);
- `name`: a rare character bigram of the trade name in common (group members share a trade name);
- `payment`: one paid the other; `neighbour`: both trade with one small counterparty;
- `embedding`: among each other's k nearest neighbours by cosine similarity of the node embeddings.

A key shared by more than `max_block` enterprises (a tax bureau's hotline, a hub's hundred buyers, a
director on fifty boards) proposes nothing: within such a block every pair is as likely as any other,
and its pairs would be quadratic. So the work is linear in the ties plus k per enterprise.

The nearest neighbours come from faiss (faiss-cpu): exact inner-product search on unit vectors up to
`exact_limit` enterprises, an HNSW graph index above it (the large world, 3·10^5 enterprises). faiss was
chosen over scikit-learn's NearestNeighbors (exact only, single-threaded tree or brute force at this
width) and hnswlib (no release since 2023, wheels missing for newer Pythons), and it is one small wheel.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

MIN_SALARY_MONTHS = 3  # fewer is a one-off payment, not a salary
SOURCES = ("phone", "address", "officer", "employee", "name", "payment", "neighbour", "embedding")
BIT = {name: 1 << i for i, name in enumerate(SOURCES)}
_ROOM = re.compile(r"[0-9０-９]+室$")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "分公司", "合伙企业", "个人独资企业")


def address_base(address: str | None) -> str | None:
    """The address without a trailing room number ('...路78号2001室' -> '...路78号'); None when empty."""
    if not address:
        return None
    base = _ROOM.sub("", address.strip())
    return base or None


def name_bigrams(name: str | None) -> set[str]:
    """Character bigrams of a name after dropping bracketed places and legal-form words."""
    if not name:
        return set()
    core = _BRACKETS.sub("", name)
    for form in _FORMS:
        core = core.replace(form, "")
    return {core[i:i + 2] for i in range(len(core) - 1)}


@dataclass
class PairInputs:
    """What the blocking and the pair features read about the enterprises (rows 0..n-1, one per USCC)."""

    ids: list[str]
    names: list[str | None]
    phones: list[str | None]
    addresses: list[str | None]
    officers: list[tuple[int, int]]  # person, company
    salaries: list[tuple[int, int, int]]  # person, paying company, months paid
    pay_src: IntArray  # trade payments, one row per payer -> payee pair
    pay_dst: IntArray
    pay_total: npt.NDArray[np.float64]
    embeddings: FloatArray | None = None  # n x d, NaN rows for enterprises the encoder did not see
    legal_reps: list[tuple[int, int]] = field(default_factory=list)  # person, company (a subset of officers)
    _groups: dict[str, dict[object, list[int]]] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    def groups(self, what: str) -> dict[object, list[int]]:
        """Enterprises per key of one blocking kind (computed once)."""
        if what not in self._groups:
            out: dict[object, list[int]] = defaultdict(list)
            if what == "phone":
                for i, p in enumerate(self.phones):
                    if p:
                        out[p.strip()].append(i)
            elif what == "address":
                for i, a in enumerate(self.addresses):
                    base = address_base(a)
                    if base:
                        out[base].append(i)
            elif what == "officer":
                for person, company in sorted(set(self.officers)):
                    out[person].append(company)
            elif what == "name":
                for i, nm in enumerate(self.names):
                    for bigram in sorted(name_bigrams(nm)):
                        out[bigram].append(i)
            elif what == "neighbour":
                for a, b in sorted(set(zip(self.pay_src.tolist(), self.pay_dst.tolist(), strict=True))):
                    if a != b:
                        out[a].append(b)
                        out[b].append(a)
                out = defaultdict(list, {k: sorted(set(v)) for k, v in out.items()})
            else:
                raise ValueError(f"unknown blocking kind {what!r}")
            self._groups[what] = dict(out)
        return self._groups[what]

    def paid_by(self, min_months: int = MIN_SALARY_MONTHS) -> dict[int, set[int]]:
        """Person -> the enterprises that paid them a salary in at least `min_months` months."""
        out: dict[int, set[int]] = defaultdict(set)
        for person, company, months in self.salaries:
            if months >= min_months:
                out[person].add(company)
        return dict(out)


@dataclass(frozen=True)
class Candidates:
    pairs: IntArray  # m x 2, i < j, sorted
    sources: IntArray  # m bit masks over SOURCES

    def __len__(self) -> int:
        return int(self.pairs.shape[0])

    def from_source(self, name: str) -> npt.NDArray[np.bool_]:
        return (self.sources & BIT[name]) > 0


class _PairSink:
    def __init__(self, n: int) -> None:
        self.n = n
        self.codes: list[IntArray] = []
        self.bits: list[IntArray] = []

    def add(self, a: Iterable[int] | IntArray, b: Iterable[int] | IntArray, source: str) -> None:
        aa = np.asarray(list(a) if not isinstance(a, np.ndarray) else a, dtype=np.int64)
        bb = np.asarray(list(b) if not isinstance(b, np.ndarray) else b, dtype=np.int64)
        keep = aa != bb
        lo, hi = np.minimum(aa, bb)[keep], np.maximum(aa, bb)[keep]
        self.codes.append(lo * self.n + hi)
        self.bits.append(np.full(len(lo), BIT[source], dtype=np.int64))

    def add_blocks(self, blocks: Iterable[Sequence[int]], source: str, max_block: int) -> None:
        a_parts: list[IntArray] = []
        b_parts: list[IntArray] = []
        for members in blocks:
            k = len(members)
            if k < 2 or k > max_block:
                continue
            arr = np.asarray(members, dtype=np.int64)
            i, j = np.triu_indices(k, 1)
            a_parts.append(arr[i])
            b_parts.append(arr[j])
        if a_parts:
            self.add(np.concatenate(a_parts), np.concatenate(b_parts), source)

    def result(self) -> Candidates:
        if not self.codes:
            return Candidates(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))
        codes = np.concatenate(self.codes)
        bits = np.concatenate(self.bits)
        order = np.argsort(codes, kind="stable")
        codes, bits = codes[order], bits[order]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        unique = codes[starts]
        merged = np.bitwise_or.reduceat(bits, starts)
        pairs = np.stack([unique // self.n, unique % self.n], axis=1)
        return Candidates(pairs.astype(np.int64), merged.astype(np.int64))


def nearest_neighbours(matrix: FloatArray, k: int, *, exact_limit: int = 200_000) -> IntArray:
    """For each row, the rows of its k nearest neighbours by cosine similarity (-1 where none), itself excluded.

    Rows containing NaN (enterprises the encoder did not see) neither ask nor answer.
    """
    import faiss  # imported here: only this function needs it

    n = matrix.shape[0]
    out = np.full((n, k), -1, dtype=np.int64)
    ok = np.flatnonzero(~np.isnan(matrix).any(axis=1))
    if len(ok) < 2 or k < 1:
        return out
    x = np.ascontiguousarray(matrix[ok], dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / np.maximum(norms, 1e-12)
    d = x.shape[1]
    # One thread: the host is a shared 2-core machine, and single-threaded HNSW construction is reproducible.
    faiss.omp_set_num_threads(1)
    index: faiss.Index
    if len(ok) <= exact_limit:
        index = faiss.IndexFlatIP(d)
    else:
        hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efSearch = max(64, 2 * k)
        index = hnsw
    index.add(x)
    kk = min(k + 1, len(ok))
    _dist, found = index.search(x, kk)
    for row in range(len(ok)):
        nbrs = [int(ok[f]) for f in found[row] if f >= 0 and ok[f] != ok[row]][:k]
        out[ok[row], : len(nbrs)] = nbrs
    return out


def generate_candidates(inputs: PairInputs, *, k: int = 10, max_block: int = 30) -> Candidates:
    """Every candidate pair from the blocking keys and the embedding neighbours, each with its sources."""
    sink = _PairSink(inputs.n)
    for what in ("phone", "address", "officer", "name"):
        sink.add_blocks(inputs.groups(what).values(), what, max_block)
    posts: dict[int, set[int]] = defaultdict(set)
    for person, company in inputs.officers:
        posts[person].add(company)
    a_parts: list[int] = []
    b_parts: list[int] = []
    for person, payers in inputs.paid_by().items():
        held = posts.get(person)
        if not held or len(held) > max_block or len(payers) > max_block:
            continue
        # A salary from a firm where the person holds no post, while they sit in another firm.
        for payer in sorted(payers - held):
            for company in sorted(held):
                a_parts.append(payer)
                b_parts.append(company)
    sink.add(a_parts, b_parts, "employee")
    sink.add(inputs.pay_src, inputs.pay_dst, "payment")
    sink.add_blocks(inputs.groups("neighbour").values(), "neighbour", max_block)
    if inputs.embeddings is not None and k > 0:
        nbrs = nearest_neighbours(inputs.embeddings, k)
        rows = np.repeat(np.arange(inputs.n, dtype=np.int64), nbrs.shape[1])
        flat = nbrs.ravel()
        keep = flat >= 0
        sink.add(rows[keep], flat[keep], "embedding")
    return sink.result()
