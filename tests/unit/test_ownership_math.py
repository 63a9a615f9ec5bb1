"""The linear algebra of equity penetration on small matrices with hand-computed answers, and the
control rules on hand-made components (no database)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from graph.analytics.control import Officer, resolve_control
from graph.analytics.ownership import (
    Component,
    Holding,
    closed_loops,
    integrated_stakes,
    matrices,
    ownership_paths,
    regularise,
    solve,
)


def comp(targets: list[str], holdings: list[tuple[str, str, float]], persons: set[str]) -> Component:
    """holdings: (holder, company, ratio); ids in `persons` are natural persons."""
    enterprises = list(dict.fromkeys([*targets, *[c for _, c, _ in holdings],
                                      *[h for h, _, _ in holdings if h not in persons]]))
    return Component(targets, enterprises, sorted(persons), {x: x for x in [*enterprises, *persons]},
                     [Holding("P" if h in persons else "E", h, c, r) for h, c, r in holdings])


def test_chain_multiplies_ratios() -> None:
    # P -60%-> A -50%-> B -40%-> C : P holds 0.6 * 0.5 * 0.4 = 12% of C, A 20%, B 40%.
    s = solve(comp(["C"], [("P", "A", 0.6), ("A", "B", 0.5), ("B", "C", 0.4)], {"P"}))
    assert s.stake_of("P", "C") == pytest.approx(0.12)
    assert s.stake_of("A", "C") == pytest.approx(0.20)
    assert s.stake_of("B", "C") == pytest.approx(0.40)


def test_diamond_sums_paths() -> None:
    # P holds 50% of A and 50% of B; A holds 40% of C and B 60%: P has 0.2 + 0.3 = 50% of C.
    c = comp(["C"], [("P", "A", 0.5), ("P", "B", 0.5), ("A", "C", 0.4), ("B", "C", 0.6)], {"P"})
    s = solve(c)
    assert s.stake_of("P", "C") == pytest.approx(0.5)
    paths = ownership_paths(c, "P", "C")
    assert [p.nodes for p in paths] == [["P", "B", "C"], ["P", "A", "C"]]
    assert [p.product for p in paths] == pytest.approx([0.3, 0.2])


def test_cross_holding_is_solved_exactly_like_the_geometric_series() -> None:
    # A holds 30% of B, B holds 20% of A; P holds 80% of A, Q holds 70% of B.
    # Walks into B: P->A->B (0.8*0.3) then any number of turns A->B->A (0.06 each):
    #   P in B = 0.24 / (1 - 0.06) ; Q in B = 0.7 / (1 - 0.06) ... minus nothing: Q->B->A->B adds 0.7*0.06...
    c = comp(["A", "B"], [("A", "B", 0.3), ("B", "A", 0.2), ("P", "A", 0.8), ("Q", "B", 0.7)], {"P", "Q"})
    s = solve(c)
    loop = 1.0 - 0.3 * 0.2
    assert s.stake_of("P", "B") == pytest.approx(0.8 * 0.3 / loop)
    assert s.stake_of("Q", "B") == pytest.approx(0.7 / loop)
    assert s.stake_of("A", "B") == pytest.approx(0.3 / loop)
    assert s.stake_of("B", "B") == pytest.approx(0.06 / loop)  # B's stake in itself through the loop
    # Fully held companies: the persons' integrated stakes add up to exactly 1.
    assert s.stake_of("P", "B") + s.stake_of("Q", "B") == pytest.approx(1.0)
    assert s.stake_of("P", "A") + s.stake_of("Q", "A") == pytest.approx(1.0)
    # The same numbers from the truncated series sum_k A A_EE^k with many terms.
    a_ee, a_pe = matrices(c)
    dense_ee, dense_pe = a_ee.toarray(), a_pe.toarray()
    term, series = dense_pe.copy(), np.zeros_like(dense_pe)
    for _ in range(200):
        series += term
        term = term @ dense_ee
    b = c.enterprises.index("B")
    exact = integrated_stakes(a_ee, a_pe, [b])[0]
    np.testing.assert_allclose(exact.person, series[:, b], rtol=1e-12)


def test_closed_loop_is_detected_and_regularised() -> None:
    # A holds 100% of B and B 100% of A: I - A_EE is singular. B holds 40% of C, P the other 60%.
    c = comp(["C"], [("A", "B", 1.0), ("B", "A", 1.0), ("B", "C", 0.4), ("P", "C", 0.6)], {"P"})
    a_ee, a_pe = matrices(c)
    loops = closed_loops(a_ee)
    assert [sorted(c.enterprises[i] for i in members) for members in loops] == [["A", "B"]]
    with pytest.raises(ValueError, match="singular"):
        integrated_stakes(a_ee, a_pe, [0])
    s = solve(c)
    assert sorted(s.loops[0]) == ["A", "B"]
    assert any("closed ownership loop" in w for w in c.warnings)
    assert s.stake_of("P", "C") == pytest.approx(0.6)
    assert s.stake_of("B", "C") == pytest.approx(0.4)
    assert s.stake_of("A", "C") == 0.0  # the loop's internal holdings are dropped: B is the top holder
    assert regularise(a_ee, loops).nnz == 1


def test_a_leaky_loop_is_not_closed() -> None:
    a_ee = sp.csc_matrix(np.array([[0.0, 1.0], [0.5, 0.0]]))  # A owns all of B, B half of A
    assert closed_loops(a_ee) == []


def test_overfull_company_is_scaled_with_a_warning() -> None:
    c = comp(["C"], [("P", "C", 0.8), ("Q", "C", 0.4)], {"P", "Q"})
    s = solve(c)
    assert s.stake_of("P", "C") == pytest.approx(0.8 / 1.2)
    assert c.warnings and "sum to 1.2000" in c.warnings[0]


# ---- control rules --------------------------------------------------------------------------------

def decide(c: Component, officers: dict[str, list[Officer]] | None = None) -> dict[str, tuple[str | None, str]]:
    decisions, converged = resolve_control(c, officers or {})
    assert converged
    return {e: (d.ultimate, d.rule) for e, d in decisions.items()}


def test_control_chain_needs_control_at_each_link() -> None:
    # P 60% of A, A 60% of B: P controls B through A although P's economic stake is only 36%.
    # Q 40% of A, A 40% of C (and R 30% of C): A leads C with 40% > 30% -> plurality; ultimate is P.
    c = comp(["B", "C"], [("P", "A", 0.6), ("Q", "A", 0.4), ("A", "B", 0.6), ("A", "C", 0.4),
                          ("R", "C", 0.3)], {"P", "Q", "R"})
    d = decide(c)
    assert d["A"] == ("P", "equity_majority")
    assert d["B"] == ("P", "equity_majority")
    assert d["C"] == ("P", "votes_plurality")


def test_votes_of_controlled_companies_add_up() -> None:
    # U owns all of S1 and S2; each holds 30% of Y, X holds 40%: U's bloc has 60% of Y.
    c = comp(["Y"], [("U", "S1", 1.0), ("U", "S2", 1.0), ("S1", "Y", 0.3), ("S2", "Y", 0.3),
                     ("X", "Y", 0.4)], {"U", "X"})
    assert decide(c)["Y"] == ("U", "equity_majority")


def test_plurality_needs_a_lead_and_fifty_fifty_is_joint() -> None:
    tie = comp(["Y"], [("P", "Y", 0.35), ("Q", "Y", 0.35), ("R", "Y", 0.3)], {"P", "Q", "R"})
    assert decide(tie)["Y"] == (None, "none")
    joint = comp(["Y"], [("P", "Y", 0.5), ("Q", "Y", 0.5)], {"P", "Q"})
    assert decide(joint)["Y"] == (None, "joint_50_50")
    small = comp(["Y"], [("P", "Y", 0.29), ("Q", "Y", 0.1)], {"P", "Q"})
    assert decide(small)["Y"] == (None, "none")


def test_board_majority_through_nominees() -> None:
    # Equity is split 20/20/20/20/20; holder company H's officers D1, D2 sit on 2 of Y's 3 董事 seats.
    c = comp(["Y"], [("H", "Y", 0.2), ("P1", "Y", 0.2), ("P2", "Y", 0.2), ("P3", "Y", 0.2), ("P4", "Y", 0.2),
                     ("Z", "H", 1.0)], {"P1", "P2", "P3", "P4", "Z"})
    officers = {"H": [Officer("D1", "d1", "总经理"), Officer("D2", "d2", "董事长")],
                "Y": [Officer("D1", "d1", "董事长"), Officer("D2", "d2", "董事"), Officer("D3", "d3", "董事")]}
    assert decide(c, officers)["Y"] == ("Z", "board_majority")
    officers["Y"].append(Officer("D4", "d4", "董事"))  # 2 of 4 is not a majority
    assert decide(c, officers)["Y"] == (None, "none")


def test_cross_holding_votes_held_through_the_loop_carry_no_vote() -> None:
    # A holds 60% of B, B holds 60% of A, P holds 40% of each: P is the only outside voter of the loop.
    c = comp(["A"], [("A", "B", 0.6), ("B", "A", 0.6), ("P", "A", 0.4), ("P", "B", 0.4)], {"P"})
    d = decide(c)
    assert d["A"][0] == "P" and d["B"][0] == "P"
    assert solve(c).stake_of("P", "A") == pytest.approx(1.0)


def test_block_triangular_solve_matches_a_dense_inverse() -> None:
    # A random ownership web with cross-holdings: the reordered sparse LU must equal the dense formula.
    rng = np.random.default_rng(5)
    n, m = 60, 20
    dense = np.zeros((n, n))
    for c in range(1, n):
        for h in rng.choice(c, size=min(c, 2), replace=False):
            dense[h, c] = rng.uniform(0.1, 0.4)
    for x, y in rng.integers(0, n, size=(8, 2)):
        if x != y:
            dense[x, y] = dense[y, x] = 0.1
    dense /= np.maximum(dense.sum(axis=0), 1.0) / 0.9
    persons = rng.uniform(0.0, 0.1, size=(m, n))
    targets = [0, 17, 59]
    got = integrated_stakes(sp.csc_matrix(dense), sp.csc_matrix(persons), targets)
    inverse = np.linalg.inv(np.eye(n) - dense)
    for j, t in enumerate(targets):
        np.testing.assert_allclose(got[j].enterprise, (dense @ inverse)[:, t], atol=1e-12)
        np.testing.assert_allclose(got[j].person, (persons @ inverse)[:, t], atol=1e-12)
