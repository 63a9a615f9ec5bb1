"""Alerts: customer tier drops and change alerts, listed by RM and status, acknowledged and closed."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.access import allow
from api.deps import Graph
from api.security import CurrentCaller
from graph.analytics.alerts import Alert, AlertList, list_alerts, set_alert_status
from liantu.config import Role

router = APIRouter(prefix="/alerts", tags=["alerts"], dependencies=[allow("alerts")])

Code = Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f]{20}$", description="the alert's id")]


class StatusIn(BaseModel):
    """Who acts on the alert (the request body; default: the API key's role and key id)."""

    by: str | None = Field(None, max_length=64)


@router.get("", response_model=AlertList)
def alerts(graph: Graph, caller: CurrentCaller, rm: Code = None,
           status: Literal["open", "acknowledged", "closed"] | None = None,
           recipient: Literal["rm", "risk"] | None = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> AlertList:
    """Alerts, newest first, filtered by RM, status and recipient (an RM's key: its own alerts only)."""
    if caller.role is Role.RM and caller.rm_id is not None:
        rm = caller.rm_id  # the access check has already refused another RM's id
    return list_alerts(graph, rm=rm, status=status, recipient=recipient, limit=limit)


@router.post("/{alert_id}/ack", response_model=Alert)
def ack(alert_id: AlertId, graph: Graph, caller: CurrentCaller, body: StatusIn | None = None) -> Alert:
    """Acknowledge an open alert, recording who and when."""
    return set_alert_status(graph, alert_id, "acknowledged", (body and body.by) or f"{caller.role}:{caller.key_id}")


@router.post("/{alert_id}/close", response_model=Alert)
def close(alert_id: AlertId, graph: Graph, caller: CurrentCaller, body: StatusIn | None = None) -> Alert:
    """Close an alert, recording who and when."""
    return set_alert_status(graph, alert_id, "closed", (body and body.by) or f"{caller.role}:{caller.key_id}")
