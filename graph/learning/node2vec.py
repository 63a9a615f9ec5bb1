"""node2vec (Grover & Leskovec, KDD 2016), the baseline the GraphSAGE encoder must beat.

`torch_geometric.nn.Node2Vec` samples its walks with torch-cluster or pyg-lib, and neither ships a
wheel on PyPI for the torch this project installs (torch-cluster is source-only, pyg-lib is on PyG's own
index), so the walks are sampled here in numpy and the skip-gram is the same objective as PyG's
`Node2Vec.loss`: for each window of a walk, -log σ(<z_start, z_ctx>) over the context nodes, and
-log σ(-<z_start, z_neg>) over as many uniformly drawn negatives.

The graph is homogeneous and undirected: every node type gets a block of rows (enterprises, then
persons, in `HeteroGraph.ids` order), every tie type an undirected edge. Second-order bias (return
parameter p, in-out parameter q) is drawn by rejection sampling, vectorised over all walkers: propose a
uniform neighbour x of the current node v (having come from t), accept with probability
w(x)/max(1/p, 1, 1/q), where w = 1/p if x = t, 1 if x is a neighbour of t, 1/q otherwise (the sampler of
KnightKing, Yang et al., SOSP 2019). p = q = 1 is DeepWalk and needs no rejection.

Args of `node2vec_embeddings` (`Node2VecParams`): dim (64), walk_length (20), context_size (10),
walks_per_node (10), negatives (1 per positive), p, q (1, 1), epochs (1), batch_size (walks per step,
256), lr (0.01, SparseAdam as in PyG's example).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import torch
from torch import Tensor, nn

from graph.learning.hetero import NODE_TYPES, TIE_TYPES, HeteroGraph

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Node2VecParams:
    dim: int = 64
    walk_length: int = 20
    context_size: int = 10
    walks_per_node: int = 10
    negatives: int = 1
    p: float = 1.0
    q: float = 1.0
    epochs: int = 1
    batch_size: int = 256
    lr: float = 0.01


def homogeneous(graph: HeteroGraph) -> tuple[sp.csr_matrix, dict[str, int]]:
    """The undirected adjacency over all nodes (symmetric CSR, no self-loops) and each type's row offset."""
    offsets: dict[str, int] = {}
    total = 0
    for t in NODE_TYPES:
        offsets[t] = total
        total += graph.num_nodes(t)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for et in TIE_TYPES:
        e = graph.data[et].edge_index.numpy()
        rows.append(e[0] + offsets[et[0]])
        cols.append(e[1] + offsets[et[2]])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    keep = r != c
    r, c = r[keep], c[keep]
    adj = sp.csr_matrix((np.ones(2 * r.shape[0]), (np.concatenate([r, c]), np.concatenate([c, r]))),
                        shape=(total, total))
    adj.data[:] = 1.0  # duplicate ties summed by the constructor count once
    adj.sort_indices()
    return adj, offsets


def random_walks(adj: sp.csr_matrix, starts: IntArray, length: int, p: float, q: float,
                 rng: np.random.Generator) -> IntArray:
    """Walks of `length` nodes from each start; a walk that reaches a node with no neighbour stays there."""
    indptr = adj.indptr.astype(np.int64)
    indices = adj.indices.astype(np.int64)
    degree = np.diff(indptr)
    n = adj.shape[0]
    # Sorted keys u * n + v of every edge: "is x a neighbour of t" becomes one searchsorted per walker.
    edge_keys = np.repeat(np.arange(n, dtype=np.int64), degree) * n + indices
    walks = np.empty((starts.shape[0], length), dtype=np.int64)
    walks[:, 0] = starts
    biased = not (p == 1.0 and q == 1.0)
    top = max(1.0 / p, 1.0, 1.0 / q)

    def propose(cur: IntArray) -> IntArray:
        d = degree[cur]
        pick = np.minimum((rng.random(cur.shape[0]) * d).astype(np.int64), np.maximum(d - 1, 0))
        out = cur.copy()
        moving = d > 0  # a node with no neighbour keeps the walker where it is
        out[moving] = indices[indptr[cur[moving]] + pick[moving]]
        return out

    for step in range(1, length):
        cur = walks[:, step - 1]
        nxt = propose(cur)
        if biased and step > 1:
            prev = walks[:, step - 2]
            pending = np.arange(cur.shape[0])
            for _ in range(100):  # acceptance >= min weight / top per try; 100 tries leave ~nothing
                x, t = nxt[pending], prev[pending]
                key = t * n + x
                pos = np.minimum(np.searchsorted(edge_keys, key), max(edge_keys.shape[0] - 1, 0))
                linked = edge_keys.shape[0] > 0
                is_nb = (edge_keys[pos] == key) if linked else np.zeros(key.shape[0], dtype=bool)
                w = np.where(x == t, 1.0 / p, np.where(is_nb, 1.0, 1.0 / q))
                accept = (rng.random(pending.shape[0]) * top < w) | (degree[cur[pending]] == 0)
                pending = pending[~accept]
                if pending.shape[0] == 0:
                    break
                nxt[pending] = propose(cur[pending])
        walks[:, step] = nxt
    return walks


def windows(walks: IntArray, context_size: int) -> IntArray:
    """Every run of `context_size` consecutive nodes of every walk (PyG's positive samples)."""
    span = walks.shape[1] - context_size + 1
    return np.concatenate([walks[:, j:j + context_size] for j in range(span)], axis=0)


class SkipGram(nn.Module):
    def __init__(self, num_nodes: int, dim: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(num_nodes, dim, sparse=True)

    def loss(self, pos: Tensor, neg: Tensor) -> Tensor:
        eps = 1e-15
        start, rest = pos[:, 0], pos[:, 1:]
        h = self.embedding(start).unsqueeze(1)
        pos_out = (h * self.embedding(rest)).sum(dim=-1)
        nstart, nrest = neg[:, 0], neg[:, 1:]
        neg_out = (self.embedding(nstart).unsqueeze(1) * self.embedding(nrest)).sum(dim=-1)
        return -torch.log(torch.sigmoid(pos_out) + eps).mean() - torch.log(1 - torch.sigmoid(neg_out) + eps).mean()


@dataclass(frozen=True)
class Node2VecResult:
    embeddings: dict[str, Tensor]
    losses: list[float]


def node2vec_embeddings(graph: HeteroGraph, params: Node2VecParams = Node2VecParams(),
                        seed: int = 0) -> Node2VecResult:
    """Train node2vec on the undirected as-of graph; embeddings per node type in `graph.ids` order."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    adj, offsets = homogeneous(graph)
    n = adj.shape[0]
    if n == 0:
        raise ValueError("the as-of graph has no nodes")
    model = SkipGram(n, params.dim)
    optimiser = torch.optim.SparseAdam(list(model.parameters()), lr=params.lr)
    losses: list[float] = []
    for _ in range(params.epochs):
        starts = rng.permutation(np.repeat(np.arange(n, dtype=np.int64), params.walks_per_node))
        for b in range(0, starts.shape[0], params.batch_size):
            batch = starts[b:b + params.batch_size]
            pos = windows(random_walks(adj, batch, params.walk_length, params.p, params.q, rng),
                          params.context_size)
            neg_starts = np.repeat(batch, params.negatives)
            neg_walks = np.concatenate(
                [neg_starts[:, None], rng.integers(0, n, (neg_starts.shape[0], params.walk_length - 1))], axis=1)
            neg = windows(neg_walks, params.context_size)
            optimiser.zero_grad()
            loss = model.loss(torch.from_numpy(pos), torch.from_numpy(neg))
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()  # type: ignore[no-untyped-call]
            losses.append(float(loss.detach()))
    z = model.embedding.weight.detach()
    out = {t: z[offsets[t]:offsets[t] + graph.num_nodes(t)].clone() for t in NODE_TYPES}
    return Node2VecResult(embeddings=out, losses=losses)
