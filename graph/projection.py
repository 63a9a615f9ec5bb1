"""Read a weighted graph out of Neo4j into compact arrays for whole-graph algorithms.

A `Projection` is an edge list over nodes numbered 0..n-1 (in the order first seen while streaming).
The helpers here turn it into the structures the algorithms need (scipy CSR, igraph, an undirected
collapse) without Python loops over edges, so a projection of millions of edges converts in well under
a second.
"""

from __future__ import annotations

from dataclasses import dataclass

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
