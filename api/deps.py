"""Dependencies shared by the routers.

They are coroutines because none of them blocks: FastAPI runs a plain `def` dependency in the thread
pool, one hop per dependency per request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from api.errors import InvalidUSCCParameter
from graph.store import GraphStore
from liantu.ids import InvalidUSCC, validate_uscc


async def get_graph(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


Graph = Annotated[GraphStore, Depends(get_graph)]


async def valid_uscc(uscc: Annotated[str, Path(description="统一社会信用代码, 18 characters")]) -> str:
    try:
        return validate_uscc(uscc)
    except InvalidUSCC as exc:
        raise InvalidUSCCParameter(f"malformed USCC {uscc!r}: {exc}") from None


USCC = Annotated[str, Depends(valid_uscc)]

DateParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
