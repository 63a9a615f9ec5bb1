"""Node embeddings of the graph as it stood on a date, GraphSAGE or node2vec, cached on disk.

`embeddings_as_of(store, as_of, method="sage", dim=64, seed=0)` reads the as-of graph from Neo4j
(graph/learning/hetero.py), and returns the cached embeddings when the same graph content was already
embedded with the same method, parameters and seed; otherwise it trains the encoder and stores the
result. The cache key is a digest of the as-of graph's own content (ids, features, ties: what the
encoder reads) with the parameters, so a reload that changes nothing hits the cache and any change to
the facts valid on that date misses it; the read itself is repeated every time (seconds on medium),
training is what the cache saves.

Embeddings are features for XGBoost (graph/learning/xgb.py) and, later, for suspected links: `align`
returns the rows for any list of USCCs or person ids, NaN where the party is not in the as-of graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from graph.learning.hetero import KIND_OF, NODE_TYPES, HeteroGraph, read_hetero
from graph.learning.node2vec import Node2VecParams, node2vec_embeddings
from graph.learning.sage import SageParams, encode, train_sage
from graph.store import GraphStore

Method = Literal["sage", "node2vec"]
METHODS: tuple[Method, ...] = ("sage", "node2vec")
# Bump when the encoders change in a way that changes their output for the same graph and parameters.
CODE_VERSION = "1"
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Embeddings:
    """One row per node of the as-of graph: enterprises (kind 'E') first, then persons ('P')."""

    ids: list[str]
    kinds: list[str]
    matrix: FloatArray
    method: str
    as_of: date
    key: str
    from_cache: bool = False

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def columns(self) -> list[str]:
        return [f"{self.method}_{i:02d}" for i in range(self.dim)]

    def of_kind(self, kind: Literal["E", "P"]) -> Embeddings:
        keep = np.array([k == kind for k in self.kinds], dtype=bool)
        return Embeddings([i for i, k in zip(self.ids, self.kinds, strict=True) if k == kind], [kind] * int(keep.sum()),
                          self.matrix[keep], self.method, self.as_of, self.key, self.from_cache)

    def align(self, ids: list[str]) -> FloatArray:
        """Rows for `ids` in that order; NaN rows for parties not in the as-of graph."""
        where = {key: i for i, key in enumerate(self.ids)}
        out = np.full((len(ids), self.dim), np.nan, dtype=np.float32)
        found = [(row, where[key]) for row, key in enumerate(ids) if key in where]
        if found:
            rows, src = (np.array(a, dtype=np.int64) for a in zip(*found, strict=True))
            out[rows] = self.matrix[src]
        return out


def default_cache_dir() -> Path:
    from liantu.config import get_settings

    return get_settings().cache_dir / "embeddings"


def cache_key(graph: HeteroGraph, method: Method, params: SageParams | Node2VecParams, seed: int,
              train_graph: HeteroGraph | None = None) -> str:
    spec = json.dumps({"graph": graph.fingerprint(), "method": method, "params": asdict(params), "seed": seed,
                       "train": train_graph.fingerprint() if train_graph is not None else None,
                       "code": CODE_VERSION}, sort_keys=True)
    return hashlib.sha256(spec.encode()).hexdigest()[:32]


def embed_graph(graph: HeteroGraph, method: Method = "sage", dim: int = 64, seed: int = 0, *,
                params: SageParams | Node2VecParams | None = None, cache_dir: Path | None = None,
                train_graph: HeteroGraph | None = None) -> Embeddings:
    """Embed an already-read as-of graph (the cached part of `embeddings_as_of`).

    With `train_graph`, the encoder is fitted on that graph and `graph` is embedded with it: GraphSAGE
    encodes `graph` with the trained weights; node2vec, which has no weights to carry over, gives each
    node of `graph` its row from `train_graph` (NaN for nodes that graph does not have).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if dim < 1:
        raise ValueError(f"dim must be a positive integer, not {dim}")
    if params is None:
        params = SageParams(dim=dim) if method == "sage" else Node2VecParams(dim=dim)
    key = cache_key(graph, method, params, seed, train_graph)
    ids = [i for t in NODE_TYPES for i in graph.ids[t]]
    kinds = [KIND_OF[t] for t in NODE_TYPES for _ in graph.ids[t]]
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    path = folder / f"{method}-{graph.as_of.isoformat()}-{key}.npy"
    if path.exists():
        matrix = np.load(path)
        if matrix.shape[0] == len(ids):
            return Embeddings(ids, kinds, matrix, method, graph.as_of, key, from_cache=True)
    fit_on = train_graph if train_graph is not None else graph
    if method == "sage":
        assert isinstance(params, SageParams)
        trained = train_sage(fit_on, params, seed)
        z = trained.embeddings if train_graph is None else encode(trained.model, graph)
        matrix = np.concatenate([z[t].numpy() for t in NODE_TYPES], axis=0).astype(np.float32)
    else:
        assert isinstance(params, Node2VecParams)
        z = node2vec_embeddings(fit_on, params, seed).embeddings
        matrix = np.concatenate([z[t].numpy() for t in NODE_TYPES], axis=0).astype(np.float32)
        if train_graph is not None:
            fitted = Embeddings([i for t in NODE_TYPES for i in fit_on.ids[t]], [], matrix, method, fit_on.as_of, key)
            matrix = fitted.align(ids)
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npy")
    np.save(partial, matrix)
    partial.replace(path)  # a killed run never leaves a half-written cache entry behind
    return Embeddings(ids, kinds, matrix, method, graph.as_of, key)


def embeddings_as_of(store: GraphStore, as_of: date, method: Method = "sage", dim: int = 64, seed: int = 0, *,
                     train_as_of: date | None = None, params: SageParams | Node2VecParams | None = None,
                     cache_dir: Path | None = None) -> Embeddings:
    """Embeddings of every enterprise and person in the graph as it stood on `as_of`.

    Out of time, a model trained on embeddings at D1 must read embeddings at D2 in the same coordinates:
    pass `train_as_of=D1` when embedding D2, so the encoder fitted at D1 embeds the graph at D2 (two
    separate trainings give unrelated coordinates). `params` overrides the encoder's defaults (its `dim`
    then wins over `dim`); `cache_dir` defaults to LIANTU_CACHE_DIR/embeddings.
    """
    graph = read_hetero(store, as_of)
    train_graph = read_hetero(store, train_as_of) if train_as_of is not None and train_as_of != as_of else None
    return embed_graph(graph, method, dim, seed, params=params, cache_dir=cache_dir, train_graph=train_graph)
