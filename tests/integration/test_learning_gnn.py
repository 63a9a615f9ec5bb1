"""GNN embeddings read from the real Neo4j: the as-of graph is blind to later facts, the encoders are
reproducible given a seed, and they place two planted trading communities apart.

The world: community A (enterprises 1..12, manufacturing in Zhengzhou) and community B (21..32,
wholesale in Nanjing) trade inside themselves every month of 2024 Q1; enterprise 40 is registered like
A (same industry and city) but trades only with B. D = 2024-06-30. After D: cross-community payments, a
new shareholding, a new guarantee, a new customer and a newly registered enterprise, loaded as a delta.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch

from graph.learning.embeddings import Embeddings, embeddings_as_of
from graph.learning.gnn_classifier import GNNClassifier
from graph.learning.hetero import ENTERPRISE, PERSON, read_hetero
from graph.learning.node2vec import Node2VecParams
from graph.learning.sage import SageParams
from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import pid, uscc, write_table

D = date(2024, 6, 30)
A = list(range(1, 13))
B = list(range(21, 33))
MIGRANT = 40
LATE_FIRM = 50
SAGE = SageParams(dim=16, hidden=16, epochs=30)
N2V = Node2VecParams(dim=16, walk_length=10, context_size=5, walks_per_node=20, epochs=3, batch_size=64, lr=0.05)


def _trades() -> list[tuple[int, int]]:
    pairs = []
    for members in (A, B):
        for k, payer in enumerate(members):
            for step in (1, 2, 3):
                pairs.append((payer, members[(k + step) % len(members)]))
    pairs += [(MIGRANT, B[0]), (MIGRANT, B[3]), (B[6], MIGRANT), (B[9], MIGRANT)]
    return pairs


def write_world(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    firms = [{"uscc": uscc(n), "name": f"测试制造企业{n:02d}有限公司", "status": "存续", "industry_code": "C3610",
              "industry_section": "C", "region_code": "410102", "established": "2010-01-01", "scale": "小型"}
             for n in [*A, MIGRANT]]
    firms += [{"uscc": uscc(n), "name": f"测试批发企业{n:02d}有限公司", "status": "存续", "industry_code": "F5174",
               "industry_section": "F", "region_code": "320102", "established": "2012-01-01", "scale": "小型"}
              for n in B]
    write_table(directory, "enterprises", firms)
    write_table(directory, "persons", [{"person_id": pid(1), "name": "张伟", "gender": "M", "birth_year": "1975"}])
    write_table(directory, "officers", [
        {"person_id": pid(1), "company_uscc": uscc(1), "role": "董事", "valid_from": "2015-01-01"}])
    write_table(directory, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(1), "ratio": "0.6", "valid_from": "2015-01-01"},
        {"holder_kind": "E", "holder_id": uscc(2), "company_uscc": uscc(3), "ratio": "0.3",
         "valid_from": "2016-01-01", "valid_to": "2024-03-01"},
    ])
    txns = [{"txn_id": f"T{a}-{b}-{m}", "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b),
             "amount": "100000.00", "date": f"2024-0{m}-10", "purpose": "货款"}
            for a, b in _trades() for m in (1, 2, 3)]
    write_table(directory, "payments", txns)
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部", "region_code": "410100"}])
    write_table(directory, "rms", [{"rm_id": "RM001", "name": "李娜", "branch_code": "0101"}])
    write_table(directory, "customers", [
        {"customer_no": "C0001", "party_kind": "E", "party_id": uscc(1), "branch_code": "0101", "rm_id": "RM001",
         "since": "2020-01-01"}])
    return directory


def write_late_facts(directory: Path) -> Path:
    """Facts dated after D: none may change the graph as of D."""
    directory.mkdir(parents=True, exist_ok=True)
    write_table(directory, "enterprises", [
        {"uscc": uscc(LATE_FIRM), "name": "测试新设企业50有限公司", "status": "存续", "industry_section": "C",
         "region_code": "410102", "established": "2024-09-01"}])
    write_table(directory, "payments", [
        {"txn_id": f"L{a}-{b}", "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b),
         "amount": "900000.00", "date": "2024-08-15", "purpose": "货款"}
        for a, b in [(A[0], B[0]), (B[1], A[1]), (LATE_FIRM, A[2]), (A[0], A[1])]])
    write_table(directory, "shareholdings", [
        {"holder_kind": "E", "holder_id": uscc(A[4]), "company_uscc": uscc(B[4]), "ratio": "0.8",
         "valid_from": "2024-09-01"}])
    write_table(directory, "guarantees", [
        {"guarantee_id": "GL1", "guarantor_uscc": uscc(A[5]), "borrower_uscc": uscc(B[5]), "amount": "1000000",
         "start_date": "2024-10-01", "end_date": "2025-10-01", "kind": "连带责任保证"}])
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部", "region_code": "410100"}])
    write_table(directory, "customers", [
        {"customer_no": "C0002", "party_kind": "E", "party_id": uscc(B[2]), "branch_code": "0101",
         "since": "2024-08-01"}])
    return directory


@pytest.fixture
def world(graph: GraphStore, tmp_path: Path) -> GraphStore:
    torch.set_num_threads(1)  # a graph of 40 nodes gains nothing from threads on a shared machine
    load_directory(graph, write_world(tmp_path / "world"))
    return graph


def _centroid_accuracy(emb: Embeddings) -> float:
    """Leave-one-out nearest-centroid accuracy of A vs B on cosine-normalised embeddings."""
    rows = emb.align([uscc(n) for n in A + B])
    z = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    labels = np.array([0] * len(A) + [1] * len(B))
    hits = 0
    for i in range(len(labels)):
        keep = np.arange(len(labels)) != i
        ca = z[keep & (labels == 0)].mean(axis=0)
        cb = z[keep & (labels == 1)].mean(axis=0)
        hits += int((z[i] @ cb > z[i] @ ca) == bool(labels[i]))
    return hits / len(labels)


def test_as_of_graph_excludes_facts_dated_after_the_date(world: GraphStore, tmp_path: Path) -> None:
    before = read_hetero(world, D)
    ent = before.index(ENTERPRISE)
    assert sorted(before.ids[ENTERPRISE]) == sorted(uscc(n) for n in [*A, *B, MIGRANT])
    assert before.ids[PERSON] == [pid(1)]
    pays = before.data[(ENTERPRISE, "pays", ENTERPRISE)].edge_index.t().tolist()
    assert sorted(map(tuple, pays)) == sorted({(ent[uscc(a)], ent[uscc(b)]) for a, b in _trades()})
    # The holding closed on 2024-03-01 no longer holds on D; the person's holding and post do.
    assert before.data[(ENTERPRISE, "holds", ENTERPRISE)].edge_index.shape[1] == 0
    assert before.data[(PERSON, "holds", ENTERPRISE)].edge_index.t().tolist() == [[0, ent[uscc(1)]]]
    customers = {before.ids[ENTERPRISE][i] for i in torch.nonzero(before.data[ENTERPRISE].x[:, 0]).flatten().tolist()}
    assert customers == {uscc(1)}

    load_directory(world, write_late_facts(tmp_path / "late"))
    again = read_hetero(world, D)
    assert again.fingerprint() == before.fingerprint()
    later = read_hetero(world, date(2024, 12, 31))
    lent = later.index(ENTERPRISE)
    assert uscc(LATE_FIRM) in lent
    later_pays = {tuple(e) for e in later.data[(ENTERPRISE, "pays", ENTERPRISE)].edge_index.t().tolist()}
    assert (lent[uscc(A[0])], lent[uscc(B[0])]) in later_pays
    assert later.data[(ENTERPRISE, "guarantees", ENTERPRISE)].edge_index.shape[1] == 1
    assert later.data[(ENTERPRISE, "holds", ENTERPRISE)].edge_index.shape[1] == 1
    assert float(later.data[ENTERPRISE].x[lent[uscc(B[2])], 0]) == 1.0


def test_sage_embeddings_are_reproducible_cached_and_separate_communities(world: GraphStore, tmp_path: Path) -> None:
    first = embeddings_as_of(world, D, "sage", seed=0, params=SAGE, cache_dir=tmp_path / "c1")
    cached = embeddings_as_of(world, D, "sage", seed=0, params=SAGE, cache_dir=tmp_path / "c1")
    fresh = embeddings_as_of(world, D, "sage", seed=0, params=SAGE, cache_dir=tmp_path / "c2")
    other = embeddings_as_of(world, D, "sage", seed=1, params=SAGE, cache_dir=tmp_path / "c2")
    assert (first.from_cache, cached.from_cache, fresh.from_cache) == (False, True, False)
    assert np.array_equal(first.matrix, fresh.matrix) and np.array_equal(first.matrix, cached.matrix)
    assert not np.array_equal(first.matrix, other.matrix)
    assert first.matrix.shape == (len(A) + len(B) + 1 + 1, 16)
    assert np.isnan(first.align(["no-such-party"])).all()

    assert _centroid_accuracy(first) >= 0.9
    # Enterprise 40 is registered like A (same industry and city) but trades only with B: its raw features
    # sit with A, its embedding must move towards B through its ties.
    z = first.of_kind("E")
    rows = z.align([uscc(n) for n in [*A, *B, MIGRANT]])
    rows = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    ca, cb, m = rows[:len(A)].mean(axis=0), rows[len(A):len(A) + len(B)].mean(axis=0), rows[-1]
    graph = read_hetero(world, D)
    x = graph.data[ENTERPRISE].x.numpy()
    idx = graph.index(ENTERPRISE)
    xa, xb, xm = (x[[idx[uscc(n)] for n in ns]].mean(axis=0) for ns in (A, B, [MIGRANT]))
    assert np.linalg.norm(xm - xa) < np.linalg.norm(xm - xb)
    pull_a = rows[:len(A)] @ cb - rows[:len(A)] @ ca
    assert float(m @ cb - m @ ca) > float(pull_a.max())


def test_node2vec_is_reproducible_and_separates_communities_from_structure_alone(world: GraphStore,
                                                                                  tmp_path: Path) -> None:
    first = embeddings_as_of(world, D, "node2vec", seed=0, params=N2V, cache_dir=tmp_path / "c1")
    again = embeddings_as_of(world, D, "node2vec", seed=0, params=N2V, cache_dir=tmp_path / "c2")
    assert np.array_equal(first.matrix, again.matrix)
    # node2vec never sees the features, so only the ties can separate A from B (chance is 0.5).
    assert _centroid_accuracy(first) >= 0.9


def test_gnn_classifier_learns_a_label_carried_by_the_ties(world: GraphStore) -> None:
    graph = read_hetero(world, D)
    # Label: pays our customer (enterprise 1), the chain-lead case. In A every firm pays three others, so
    # the payers of 1 (10, 11, 12) have the same own features as the rest: only their ties tell them apart.
    payers = {payer for payer, payee in _trades() if payee == 1}
    assert payers == {10, 11, 12}
    train = {uscc(n): int(n in payers) for n in [*A, *B] if n != 12}
    model = GNNClassifier(hidden=16, epochs=80, seed=0).fit(graph, ENTERPRISE, train)
    again = GNNClassifier(hidden=16, epochs=80, seed=0).fit(graph, ENTERPRISE, train)
    ranked = [uscc(n) for n in (12, 2, 5, 7, 25, MIGRANT)]  # 12 held out, the rest trained as negatives
    scores = model.predict(graph, ENTERPRISE, ranked)
    assert np.array_equal(scores, again.predict(graph, ENTERPRISE, ranked))
    assert scores[0] > scores[1:].max()
