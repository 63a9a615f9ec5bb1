"""Core enterprises of an industry or region, ranked by hub score with the figures as evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.core import core_enterprises
from graph.analytics.hubs import ALGORITHMS, compute_hubs
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import InvalidInput
from tests.builders import uscc
from tests.builders_structure import CLUSTERS, PAYMENTS, write_cluster_dataset
from tests.integration.conftest import OpenClient


@pytest.fixture
def scored(graph: GraphStore, data_dir: Path) -> GraphStore:
    load_directory(graph, write_cluster_dataset(data_dir))
    compute_hubs(graph, ALGORITHMS)
    return graph


def _income(n: int) -> float:
    return sum(a for _, q, _, a in PAYMENTS if q == n)


@pytest.mark.parametrize(("industry", "region", "core"), [
    ("C36", None, 1), ("C", None, 1), ("3610", None, 1), (None, "4101", 1), ("C3610", "410102", 1),
    ("F", None, 11), (None, "32", 11), ("f51", "3201", 11),
])
def test_core_enterprise_of_each_filter(scored: GraphStore, industry: str | None, region: str | None,
                                        core: int) -> None:
    result = core_enterprises(scored, industry=industry, region=region, limit=3)
    top = result.enterprises[0]
    assert top.uscc == uscc(core) and top.rank == 1
    assert result.candidates == 8  # enterprise 20 has no payments and is no candidate
    assert not result.scores_missing and "many counterparties" in result.rule
    # The evidence: 7 buyers, 2 suppliers, the money, and its share of the cluster's income.
    assert (top.buyers, top.suppliers, top.counterparties) == (7, 2, 7)
    assert top.paid_in_total == pytest.approx(_income(core))
    members_income = sum(_income(n) for n in CLUSTERS[core])
    assert top.share_of_income == pytest.approx(_income(core) / members_income)
    assert top.top_buyers[0].uscc == uscc(core + 7) and top.top_buyers[0].count == 4
    assert {s.uscc for s in top.top_suppliers} == {uscc(core + 1), uscc(core + 2)}
    assert top.pagerank_rank in (1, 2)
    assert [e.score for e in result.enterprises] == sorted((e.score for e in result.enterprises), reverse=True)


def test_orders_by_amount_and_counterparties(scored: GraphStore) -> None:
    by_amount = core_enterprises(scored, industry="C", order="amount", limit=8).enterprises
    totals = [e.paid_in_total + e.paid_out_total for e in by_amount]
    assert totals == sorted(totals, reverse=True) and by_amount[0].uscc == uscc(1)
    by_degree = core_enterprises(scored, region="4101", order="counterparties", limit=8).enterprises
    assert [e.counterparties for e in by_degree] == sorted((e.counterparties for e in by_degree), reverse=True)


def test_scores_missing_is_reported(graph: GraphStore, data_dir: Path) -> None:
    load_directory(graph, write_cluster_dataset(data_dir))
    result = core_enterprises(graph, industry="C", order="betweenness")
    assert result.scores_missing and result.enterprises[0].betweenness is None
    empty = core_enterprises(graph, industry="A")
    assert (empty.candidates, empty.enterprises, empty.scores_missing) == (0, [], False)


@pytest.mark.parametrize("kwargs", [{"region": "4"}, {"region": "41a"}, {"industry": "CC"}, {"industry": "C12345"},
                                    {"order": "magic"}, {"limit": 0}])
def test_bad_filters_are_rejected(graph: GraphStore, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        core_enterprises(graph, **kwargs)  # type: ignore[arg-type]


def test_core_api(api: OpenClient, scored: GraphStore) -> None:
    client = api(scored)
    r = client.get("/hubs/core", params={"industry": "F", "region": "3201", "limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["candidates"] == 8 and len(body["enterprises"]) == 2
    assert body["enterprises"][0]["uscc"] == uscc(11) and body["enterprises"][0]["top_buyers"]
    for bad in ({"industry": "CC"}, {"region": "4"}, {"order": "magic"}, {"limit": 0}):
        assert client.get("/hubs/core", params=bad).status_code == 422
