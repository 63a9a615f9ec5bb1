"""Suspected links (疑似关系) for risk officers: list them, per enterprise or overall, and record reviews.

Every link is labelled 疑似 and carries its score, kind and evidence; a review (confirm, reject, reopen)
is stored with who and when, and can be reversed. Computing them is a batch job (`liantu suspected-links
compute`), not a request.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.access import allow
from api.deps import USCC, Graph
from api.security import CurrentCaller
from graph.analytics.suspected_links import (
    SuspectedLink,
    enterprise_suspected_links,
    list_suspected_links,
    review_link,
)

router = APIRouter(tags=["suspected_links"], dependencies=[allow("suspected_links")])

Kind = Literal["undisclosed_controller", "nominee_holding", "shell_cluster", "off_book_guarantee", "related_supplier"]
Status = Literal["suspected", "confirmed", "rejected"]
LinkId = Annotated[str, Path(min_length=3, max_length=32, pattern=r"^SL[0-9A-F]+$", description="e.g. SL3F2A...")]


class ReviewIn(BaseModel):
    """A reviewer's decision (the request body; the answer is the link as now stored)."""

    by: str | None = Field(None, max_length=64, description="who decided; default: the API key's role and id")
    note: str | None = Field(None, max_length=500)


@router.get("/suspected-links", response_model=list[SuspectedLink])
def suspected_links(graph: Graph, caller: CurrentCaller, kind: Kind | None = None,
                    min_score: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0, status: Status | None = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[SuspectedLink]:
    """Suspected links, best score first, with kind, score, evidence and the features that drove the score."""
    del caller
    return list_suspected_links(graph, kind=kind, min_score=min_score, status=status, limit=limit)


@router.get("/enterprises/{uscc}/suspected-links", response_model=list[SuspectedLink])
def enterprise_links(uscc: USCC, graph: Graph, caller: CurrentCaller,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[SuspectedLink]:
    """The suspected links of one enterprise (either end), best score first."""
    del caller
    return enterprise_suspected_links(graph, uscc, limit=limit)


def _review(graph: Graph, caller: CurrentCaller, link_id: str, decision: Literal["confirm", "reject", "reopen"],
            body: ReviewIn | None) -> SuspectedLink:
    by = (body.by if body is not None and body.by else None) or f"{caller.role}:{caller.key_id}"
    return review_link(graph, link_id, decision, by=by, note=body.note if body is not None else None)


@router.post("/suspected-links/{link_id}/confirm", response_model=SuspectedLink)
def confirm(link_id: LinkId, graph: Graph, caller: CurrentCaller, body: ReviewIn | None = None) -> SuspectedLink:
    """Confirm a link: stored with who and when; still shown as 疑似 with `confirmed` true."""
    return _review(graph, caller, link_id, "confirm", body)


@router.post("/suspected-links/{link_id}/reject", response_model=SuspectedLink)
def reject(link_id: LinkId, graph: Graph, caller: CurrentCaller, body: ReviewIn | None = None) -> SuspectedLink:
    """Reject a link: stored with who and when; a later confirm or reopen reverses it."""
    return _review(graph, caller, link_id, "reject", body)


@router.post("/suspected-links/{link_id}/reopen", response_model=SuspectedLink)
def reopen(link_id: LinkId, graph: Graph, caller: CurrentCaller, body: ReviewIn | None = None) -> SuspectedLink:
    """Undo a decision: the link is suspected again (the log keeps every decision)."""
    return _review(graph, caller, link_id, "reopen", body)
