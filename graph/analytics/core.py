"""Core enterprises (核心企业) of an industry or a region: the hubs of its payment network.

The provincial bank's practice (docs/rules.md §11) mines the fund-transfer network for important customers —
many counterparties, high value — and markets along their chains. Here the enterprises of one
GB/T 4754 industry (a section letter such as 'C', or a code prefix such as 'C36' or '36') and/or one
GB/T 2260 region (a code prefix such as '41' or '4101') are ranked by a hub score written by
`graph.analytics.hubs` (PageRank by default) or by counterparties or amounts. Each comes with its
figures (score, global rank, buyers, suppliers, amounts, share of the filter's income) and its largest
buyers and suppliers, the evidence an RM can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from graph.store import GraphStore
from liantu.errors import InvalidInput

Order = Literal["pagerank", "articlerank", "betweenness", "counterparties", "amount"]
ORDERS: tuple[Order, ...] = get_args(Order)
RULE = ("docs/rules.md §11 重要客户: important customers of the fund-transfer network have many "
        "counterparties and high value; ranked within the industry/region filter by {order}")

_INDUSTRY = re.compile(r"^(?P<section>[A-T])?(?P<digits>\d{0,4})$")
_REGION = re.compile(r"^\d{2,6}$")


@dataclass(frozen=True)
class Counterparty:
    uscc: str
    name: str
    total: Annotated[float, Field(description="Total paid on this tie, CNY")]
    count: int


@dataclass(frozen=True)
class CoreEnterprise:
    rank: int
    uscc: str
    name: str
    industry_code: str | None
    region_code: str | None
    score: float
    pagerank: float | None
    pagerank_rank: Annotated[int | None, Field(description="Rank by PageRank over the whole graph")]
    articlerank: float | None
    betweenness: float | None
    counterparties: int
    buyers: int
    suppliers: int
    paid_in_total: float
    paid_out_total: float
    share_of_income: Annotated[float | None, Field(
        description="Its income as a share of the income of all enterprises in the filter")]
    top_buyers: list[Counterparty]
    top_suppliers: list[Counterparty]


@dataclass(frozen=True)
class CoreResult:
    industry: str | None
    region: str | None
    order: Order
    candidates: Annotated[int, Field(description="Enterprises in the filter with payment ties")]
    scores_missing: Annotated[bool, Field(description="True when the hub score ordering was asked for but "
                                                      "never computed (run `liantu hubs compute`)")]
    rule: str
    enterprises: list[CoreEnterprise]


def _industry_params(industry: str | None) -> dict[str, str | None]:
    if industry is None:
        return {"section": None, "code_prefix": None, "digits": None}
    match = _INDUSTRY.match(industry.strip().upper())
    if not match or not industry.strip():
        raise InvalidInput(f"industry {industry!r} is not a GB/T 4754 section letter (A..T) or code prefix "
                           "(e.g. C36, 36)")
    section, digits = match.group("section"), match.group("digits")
    if section and digits:
        return {"section": None, "code_prefix": section + digits, "digits": None}
    return {"section": section, "code_prefix": None, "digits": digits or None}


def _counterparties(items: list[dict[str, Any]]) -> list[Counterparty]:
    # OPTIONAL MATCH without a partner yields one map of nulls.
    return [Counterparty(i["uscc"], i["name"], float(i["total"]), int(i["count"]))
            for i in items if i.get("uscc") is not None]


def core_enterprises(store: GraphStore, *, industry: str | None = None, region: str | None = None,
                     order: Order = "pagerank", limit: int = 20, evidence: int = 3) -> CoreResult:
    """The top `limit` enterprises of the filter that have payment ties, best first."""
    if order not in ORDERS:
        raise InvalidInput(f"order must be one of {', '.join(ORDERS)}")
    if region is not None and not _REGION.match(region):
        raise InvalidInput(f"region {region!r} is not a GB/T 2260 code prefix of 2 to 6 digits")
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit must be between 1 and 1000")
    params: dict[str, Any] = {**_industry_params(industry), "region": region, "order": order,
                              "limit": limit, "evidence": evidence}
    rows = store.read("core/find_core_enterprises", params)
    found = [
        CoreEnterprise(
            rank=i, uscc=r["uscc"], name=r["name"], industry_code=r["industry_code"],
            region_code=r["region_code"], score=float(r["score"]), pagerank=r["pagerank"],
            pagerank_rank=r["pagerank_rank"], articlerank=r["articlerank"], betweenness=r["betweenness"],
            counterparties=int(r["counterparties"]), buyers=int(r["buyers"]), suppliers=int(r["suppliers"]),
            paid_in_total=float(r["paid_in_total"]), paid_out_total=float(r["paid_out_total"]),
            share_of_income=r["share_of_income"], top_buyers=_counterparties(r["top_buyers"]),
            top_suppliers=_counterparties(r["top_suppliers"]))
        for i, r in enumerate(rows, start=1)
    ]
    # A hub order over enterprises that carry no score would silently rank by USCC: say so.
    missing = order in ("pagerank", "articlerank", "betweenness") and bool(found) and all(
        getattr(c, order) is None for c in found)
    return CoreResult(industry=industry, region=region, order=order,
                      candidates=int(rows[0]["candidates"]) if rows else 0, scores_missing=missing,
                      rule=RULE.format(order=order), enterprises=found)
