"""Train one target's model from the graph: features as of D, labels of the window (D, D + 3 months].

Everything comes from Neo4j: the features at D (graph/learning/features.py, blind to what happened after
D), the embeddings at D when the variant uses them (graph/learning/embeddings.py), and the labels of the
window that follows D (graph/learning/labels.py: who became a customer, who became effective). A model is
trained on a window whose outcome the graph already holds, and is then used (or judged) at a later date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from graph.learning.asof import AsOfGraph, read_as_of
from graph.learning.dataset import TargetRows, labels_for, restrict, target_rows, with_embeddings
from graph.learning.embeddings import Method, embed_graph
from graph.learning.features import FeatureFrame, features_as_of
from graph.learning.hetero import HeteroGraph, read_hetero
from graph.learning.labels import kind_of, labels_from_graph
from graph.learning.xgb import VARIANTS, TrainedModel, XgbParams, fit
from graph.store import GraphStore
from liantu.errors import InvalidInput

HORIZON_MONTHS = 3


def add_months(d: date, k: int) -> date:
    """`d` moved by k months; a month end stays a month end (2024-09-30 + 3 = 2024-12-31)."""
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    day = last if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, last)
    return date(y, m, day)


@dataclass(frozen=True)
class GnnSpec:
    """Which embeddings a "+GNN" variant appends (L2's encoders); recorded in the model card.

    `encoder_as_of` is the date of the graph the encoder is fitted on. A model trained on embeddings at D1
    must score D2 with the same encoder (GraphSAGE is inductive: the D1 weights encode the D2 graph), since
    an encoder fitted again on D2 would place the nodes in another, arbitrarily rotated space.
    """

    method: Method = "sage"
    dim: int = 64
    seed: int = 0
    encoder_as_of: date | None = None  # None: the graph of the date being embedded

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, "dim": self.dim, "seed": self.seed,
                "encoder_as_of": self.encoder_as_of.isoformat() if self.encoder_as_of else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GnnSpec:
        enc = d.get("encoder_as_of")
        return cls(method=d["method"], dim=int(d["dim"]), seed=int(d["seed"]),
                   encoder_as_of=date.fromisoformat(enc) if enc else None)


@dataclass
class FrameCache:
    """Reads shared across targets and variants at one date: the as-of graph, frames and embeddings."""

    graphs: dict[date, AsOfGraph] = field(default_factory=dict)
    hetero: dict[date, HeteroGraph] = field(default_factory=dict)
    frames: dict[tuple[date, str, GnnSpec | None], FeatureFrame] = field(default_factory=dict)

    def hetero_graph(self, store: GraphStore, as_of: date) -> HeteroGraph:
        if as_of not in self.hetero:
            self.hetero[as_of] = read_hetero(store, as_of)
        return self.hetero[as_of]

    def frame(self, store: GraphStore, as_of: date, kind: str, gnn: GnnSpec | None) -> FeatureFrame:
        key = (as_of, kind, gnn)
        if key not in self.frames:
            if gnn is not None:
                base = self.frame(store, as_of, kind, None)
                fit_on = gnn.encoder_as_of if gnn.encoder_as_of not in (None, as_of) else None
                emb = embed_graph(self.hetero_graph(store, as_of), gnn.method, gnn.dim, gnn.seed,
                                  train_graph=self.hetero_graph(store, fit_on) if fit_on else None)
                self.frames[key] = with_embeddings(base, emb.of_kind("E" if kind == "E" else "P"))
            else:
                if as_of not in self.graphs:
                    self.graphs[as_of] = read_as_of(store, as_of)
                self.frames[key] = features_as_of(store, as_of, "E" if kind == "E" else "P",
                                                  graph=self.graphs[as_of])
        return self.frames[key]


def uses_gnn(variant: str) -> bool:
    if variant not in VARIANTS:
        raise InvalidInput(f"unknown model variant {variant!r}; known: {', '.join(VARIANTS)}")
    return "gnn" in VARIANTS[variant]


def rows_at(store: GraphStore, target: str, as_of: date, variant: str, gnn: GnnSpec | None = None,
            cache: FrameCache | None = None) -> TargetRows:
    """The target's population on `as_of` with the variant's columns."""
    cache = cache if cache is not None else FrameCache()
    spec = (gnn or GnnSpec()) if uses_gnn(variant) else None
    frame = cache.frame(store, as_of, kind_of(target), spec)
    return target_rows(frame, target, variant)


@dataclass
class Training:
    model: TrainedModel
    rows: TargetRows
    card: dict[str, Any]  # the card fields training knows (the registry adds version, columns, parameters)


def train_target(store: GraphStore, target: str, as_of: date, *, variant: str = "xgb_graph",
                 params: XgbParams | None = None, gnn: GnnSpec | None = None, horizon_months: int = HORIZON_MONTHS,
                 cache: FrameCache | None = None) -> Training:
    """Fit `target` on features at `as_of` and the graph's labels of (as_of, as_of + horizon]."""
    params = params or XgbParams()
    end = add_months(as_of, horizon_months)
    if gnn is not None or uses_gnn(variant):
        gnn = replace(gnn or GnnSpec(), encoder_as_of=as_of)  # the encoder is fitted on the training date's graph
    rows = rows_at(store, target, as_of, variant, gnn, cache)
    labels = labels_from_graph(store, target, as_of, end)
    mask, y = labels_for(rows, labels)
    train = restrict(rows, mask)
    if not len(train.ids):
        raise InvalidInput(f"no {target} rows with a label in ({as_of}, {end}]: is the graph loaded up to {end}?")
    model = fit(train.X, y, train.columns, params)
    card: dict[str, Any] = {
        "target": target, "kind": kind_of(target), "variant": variant,
        "data_window": {"features_as_of": as_of.isoformat(), "label_window": [as_of.isoformat(), end.isoformat()],
                        "labels": "derived from the graph (graph/learning/labels.py)",
                        "early_stopping": f"seeded stratified {params.valid_fraction:.0%} holdout of the "
                                          "training window's parties"},
        "population": {"rows": len(rows.ids), "labelled": int(mask.sum()), "positives": int(y.sum())},
        "data_fingerprint": {"features_sha256": train.fingerprint()},
        "feature_groups": {g: [c for c in train.columns if c in cols] for g, cols in rows.frame.groups.items()
                           if any(c in cols for c in train.columns)},
    }
    if uses_gnn(variant):
        card["embeddings"] = (gnn or GnnSpec()).as_dict()
        card["embeddings"]["note"] = "scoring at a later date encodes that date's graph with this encoder"
    return Training(model=model, rows=train, card=card)
