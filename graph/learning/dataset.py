"""One target's rows as a model sees them: the population, the columns of a variant, the labels.

Joins L1's feature frame (graph/learning/features.py), L2's embeddings (graph/learning/embeddings.py, as
the feature group "gnn", columns `gnn_<method>_<i>`) and the labels of a window, by party id, so that
training, scoring and evaluation assemble their matrices the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.learning.embeddings import Embeddings
from graph.learning.features import FeatureFrame
from graph.learning.labels import in_population, kind_of
from graph.learning.xgb import variant_columns
from liantu.errors import InvalidInput

GNN_GROUP = "gnn"


@dataclass
class TargetRows:
    """The rows of one target's population at one date, with the columns of one variant."""

    target: str
    as_of: date
    ids: list[str]
    X: npt.NDArray[np.float32]
    columns: list[str]
    frame: FeatureFrame  # the population's frame (raw facts, customer numbers, RMs), row-aligned with X

    def fingerprint(self) -> str:
        """sha256 of exactly what the model sees: ids, columns and values (NaN included)."""
        digest = hashlib.sha256()
        digest.update("\x1f".join(self.ids).encode())
        digest.update(b"\x1e" + "\x1f".join(self.columns).encode() + b"\x1e")
        digest.update(np.ascontiguousarray(self.X, dtype=np.float32).tobytes())
        return digest.hexdigest()


def with_embeddings(frame: FeatureFrame, emb: Embeddings) -> FeatureFrame:
    """The frame with the embedding columns appended as the group "gnn" (NaN for a party not embedded)."""
    block = emb.align(frame.ids)
    names = [f"{GNN_GROUP}_{c}" for c in emb.columns()]
    groups = {k: list(v) for k, v in frame.groups.items()}
    groups[GNN_GROUP] = names
    return FeatureFrame(kind=frame.kind, as_of=frame.as_of, ids=list(frame.ids), columns=[*frame.columns, *names],
                        X=np.hstack([frame.X, block]).astype(np.float32), groups=groups,
                        customer_no=list(frame.customer_no), rm_id=list(frame.rm_id),
                        is_customer=frame.is_customer, is_effective=frame.is_effective, raw=frame.raw)


def population(frame: FeatureFrame, target: str) -> FeatureFrame:
    if frame.kind != kind_of(target):
        raise InvalidInput(f"target {target} is about kind {kind_of(target)}, the frame holds kind {frame.kind}")
    return frame.subset(in_population(target, frame.is_customer, frame.is_effective))


def target_rows(frame: FeatureFrame, target: str, variant: str) -> TargetRows:
    """The target's population in `frame` with the variant's columns, in the frame's order.

    A stored model compares these columns with its card (registry.check_schema) before it scores.
    """
    pop = population(frame, target)
    wanted = variant_columns(pop.groups, variant)
    idx = [pop.columns.index(c) for c in wanted]
    return TargetRows(target, frame.as_of, pop.ids, pop.X[:, idx], wanted, pop)


def labels_for(rows: TargetRows, labels: dict[str, Any]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """(mask of rows that have a label, the labels of those rows) from {party id: 0/1}."""
    mask = np.array([i in labels for i in rows.ids], dtype=bool)
    y = np.array([float(labels[i]) for i, keep in zip(rows.ids, mask, strict=True) if keep], dtype=np.float64)
    return mask, y


def restrict(rows: TargetRows, mask: npt.NDArray[np.bool_]) -> TargetRows:
    return TargetRows(rows.target, rows.as_of, [i for i, k in zip(rows.ids, mask, strict=True) if k], rows.X[mask],
                      rows.columns, rows.frame.subset(mask))
