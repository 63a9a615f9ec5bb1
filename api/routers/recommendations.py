"""Product recommendations of one enterprise customer, each with its reason, as `liantu recommend compute`
wrote them.

Roles (api/access.py): rm (its own book only), risk, admin. Keyed by customer number, so the route checks
the customer's RM and branch itself (api/access.py's book check keys on an enterprise's USCC).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import allow
from api.deps import Graph
from api.errors import Forbidden
from api.security import CurrentCaller
from graph.learning.recommendations import CustomerRecommendations, get_recommendations
from liantu.config import Role

router = APIRouter(prefix="/customers", tags=["recommendations"], dependencies=[allow("recommendations")])

CustomerNo = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$",
                                 description="the bank's customer number, e.g. C0000000001")]


@router.get("/{customer_no}/recommendations", response_model=CustomerRecommendations)
def recommendations_of(customer_no: CustomerNo, graph: Graph, caller: CurrentCaller,
                       limit: Annotated[int, Query(ge=1, le=20)] = 5) -> CustomerRecommendations:
    """Products the customer does not hold yet, best first, with why ("partners A, B hold X", "customers like
    it hold X")."""
    found = get_recommendations(graph, customer_no, limit)
    if caller.role == Role.RM and not found.held_by(caller.rm_id, caller.branch):
        raise Forbidden(f"customer {customer_no} is not in this key's book; role risk or admin sees every customer")
    return found.computed()
