"""Candidate generation for suspected links: each blocking key proposes exactly the pairs it should, large
blocks propose nothing, the embedding index finds planted neighbours, and features and labels line up."""

from __future__ import annotations

import numpy as np
import pytest

from graph.learning.suspected_links_candidates import (
    BIT,
    PairInputs,
    address_base,
    generate_candidates,
    name_bigrams,
    nearest_neighbours,
)
from graph.learning.suspected_links_eval import rank_figures, truth_codes
from graph.learning.suspected_links_features import (
    FEATURES,
    grouped_timing,
    known_mask,
    ownership_groups,
    pair_features,
    timing,
)
from graph.learning.suspected_links_models import fold_of


def _inputs(n: int = 12, **kw: object) -> PairInputs:
    base: dict[str, object] = {
        "ids": [f"E{i:02d}" for i in range(n)], "names": [None] * n, "phones": [None] * n,
        "addresses": [None] * n, "officers": [], "salaries": [],
        "pay_src": np.zeros(0, dtype=np.int64), "pay_dst": np.zeros(0, dtype=np.int64),
        "pay_total": np.zeros(0, dtype=np.float64),
    }
    base.update(kw)
    return PairInputs(**base)  # type: ignore[arg-type]


def _pairs(inputs: PairInputs, source: str, **kw: int) -> set[tuple[int, int]]:
    cand = generate_candidates(inputs, **kw)
    return {(int(a), int(b)) for (a, b), s in zip(cand.pairs, cand.sources, strict=True) if s & BIT[source]}


def test_address_base_cuts_the_room_only() -> None:
    assert address_base("河南省郑州市金水区纬五路284号2001室") == "河南省郑州市金水区纬五路284号"
    assert address_base("河南省郑州市金水区纬五路284号") == "河南省郑州市金水区纬五路284号"
    assert address_base("") is None and address_base(None) is None


def test_name_bigrams_drop_places_in_brackets_and_legal_forms() -> None:
    grams = name_bigrams("宏达机械（郑州）有限公司")
    assert grams == {"宏达", "达机", "机械"}


def test_shared_phone_and_address_propose_pairs_within_the_block_and_big_blocks_nothing() -> None:
    phones = ["0371-1"] * 3 + ["0371-2"] * 8 + [None]
    addresses = ["路1号101室", "路1号102室", "路9号", *([None] * 9)]
    inputs = _inputs(phones=phones, addresses=addresses)
    assert _pairs(inputs, "phone", max_block=5, k=0) == {(0, 1), (0, 2), (1, 2)}  # the block of 8 is too big
    assert _pairs(inputs, "address", max_block=5, k=0) == {(0, 1)}


def test_officers_and_employees_propose_pairs() -> None:
    # Person 0 sits in firms 1 and 2; person 1 is paid by firm 3, holds no post there, and sits in firm 4;
    # person 2 is paid by firm 5, where they sit, and sits in firm 6 too (that is a shared officer only);
    # person 3 got one payment from firm 7 (not a salary).
    inputs = _inputs(officers=[(0, 1), (0, 2), (1, 4), (2, 5), (2, 6), (3, 8)],
                     salaries=[(1, 3, 12), (2, 5, 12), (3, 7, 1)])
    assert _pairs(inputs, "officer", k=0) == {(1, 2), (5, 6)}
    assert _pairs(inputs, "employee", k=0) == {(3, 4)}


def test_payments_and_small_shared_counterparties_propose_pairs() -> None:
    src = np.array([0, 1, 2, 3, 4], dtype=np.int64)
    dst = np.array([5, 5, 6, 6, 6], dtype=np.int64)
    inputs = _inputs(pay_src=src, pay_dst=dst, pay_total=np.ones(5))
    assert _pairs(inputs, "payment", k=0) == {(0, 5), (1, 5), (2, 6), (3, 6), (4, 6)}
    assert _pairs(inputs, "neighbour", k=0, max_block=2) == {(0, 1)}  # firm 6's three payers are too many
    assert _pairs(inputs, "neighbour", k=0, max_block=3) == {(0, 1), (2, 3), (2, 4), (3, 4)}


def test_candidates_are_unique_ordered_pairs_with_every_source_that_proposed_them() -> None:
    inputs = _inputs(phones=["p", "p", *([None] * 10)], officers=[(0, 0), (0, 1)],
                     pay_src=np.array([1], dtype=np.int64), pay_dst=np.array([0], dtype=np.int64),
                     pay_total=np.ones(1))
    cand = generate_candidates(inputs, k=0)
    assert cand.pairs.tolist() == [[0, 1]]
    assert int(cand.sources[0]) == BIT["phone"] | BIT["officer"] | BIT["payment"]


def test_nearest_neighbours_find_the_planted_twins_and_skip_unembedded_rows() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(40, 8)).astype(np.float32)
    z[1] = z[0] + 0.01
    z[3] = np.nan
    nbrs = nearest_neighbours(z, 1)
    assert nbrs[0, 0] == 1 and nbrs[1, 0] == 0
    assert nbrs[3, 0] == -1 and 3 not in nbrs
    hnsw = nearest_neighbours(z, 1, exact_limit=10)  # the approximate index answers the same here
    assert hnsw[0, 0] == 1 and hnsw[1, 0] == 0


def test_embedding_candidates_are_linear_in_k() -> None:
    rng = np.random.default_rng(1)
    inputs = _inputs(n=200, embeddings=rng.normal(size=(200, 8)).astype(np.float32))
    pairs = _pairs(inputs, "embedding", k=5)
    assert 200 * 5 // 2 <= len(pairs) <= 200 * 5


def test_timing_tells_a_quarterly_fee_from_irregular_trade() -> None:
    cv, regular, gap, rounded = timing(["2023-03", "2023-06", "2023-09", "2023-12"], [1500.0] * 4)
    assert cv == 0.0 and regular == 1.0 and gap == 3.0 and rounded == 0.0
    cv, regular, _gap, rounded = timing(["2023-01", "2023-02", "2023-05", "2023-11"], [100_000.0, 30_000.0,
                                                                                       550_000.0, 20_000.0])
    assert cv > 0.5 and regular < 1.0 and rounded == 1.0


def test_grouped_timing_is_timing_of_every_group_at_once() -> None:
    rng = np.random.default_rng(3)
    groups: list[tuple[list[str], list[float]]] = []
    for _ in range(300):
        picked = sorted(int(m) for m in rng.choice(36, int(rng.integers(0, 9)), replace=False))
        amounts = rng.choice([10_000.0, 1_500.0, 2.5e9, 7_777.7, 0.0], len(picked)).tolist()
        groups.append(([f"{2022 + m // 12}-{m % 12 + 1:02d}" for m in picked], amounts))
    groups.append((["2023-03", "2023-06", "2023-09", "2023-12"], [1500.0] * 4))  # a quarterly fee
    group = np.asarray([g for g, (months, _) in enumerate(groups) for _ in months], dtype=np.int64)
    month = np.asarray([int(m[:4]) * 12 + int(m[5:]) for months, _ in groups for m in months], dtype=np.int64)
    amount = np.asarray([a for _, amounts in groups for a in amounts])
    shuffle = rng.permutation(len(group))  # rows in any order
    got = grouped_timing(group[shuffle], month[shuffle], amount[shuffle], len(groups))
    for g, (months, amounts) in enumerate(groups):
        want = np.asarray([len(months), *timing(months, amounts)])
        np.testing.assert_allclose(got[g], want, rtol=1e-9, atol=1e-12, err_msg=f"group {g}: {months} {amounts}")
    assert np.isnan(got[:, 2]).any() and (got[:, 2] == 1.0).any()  # short groups have no regularity


def test_pair_features_and_known_ties() -> None:
    inputs = _inputs(n=6, phones=["p", "p", "p", None, None, None], officers=[(0, 3), (0, 4)],
                     pay_src=np.array([3, 4], dtype=np.int64), pay_dst=np.array([4, 3], dtype=np.int64),
                     pay_total=np.array([100.0, 50.0]))
    cand = generate_candidates(inputs, k=0)
    X = pair_features(inputs, cand, {(3, 4): (["2024-01"], [100.0])})
    row = {tuple(p): X[r] for r, p in enumerate(cand.pairs.tolist())}
    col = {name: k for k, name in enumerate(FEATURES)}
    assert row[(0, 1)][col["phone_shared"]] == pytest.approx(0.5)  # 1 / log2(1 + 3)
    assert row[(3, 4)][col["officers_shared"]] == 1 and row[(3, 4)][col["reciprocal"]] == 1
    assert row[(3, 4)][col["tie_share"]] == pytest.approx(1.0)  # all of 4's income is from 3
    # Person 9 holds 60% of firms 0 and 2 (one beneficial owner), firm 1 holds 10% of firm 2 (a direct
    # holding): (0, 2) and (1, 2) are known; (0, 1) is not (no tie passes on through firm 2).
    holdings = [("P", 9, 0, 0.6), ("P", 9, 2, 0.6), ("E", 1, 2, 0.1)]
    known = known_mask(cand, 6, holdings, [(3, 4)])
    assert {tuple(p) for p, k in zip(cand.pairs.tolist(), known, strict=True) if k} == {(0, 2), (1, 2), (3, 4)}
    groups = ownership_groups(6, [*holdings, ("E", 4, 5, 0.5), ("E", 5, 3, 0.3)])
    assert groups[3] == groups[4] == groups[5]  # a parent, its subsidiary and theirs
    assert len({groups[0], groups[1], groups[2], groups[3]}) == 4  # persons and small stakes join no group


def test_folds_are_stable_and_rankings_scored_against_truth() -> None:
    codes = np.arange(1000, dtype=np.int64)
    assert (fold_of(codes, 4) == fold_of(codes.copy(), 4)).all()
    assert set(fold_of(codes, 4).tolist()) == {0, 1, 2, 3}
    ids = ["A", "B", "C", "D"]
    truth = truth_codes([("B", "A", "shell_cluster"), ("C", "D", "nominee_holding")], ids)
    pair_codes = np.array([0 * 4 + 1, 0 * 4 + 2, 2 * 4 + 3], dtype=np.int64)
    scores = np.array([0.9, 0.8, 0.1])
    figures = rank_figures("x", scores, pair_codes, np.ones(3, dtype=bool), truth, [1, 2, 3])
    assert [f.hits for f in figures] == [1, 1, 2]
    assert figures[1].precision == 0.5 and figures[2].recall == 1.0
    assert figures[0].recall_by_kind == {"nominee_holding": 0.0, "shell_cluster": 1.0}
