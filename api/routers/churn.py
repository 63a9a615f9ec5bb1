"""Churn warning of one customer: the score the last `liantu churn score` wrote, with its reasons.

Roles (api/access.py): rm (its own book only), risk, admin. The book check of api/access.py keys on an
enterprise's USCC in the path; this route is keyed by customer number, so it checks the customer's RM and
branch itself (another RM's customer answers 403, as an enterprise of another book does).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.access import allow
from api.deps import Graph
from api.errors import Forbidden
from api.security import CurrentCaller
from graph.learning.churn_model import CustomerChurn, get_customer_churn
from liantu.config import Role

router = APIRouter(prefix="/customers", tags=["churn"], dependencies=[allow("churn")])

CustomerNo = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$",
                                 description="the bank's customer number, e.g. C0000000001")]


@router.get("/{customer_no}/churn", response_model=CustomerChurn)
def churn_of(customer_no: CustomerNo, graph: Graph, caller: CurrentCaller) -> CustomerChurn:
    """The customer's churn score (probability of a month below half its 6-month mean within 3 months)."""
    found = get_customer_churn(graph, customer_no)
    if caller.role == Role.RM and not found.held_by(caller.rm_id, caller.branch):
        raise Forbidden(f"customer {customer_no} is not in this key's book; role risk or admin sees every customer")
    return found
