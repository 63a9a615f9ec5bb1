"""Around every request: a request id, a time limit, the audit line and the metrics.

A plain ASGI middleware (not BaseHTTPMiddleware, which costs a task and a copy per request). It opens
the RequestInfo the checks and the renderer fill in, and writes the audit line once the answer is sent.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.context import CURRENT, RequestInfo
from api.errors import error_body
from api.metrics import Metrics
from liantu.audit import AuditLog, redact

_REQUEST_ID_OK = frozenset("0123456789abcdefABCDEF-")


class RequestGuard:
    def __init__(self, app: ASGIApp, *, audit: AuditLog, metrics: Metrics, timeout_s: float) -> None:
        self.app = app
        self.audit = audit
        self.metrics = metrics
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        # A caller's own id is kept when it is a plain token, so logs of both sides can be joined.
        request_id = given if 8 <= len(given) <= 64 and set(given) <= _REQUEST_ID_OK else uuid.uuid4().hex
        info = RequestInfo(request_id=request_id)
        token = CURRENT.set(info)
        state: dict[str, Any] = {"status": None, "code": None}

        async def send_tracked(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body" and (state["status"] or 200) >= 400:
                state["code"] = _error_code(message.get("body", b""))
            await send(message)

        try:
            async with asyncio.timeout(self.timeout_s):
                await self.app(scope, receive, send_tracked)
        except TimeoutError:
            if state["status"] is None:
                state["code"] = "request_timeout"
                await _send_json(send_tracked, 504, error_body(
                    "request_timeout", f"the request took longer than {self.timeout_s:g} s and was stopped"))
        except Exception:
            state["status"], state["code"] = state["status"] or 500, state["code"] or "internal_error"
            raise
        finally:
            CURRENT.reset(token)
            self._record(scope, info, state)

    def _record(self, scope: Scope, info: RequestInfo, state: dict[str, Any]) -> None:
        latency = time.perf_counter() - info.started
        route = scope.get("route")
        template = str(getattr(route, "path", "(unmatched)"))
        status = int(state["status"] or 500)
        method = scope["method"]
        self.metrics.requests.labels(method, template, str(status)).inc()
        self.metrics.latency.labels(method, template).observe(latency)
        if state["code"]:
            self.metrics.errors.labels(state["code"]).inc()
        who = info.identity
        params: dict[str, Any] = {str(k): v for k, v in (scope.get("path_params") or {}).items()}
        for raw in (scope.get("query_string") or b"").decode("latin-1").split("&"):
            if raw:
                name, _, value = raw.partition("=")
                params.setdefault(_unquote(name), _unquote(value))
        self.audit.write({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "request_id": info.request_id,
            "key_id": who.key_id if who else None,
            "role": str(who.role) if who else None,
            "rm_id": who.rm_id if who else None,
            "branch": who.branch if who else None,
            "method": method,
            "route": template,
            "path": scope.get("path"),
            "params": redact(params),
            "status": status,
            "code": state["code"],
            "rows": info.rows if status < 400 else 0,
            "latency_ms": round(latency * 1000, 2),
            "person_data": info.persons and status < 400,
        })


def _unquote(text: str) -> str:
    return unquote_plus(text)[:200]


def _error_code(body: bytes) -> str | None:
    try:
        code = json.loads(body).get("code")
    except (ValueError, AttributeError):
        return None
    return str(code) if code else None


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
