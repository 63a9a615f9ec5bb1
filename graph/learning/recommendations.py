"""Product recommendation for enterprise customers from the customer-product graph and the customers' trade ties.

Scorers, each giving a (customers x products) score matrix from the holdings known on a day:
* `popularity`: how many customers hold the product (the baseline every recommender must beat);
* `item_knn`: item-based collaborative filtering (cosine between products' holder sets; a customer's score
  for X sums the similarities of X to the products it holds): "customers like it hold X";
* `partners`: the share of its trade partners among our customers holding X: "partners A, B hold X";
* `lightgcn`: LightGCN in PyTorch Geometric on the holdings plus the trade ties (recommendations_lightgcn.py).
Products a customer already holds are never recommended.

Evaluation (`evaluate`) holds out by time: holdings opened on or before `cutoff` are what the scorers
learn from (with the trade ties as of that day), holdings opened after it are what they must find. Hit
rate@k is the share of customers with at least one held-out product among their top k; only customers with
both a known and a held-out holding count (a newcomer with nothing known is a cold start, not this test).
`recommend` fits on every holding as of a day and writes each customer's top k with a reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

from graph.learning.asof import last_complete_month
from graph.learning.recommendations_lightgcn import LightGcnParams, lightgcn_scores
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound

METHODS = ("popularity", "item_knn", "partners", "lightgcn")


@dataclass
class Holdings:
    customers: list[str]
    names: list[str | None]
    products: list[str]
    pairs: list[tuple[int, int, str | None]]  # customer index, product index, opened

    def matrix(self, until: date | None = None, after: date | None = None) -> sp.csr_matrix:
        """Customer x product 0/1 of the holdings opened on or before `until` (or after `after`)."""
        keep = [(c, p) for c, p, d in self.pairs
                if (until is None or (d is not None and d <= until.isoformat()))
                and (after is None or (d is not None and d > after.isoformat()))]
        rows = np.array([c for c, _ in keep], dtype=np.int64)
        cols = np.array([p for _, p in keep], dtype=np.int64)
        m = sp.csr_matrix((np.ones(len(keep)), (rows, cols)), shape=(len(self.customers), len(self.products)))
        m.data[:] = 1.0
        return m


def read_holdings(store: GraphStore) -> Holdings:
    customer_no, product, opened, name = next(iter(store.stream("recommendations/read_holdings")))
    customers = sorted(set(customer_no))
    products = sorted(set(product))
    ci = {c: k for k, c in enumerate(customers)}
    pi = {p: k for k, p in enumerate(products)}
    names: list[str | None] = [None] * len(customers)
    for c, n in zip(customer_no, name, strict=True):
        names[ci[c]] = n
    pairs = [(ci[c], pi[p], d) for c, p, d in zip(customer_no, product, opened, strict=True)]
    return Holdings(customers, names, products, pairs)


def read_ties(store: GraphStore, h: Holdings, as_of: date) -> sp.csr_matrix:
    """Customer x customer trade ties (symmetric, 1 per tie) as of `as_of`."""
    source, target, _ = next(iter(store.stream("recommendations/read_partner_ties",
                                               {"last_month": last_complete_month(as_of)})))
    ci = {c: k for k, c in enumerate(h.customers)}
    pairs = [(ci[a], ci[b]) for a, b in zip(source, target, strict=True) if a in ci and b in ci]
    n = len(h.customers)
    if not pairs:
        return sp.csr_matrix((n, n))
    r, c = np.array(pairs).T
    m = sp.csr_matrix((np.ones(len(pairs)), (r, c)), shape=(n, n))
    m = ((m + m.T) > 0).astype(np.float64)
    return sp.csr_matrix(m)


def cosine(held: sp.csr_matrix) -> np.ndarray:
    """Product x product cosine similarity of their holder sets (0 on the diagonal)."""
    co = (held.T @ held).toarray()
    norms = np.sqrt(np.diag(co))
    sim = np.divide(co, np.outer(norms, norms), out=np.zeros_like(co), where=np.outer(norms, norms) > 0)
    np.fill_diagonal(sim, 0.0)
    out: np.ndarray = sim
    return out


def scores_for(method: str, held: sp.csr_matrix, ties: sp.csr_matrix, seed: int = 0,
               params: LightGcnParams | None = None) -> np.ndarray:
    if method == "popularity":
        return np.tile(np.asarray(held.sum(axis=0)).ravel(), (held.shape[0], 1))
    if method == "item_knn":
        return np.asarray(held @ cosine(held))
    if method == "partners":
        deg = np.asarray(ties.sum(axis=1)).ravel()
        share = np.asarray((ties @ held).todense()) / np.maximum(deg, 1.0)[:, None]
        # Ties broken by popularity, so a customer without partners still gets a ranking.
        ranked: np.ndarray = share + 1e-6 * np.asarray(held.sum(axis=0)).ravel()[None, :]
        return ranked
    if method == "lightgcn":
        return lightgcn_scores(held, ties, params or LightGcnParams(), seed)
    raise InvalidInput(f"unknown recommendation method {method!r}; choose from {', '.join(METHODS)}")


def top_k(scores: np.ndarray, held: sp.csr_matrix, k: int) -> np.ndarray:
    """Indices of the k best products per customer among those it does not hold (stable on ties)."""
    masked = np.where(held.toarray() > 0, -np.inf, scores)
    out: np.ndarray = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    return out


@dataclass
class RecEvaluation:
    cutoff: str
    customers: int
    held_out: int
    products: int
    k: int
    hit_rate: dict[str, float] = field(default_factory=dict)
    recall: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def evaluate(store: GraphStore, cutoff: date, *, k: int = 5, methods: tuple[str, ...] = METHODS, seed: int = 0,
             params: LightGcnParams | None = None, progress: Callable[[str], None] | None = None) -> RecEvaluation:
    """Hit rate@k and recall@k of each method on the holdings opened after `cutoff`, learnt from those before."""
    h = read_holdings(store)
    train = h.matrix(until=cutoff)
    test = h.matrix(after=cutoff)
    test = sp.csr_matrix(test - test.multiply(train))  # a product already held is no news
    test.eliminate_zeros()
    users = np.flatnonzero((np.asarray(train.sum(axis=1)).ravel() > 0) & (np.asarray(test.sum(axis=1)).ravel() > 0))
    if not len(users):
        raise InvalidInput(f"no customer holds products both on or before and after {cutoff}: nothing to evaluate "
                           "(are opening dates loaded?)")
    ties = read_ties(store, h, cutoff)
    ev = RecEvaluation(cutoff.isoformat(), len(users), int(test[users].sum()), len(h.products), k)
    truth = test[users].toarray() > 0
    for method in methods:
        start = time.perf_counter()
        best = top_k(scores_for(method, train, ties, seed, params)[users], train[users], k)
        hits = np.take_along_axis(truth, best, axis=1)
        ev.hit_rate[method] = float(hits.any(axis=1).mean())
        ev.recall[method] = float((hits.sum(axis=1) / truth.sum(axis=1)).mean())
        ev.seconds[method] = time.perf_counter() - start
        if progress:
            progress(f"{method}: hit rate@{k} {ev.hit_rate[method]:.3f}")
    return ev


def format_evaluation(ev: RecEvaluation) -> str:
    lines = [f"held out by time: holdings opened after {ev.cutoff}; {ev.customers} customers with "
             f"{ev.held_out} held-out holdings over {ev.products} products",
             f"{'method':<12}{f'hit@{ev.k}':>9}{f'recall@{ev.k}':>11}{'seconds':>9}"]
    for m, hr in ev.hit_rate.items():
        lines.append(f"{m:<12}{hr:>9.3f}{ev.recall[m]:>11.3f}{ev.seconds[m]:>9.1f}")
    return "\n".join(lines)


def _reason(u: int, j: int, h: Holdings, held: sp.csr_matrix, ties: sp.csr_matrix, sim: np.ndarray) -> str:
    product = h.products[j]
    partners = [p for p in ties[u].indices if held[p, j] > 0]
    if partners:
        names = [h.names[p] or h.customers[p] for p in partners[:2]]
        more = f" and {len(partners) - 2} more" if len(partners) > 2 else ""
        return f"partners {', '.join(names)}{more} hold {product}"
    mine = held[u].indices
    if len(mine):
        best = int(mine[np.argmax(sim[mine, j])])
        holders = held[:, best].toarray().ravel() > 0
        share = float((held[:, j].toarray().ravel()[holders] > 0).mean()) if holders.any() else 0.0
        if share > 0:
            return f"customers like it hold {product}: {share:.0%} of customers holding {h.products[best]} hold it"
    total = float((held[:, j].toarray() > 0).mean())
    return f"{total:.0%} of enterprise customers hold {product}"


@dataclass
class RecommendRun:
    as_of: str
    method: str
    customers: int
    seconds: float


def recommend(store: GraphStore, as_of: date, *, method: str = "lightgcn", k: int = 5, seed: int = 0,
              params: LightGcnParams | None = None) -> RecommendRun:
    """Fit on the holdings opened on or before `as_of` and write every enterprise customer's top k with reasons."""
    start = time.perf_counter()
    h = read_holdings(store)
    held = h.matrix(until=as_of)
    ties = read_ties(store, h, as_of)
    scores = scores_for(method, held, ties, seed, params)
    best = top_k(scores, held, k)
    sim = cosine(held)
    dense = held.toarray() > 0
    rows: list[Row] = []
    for u, c in enumerate(h.customers):
        picks = [int(j) for j in best[u] if not dense[u, j]]
        rows.append({"customer_no": c, "products": [h.products[j] for j in picks],
                     "scores": [round(float(scores[u, j]), 6) for j in picks],
                     "reasons": [_reason(u, j, h, held, ties, sim) for j in picks], "method": method,
                     "as_of": as_of.isoformat()})
    store.write_rows("recommendations/write_recommendations", rows)
    return RecommendRun(as_of.isoformat(), method, len(rows), time.perf_counter() - start)


@dataclass
class Recommendation:
    product: str
    score: float
    reason: str


@dataclass
class CustomerRecommendations:
    customer_no: str
    party_id: str | None
    name: str | None
    rm_id: str | None
    rm_branch: str | None
    booked_at: str | None
    held: list[str]
    method: str | None
    as_of: str | None
    recommendations: list[Recommendation]

    def computed(self) -> CustomerRecommendations:
        """Itself, or NotFound when no recommendation was ever written for it."""
        if self.method is None:
            raise NotFound(f"no recommendations computed for {self.customer_no}: run `liantu recommend compute` "
                           "(enterprise customers only)")
        return self


def get_recommendations(store: GraphStore, customer_no: str, limit: int = 5) -> CustomerRecommendations:
    rows = store.read("recommendations/get_customer_recommendations", {"customer_no": customer_no})
    if not rows:
        raise NotFound(f"no customer {customer_no}")
    r = rows[0]
    recs = [Recommendation(p, float(s), why) for p, s, why in zip(r["products"] or [], r["scores"] or [],
                                                                 r["reasons"] or [], strict=True)][:limit]
    return CustomerRecommendations(customer_no=r["customer_no"], party_id=r["party_id"], name=r["name"],
                                   rm_id=r["rm_id"], rm_branch=r["rm_branch"], booked_at=r["booked_at"],
                                   held=sorted(r["held"]), method=r["method"], as_of=r["as_of"],
                                   recommendations=recs)
