"""The campaign statistics: Newcombe's interval against the paper's own table, and the stratified draw."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.analytics.campaigns import CampaignLead, assign, compare, newcombe, wilson
from liantu.errors import InvalidInput

# Newcombe RG (1998), Interval estimation for the difference between independent proportions: comparison
# of eleven methods, Statistics in Medicine 17:873-890, Table II, method 10 (score, no continuity
# correction), examples (a)-(h): x1/n1 - x2/n2 -> (lower, upper), four decimals as printed.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_TABLE_II)
def test_newcombe_method_10_matches_the_papers_table(counts: tuple[int, int, int, int],
                                                     expected: tuple[float, float]) -> None:
    x1, n1, x2, n2 = counts
    d, low, high = newcombe(x1, n1, x2, n2)
    assert d == pytest.approx(x1 / n1 - x2 / n2)
    assert (round(low, 4), round(high, 4)) == expected


def test_wilson_interval_textbook_value_and_bounds() -> None:
    # Newcombe (1998) companion paper's example: 81/263 -> 0.2553 to 0.3662 (Wilson, no correction).
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    with pytest.raises(InvalidInput):
        wilson(3, 0)


def test_compare_counts_arms_and_leaves_an_empty_arm_without_interval() -> None:
    both = compare("all", [("treatment", True), ("treatment", False), ("control", False), ("control", False)])
    assert (both.treatment_n, both.treatment_converted, both.control_n, both.control_converted) == (2, 1, 2, 0)
    assert both.uplift == pytest.approx(0.5) and both.low is not None and both.low < 0.5 < (both.high or 0)
    one = compare("RM9", [("treatment", True)])
    assert one.uplift is None and one.control_rate is None and one.treatment_rate == 1.0


def _leads(n: int) -> list[CampaignLead]:
    return [CampaignLead(f"P{i:04d}", "E", score=(i * 7919 % n) / n, rm_id=f"RM{i % 3}", branch_code="0101")
            for i in range(n)]


def test_assignment_is_seeded_stratified_by_decile_and_balanced() -> None:
    leads = _leads(1000)
    first, again = assign(leads, seed=7), assign(leads, seed=7)
    assert [a.arm for a in first] == [a.arm for a in again]
    assert [a.arm for a in assign(leads, seed=8)] != [a.arm for a in first]
    per = Counter((a.decile, a.arm) for a in first)
    for decile in range(1, 11):
        assert per[(decile, "treatment")] + per[(decile, "control")] == 100
        assert per[(decile, "treatment")] == 50  # 0.5 of 100 is exact: no random extra
    top = [a for a in first if a.decile == 1]
    assert min(a.lead.score for a in top) >= max(a.lead.score for a in first if a.decile == 2)
    assert [a.rank for a in first] == list(range(1, 1001))


def test_assignment_share_and_bad_input() -> None:
    arms = Counter(a.arm for a in assign(_leads(2000), seed=1, treatment_share=0.3))
    assert arms["treatment"] == 600
    with pytest.raises(InvalidInput):
        assign(_leads(10), seed=1, treatment_share=1.0)
    with pytest.raises(InvalidInput):
        assign([*_leads(3), _leads(3)[0]], seed=1)
