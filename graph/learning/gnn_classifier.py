"""An end-to-end PyG node classifier for one target: the GraphSAGE encoder with a logistic head.

Args of `GNNClassifier`: `hidden` (width, default 64), `layers` (message-passing rounds, 2), `epochs`
(full-batch steps, 200), `lr` (0.01), `weight_decay` (5e-4), `seed` (0). `fit(graph, node_type, labels,
extra=None)` trains on the as-of graph at D1 with labels {id: 0/1} for some nodes of `node_type`;
`predict(graph, node_type, ids, extra=None)` scores the nodes of another as-of graph (D2) — GraphSAGE is
inductive, and the hetero graph's features use fixed transforms, so the graph at D2 is read on the same
scale. `extra` = (ids, X) adds the same tabular and graph features the XGBoost models read
(graph/learning/features.py, FeatureFrame.ids and .X) to the target type's node features; they are
standardised with the training graph's mean and spread, NaN becoming 0 (the mean) with a missing flag.

The loss is binary cross-entropy on the labelled nodes, positives weighted by the negative/positive
ratio (a lead target has a few percent positives).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from graph.learning.features import features_as_of
from graph.learning.hetero import NODE_TYPES, TYPE_OF, HeteroGraph, read_hetero
from graph.learning.labels import kind_of, labels_from_graph
from graph.learning.sage import HeteroSAGE, graph_inputs, seed_everything
from graph.store import GraphStore

FloatArray = npt.NDArray[np.float64]
Extra = tuple[list[str], npt.NDArray[np.floating]]


@dataclass
class _Scaler:
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]

    @classmethod
    def fit(cls, x: npt.NDArray[np.floating]) -> _Scaler:
        with np.errstate(all="ignore"):
            mean = np.nanmean(x, axis=0) if x.shape[0] else np.zeros(x.shape[1])
            scale = np.nanstd(x, axis=0) if x.shape[0] else np.ones(x.shape[1])
        return cls(np.nan_to_num(mean), np.where(np.nan_to_num(scale) > 0, np.nan_to_num(scale), 1.0))

    def transform(self, x: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
        missing = np.isnan(x)
        z = np.clip((np.where(missing, self.mean, x) - self.mean) / self.scale, -10, 10)
        return np.concatenate([z, missing.astype(np.float64)], axis=1).astype(np.float32)


@dataclass
class GNNClassifier:
    hidden: int = 64
    layers: int = 2
    epochs: int = 200
    lr: float = 0.01
    weight_decay: float = 5e-4
    seed: int = 0
    losses: list[float] = field(default_factory=list)
    _model: HeteroSAGE | None = None
    _head: nn.Linear | None = None
    _scaler: _Scaler | None = None
    _node_type: str = ""

    def _inputs(self, graph: HeteroGraph, node_type: str, extra: Extra | None) -> dict[str, Tensor]:
        x, _ = graph_inputs(graph)
        if self._scaler is None:
            return x
        if extra is None:
            raise ValueError("the model was trained with extra features: pass `extra` to predict as well")
        ids, matrix = extra
        where = {key: i for i, key in enumerate(ids)}
        aligned = np.full((graph.num_nodes(node_type), matrix.shape[1]), np.nan)
        for row, key in enumerate(graph.ids[node_type]):
            if key in where:
                aligned[row] = matrix[where[key]]
        if aligned.shape[1] != self._scaler.mean.shape[0]:
            raise ValueError(f"extra features have {aligned.shape[1]} columns, the model was trained on "
                             f"{self._scaler.mean.shape[0]}")
        return {**x, node_type: torch.cat([x[node_type], torch.from_numpy(self._scaler.transform(aligned))], dim=1)}

    def fit(self, graph: HeteroGraph, node_type: str, labels: dict[str, int],
            extra: Extra | None = None) -> GNNClassifier:
        if node_type not in NODE_TYPES:
            raise ValueError(f"node_type must be one of {', '.join(NODE_TYPES)}, not {node_type!r}")
        index = graph.index(node_type)
        known = sorted((index[k], int(v)) for k, v in labels.items() if k in index)
        if not known or len({v for _, v in known}) < 2:
            raise ValueError("labels must name nodes of the graph with both classes present")
        seed_everything(self.seed)
        self._node_type = node_type
        if extra is not None:
            ids, matrix = extra
            rows = [i for i, key in enumerate(ids) if key in index]
            self._scaler = _Scaler.fit(np.asarray(matrix, dtype=np.float64)[rows])
        x = self._inputs(graph, node_type, extra)
        _, edge_index = graph_inputs(graph)
        self._model = HeteroSAGE({t: int(x[t].shape[1]) for t in NODE_TYPES}, self.hidden, self.hidden, self.layers)
        self._head = nn.Linear(self.hidden, 1)
        rows_t = torch.tensor([i for i, _ in known], dtype=torch.long)
        y = torch.tensor([v for _, v in known], dtype=torch.float32)
        pos_weight = torch.tensor([(len(y) - float(y.sum())) / max(float(y.sum()), 1.0)])
        optimiser = torch.optim.Adam([*self._model.parameters(), *self._head.parameters()], lr=self.lr,
                                     weight_decay=self.weight_decay)
        self._model.train()
        for _ in range(self.epochs):
            optimiser.zero_grad()
            z = self._model(x, edge_index)[node_type]
            logits = self._head(F.relu(z[rows_t])).squeeze(-1)
            loss = F.binary_cross_entropy_with_logits(logits, y, pos_weight=pos_weight)
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            self.losses.append(float(loss.detach()))
        self._model.eval()
        return self

    def predict(self, graph: HeteroGraph, node_type: str, ids: list[str], extra: Extra | None = None) -> FloatArray:
        """Probabilities for `ids` in order; NaN for an id not in the as-of graph."""
        if self._model is None or self._head is None:
            raise ValueError("fit the classifier before predicting")
        if node_type != self._node_type:
            raise ValueError(f"the model was trained on {self._node_type!r} nodes, not {node_type!r}")
        x = self._inputs(graph, node_type, extra)
        _, edge_index = graph_inputs(graph)
        with torch.no_grad():
            z = self._model(x, edge_index)[node_type]
            prob = torch.sigmoid(self._head(F.relu(z)).squeeze(-1)).numpy().astype(np.float64)
        index = graph.index(node_type)
        return np.array([prob[index[k]] if k in index else np.nan for k in ids], dtype=np.float64)


def fit_predict(store: GraphStore, target: str, train_as_of: date, test_as_of: date, ids: list[str],
                seed: int = 0, *, epochs: int = 200, hidden: int = 64, with_features: bool = True) -> FloatArray:
    """Train on the graph at `train_as_of` with the labels of (train_as_of, test_as_of], score `ids` at
    `test_as_of`: the end-to-end row of the evaluation, out of time. `with_features` adds the lead features
    (features_as_of) to the target type's node features."""
    kind = kind_of(target)
    node_type = TYPE_OF[kind]
    labels = labels_from_graph(store, target, train_as_of, test_as_of)
    train_graph, test_graph = read_hetero(store, train_as_of), read_hetero(store, test_as_of)
    extra_train: Extra | None = None
    extra_test: Extra | None = None
    if with_features:
        f1, f2 = features_as_of(store, train_as_of, kind), features_as_of(store, test_as_of, kind)
        extra_train, extra_test = (f1.ids, f1.X), (f2.ids, f2.X)
    model = GNNClassifier(hidden=hidden, epochs=epochs, seed=seed).fit(train_graph, node_type, labels, extra_train)
    return model.predict(test_graph, node_type, ids, extra_test)
