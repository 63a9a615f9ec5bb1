"""Grouping return paths into balanced flows (graph/analytics/fund_flows.py, steps 2 and 3), in memory."""

from __future__ import annotations

from datetime import date

from graph.analytics.fund_flows import Txn, TxnIndex, group_loops, return_paths


def _t(tid: str, payer: str, payee: str, amount: float, day: str) -> Txn:
    return Txn(tid, payer, payee, amount, date.fromisoformat(day))


LEGS = [
    _t("L1", "C", "S1", 1_000_000, "2024-03-01"), _t("L2", "S1", "S2", 985_000, "2024-03-08"),
    _t("L3", "S2", "C", 970_000, "2024-03-20"),
    _t("L4", "C", "S3", 600_000, "2024-03-02"), _t("L5", "S3", "C", 590_000, "2024-03-15"),
]
# An ordinary purchase from C by a supplier P that, months later, pays the loop's shell S2 much more:
# the path C -> P -> S2 -> C shares L3 with the loop and, counted in, sinks its balance.
STRAY = [_t("N1", "C", "P", 3_000_000, "2023-10-01"), _t("N2", "P", "S2", 150_000, "2024-03-10")]


def _loops(txns: list[Txn]) -> list[list[list[str]]]:
    paths, cut = return_paths(TxnIndex(txns), "C", {"C"})
    assert not cut
    return [[[t.txn_id for t in p] for p in lp.paths] for lp in group_loops("C", paths)]


def test_a_loop_keeps_every_payment_of_every_leg_when_a_stray_path_joins_its_flow() -> None:
    assert _loops(LEGS) == [[["L1", "L2", "L3"], ["L4", "L5"]]]
    assert _loops(LEGS + STRAY) == [[["L1", "L2", "L3"], ["L4", "L5"]]]


def test_a_balanced_fan_out_is_kept_whole_even_with_uneven_hops() -> None:
    fan = [_t("F1", "C", "X", 1_000_000, "2024-01-01"), _t("F2", "X", "Y", 500_000, "2024-01-05"),
           _t("F3", "X", "Z", 500_000, "2024-01-06"), _t("F4", "Y", "C", 490_000, "2024-01-20"),
           _t("F5", "Z", "C", 480_000, "2024-01-21")]
    assert _loops(fan) == [[["F1", "F2", "F4"], ["F1", "F3", "F5"]]]


def test_an_unbalanced_flow_of_unsteady_paths_reports_nothing() -> None:
    noise = [_t("N1", "C", "A", 100_000, "2024-01-01"), _t("N2", "A", "B", 30_000, "2024-02-01"),
             _t("N3", "B", "C", 400_000, "2024-03-01")]
    assert _loops(noise) == []
