"""Supply-chain hubs: weighted PageRank over the payment graph, computed in memory with igraph.

Money flows from buyer to supplier, so rank flows the same way: an enterprise that many well-paid
buyers pay, with large amounts, ranks high. That is the "important customer with many counterparties
and high value" of the provincial bank's practice (DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np
import numpy.typing as npt

from graph.projection import Projection, read_projection
from graph.store import GraphStore

DAMPING = 0.85


@dataclass(frozen=True)
class HubRun:
    nodes: int
    edges: int
    written: int


def weighted_pagerank(proj: Projection, damping: float = DAMPING) -> npt.NDArray[np.float64]:
    graph = ig.Graph(n=proj.node_count, edges=np.column_stack([proj.sources, proj.targets]).tolist(),
                     directed=True)
    scores = graph.pagerank(directed=True, damping=damping, weights=proj.weights.tolist(),
                            implementation="prpack")
    return np.asarray(scores, dtype=np.float64)


def compute_hubs(store: GraphStore, damping: float = DAMPING) -> HubRun:
    """Compute PageRank on the current payment projection and write score and rank back."""
    proj = read_projection(store)
    store.run_in_transactions("hubs/clear_pagerank")
    if proj.node_count == 0:
        return HubRun(0, 0, 0)
    scores = weighted_pagerank(proj, damping)
    order = np.argsort(-scores, kind="stable")
    rows = [{"uscc": proj.ids[i], "score": float(scores[i]), "rank": rank}
            for rank, i in enumerate(order.tolist(), start=1)]
    stats = store.write_rows("hubs/write_pagerank", rows)
    return HubRun(proj.node_count, proj.edge_count, stats.rows)


def top_hubs(store: GraphStore, limit: int = 10) -> list[dict[str, object]]:
    return store.read("hubs/get_top_hubs", {"limit": limit})
