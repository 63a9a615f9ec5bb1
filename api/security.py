"""Who is calling: `X-API-Key` → an Identity (role, and an RM's book), and a rate limit per key.

Keys come from two places: the hashed key file written by `liantu keys create` (production), and
LIANTU_API_KEYS (development), compared in constant time. A key is never logged, echoed or stored in
clear; the audit log and error messages name a key by its id.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from api.context import current
from api.errors import RateLimited, Unauthorized
from liantu.config import Settings
from liantu.keys import KEY_FORMAT, Identity, KeyStore

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="An API key from `liantu keys create` (or LIANTU_API_KEYS in development)")


class RateLimiter:
    """A token bucket per key id: `rate` requests a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key_id: str) -> float:
        """0 when the request may go; else the seconds until a token is back."""
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key_id] = (tokens, now)
            return (1.0 - tokens) / self.rate


class Authenticator:
    """Held by the app (app.state.auth): the key file, the development keys and the rate limiter."""

    def __init__(self, settings: Settings) -> None:
        self.dev_keys = [(k.secret.get_secret_value().encode(), k) for k in settings.api_keys]
        self.store = KeyStore.from_settings(settings)
        self.limiter = RateLimiter(settings.api_rate_per_s, settings.api_rate_burst)

    def _dev_identity(self, key: str) -> Identity | None:
        given = key.encode()
        found = None
        for secret, dev in self.dev_keys:
            # Every entry is compared, so the time taken does not tell which one matched.
            if secrets.compare_digest(secret, given):
                found = Identity(dev.key_id, dev.grant.role, dev.grant.name, dev.grant.rm_id, dev.grant.branch)
        return found

    async def identify(self, key: str) -> Identity | None:
        found = self._dev_identity(key)
        if found is None and KEY_FORMAT.match(key):
            # A stored key's first check runs scrypt (~50 ms): off the event loop.
            found = await run_in_threadpool(self.store.identify, key)
        return found


def _bearer(request: Request) -> str | None:
    """`Authorization: Bearer KEY`, what scrapers and gateways send (Prometheus' `authorization` setting)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def authenticate(request: Request, key: Annotated[str | None, Security(api_key_header)]) -> Identity:
    key = key or _bearer(request)
    if not key:
        raise Unauthorized("missing API key: send it in the X-API-Key header")
    auth: Authenticator = request.app.state.auth
    identity = await auth.identify(key)
    if identity is None:
        raise Unauthorized("unknown or revoked API key")
    info = current()
    if info is not None:
        info.identity = identity
    wait = auth.limiter.take(identity.key_id)
    if wait > 0:
        raise RateLimited(f"too many requests for key {identity.key_id}; try again in {wait:.1f} s",
                          retry_after_s=max(1, math.ceil(wait)))
    return identity


CurrentCaller = Annotated[Identity, Depends(authenticate)]
