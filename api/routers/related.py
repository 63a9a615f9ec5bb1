"""Related parties of an enterprise (关联方), each with the rules that make it related and the evidence."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import allow
from api.deps import USCC, AsOf, Graph
from graph.analytics.related import RelatedParties, related_parties

router = APIRouter(prefix="/enterprises", tags=["related"], dependencies=[allow("related")])


@router.get("/{uscc}/related-parties", response_model=RelatedParties)
def related(uscc: USCC, graph: Graph, as_of: AsOf = None) -> RelatedParties:
    """Related parties (关联方) on `as_of`, each with the rules that make it related and the evidence."""
    return related_parties(graph, uscc, as_of)
