"""A heterogeneous GraphSAGE encoder trained self-supervised by link prediction.

Args of `HeteroSAGE`: `in_dims` (feature width per node type), `hidden` (width of the input projection
and the hidden layer, default 64), `out` (embedding width, default 64), `layers` (message-passing
rounds, default 2). Each round is a `HeteroConv` holding one `SAGEConv` (mean aggregation, with its own
root weight) per edge type, summed per destination type, as in Hamilton et al. (NeurIPS 2017); node
types first go through their own linear projection, since enterprises and persons carry different
features.

Training (`train_sage`) is full batch: the as-of graph of the medium world (about 10^5 nodes and 10^6
directed ties) fits in memory many times over, and a full batch needs no sampler, so the run is
reproducible given the seed. Each epoch scores every observed tie of every forward type against as many
corrupted ties (the destination replaced by a node of the same type drawn uniformly), with a DistMult
decoder (a learned diagonal per tie type, so "pays" and "holds" need not mean the same closeness), and
minimises the binary cross-entropy averaged over the tie types.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch_geometric.nn import HeteroConv, SAGEConv

from graph.learning.hetero import EDGE_TYPES, NODE_TYPES, TIE_TYPES, EdgeType, HeteroGraph


def seed_everything(seed: int) -> None:
    """Seed torch and ask for deterministic kernels (CPU kernels are deterministic already)."""
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def edge_key(edge_type: EdgeType) -> str:
    return "__".join(edge_type)


class HeteroSAGE(nn.Module):
    def __init__(self, in_dims: dict[str, int], hidden: int = 64, out: int = 64, layers: int = 2) -> None:
        super().__init__()
        self.project = nn.ModuleDict({t: nn.Linear(in_dims[t], hidden) for t in NODE_TYPES})
        widths = [hidden] * layers + [out]
        self.convs = nn.ModuleList(
            HeteroConv({et: SAGEConv(widths[i], widths[i + 1]) for et in EDGE_TYPES}, aggr="sum")
            for i in range(layers)
        )

    def forward(self, x: dict[str, Tensor], edge_index: dict[EdgeType, Tensor]) -> dict[str, Tensor]:
        h = {t: F.relu(self.project[t](x[t])) for t in NODE_TYPES}
        for i, conv in enumerate(self.convs):
            new = conv(h, edge_index)
            # A node type no tie reaches in this graph keeps its projection rather than vanishing.
            h = {t: new.get(t, h[t]) for t in NODE_TYPES}
            if i < len(self.convs) - 1:
                h = {t: F.relu(v) for t, v in h.items()}
        return h


class DistMult(nn.Module):
    """score(s, d) = sum(z_s * r_type * z_d): one learned diagonal per forward tie type."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.rel = nn.ParameterDict({edge_key(t): nn.Parameter(torch.ones(dim)) for t in TIE_TYPES})

    def forward(self, edge_type: EdgeType, zs: Tensor, zd: Tensor) -> Tensor:
        score: Tensor = (zs * self.rel[edge_key(edge_type)] * zd).sum(dim=-1)
        return score


@dataclass(frozen=True)
class SageParams:
    dim: int = 64
    hidden: int = 64
    layers: int = 2
    epochs: int = 20  # the configuration bench_learning_gnn measures on medium
    lr: float = 0.01
    max_pos_per_type: int = 200_000


@dataclass(frozen=True)
class SageResult:
    embeddings: dict[str, Tensor]
    losses: list[float]
    model: HeteroSAGE


def encode(model: HeteroSAGE, graph: HeteroGraph) -> dict[str, Tensor]:
    """Embed another as-of graph with a trained encoder (GraphSAGE is inductive): embeddings of the graph at
    D2 from the encoder trained at D1 live in the same coordinates, so a model fitted on D1's can read D2's."""
    model.eval()
    with torch.no_grad():
        x, edge_index = graph_inputs(graph)
        return {t: v.detach() for t, v in model(x, edge_index).items()}


def graph_inputs(graph: HeteroGraph) -> tuple[dict[str, Tensor], dict[EdgeType, Tensor]]:
    data = graph.data
    return ({t: data[t].x for t in NODE_TYPES}, {et: data[et].edge_index for et in EDGE_TYPES})


def link_loss(z: dict[str, Tensor], decoder: DistMult, graph: HeteroGraph, generator: torch.Generator,
              max_pos: int) -> Tensor:
    """Mean over tie types of the BCE of observed ties against as many destination-corrupted ones."""
    terms: list[Tensor] = []
    for et in TIE_TYPES:
        edges = graph.data[et].edge_index
        n_dst = graph.num_nodes(et[2])
        if edges.shape[1] == 0 or n_dst < 2:
            continue
        if edges.shape[1] > max_pos:
            edges = edges[:, torch.randperm(edges.shape[1], generator=generator)[:max_pos]]
        src, dst = edges
        neg_dst = torch.randint(0, n_dst, (src.shape[0],), generator=generator)
        pos = decoder(et, z[et[0]][src], z[et[2]][dst])
        neg = decoder(et, z[et[0]][src], z[et[2]][neg_dst])
        logits = torch.cat([pos, neg])
        labels = torch.cat([torch.ones_like(pos), torch.zeros_like(neg)])
        terms.append(F.binary_cross_entropy_with_logits(logits, labels))
    if not terms:
        raise ValueError("the as-of graph has no ties to learn from")
    return torch.stack(terms).mean()


def train_sage(graph: HeteroGraph, params: SageParams = SageParams(), seed: int = 0) -> SageResult:
    """Train the encoder on `graph` and return every node's embedding (per node type, in `graph.ids` order)."""
    seed_everything(seed)
    generator = torch.Generator().manual_seed(seed)
    x, edge_index = graph_inputs(graph)
    model = HeteroSAGE({t: int(x[t].shape[1]) for t in NODE_TYPES}, params.hidden, params.dim, params.layers)
    decoder = DistMult(params.dim)
    optimiser = torch.optim.Adam([*model.parameters(), *decoder.parameters()], lr=params.lr)
    losses: list[float] = []
    model.train()
    for _ in range(params.epochs):
        optimiser.zero_grad()
        loss = link_loss(model(x, edge_index), decoder, graph, generator, params.max_pos_per_type)
        loss.backward()  # type: ignore[no-untyped-call]
        optimiser.step()
        losses.append(float(loss.detach()))
    return SageResult(embeddings=encode(model, graph), losses=losses, model=model)
