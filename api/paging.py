"""Cursor pagination for long lists: `?limit=N` gives the first page, and when there is more the answer
carries `X-Next-Cursor` and a `Link: <...>; rel="next"` header; the next page is `?cursor=...` with the
same other parameters.

The cursor is opaque to clients (base64url of the position). The position is capped (MAX_OFFSET): a
ranked list is recomputed up to the page asked for, so a cursor cannot make a request unbounded.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response

from api.errors import InvalidParameters

T = TypeVar("T")
MAX_OFFSET = 10_000

Cursor = Annotated[str | None, Query(min_length=4, max_length=64, pattern=r"^[A-Za-z0-9_-]+={0,2}$",
                                     description="From the X-Next-Cursor header of the previous page")]

PAGE_HEADERS = {
    "X-Next-Cursor": {"description": "The cursor of the next page, when there is one", "schema": {"type": "string"}},
    "Link": {"description": "RFC 8288 link to the next page (rel=\"next\")", "schema": {"type": "string"}},
}


def offset_of(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        offset = int(value["o"])
    except (ValueError, TypeError, KeyError):
        raise InvalidParameters("invalid parameter query.cursor: not a cursor this API gave") from None
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidParameters(f"invalid parameter query.cursor: beyond the {MAX_OFFSET:,}th row")
    return offset


def cursor_for(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def page(found: Sequence[T], offset: int, limit: int, request: Request, response: Response) -> list[T]:
    """The page [offset, offset + limit) of `found` (computed up to offset + limit + 1 rows); sets the
    next-page headers when a row lies beyond it."""
    rows = list(found[offset:offset + limit])
    if len(found) > offset + limit and offset + limit <= MAX_OFFSET:
        nxt = cursor_for(offset + limit)
        url = request.url.include_query_params(cursor=nxt)
        response.headers["X-Next-Cursor"] = nxt
        response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return rows


def needed(offset: int, limit: int) -> int:
    """How many rows to compute: the page and one more, to know whether there is a next page."""
    return offset + limit + 1


__all__: list[Any] = ["PAGE_HEADERS", "Cursor", "needed", "offset_of", "page"]
