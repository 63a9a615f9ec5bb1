"""Read a weighted graph out of Neo4j into compact arrays for whole-graph algorithms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.store import GraphStore


@dataclass(frozen=True)
class Projection:
    ids: list[str]
    sources: npt.NDArray[np.int64]
    targets: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]

    @property
    def node_count(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return int(self.sources.shape[0])


def read_projection(store: GraphStore, query: str = "hubs/read_payment_edges") -> Projection:
    """Stream (source, target, weight) rows and intern the ids; nodes are numbered as first seen."""
    index: dict[str, int] = {}
    src: list[int] = []
    dst: list[int] = []
    wts: list[float] = []
    for source, target, weight in store.stream(query):
        src.append(index.setdefault(source, len(index)))
        dst.append(index.setdefault(target, len(index)))
        wts.append(float(weight))
    return Projection(
        ids=list(index),
        sources=np.asarray(src, dtype=np.int64),
        targets=np.asarray(dst, dtype=np.int64),
        weights=np.asarray(wts, dtype=np.float64),
    )
