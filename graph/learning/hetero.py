"""The as-of heterogeneous graph, read from Neo4j into a PyTorch Geometric `HeteroData`.

Two node types, `enterprise` (keyed by USCC) and `person` (keyed by hashed person id); customers are a
flag on their party, not nodes of their own, so the encoder sees "this firm banks with us" as a feature.
Ties are those valid on the date D only (the learning convention: facts dated <= D): payments dated on
or before D (per payer -> payee pair,
count and total), shareholdings and officer posts in force on D, guarantees in force on D. Enterprises
established after D are left out, and a customer whose `since` is after D is not flagged, so a graph
built as of D is blind to everything that happened after D (tests/integration/test_learning_gnn.py).

Every forward tie type gets an explicit reverse type (`rev_pays` ...) so that messages flow both ways
and a supplier is still told apart from a buyer. Node features use fixed transforms (no statistics of
the graph itself), so a model trained on the graph at D1 reads the graph at D2 on the same scale.

`build_hetero` is the pure part (rows in, graph out); `read_hetero` streams the rows from Neo4j.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from torch_geometric.data import HeteroData

from graph.store import GraphStore

ENTERPRISE = "enterprise"
PERSON = "person"
NODE_TYPES = (ENTERPRISE, PERSON)
KIND_OF = {ENTERPRISE: "E", PERSON: "P"}
TYPE_OF = {"E": ENTERPRISE, "P": PERSON}

EdgeType = tuple[str, str, str]
# Forward tie types; each also appears reversed as (dst, "rev_" + rel, src).
TIE_TYPES: tuple[EdgeType, ...] = (
    (ENTERPRISE, "pays", ENTERPRISE),
    (ENTERPRISE, "pays", PERSON),
    (ENTERPRISE, "holds", ENTERPRISE),
    (PERSON, "holds", ENTERPRISE),
    (PERSON, "officer_of", ENTERPRISE),
    (ENTERPRISE, "guarantees", ENTERPRISE),
)
# Mirrors ingestion.tables.NON_TRADE_PURPOSES (graph may not import ingestion; a unit test keeps them equal).
NON_TRADE_PURPOSES = ("工资", "税费")

SCALES = ("大型", "中型", "小型", "微型")
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRST")
ENTERPRISE_FEATURES = (
    "is_customer", "log_capital", "capital_missing", "age_years", "age_missing",
    "log_paid_in", "log_paid_out", "log_buyers", "log_suppliers", "log_ties",
    *(f"scale_{s}" for s in SCALES), "scale_other",
    *(f"section_{s}" for s in SECTIONS), "section_other",
    *(f"city_bucket_{b:02d}" for b in range(16)),
)
PERSON_FEATURES = ("is_customer", "age_years", "age_missing", "log_ties", "log_wages")

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


def reverse(edge_type: EdgeType) -> EdgeType:
    src, rel, dst = edge_type
    return (dst, f"rev_{rel}", src)


EDGE_TYPES: tuple[EdgeType, ...] = TIE_TYPES + tuple(reverse(t) for t in TIE_TYPES)


@dataclass(frozen=True)
class HeteroRows:
    """The raw rows of the as-of graph, as the read_hetero_* queries return them (lists of tuples)."""

    enterprises: list[tuple[str, float | None, str | None, str | None, str | None, str | None, bool]]
    persons: list[tuple[str, int | None, bool]]
    payments: list[tuple[str, str, str, int, float]]
    holdings: list[tuple[str, str, str, float | None]]
    officers: list[tuple[str, str, bool]]
    guarantees: list[tuple[str, str, float]]


@dataclass(frozen=True)
class HeteroGraph:
    """The as-of graph: `data` for PyG, and the id of every node row per node type."""

    as_of: date
    data: HeteroData
    ids: dict[str, list[str]]

    def index(self, node_type: str) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.ids[node_type])}

    def num_nodes(self, node_type: str) -> int:
        return len(self.ids[node_type])

    def num_ties(self) -> int:
        """Forward ties (each tie once, reverse types not counted)."""
        return sum(int(self.data[t].edge_index.shape[1]) for t in TIE_TYPES)

    def fingerprint(self) -> str:
        """A digest of everything an encoder reads: ids, features and ties. Equal graphs, equal digests."""
        digest = hashlib.sha256(self.as_of.isoformat().encode())
        for node_type in NODE_TYPES:
            digest.update("\n".join(self.ids[node_type]).encode("utf-8"))
            digest.update(np.ascontiguousarray(self.data[node_type].x.numpy()).tobytes())
        for edge_type in TIE_TYPES:
            digest.update("/".join(edge_type).encode())
            digest.update(np.ascontiguousarray(self.data[edge_type].edge_index.numpy()).tobytes())
        return digest.hexdigest()


def _years_between(start: str | None, as_of: date) -> float | None:
    if not start:
        return None
    born = date.fromisoformat(start[:10])
    return max((as_of - born).days / 365.25, 0.0)


def _pairs(rows: Iterable[tuple[int, int]]) -> IntArray:
    """Unique (src, dst) pairs as a 2 x E array, sorted, so the order of the rows read cannot matter."""
    arr = np.asarray(list(rows), dtype=np.int64).reshape(-1, 2)
    if arr.shape[0] == 0:
        return np.zeros((2, 0), dtype=np.int64)
    return np.unique(arr, axis=0).T.copy()


def build_hetero(rows: HeteroRows, as_of: date) -> HeteroGraph:
    """Turn the rows of the as-of graph into a `HeteroGraph`. Nodes are numbered in sorted id order."""
    ent_rows = sorted(rows.enterprises, key=lambda r: r[0])
    per_rows = sorted(rows.persons, key=lambda r: r[0])
    ids = {ENTERPRISE: [r[0] for r in ent_rows], PERSON: [r[0] for r in per_rows]}
    index = {t: {key: i for i, key in enumerate(ids[t])} for t in NODE_TYPES}
    n_e, n_p = len(ids[ENTERPRISE]), len(ids[PERSON])

    pairs: dict[EdgeType, list[tuple[int, int]]] = {t: [] for t in TIE_TYPES}
    paid_in = np.zeros(n_e, dtype=np.float64)
    paid_out = np.zeros(n_e, dtype=np.float64)
    wages = np.zeros(n_p, dtype=np.float64)
    for payer, payee_kind, payee, _n, total in rows.payments:
        a = index[ENTERPRISE].get(payer)
        b = index[TYPE_OF[payee_kind]].get(payee)
        if a is None or b is None:
            continue  # a party that did not exist yet on the date
        pairs[(ENTERPRISE, "pays", TYPE_OF[payee_kind])].append((a, b))
        paid_out[a] += float(total or 0.0)
        if payee_kind == "E":
            paid_in[b] += float(total or 0.0)
        else:
            wages[b] += float(total or 0.0)
    for holder_kind, holder, company, _ratio in rows.holdings:
        a, b = index[TYPE_OF[holder_kind]].get(holder), index[ENTERPRISE].get(company)
        if a is not None and b is not None:
            pairs[(TYPE_OF[holder_kind], "holds", ENTERPRISE)].append((a, b))
    for person, company, _legal_rep in rows.officers:
        a, b = index[PERSON].get(person), index[ENTERPRISE].get(company)
        if a is not None and b is not None:
            pairs[(PERSON, "officer_of", ENTERPRISE)].append((a, b))
    for guarantor, borrower, _amount in rows.guarantees:
        a, b = index[ENTERPRISE].get(guarantor), index[ENTERPRISE].get(borrower)
        if a is not None and b is not None:
            pairs[(ENTERPRISE, "guarantees", ENTERPRISE)].append((a, b))

    data = HeteroData()
    ties = {ENTERPRISE: np.zeros(n_e), PERSON: np.zeros(n_p)}
    for edge_type in TIE_TYPES:
        edges = _pairs(pairs[edge_type])
        data[edge_type].edge_index = torch.from_numpy(edges)
        data[reverse(edge_type)].edge_index = torch.from_numpy(edges[::-1].copy())
        np.add.at(ties[edge_type[0]], edges[0], 1.0)
        np.add.at(ties[edge_type[2]], edges[1], 1.0)
    trade = pairs[(ENTERPRISE, "pays", ENTERPRISE)]
    buyers = np.bincount([b for _, b in set(trade)], minlength=n_e).astype(np.float64)
    suppliers = np.bincount([a for a, _ in set(trade)], minlength=n_e).astype(np.float64)

    x_e = np.zeros((n_e, len(ENTERPRISE_FEATURES)), dtype=np.float32)
    col = {name: i for i, name in enumerate(ENTERPRISE_FEATURES)}
    for i, (_uscc, capital, established, scale, section, region, is_customer) in enumerate(ent_rows):
        x_e[i, col["is_customer"]] = float(bool(is_customer))
        if capital is None or capital <= 0:
            x_e[i, col["capital_missing"]] = 1.0
        else:
            x_e[i, col["log_capital"]] = np.log1p(capital) / 20.0
        age = _years_between(established, as_of)
        if age is None:
            x_e[i, col["age_missing"]] = 1.0
        else:
            x_e[i, col["age_years"]] = age / 30.0
        x_e[i, col[f"scale_{scale}" if scale in SCALES else "scale_other"]] = 1.0
        x_e[i, col[f"section_{section}" if section in SECTIONS else "section_other"]] = 1.0
        if region and region[:4].isdigit():
            # Where a firm is says whom it can trade with; the city (GB/T 2260, 4 digits) is hashed to 16
            # buckets so the width stays fixed whatever cities a world has.
            x_e[i, col[f"city_bucket_{int(region[:4]) % 16:02d}"]] = 1.0
    x_e[:, col["log_paid_in"]] = np.log1p(paid_in) / 20.0
    x_e[:, col["log_paid_out"]] = np.log1p(paid_out) / 20.0
    x_e[:, col["log_buyers"]] = np.log1p(buyers) / 5.0
    x_e[:, col["log_suppliers"]] = np.log1p(suppliers) / 5.0
    x_e[:, col["log_ties"]] = np.log1p(ties[ENTERPRISE]) / 5.0

    x_p = np.zeros((n_p, len(PERSON_FEATURES)), dtype=np.float32)
    for i, (_pid, birth_year, is_customer) in enumerate(per_rows):
        x_p[i, 0] = float(bool(is_customer))
        if birth_year is None:
            x_p[i, 2] = 1.0
        else:
            x_p[i, 1] = max(as_of.year - int(birth_year), 0) / 100.0
    x_p[:, 3] = np.log1p(ties[PERSON]) / 5.0
    x_p[:, 4] = np.log1p(wages) / 20.0

    data[ENTERPRISE].x = torch.from_numpy(x_e)
    data[PERSON].x = torch.from_numpy(x_p)
    return HeteroGraph(as_of=as_of, data=data, ids=ids)


def _rows(store: GraphStore, name: str, params: dict[str, Any]) -> list[Any]:
    """The rows of a read that returns them all in one record (cypher/learning/read_hetero_*): decoding a
    record per row was most of the time of these reads."""
    (rows,) = next(iter(store.stream(name, params)))
    return [tuple(values) for values in rows]


def read_hetero(store: GraphStore, as_of: date) -> HeteroGraph:
    """Read the graph as it stood on `as_of` from Neo4j (six reads, one record each) and build it."""
    params: dict[str, Any] = {"as_of": as_of.isoformat()}
    rows = HeteroRows(
        enterprises=_rows(store, "learning/read_hetero_enterprises", params),
        persons=_rows(store, "learning/read_hetero_persons", params),
        payments=_rows(store, "learning/read_hetero_payments", {**params, "non_trade": list(NON_TRADE_PURPOSES)}),
        holdings=_rows(store, "learning/read_hetero_holdings", params),
        officers=_rows(store, "learning/read_hetero_officers", params),
        guarantees=_rows(store, "learning/read_hetero_guarantees", params),
    )
    return build_hetero(rows, as_of)


def node_features(graph: HeteroGraph, node_type: str) -> Sequence[str]:
    """The names of the feature columns of `graph.data[node_type].x`."""
    return ENTERPRISE_FEATURES if node_type == ENTERPRISE else PERSON_FEATURES
