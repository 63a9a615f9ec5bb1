"""Communities of the payment graph (industrial clusters) and its connected components.

Enterprises that pay each other much more than chance would predict form a cluster: a supply chain
around a core enterprise, a local industry. We find them with Leiden (Traag, van Eck & Waltman 2019,
igraph's `community_leiden`) maximising modularity on the undirected payment graph, each pair weighted
by the total paid in both directions. Leiden is Louvain plus a refinement step that guarantees
connected communities; the tests check its modularity is at least networkx's Louvain on the same graph.

Ids are numbered by size (1 = largest community); each enterprise also gets the id of its weakly
connected component. Evidence per community: size, top members by hub score, industry and city mix,
and how much of the members' payments stay inside (cohesion).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

import igraph as ig
import numpy as np
from pydantic import Field, computed_field

from graph.projection import IntArray, Projection, read_projection, undirected, weak_components
from graph.store import GraphStore
from liantu.errors import NotFound

RESOLUTION = 1.0
SEED = 20240601
RULE = ("docs/rules.md §11 重要客户 (fund-transfer network mining, 沿链营销): an industrial cluster is a set of "
        "enterprises whose payments stay mostly among themselves; Leiden, modularity objective, weighted "
        "by the total paid in both directions")


@dataclass(frozen=True)
class CommunityRun:
    nodes: int
    edges: int
    communities: int
    modularity: float
    components: int
    largest: int
    seconds: float


@dataclass(frozen=True)
class Member:
    uscc: str
    name: str
    pagerank: float | None
    industry_code: str | None
    region_code: str | None
    paid_in_total: float


@dataclass(frozen=True)
class Share:
    key: str
    count: int


@dataclass(frozen=True)
class Flows:
    internal: Annotated[float, Field(description="Paid between members, CNY")]
    inbound: Annotated[float, Field(description="Paid to members from outside, CNY")]
    outbound: Annotated[float, Field(description="Paid by members to outside, CNY")]
    internal_ties: int

    @computed_field(description="internal / (internal + inbound + outbound)")  # type: ignore[prop-decorator]
    @property
    def cohesion(self) -> float | None:
        """Share of the members' payment volume (in, out, among) that stays inside the community."""
        total = self.internal + self.inbound + self.outbound
        return self.internal / total if total > 0 else None


@dataclass(frozen=True)
class Community:
    id: Annotated[int, Field(description="1 = largest community")]
    size: int
    members: Annotated[list[Member], Field(description="Top members by PageRank")]
    sections: Annotated[list[Share], Field(description="Most frequent GB/T 4754 sections among members")]
    regions: Annotated[list[Share], Field(description="Most frequent cities (first 4 digits of GB/T 2260 code)")]
    rule: str = RULE
    flows: Flows | None = field(default=None)


@dataclass(frozen=True)
class CommunityList:
    communities: list[Community]


def leiden(proj: Projection, *, resolution: float = RESOLUTION, seed: int = SEED) -> tuple[IntArray, float]:
    """Community label per node (0 = largest, ties by lowest node number) and the partition's modularity."""
    n = proj.node_count
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0.0
    edges = undirected(proj)
    graph = ig.Graph(n=n, edges=np.column_stack([edges.u, edges.v]).tolist(), directed=False)
    weights = edges.weights.tolist()
    # igraph draws from Python's `random` by default; a private seeded generator makes runs repeatable.
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(objective_function="modularity", weights=weights,
                                            resolution=resolution, n_iterations=-1)
    finally:
        ig.set_random_number_generator(random)
    raw = np.asarray(clustering.membership, dtype=np.int64)
    labels = _by_size(raw)
    quality = graph.modularity(labels.tolist(), weights=weights) if edges.u.shape[0] else 0.0
    return labels, float(quality)


def _by_size(raw: IntArray) -> IntArray:
    sizes = np.bincount(raw)
    first = np.full(sizes.shape[0], raw.shape[0], dtype=np.int64)
    np.minimum.at(first, raw, np.arange(raw.shape[0]))
    order = np.lexsort((first, -sizes))
    relabel = np.empty_like(order)
    relabel[order] = np.arange(order.shape[0])
    return relabel[raw]


def compute_communities(store: GraphStore, *, resolution: float = RESOLUTION, seed: int = SEED) -> CommunityRun:
    """Leiden communities and weak components of the payment projection, written onto enterprises."""
    proj = read_projection(store)
    store.run_in_transactions("communities/clear_communities")
    if proj.node_count == 0:
        return CommunityRun(0, 0, 0, 0.0, 0, 0, 0.0)
    started = time.perf_counter()
    labels, quality = leiden(proj, resolution=resolution, seed=seed)
    components, component = weak_components(proj)
    seconds = time.perf_counter() - started
    sizes = np.bincount(labels)
    rows = [{"uscc": proj.ids[i], "community": int(labels[i]) + 1, "community_size": int(sizes[labels[i]]),
             "component": int(component[i]) + 1} for i in range(proj.node_count)]
    store.write_rows("communities/write_communities", rows)
    return CommunityRun(proj.node_count, proj.edge_count, int(sizes.shape[0]), quality, components,
                        int(sizes.max()), seconds)


def _community(row: dict[str, Any]) -> Community:
    return Community(
        id=int(row["community"]), size=int(row["size"]),
        members=[Member(**m) for m in row["members"]],
        sections=[Share(**s) for s in row["sections"]],
        regions=[Share(**s) for s in row["regions"]],
    )


def list_communities(store: GraphStore, limit: int = 20, members: int = 5, start: int = 1) -> list[Community]:
    """Communities `start`..`start + limit - 1` (by size), each with its top `members` by PageRank."""
    rows = store.read("communities/list_communities", {"limit": limit, "members": members, "min_id": start})
    return [_community(r) for r in rows]


def get_community(store: GraphStore, community_id: int, members: int = 20) -> Community:
    """One community with its top members and payment flows; NotFound if no enterprise carries the id."""
    found = list_communities(store, limit=1, members=members, start=community_id)
    if not found or found[0].id != community_id:
        raise NotFound(f"no community with id {community_id} (run `liantu communities compute`)")
    flows = store.read("communities/get_community_flows", {"community": community_id})[0]
    return replace(found[0], flows=Flows(
        internal=float(flows["internal"]), inbound=float(flows["inbound"]),
        outbound=float(flows["outbound"]), internal_ties=int(flows["internal_ties"])))
