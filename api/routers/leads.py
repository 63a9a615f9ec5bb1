"""Leads for a relationship manager or a branch (chain, new registrations, 临界户, uplift) and their status.

Roles (api/access.py): an rm asks for its own book only (another RM's or branch's leads answer 403; with
neither `rm` nor `branch` it gets its own), and what it records is recorded under its RM id.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from api.access import allow
from api.deps import DateParam, Graph
from api.security import CurrentCaller
from graph.analytics.lead_types import find_leads
from graph.analytics.leads import LeadList, LeadState, lead_history, record_status
from liantu.config import Role
from liantu.errors import InvalidInput

router = APIRouter(prefix="/leads", tags=["leads"], dependencies=[allow("leads")])


class StatusIn(BaseModel):
    """What the RM reports about a lead (the request body; the answer is graph.analytics.leads.LeadState)."""

    status: Literal["contacted", "converted", "not_interested"]
    by: str | None = Field(None, max_length=64, description="who acted, e.g. the RM id; default: the API key's role")
    note: str | None = Field(None, max_length=500)
    lead_type: str | None = Field(None, max_length=32)
    campaign_id: str | None = Field(None, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


class LeadStatusHistory(BaseModel):
    party_id: str
    history: list[LeadState]


Code = Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
PartyId = Annotated[str, Path(min_length=18, max_length=64, pattern=r"^[0-9A-Za-z]+$",
                              description="the lead's USCC (or a person's hashed id)")]


@router.get("", response_model=LeadList)
def leads(request: Request, graph: Graph, caller: CurrentCaller, rm: Code = None, branch: Code = None,
          lead_type: Annotated[Literal["chain", "new_registration", "threshold", "uplift"],
                               Query(alias="type", description="chain, new_registration, threshold (临界户) or uplift")
                               ] = "chain",
          limit: Annotated[int, Query(ge=1, le=1000)] = 50,
          depth: Annotated[int, Query(ge=1, le=2, description="chain: 1 direct partners; 2 also theirs")] = 1,
          include_flagged: Annotated[bool, Query(description="Keep partners with negative events, flagged")] = False,
          scorer: Annotated[Literal["auto", "model", "formula"],
                            Query(description="auto: the promoted model's scores when on the graph")] = "auto",
          since: DateParam = None, as_of: DateParam = None) -> LeadList:
    """Leads of one type, ranked, each routed to an RM with its score, what scored it, reasons and evidence."""
    if rm is None and branch is None and caller.role == Role.RM:
        rm, branch = caller.rm_id, caller.branch
    if rm is None and branch is None:
        raise InvalidInput("give rm or branch")
    found = find_leads(graph, lead_type, rm_id=rm, branch_code=branch, depth=depth, limit=limit,
                       include_flagged=include_flagged, since=since, as_of=as_of, scorer=scorer,
                       models_home=request.app.state.settings.home)
    return found


@router.post("/{party_id}/status", response_model=LeadState, status_code=201)
def set_status(party_id: PartyId, body: StatusIn, graph: Graph, caller: CurrentCaller) -> LeadState:
    """Record what happened to a lead: contacted, converted or not_interested, with who and when."""
    by = body.by or f"{caller.role}:{caller.key_id}"
    if caller.role == Role.RM:
        # An RM records for itself: the history must say who acted, not who the caller claims to be.
        by = caller.rm_id or f"branch {caller.branch}"
    state = record_status(graph, party_id, body.status, by=by,
                          note=body.note, lead_type=body.lead_type, campaign_id=body.campaign_id)
    return state


@router.get("/{party_id}/status", response_model=LeadStatusHistory)
def get_status(party_id: PartyId, graph: Graph) -> LeadStatusHistory:
    """Every status recorded for a lead, newest first."""
    return LeadStatusHistory(party_id=party_id,
                             history=list(lead_history(graph, party_id)))
