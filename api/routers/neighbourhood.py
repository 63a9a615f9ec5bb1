"""The ties one step around an enterprise or a person, as nodes and ties, for a graph view and its table."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from api.access import allow
from api.deps import Graph
from api.security import CurrentCaller
from graph.neighbourhood import MAX_PER_KIND, Neighbourhood, TieKind, neighbourhood

router = APIRouter(prefix="/neighbourhood", tags=["neighbourhood"], dependencies=[allow("neighbourhood")])


@router.get("/{party_id}", response_model=Neighbourhood)
async def around(
    graph: Graph,
    caller: CurrentCaller,
    party_id: Annotated[str, Path(min_length=18, max_length=64, pattern=r"^[0-9A-Za-z]+$",
                                  description="A USCC or a person_id (64 hex)")],
    min_amount: Annotated[float, Query(ge=0, description="Leave out payment ties below this total, CNY")] = 0.0,
    per_kind: Annotated[int, Query(ge=1, le=MAX_PER_KIND, description="Largest ties kept per kind")] = 50,
    kinds: Annotated[list[TieKind] | None, Query(alias="kind", description="Tie kinds; all when omitted")] = None,
) -> Neighbourhood:
    """Suppliers, buyers, owners, investments, guarantors, guaranteed, officers and legal representative."""
    del caller
    return await run_in_threadpool(neighbourhood, graph, party_id, min_amount=min_amount, per_kind=per_kind,
                                   kinds=list(kinds) if kinds else None)
