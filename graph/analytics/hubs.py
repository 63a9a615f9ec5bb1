"""Supply-chain hubs: centralities of the payment graph, computed in memory and written back.

Money flows from buyer to supplier, so rank flows the same way: an enterprise that many well-paid
buyers pay, with large amounts, ranks high. That is the "important customer with many counterparties
and high value" the provincial bank mined from its fund-transfer network (docs/rules.md §11).

Four variants, each a pure function over a `Projection` plus a write-back:
- pagerank: weighted PageRank (transition share = amount / payer's total spending, damping 0.85,
  dangling payers teleport uniformly), solved as a sparse linear system (BiCGSTAB on a scipy CSR
  matrix); agrees with networkx and igraph's PRPACK to 1e-9 (tests) and is faster than both on a
  million edges (benchmarks/).
- articlerank: the ArticleRank variant of PageRank (Li & Willett 2009, as in Neo4j GDS), which divides
  by (out-strength + mean out-strength) so that a buyer with few payments does not pass on an inflated
  share: AR(v) = (1 - d) + d * sum_u AR(u) * w(u,v) / (s_out(u) + mean s_out).
- betweenness: directed, hop-count shortest paths (amounts are not distances). Exact (Brandes, igraph)
  up to EXACT_BETWEENNESS_NODES nodes; above that, sampled-source Brandes (Brandes & Pich 2007):
  BETWEENNESS_SAMPLES sources drawn uniformly with a fixed seed, dependencies scaled by n / k, an
  unbiased estimate of the exact value.
- degree: buyers (in-degree), suppliers (out-degree), weighted in/out strength (CNY) and distinct
  counterparties; ranked by counterparties, then by total amount.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from pydantic import Field

from graph.business_date import business_date, resolve_as_of
from graph.projection import FloatArray, Projection, read_projection, read_projection_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput

DAMPING = 0.85
TOLERANCE = 1e-10
MAX_ITERATIONS = 1000
EXACT_BETWEENNESS_NODES = 5_000
BETWEENNESS_SAMPLES = 256
BETWEENNESS_SEED = 20240601
# Mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion).
NON_TRADE = ("工资", "税费")

Algorithm = Literal["pagerank", "articlerank", "betweenness", "degree"]
ALGORITHMS: tuple[Algorithm, ...] = get_args(Algorithm)

RULES: dict[Algorithm, str] = {
    "pagerank": "docs/rules.md §11 重要客户: important customers have many counterparties and high value; "
                "weighted PageRank (d=0.85) on buyer->supplier payment totals",
    "articlerank": "docs/rules.md §11 重要客户: important customers; ArticleRank (d=0.85) on payment totals, "
                   "damping the influence of payers with few payments",
    "betweenness": "docs/rules.md §11 重要客户: brokers that sit on many shortest buyer->supplier payment paths "
                   "(directed, hop count)",
    "degree": "docs/rules.md §11 重要客户: many counterparties, high value; ranked by distinct "
              "counterparties, then total amount paid and received",
}

_CLEAR: dict[Algorithm, str] = {
    "pagerank": "hubs/clear_pagerank",
    "articlerank": "hubs/clear_articlerank",
    "betweenness": "hubs/clear_betweenness",
    "degree": "hubs/clear_degree",
}
_WRITE: dict[Algorithm, str] = {
    "pagerank": "hubs/write_pagerank",
    "articlerank": "hubs/write_articlerank",
    "betweenness": "hubs/write_betweenness",
    "degree": "hubs/write_degree",
}
_TOP: dict[Algorithm, str] = {
    "pagerank": "hubs/get_top_hubs",
    "articlerank": "hubs/get_top_by_articlerank",
    "betweenness": "hubs/get_top_by_betweenness",
    "degree": "hubs/get_top_by_degree",
}


@dataclass(frozen=True)
class HubRun:
    nodes: int
    edges: int
    written: int
    algorithms: tuple[str, ...] = ("pagerank",)
    seconds: dict[str, float] | None = None
    betweenness_sampled: bool = False


@dataclass(frozen=True)
class Degrees:
    buyers: FloatArray
    suppliers: FloatArray
    strength_in: FloatArray
    strength_out: FloatArray
    counterparties: FloatArray


@dataclass(frozen=True)
class Hub:
    """One ranked enterprise with the figures behind its score (the evidence) and the rule applied."""

    rank: Annotated[int, Field(description="1 = top hub by the chosen algorithm")]
    uscc: str
    name: str
    score: Annotated[float, Field(description="The chosen algorithm's score (degree: distinct counterparties)")]
    pagerank: float | None
    articlerank: float | None
    betweenness: float | None
    counterparties: Annotated[int, Field(description="Distinct enterprises it pays or is paid by")]
    buyers: int
    suppliers: int
    paid_in_total: Annotated[float, Field(description="Received from enterprises, CNY")]
    paid_out_total: Annotated[float, Field(description="Paid to enterprises, CNY")]
    # Left out of the JSON: a HubRanking states the rule once for all its hubs.
    rule: Annotated[str, Field(exclude=True)]


@dataclass(frozen=True)
class HubRanking:
    algorithm: Algorithm
    rule: str
    hubs: list[Hub]
    as_of: Annotated[str, Field(description="The day the payments were read up to")] = ""
    scores: Annotated[Literal["stored", "computed"], Field(
        description="stored: written by the last `liantu hubs compute` over every loaded payment (for the "
        "business date); computed: on this request from the payments up to as_of, only the chosen "
        "algorithm's score filled in")] = "stored"


@dataclass(frozen=True)
class PageRankSystem:
    """(I - d P) y = rhs over the enterprises somebody pays (`paid`); every other one has y = 1."""

    matrix: sp.csr_matrix
    rhs: FloatArray
    paid: npt.NDArray[np.bool_]
    damping: float


def pagerank_system(proj: Projection, damping: float = DAMPING) -> PageRankSystem:
    """The linear system whose solution, normalised, is the PageRank vector.

    Dangling payers and the teleport both spread uniformly, so the PageRank vector is proportional to
    the solution y of (I - d P) y = 1, where column u of P is u's payments divided by its total (zero
    for a dangling payer).
    """
    n = proj.node_count
    out = proj.out_strength()[proj.sources]
    share = np.divide(proj.weights, out, out=np.zeros_like(out), where=out > 0)
    # An enterprise nobody pays has y = 1 exactly: it leaves the system, and what it pays moves to
    # the right-hand side. Almost half the nodes of a heavy-tailed payment graph are such, and the
    # edges they pay from are half the matrix.
    paid = np.zeros(n, dtype=bool)
    paid[proj.targets] = True
    m = int(paid.sum())
    index = (np.cumsum(paid) - 1).astype(np.int32)
    row = index[proj.targets]
    from_paid = paid[proj.sources]
    inner, outer = np.flatnonzero(from_paid), np.flatnonzero(~from_paid)
    rhs = np.ones(m)
    rhs += damping * np.bincount(row[outer], weights=share[outer], minlength=m)
    matrix = sp.csr_matrix((share[inner], (row[inner], index[proj.sources[inner]])), shape=(m, m))
    return PageRankSystem(matrix, rhs, paid, damping)


def solve_pagerank(system: PageRankSystem, tol: float = TOLERANCE, max_iter: int = MAX_ITERATIONS) -> FloatArray:
    """PageRank scores summing to 1, with an L1 error below `tol` (PRPACK's criterion in igraph).

    Since y >= 1 and ||(I - d P)^-1||_1 <= 1 / (1 - d), a residual ||r||_1 <= tol (1 - d) n / 2 bounds
    the L1 error of the normalised scores by tol. BiCGSTAB gets there in ~20 iterations of two products
    where the power iteration needs ~70 (Gleich, Zhukov & Berkhin 2004 compare the two on PageRank).
    """
    n = system.paid.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    d = system.damping
    y = _solve_pagerank_system(system.matrix, system.rhs, d, bound=tol * (1.0 - d) * n / 2.0, max_iter=max_iter)
    scores = np.ones(n)
    scores[system.paid] = y
    return np.asarray(scores / scores.sum(), dtype=np.float64)


def weighted_pagerank(proj: Projection, damping: float = DAMPING, tol: float = TOLERANCE,
                      max_iter: int = MAX_ITERATIONS) -> FloatArray:
    """PageRank scores summing to 1 (see `pagerank_system` and `solve_pagerank`)."""
    return solve_pagerank(pagerank_system(proj, damping), tol, max_iter)


def _solve_pagerank_system(matrix: sp.csr_matrix, rhs: FloatArray, damping: float, *, bound: float,
                           max_iter: int, krylov_iter: int | None = None) -> FloatArray:
    """y with ||rhs - (I - d P) y||_1 <= bound: BiCGSTAB, then the Neumann sweep if it stalls.

    The sweep y <- rhs + d P y contracts the error by d each time, so it always gets there; BiCGSTAB
    is much faster but, like any Krylov method, can break down. Vectors are updated in place: the
    loop allocates only what `matrix @ v` returns.
    """
    y = rhs.copy()
    scratch, scaled = np.empty_like(rhs), np.empty_like(rhs)

    def apply(v: FloatArray, into: FloatArray) -> FloatArray:
        np.multiply(matrix @ v, -damping, out=into)
        into += v
        return into

    def dot(a: FloatArray, b: FloatArray) -> float:
        # Not np.dot: OpenBLAS's threads spin-wait for a core on a busy two-core host; scipy's
        # bicgstab, which uses it, ran ten times slower than this loop there.
        return float(np.multiply(a, b, out=scratch).sum())

    def l1(a: FloatArray) -> float:
        return float(np.abs(a, out=scratch).sum())

    def axpy(a: float, x: FloatArray, into: FloatArray) -> None:
        into += np.multiply(x, a, out=scaled)

    r = rhs - apply(y, np.empty_like(rhs))
    if l1(r) <= bound:
        return y
    r_hat = r.copy()
    p, v, s, t = np.zeros_like(r), np.zeros_like(r), np.empty_like(r), np.empty_like(r)
    rho = alpha = omega = 1.0
    for _ in range(max_iter if krylov_iter is None else krylov_iter):
        rho_next = dot(r_hat, r)
        if rho_next == 0.0 or omega == 0.0:
            break
        beta = (rho_next / rho) * (alpha / omega)
        rho = rho_next
        axpy(-omega, v, p)  # p = r + beta (p - omega v)
        p *= beta
        p += r
        apply(p, v)
        denominator = dot(r_hat, v)
        if denominator == 0.0:
            break
        alpha = rho / denominator
        np.copyto(s, r)
        axpy(-alpha, v, s)
        apply(s, t)
        tt = dot(t, t)
        omega = dot(t, s) / tt if tt > 0.0 else 0.0
        axpy(alpha, p, y)
        axpy(omega, s, y)
        np.copyto(r, s)
        axpy(-omega, t, r)
        if not (np.isfinite(alpha) and np.isfinite(omega)):
            break
        # The recurrence drifts from the true residual in floating point: confirm before stopping.
        if l1(r) <= bound and l1(np.subtract(rhs, apply(y, t), out=r)) <= bound:
            return y
    if not np.all(np.isfinite(y)):
        y = rhs.copy()
    nxt = np.empty_like(y)
    for _ in range(max_iter):
        np.multiply(matrix @ y, damping, out=nxt)
        nxt += rhs
        change = l1(np.subtract(nxt, y, out=t))
        y, nxt = nxt, y
        # The change of a sweep is the residual of the iterate it started from.
        if change <= bound:
            return y
    return y


def articlerank(proj: Projection, damping: float = DAMPING, tol: float = TOLERANCE,
                max_iter: int = MAX_ITERATIONS) -> FloatArray:
    """ArticleRank scores (not normalised: a node nobody pays scores 1 - d)."""
    n = proj.node_count
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    out = proj.out_strength()
    denominator = out[proj.sources] + out.mean()
    share = proj.weights / denominator
    matrix = sp.csr_matrix((share, (proj.targets, proj.sources)), shape=(n, n))
    x = np.ones(n)
    for _ in range(max_iter):
        nxt = (1.0 - damping) + damping * (matrix @ x)
        delta = float(np.abs(nxt - x).sum())
        x = nxt
        if delta < tol * n:
            break
    return np.asarray(x, dtype=np.float64)


def betweenness(proj: Projection, *, exact_limit: int = EXACT_BETWEENNESS_NODES,
                samples: int = BETWEENNESS_SAMPLES, seed: int = BETWEENNESS_SEED) -> tuple[FloatArray, bool]:
    """Directed hop-count betweenness; (scores, sampled?) — sampled-source Brandes above exact_limit."""
    n = proj.node_count
    if n == 0:
        return np.zeros(0, dtype=np.float64), False
    graph = proj.to_igraph(directed=True)
    if n <= exact_limit or samples >= n:
        return np.asarray(graph.betweenness(directed=True), dtype=np.float64), False
    sources = sorted(random.Random(seed).sample(range(n), samples))
    partial = np.asarray(graph.betweenness(directed=True, sources=sources), dtype=np.float64)
    return partial * (n / samples), True


def degrees(proj: Projection) -> Degrees:
    n = proj.node_count
    adjacency = proj.adjacency(weighted=False)
    undirected = ((adjacency + adjacency.T) > 0).astype(np.int8)
    undirected.setdiag(0)
    undirected.eliminate_zeros()
    return Degrees(
        buyers=np.bincount(proj.targets, minlength=n).astype(np.float64),
        suppliers=np.bincount(proj.sources, minlength=n).astype(np.float64),
        strength_in=proj.in_strength(),
        strength_out=proj.out_strength(),
        counterparties=np.diff(undirected.indptr).astype(np.float64),
    )


def _ranks(primary: FloatArray, secondary: FloatArray | None = None) -> FloatArray:
    """Rank per node (1 = top); ties broken by `secondary`, then by node number (first seen)."""
    keys = (np.arange(primary.shape[0]), -primary) if secondary is None else (
        np.arange(primary.shape[0]), -secondary, -primary)
    order = np.lexsort(keys)
    ranks = np.empty(primary.shape[0], dtype=np.float64)
    ranks[order] = np.arange(1, primary.shape[0] + 1)
    return ranks


def _rows(proj: Projection, algorithm: Algorithm, damping: float) -> tuple[list[dict[str, Any]], bool]:
    sampled = False
    if algorithm == "degree":
        d = degrees(proj)
        ranks = _ranks(d.counterparties, d.strength_in + d.strength_out)
        return [{"uscc": proj.ids[i], "buyers": int(d.buyers[i]), "suppliers": int(d.suppliers[i]),
                 "strength_in": float(d.strength_in[i]), "strength_out": float(d.strength_out[i]),
                 "counterparties": int(d.counterparties[i]), "rank": int(ranks[i])}
                for i in range(proj.node_count)], False
    if algorithm == "pagerank":
        scores = weighted_pagerank(proj, damping)
    elif algorithm == "articlerank":
        scores = articlerank(proj, damping)
    else:
        scores, sampled = betweenness(proj)
    ranks = _ranks(scores)
    return [{"uscc": proj.ids[i], "score": float(scores[i]), "rank": int(ranks[i])}
            for i in range(proj.node_count)], sampled


def compute_hubs(store: GraphStore, algorithms: Sequence[Algorithm] = ("pagerank",),
                 damping: float = DAMPING) -> HubRun:
    """Compute the chosen centralities on the current payment projection and write them back."""
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown or not algorithms:
        raise InvalidInput(f"unknown hub algorithm(s) {unknown}; choose from {', '.join(ALGORITHMS)}")
    proj = read_projection(store)
    seconds: dict[str, float] = {}
    written = 0
    sampled = False
    for algorithm in dict.fromkeys(algorithms):
        store.run_in_transactions(_CLEAR[algorithm])
        if proj.node_count == 0:
            continue
        started = time.perf_counter()
        rows, was_sampled = _rows(proj, algorithm, damping)
        seconds[algorithm] = time.perf_counter() - started
        sampled = sampled or was_sampled
        written = store.write_rows(_WRITE[algorithm], rows).rows
    return HubRun(proj.node_count, proj.edge_count, written, tuple(dict.fromkeys(algorithms)), seconds,
                  sampled)


def ranked_hubs(store: GraphStore, algorithm: Algorithm = "pagerank", limit: int = 10) -> list[Hub]:
    """The top `limit` enterprises by one centrality, with the payment figures behind each."""
    if algorithm not in ALGORITHMS:
        raise InvalidInput(f"unknown hub algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    rows = store.read(_TOP[algorithm], {"limit": limit})
    return [Hub(rank=int(r["rank"]), uscc=r["uscc"], name=r["name"], score=float(r["score"]),
                pagerank=r["pagerank"], articlerank=r["articlerank"], betweenness=r["betweenness"],
                counterparties=int(r["counterparties"]), buyers=int(r["buyers"]),
                suppliers=int(r["suppliers"]), paid_in_total=float(r["paid_in_total"]),
                paid_out_total=float(r["paid_out_total"]), rule=RULES[algorithm])
            for r in rows]


def ranked_hubs_as_of(store: GraphStore, algorithm: Algorithm, limit: int, as_of: date) -> list[Hub]:
    """The top `limit` enterprises by one centrality computed now on the payments up to `as_of`."""
    if algorithm not in ALGORITHMS:
        raise InvalidInput(f"unknown hub algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    proj = read_projection_as_of(store, as_of, NON_TRADE)
    if proj.node_count == 0:
        return []
    rows, _ = _rows(proj, algorithm, DAMPING)
    top = sorted(rows, key=lambda r: int(r["rank"]))[:limit]
    d = degrees(proj)
    position = {u: i for i, u in enumerate(proj.ids)}
    names = {r["uscc"]: r["name"] for r in store.read("hubs/get_names", {"usccs": [r["uscc"] for r in top]})}
    hubs: list[Hub] = []
    for r in top:
        i = position[r["uscc"]]
        score = float(d.counterparties[i]) if algorithm == "degree" else float(r["score"])
        hubs.append(Hub(rank=int(r["rank"]), uscc=r["uscc"], name=names.get(r["uscc"]) or r["uscc"], score=score,
                        pagerank=score if algorithm == "pagerank" else None,
                        articlerank=score if algorithm == "articlerank" else None,
                        betweenness=score if algorithm == "betweenness" else None,
                        counterparties=int(d.counterparties[i]), buyers=int(d.buyers[i]),
                        suppliers=int(d.suppliers[i]), paid_in_total=float(d.strength_in[i]),
                        paid_out_total=float(d.strength_out[i]), rule=RULES[algorithm]))
    return hubs


def hub_ranking(store: GraphStore, algorithm: Algorithm = "pagerank", limit: int = 10,
                as_of: str | None = None) -> HubRanking:
    """`ranked_hubs` with the algorithm and its rule, as the API answers. On the business date (the
    default) the stored scores answer; an earlier `as_of` computes the ranking on the payments up to it
    (a read of the whole payment projection: seconds on a large graph, not milliseconds)."""
    day = resolve_as_of(store, as_of)
    if as_of is None or day >= business_date(store):
        return HubRanking(algorithm, RULES[algorithm], ranked_hubs(store, algorithm, limit), as_of=day)
    return HubRanking(algorithm, RULES[algorithm], ranked_hubs_as_of(store, algorithm, limit, date.fromisoformat(day)),
                      as_of=day, scores="computed")


def top_hubs(store: GraphStore, limit: int = 10, algorithm: Algorithm = "pagerank") -> list[dict[str, object]]:
    """`ranked_hubs` as plain dicts (the demo's tables read them)."""
    return [asdict(h) for h in ranked_hubs(store, algorithm, limit)]
