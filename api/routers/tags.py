"""Tag profiles (标签画像): an enterprise's tags, and the enterprises carrying a tag, as of a date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import allow
from api.deps import USCC, DateParam, Graph
from api.security import CurrentCaller
from graph.analytics.tags import EnterpriseTags, TaggedEnterprises, enterprise_tags, tagged_enterprises

router = APIRouter(tags=["tags"], dependencies=[allow("tags")])

Code = Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/enterprises/{uscc}/tags", response_model=EnterpriseTags)
def tags_of(uscc: USCC, graph: Graph, caller: CurrentCaller, as_of: DateParam = None) -> EnterpriseTags:
    """The enterprise's tags from the latest computation on or before `as_of` (default: the business date)."""
    del caller
    return enterprise_tags(graph, uscc, as_of)


@router.get("/tags/{tag}/enterprises", response_model=TaggedEnterprises)
def with_tag(tag: Annotated[str, Path(pattern=r"^[a-z_]+$", description="a tag of docs/tags.md")],
             graph: Graph, caller: CurrentCaller, as_of: DateParam = None, branch: Code = None, rm: Code = None,
             industry: Annotated[str | None, Query(pattern=r"^[A-T][0-9]{0,4}$",
                                                   description="GB/T 4754 section letter or code prefix")] = None,
             region: Annotated[str | None, Query(pattern=r"^[0-9]{2,6}$", description="GB/T 2260 prefix")] = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> TaggedEnterprises:
    """Enterprises carrying the tag, filtered by branch, RM, industry and region."""
    del caller
    return tagged_enterprises(graph, tag, as_of=as_of, branch=branch, rm=rm, industry=industry, region=region,
                              limit=limit)
