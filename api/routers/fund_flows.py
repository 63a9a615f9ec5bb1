"""Circular fund flows (资金闭环) around a core enterprise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import USCC, Graph
from api.schemas_guarantees import FundLoopList, FundLoopOut, LoopTxnOut, RelatedPartyOut
from api.security import CurrentCaller
from graph.analytics.fund_flows import MAX_HOPS, fund_loops

router = APIRouter(prefix="/enterprises", tags=["fund flows"])

DateParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


@router.get("/{uscc}/fund-loops", response_model=FundLoopList)
def loops(uscc: USCC, graph: Graph, caller: CurrentCaller,
          window_days: Annotated[int, Query(ge=1, le=3660)] = 180, since: DateParam = None,
          until: DateParam = None, min_ratio: Annotated[float, Query(gt=0, le=1)] = 0.8,
          max_ratio: Annotated[float, Query(ge=1)] = 1.25,
          max_hops: Annotated[int, Query(ge=2, le=MAX_HOPS)] = MAX_HOPS,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> FundLoopList:
    """Money that left this enterprise and came back to it or a related party within the window."""
    del caller
    report = fund_loops(graph, uscc, window_days=window_days, since=since, until=until, min_ratio=min_ratio,
                        max_ratio=max_ratio, max_hops=max_hops)
    return FundLoopList(
        core=report.core, name=report.name, window_days=report.window_days, since=report.since,
        until=report.until, rule=report.rule, txns_read=report.txns_read, paths_found=report.paths_found,
        truncated=report.truncated, limits=report.limits,
        related_parties=[RelatedPartyOut(uscc=r.uscc, name=r.name, basis=r.basis) for r in report.related_parties],
        loops=[FundLoopOut(
            core=lp.core, returns_to=lp.returns_to, outflow_total=lp.outflow_total, inflow_total=lp.inflow_total,
            ratio=lp.ratio, first_date=lp.first_date.isoformat(), last_date=lp.last_date.isoformat(),
            span_days=lp.span_days,
            paths=[[LoopTxnOut(txn_id=t.txn_id, payer=t.payer, payee=t.payee, amount=t.amount,
                               date=t.day.isoformat()) for t in p] for p in lp.paths],
        ) for lp in report.loops[:limit]],
    )
