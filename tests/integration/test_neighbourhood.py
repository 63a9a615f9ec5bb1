"""The neighbourhood: every tie kind one step around an enterprise or a person, with amounts and shares."""

from __future__ import annotations

import pytest

from graph.neighbourhood import neighbourhood
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound
from tests.builders import CHAIN_PAYMENTS, pid, uscc
from tests.integration.conftest import OpenClient


def _total(payer: int, payee: int) -> float:
    return sum(a for _, a in CHAIN_PAYMENTS[(payer, payee)])


def test_ring_around_the_core(chain: GraphStore) -> None:
    ring = neighbourhood(chain, uscc(3))
    assert (ring.centre.kind, ring.centre.id) == ("E", uscc(3))
    ties = {(t.kind, t.source, t.target): t for t in ring.ties}
    paid_out = _total(3, 2) + _total(3, 4)
    supplier = ties[("supplier", uscc(3), uscc(2))]
    assert supplier.amount == pytest.approx(_total(3, 2)) and supplier.count == 3
    assert supplier.share == pytest.approx(_total(3, 2) / paid_out)
    assert ties[("supplier", uscc(3), uscc(4))].share == pytest.approx(_total(3, 4) / paid_out)
    buyer = ties[("buyer", uscc(5), uscc(3))]
    assert buyer.share == pytest.approx(1.0) and buyer.first_date == "2024-02-20"
    assert ties[("owner", pid(1), uscc(3))].share == pytest.approx(0.6)
    assert ties[("investment", uscc(3), uscc(5))].share == pytest.approx(0.51)
    assert ties[("guaranteed", uscc(3), uscc(5))].amount == pytest.approx(5_000_000) and \
        ties[("guaranteed", uscc(3), uscc(5))].reference == "G1"
    assert ties[("legal_rep", pid(1), uscc(3))].role == "法定代表人"
    assert ties[("officer", pid(2), uscc(3))].role == "董事"
    assert {n.id for n in ring.nodes} == {uscc(2), uscc(4), uscc(5), pid(1), pid(2)}
    assert ring.truncated == []
    # The salary paid to a person is not a supplier tie.
    assert not any(t.target == pid(2) and t.kind == "supplier" for t in ring.ties)


def test_filters_and_caps(chain: GraphStore) -> None:
    big = neighbourhood(chain, uscc(3), min_amount=100_000)
    assert {(t.kind, t.target) for t in big.ties if t.kind == "supplier"} == {("supplier", uscc(2))}
    only = neighbourhood(chain, uscc(3), kinds=["owner", "legal_rep"])
    assert {t.kind for t in only.ties} == {"owner", "legal_rep"} and [n.id for n in only.nodes] == [pid(1)]
    capped = neighbourhood(chain, uscc(3), per_kind=1, kinds=["supplier"])
    assert [t.target for t in capped.ties] == [uscc(2)] and capped.truncated == ["supplier"]


def test_ring_around_a_person(chain: GraphStore) -> None:
    ring = neighbourhood(chain, pid(1))
    assert ring.centre.kind == "P"
    assert {(t.kind, t.target) for t in ring.ties} == {("investment", uscc(3)), ("legal_rep", uscc(3))}
    node = ring.nodes[0]
    assert (node.id, node.customer) == (uscc(3), True)  # C0003 banks with us


def test_unknown_and_malformed_ids(chain: GraphStore) -> None:
    with pytest.raises(NotFound):
        neighbourhood(chain, uscc(99))
    with pytest.raises(InvalidInput):
        neighbourhood(chain, "91410100MA0000000X")
    with pytest.raises(InvalidInput):
        neighbourhood(chain, uscc(3), per_kind=0)


def test_neighbourhood_endpoint(chain: GraphStore, api: OpenClient) -> None:
    client = api(chain)
    body = client.get(f"/neighbourhood/{uscc(3)}", params={"kind": ["supplier", "buyer"], "min_amount": 60000}).json()
    assert sorted((t["kind"], t["source"], t["target"]) for t in body["ties"]) == [
        ("buyer", uscc(5), uscc(3)), ("supplier", uscc(3), uscc(2))]
    assert client.get(f"/neighbourhood/{uscc(99)}").status_code == 404
    assert client.get(f"/neighbourhood/{uscc(3)}", params={"kind": "friend"}).status_code == 422
    assert client.get(f"/neighbourhood/{uscc(3)}", params={"per_kind": 0}).status_code == 422
    assert client.get(f"/neighbourhood/{uscc(3)}", headers={"X-API-Key": ""}).status_code == 401
