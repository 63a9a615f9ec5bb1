"""API keys: `X-API-Key` maps to a role (rm, risk, admin) through LIANTU_API_KEYS.

Keys are compared in constant time. In production they come from a secret store (see README), not
from a plain environment file.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import Unauthorized
from liantu.config import Role, Settings

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


@dataclass(frozen=True)
class Caller:
    role: Role
    key_id: str


# Coroutines, as in api/deps.py: nothing here blocks, so nothing needs a hop to the thread pool.
async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def authenticate(
    request: Request, key: Annotated[str | None, Security(api_key_header)]
) -> Caller:
    if not key:
        raise Unauthorized("missing API key: send it in the X-API-Key header")
    settings = await get_app_settings(request)
    for known, role in settings.api_keys.items():
        if secrets.compare_digest(known.encode(), key.encode()):
            return Caller(role=role, key_id=known[:4] + "…")
    raise Unauthorized("unknown API key")


CurrentCaller = Annotated[Caller, Depends(authenticate)]
