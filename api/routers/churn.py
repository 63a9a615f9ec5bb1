"""Churn warning of one customer: the score the last `liantu churn score` wrote, with its reasons.

Roles (api/access.py): rm (its own book only: the book check keys on the customer number in the path),
risk, admin.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.access import allow
from api.deps import CustomerNo, Graph
from graph.learning.churn_model import CustomerChurn, get_customer_churn

router = APIRouter(prefix="/customers", tags=["churn"], dependencies=[allow("churn")])


@router.get("/{customer_no}/churn", response_model=CustomerChurn)
def churn_of(customer_no: CustomerNo, graph: Graph) -> CustomerChurn:
    """The customer's churn score (probability of a month below half its 6-month mean within 3 months)."""
    return get_customer_churn(graph, customer_no)
