"""Court cases and penalties of an enterprise with provenance, the source documents with their extracted
spans, and the entity-linking review list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.access import allow
from api.deps import USCC, Graph
from api.paging import PAGE_HEADERS, Cursor, needed, offset_of, page
from graph.documents import (
    EnterpriseCases,
    EnterprisePenalties,
    UnresolvedList,
    count_unresolved,
    enterprise_cases,
    enterprise_penalties,
    unresolved_parties,
)
from graph.documents_text import DocumentText, document_text
from liantu.errors import NotFound

enterprise_events = APIRouter(prefix="/enterprises", tags=["documents"], dependencies=[allow("documents")])
review = APIRouter(prefix="/review", tags=["documents"], dependencies=[allow("documents")])
sources = APIRouter(prefix="/documents", tags=["documents"], dependencies=[allow("documents")])

Limit = Annotated[int, Query(ge=1, le=1000)]


@enterprise_events.get("/{uscc}/cases", response_model=EnterpriseCases)
def cases(uscc: USCC, graph: Graph, limit: Limit = 100) -> EnterpriseCases:
    """Court cases the enterprise is a party in (any role), each with the document and span that say so."""
    found = enterprise_cases(graph, uscc, limit=limit)
    if found is None:
        raise NotFound(f"no enterprise with USCC {uscc}")
    return found


@enterprise_events.get("/{uscc}/penalties", response_model=EnterprisePenalties)
def penalties(uscc: USCC, graph: Graph, limit: Limit = 100) -> EnterprisePenalties:
    """Administrative penalties imposed on the enterprise, each with the document and span that say so."""
    found = enterprise_penalties(graph, uscc, limit=limit)
    if found is None:
        raise NotFound(f"no enterprise with USCC {uscc}")
    return found


@review.get("/unresolved", response_model=UnresolvedList, responses={200: {"headers": PAGE_HEADERS}})
def unresolved(request: Request, response: Response, graph: Graph, limit: Limit = 50,
               kind: Literal["E", "P"] | None = None, cursor: Cursor = None) -> UnresolvedList:
    """Parties entity linking could not resolve, most mentioned first, with mentions and candidates (paged)."""
    offset = offset_of(cursor)
    found = unresolved_parties(graph, limit=needed(offset, limit), kind=kind)
    return UnresolvedList(count_unresolved(graph), page(found, offset, limit, request, response))


@sources.get("/{sha256}", response_model=DocumentText)
def document(sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the document's id (doc_sha256 "
                                                                            "in /cases and /penalties)")],
             graph: Graph) -> DocumentText:
    """A court document or penalty decision: its source text, the character spans of every entity, amount
    and other fact extracted from it, and the parties it links to its case or penalty."""
    found = document_text(graph, sha256)
    if found is None:
        raise NotFound(f"no document {sha256}")
    return found


router = APIRouter()
router.include_router(enterprise_events)
router.include_router(review)
router.include_router(sources)
