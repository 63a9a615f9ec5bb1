"""LightGCN (He et al., SIGIR 2020) over the customer-product graph, with trade ties between customers.

One homogeneous graph for torch_geometric.nn.LightGCN: nodes 0..U-1 are enterprise customers, U..U+I-1 are
products; edges are the holdings (both directions) and, when given, the trade ties between customers (both
directions), so a customer's embedding is pulled towards its partners' as well as its products'. Trained
with the BPR loss on (customer, held product, product not held) triples sampled afresh each epoch, full
batch on the CPU (a city bank's customer-product graph is a few hundred thousand edges). Seeded: the same
graph and seed give the same scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import torch
from torch_geometric.nn import LightGCN

from graph.learning.sage import seed_everything


@dataclass(frozen=True)
class LightGcnParams:
    dim: int = 32
    layers: int = 2
    epochs: int = 200
    lr: float = 0.05
    negatives: int = 4  # negative products sampled per held product per epoch
    lambda_reg: float = 1e-4


def lightgcn_scores(held: sp.csr_matrix, ties: sp.csr_matrix | None, params: LightGcnParams = LightGcnParams(),
                    seed: int = 0) -> np.ndarray:
    """(U, I) scores: the dot product of each customer's and each product's final embedding."""
    seed_everything(seed)
    n_users, n_items = held.shape
    coo = held.tocoo()
    u = torch.as_tensor(coo.row, dtype=torch.long)
    i = torch.as_tensor(coo.col + n_users, dtype=torch.long)
    parts = [torch.stack([u, i]), torch.stack([i, u])]
    if ties is not None and ties.nnz:
        t = sp.triu(ties + ties.T, k=1).tocoo()
        a = torch.as_tensor(t.row, dtype=torch.long)
        b = torch.as_tensor(t.col, dtype=torch.long)
        parts += [torch.stack([a, b]), torch.stack([b, a])]
    edge_index = torch.cat(parts, dim=1)
    model = LightGCN(n_users + n_items, params.dim, params.layers)
    optimiser = torch.optim.Adam(model.parameters(), lr=params.lr)
    generator = torch.Generator().manual_seed(seed)
    dense = torch.as_tensor(held.toarray() > 0)
    pos_u = u.repeat(params.negatives)
    pos_i = i.repeat(params.negatives)
    for _ in range(params.epochs):
        neg = torch.randint(0, n_items, (len(pos_u),), generator=generator)
        # Resample once where the draw is a held product; what is left is a rare, harmless easy negative.
        clash = dense[pos_u, neg]
        neg[clash] = torch.randint(0, n_items, (int(clash.sum()),), generator=generator)
        label_index = torch.cat([torch.stack([pos_u, pos_i]), torch.stack([pos_u, neg + n_users])], dim=1)
        optimiser.zero_grad()
        rank = model(edge_index, label_index)
        pos_rank, neg_rank = rank.chunk(2)
        loss = model.recommendation_loss(pos_rank, neg_rank, node_id=torch.unique(label_index),
                                         lambda_reg=params.lambda_reg)
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        emb = model.get_embedding(edge_index)
    users, items = emb[:n_users], emb[n_users:]
    out: np.ndarray = (users @ items.T).numpy().astype(np.float64)
    return out
