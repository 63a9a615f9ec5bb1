"""What the API knows about the request in hand, shared by the middleware, the checks and the renderer.

The middleware puts a fresh RequestInfo in a context variable; the access check fills in who calls and
what the route may reveal; the renderer reads it to mask, the middleware to write the audit line.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from liantu.keys import Identity


@dataclass
class RequestInfo:
    request_id: str
    started: float = field(default_factory=time.perf_counter)
    identity: Identity | None = None
    # The route's answers may name persons: masked for an rm, flagged in the audit log.
    persons: bool = False
    mask: bool = False
    rows: int | None = None


CURRENT: ContextVar[RequestInfo | None] = ContextVar("liantu_request", default=None)


def current() -> RequestInfo | None:
    return CURRENT.get()
