"""The enterprise profile over the HTTP API, on the hand-made chain (see tests/builders.py)."""

from __future__ import annotations

from graph.store import GraphStore
from tests.builders import uscc
from tests.integration.conftest import OpenClient


def test_enterprise_profile(api: OpenClient, chain: GraphStore) -> None:
    r = api(chain).get(f"/enterprises/{uscc(3)}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "郑州宇通客车制造股份有限公司"
    assert body["former_names"] == ["郑州宇通客车有限公司"]
    assert body["legal_representative"] == "张伟"
    assert body["customer_no"] == "C0003" and body["rm_id"] == "RM001" and body["tier"] == "核心"


def test_unknown_uscc_is_404(api: OpenClient, chain: GraphStore) -> None:
    client = api(chain)
    r = client.get(f"/enterprises/{uscc(99)}")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    assert client.get(f"/enterprises/{uscc(99)}/upstream").status_code == 404
