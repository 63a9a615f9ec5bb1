"""Upstream and downstream partners on the hand-made five-tier chain (see tests/builders.py)."""

from __future__ import annotations

import pytest

from graph.analytics.chains import partners
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound
from tests.builders import uscc
from tests.integration.conftest import OpenClient


def test_upstream_one_hop_are_the_suppliers_paid(chain: GraphStore) -> None:
    found = partners(chain, uscc(3), "upstream", depth=1)
    assert [p.uscc for p in found] == [uscc(2), uscc(4)]  # largest tie first
    assert found[0].amount == 2_000_000.0 and found[0].payments == 3


def test_upstream_two_hops_reaches_raw_materials_with_its_path(chain: GraphStore) -> None:
    found = {p.uscc: p for p in partners(chain, uscc(3), "upstream", depth=2)}
    assert set(found) == {uscc(1), uscc(2), uscc(4)}
    steel = found[uscc(1)]
    assert steel.depth == 2
    assert steel.path == [uscc(3), uscc(2), uscc(1)]
    assert [(e.payer, e.payee) for e in steel.evidence] == [(uscc(3), uscc(2)), (uscc(2), uscc(1))]


def test_downstream_follows_money_backwards(chain: GraphStore) -> None:
    assert [p.uscc for p in partners(chain, uscc(3), "downstream", depth=1)] == [uscc(5)]
    two = partners(chain, uscc(3), "downstream", depth=2)
    assert [(p.uscc, p.depth) for p in two] == [(uscc(5), 1), (uscc(6), 2)]
    # Distributor 5 spends all its purchases on the core: the tie is its whole spending.
    assert two[0].tie_share == 1.0


def test_min_amount_and_dates_filter_ties(chain: GraphStore) -> None:
    assert [p.uscc for p in partners(chain, uscc(3), "upstream", depth=2, min_amount=100_000.0)] == [
        uscc(2), uscc(1)]
    assert partners(chain, uscc(3), "upstream", depth=1, since="2024-03-02") == [
        p for p in partners(chain, uscc(3), "upstream", depth=1) if p.uscc == uscc(2)]
    assert partners(chain, uscc(3), "upstream", depth=1, until="2023-12-31") == []


def test_an_isolated_enterprise_has_no_partners(chain: GraphStore) -> None:
    assert partners(chain, uscc(7), "upstream", depth=3) == []


def test_unknown_enterprise_and_bad_depth(chain: GraphStore) -> None:
    with pytest.raises(NotFound):
        partners(chain, uscc(99), "upstream")
    with pytest.raises(InvalidInput):
        partners(chain, uscc(3), "upstream", depth=9)


def test_api_upstream_with_evidence(api: OpenClient, chain: GraphStore) -> None:
    r = api(chain).get(f"/enterprises/{uscc(3)}/upstream", params={"depth": 2})
    assert r.status_code == 200
    found = r.json()["partners"]
    assert [p["uscc"] for p in found] == [uscc(2), uscc(4), uscc(1)]
    steel = found[2]
    assert steel["depth"] == 2 and steel["path"] == [uscc(3), uscc(2), uscc(1)]
    assert [e["total"] for e in steel["evidence"]] == [2_000_000.0, 250_000.0]


def test_api_downstream_with_min_amount(api: OpenClient, chain: GraphStore) -> None:
    r = api(chain).get(f"/enterprises/{uscc(3)}/downstream", params={"depth": 2, "min_amount": 500_000})
    assert r.status_code == 200
    assert [p["uscc"] for p in r.json()["partners"]] == [uscc(5)]
