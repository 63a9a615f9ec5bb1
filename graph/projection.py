"""Read a weighted graph out of Neo4j into compact arrays for whole-graph algorithms.

A `Projection` is an edge list over nodes numbered 0..n-1 (in the order first seen while streaming).
The helpers here turn it into the structures the algorithms need (scipy CSR, igraph, an undirected
collapse) without Python loops over edges, so a projection of millions of edges converts in well under
a second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import igraph as ig
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.store import GraphStore

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Projection:
    ids: list[str]
    sources: IntArray
    targets: IntArray
    weights: FloatArray

    @property
    def node_count(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return int(self.sources.shape[0])

    def out_strength(self) -> FloatArray:
        return np.bincount(self.sources, weights=self.weights, minlength=self.node_count).astype(np.float64)

    def in_strength(self) -> FloatArray:
        return np.bincount(self.targets, weights=self.weights, minlength=self.node_count).astype(np.float64)

    def adjacency(self, weighted: bool = True) -> sp.csr_matrix:
        """Row = source, column = target; duplicate (source, target) pairs are summed."""
        data = self.weights if weighted else np.ones(self.edge_count, dtype=np.float64)
        n = self.node_count
        return sp.csr_matrix((data, (self.sources, self.targets)), shape=(n, n))

    def to_igraph(self, directed: bool = True) -> ig.Graph:
        edges = np.column_stack([self.sources, self.targets]).tolist()
        return ig.Graph(n=self.node_count, edges=edges, directed=directed)


@dataclass(frozen=True)
class UndirectedEdges:
    """Each unordered pair once (u < v), weight = the sum over both directions; self-loops dropped."""

    u: IntArray
    v: IntArray
    weights: FloatArray


def undirected(proj: Projection) -> UndirectedEdges:
    lo = np.minimum(proj.sources, proj.targets)
    hi = np.maximum(proj.sources, proj.targets)
    keep = lo != hi
    n = max(proj.node_count, 1)
    key = lo[keep] * n + hi[keep]
    pairs, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=proj.weights[keep], minlength=pairs.shape[0])
    return UndirectedEdges(u=(pairs // n).astype(np.int64), v=(pairs % n).astype(np.int64),
                           weights=summed.astype(np.float64))


def weak_components(proj: Projection) -> tuple[int, IntArray]:
    """Weakly connected components: (count, label per node), labels 0..count-1."""
    if proj.node_count == 0:
        return 0, np.zeros(0, dtype=np.int64)
    count, labels = connected_components(proj.adjacency(weighted=False), directed=True, connection="weak")
    return int(count), labels.astype(np.int64)


def read_projection(store: GraphStore, query: str = "hubs/read_payment_edges") -> Projection:
    """Stream the projection and intern the ids; nodes are numbered as first seen.

    Rows are either (source, target, weight) or, cheaper over Bolt, (source, [targets], [weights]).
    """
    index: dict[str, int] = {}
    src: list[int] = []
    dst: list[int] = []
    wts: list[float] = []
    for source, target, weight in store.stream(query):
        s = index.setdefault(source, len(index))
        if isinstance(target, list):
            src.extend([s] * len(target))
            dst.extend([index.setdefault(t, len(index)) for t in target])
            wts.extend(weight)
        else:
            src.append(s)
            dst.append(index.setdefault(target, len(index)))
            wts.append(weight)
    return Projection(
        ids=list(index),
        sources=np.asarray(src, dtype=np.int64),
        targets=np.asarray(dst, dtype=np.int64),
        weights=np.asarray(wts, dtype=np.float64),
    )


def write_projection(store: GraphStore, proj: Projection, batch_size: int = 10_000) -> int:
    """Write `proj` as enterprises and PAID edges (idempotent MERGE); returns the edges written."""
    rows = ({"source": proj.ids[s], "target": proj.ids[t], "total": float(w)}
            for s, t, w in zip(proj.sources.tolist(), proj.targets.tolist(), proj.weights.tolist(), strict=True))
    return store.write_rows("hubs/merge_payment_edges", rows, batch_size=batch_size).rows


def _last_complete_month(day: date) -> tuple[str, date]:
    """The last month whose every day is on or before `day`, as 'YYYY-MM', and its last day."""
    if day == date.max or (day + timedelta(days=1)).month != day.month:
        return f"{day:%Y-%m}", day
    first = day.replace(day=1)
    if first == date.min:  # nothing before the calendar's first month
        return "0000-12", date.min
    end = first - timedelta(days=1)
    return f"{end:%Y-%m}", end


def read_projection_as_of(store: GraphStore, as_of: date, non_trade: Sequence[str]) -> Projection:
    """The trade payment projection as it stood on `as_of`: per payer -> payee pair, the PAID aggregate's
    monthly totals up to the last month wholly on or before `as_of`, plus the days of its own month up to
    it from the TXN facts (a scan of that month only, and only when `as_of` is not a month end). Nothing
    paid later is counted; pairs with nothing by then are left out. `non_trade`: purposes that are not
    trade (the PAID aggregates leave them out too)."""
    last, month_end = _last_complete_month(as_of)
    columns = next(iter(store.stream("learning/read_payment_edges_as_of", {"last_month": last})))
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, weight in zip(columns[0], columns[1], columns[2], strict=True):
        totals[(source, target)] += float(weight)
    if month_end < as_of:
        params = {"after": month_end.isoformat(), "until": as_of.isoformat(), "non_trade": list(non_trade)}
        for source, target, total in store.stream("learning/read_payments_between", params):
            totals[(source, target)] += float(total)
    index: dict[str, int] = {}
    src: list[int] = []
    dst: list[int] = []
    wts: list[float] = []
    for (source, target), weight in sorted(totals.items()):
        if weight > 0:
            src.append(index.setdefault(source, len(index)))
            dst.append(index.setdefault(target, len(index)))
            wts.append(weight)
    return Projection(ids=list(index), sources=np.asarray(src, dtype=np.int64),
                      targets=np.asarray(dst, dtype=np.int64), weights=np.asarray(wts, dtype=np.float64))
