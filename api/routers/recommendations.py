"""Product recommendations of one enterprise customer, each with its reason, as `liantu recommend compute`
wrote them.

Roles (api/access.py): rm (its own book only: the book check keys on the customer number in the path),
risk, admin.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import CustomerNo, Graph
from graph.learning.recommendations import CustomerRecommendations, get_recommendations

router = APIRouter(prefix="/customers", tags=["recommendations"], dependencies=[allow("recommendations")])


@router.get("/{customer_no}/recommendations", response_model=CustomerRecommendations)
def recommendations_of(customer_no: CustomerNo, graph: Graph,
                       limit: Annotated[int, Query(ge=1, le=20)] = 5) -> CustomerRecommendations:
    """Products the customer does not hold yet, best first, with why ("partners A, B hold X", "customers like
    it hold X")."""
    return get_recommendations(graph, customer_no, limit).computed()
