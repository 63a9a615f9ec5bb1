"""Settings from the environment or `.env`, all prefixed `LIANTU_`.

Secrets are SecretStr so they never show in logs or reprs (API keys included: the development keys of
LIANTU_API_KEYS are held as SecretStr, and a malformed entry is reported by its position, never by its
text). Build them with get_settings(); tests pass their own Settings instead of mutating the cached one.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from liantu.errors import ConfigurationError

NEO4J_VERSION = "5.26.30"


class Role(StrEnum):
    RM = "rm"
    RISK = "risk"
    ADMIN = "admin"


RM_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class Grant(BaseModel):
    """What a key may do: its role and, for an RM, its book (its RM id; a branch manager's branch)."""

    model_config = ConfigDict(frozen=True)

    role: Role
    rm_id: str | None = Field(None, pattern=RM_ID.pattern)
    branch: str | None = Field(None, pattern=RM_ID.pattern)
    name: str | None = None


class DevKey(BaseModel):
    """A development key from LIANTU_API_KEYS, held as a secret; `key_id` is what logs may show."""

    model_config = ConfigDict(frozen=True)

    secret: SecretStr
    grant: Grant

    @property
    def key_id(self) -> str:
        # A digest prefix of a long random key says nothing about the key, and names it in the audit log.
        return "env-" + hashlib.sha256(self.secret.get_secret_value().encode()).hexdigest()[:8]


def _grant(value: Any, position: int) -> Grant:
    """`"rm"`, `"rm:RM0100001"` (an RM's book), `"rm@0101"` (a branch manager) or {"role": ..., ...}."""
    try:
        if isinstance(value, str):
            role, _, rest = value.partition(":") if ":" in value else value.partition("@")
            book = {"rm_id": rest} if ":" in value else {"branch": rest} if "@" in value else {}
            return Grant(role=Role(role.strip()), **{k: v.strip() for k, v in book.items()})
        if isinstance(value, dict):
            return Grant.model_validate(value)
    except ValueError:
        pass
    raise ConfigurationError(
        f"LIANTU_API_KEYS entry {position}: the grant must be rm, risk or admin, optionally rm:RM_ID or "
        "rm@BRANCH, or an object {role, rm_id, branch, name}"
    )


def _default_home() -> Path:
    return Path.home() / ".local" / "share" / "liantu"


def _default_cache() -> Path:
    return Path.home() / ".cache" / "liantu"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LIANTU_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "test", "production"] = "development"

    # An external server (Enterprise cluster, Aura) is used when its URI is set; otherwise the
    # project runs its own local Community server under `home`.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"

    home: Path = Field(default_factory=_default_home)
    cache_dir: Path = Field(default_factory=_default_cache)
    neo4j_version: str = NEO4J_VERSION
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "1g"
    neo4j_start_timeout_s: float = 180.0

    batch_size: int = Field(default=5000, ge=1, le=200_000)
    query_timeout_s: float = Field(default=60.0, gt=0)

    # Development keys: a JSON object mapping a key to its grant, e.g. {"k-rm-01": "rm:RM0100001"}.
    # Production keys are created with `liantu keys create` and stored hashed in `api_keys_file`.
    api_keys: tuple[DevKey, ...] = ()
    api_keys_file: Path | None = None
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # One JSON line per request; default <home>/audit/api.jsonl.
    audit_log: Path | None = None
    # Per key: a token bucket refilled at `api_rate_per_s`, holding at most `api_rate_burst` requests.
    api_rate_per_s: float = Field(default=20.0, gt=0)
    api_rate_burst: int = Field(default=60, ge=1)
    # A request answers 504 after this long; its queries are stopped by the server a little earlier.
    api_request_timeout_s: float = Field(default=30.0, gt=0)
    api_query_timeout_s: float = Field(default=25.0, gt=0)
    # How long the API's driver keeps retrying a transient failure before answering 503.
    api_retry_s: float = Field(default=2.0, ge=0)

    @field_validator("api_keys", mode="before")
    @classmethod
    def _dev_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return tuple(DevKey(secret=SecretStr(str(key)), grant=_grant(grant, i))
                         for i, (key, grant) in enumerate(value.items(), start=1))
        return value

    @model_validator(mode="after")
    def _external_server_needs_credentials(self) -> Settings:
        if self.neo4j_uri and self.neo4j_password is None:
            raise ConfigurationError(
                "LIANTU_NEO4J_URI is set but LIANTU_NEO4J_PASSWORD is not; an external server needs both"
            )
        if self.env == "production":
            weak = [k for k in self.api_keys if len(k.secret.get_secret_value()) < 24]
            if weak:
                raise ConfigurationError("API keys shorter than 24 characters are refused in production")
        return self

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None

    @property
    def neo4j_home(self) -> Path:
        return self.home / "neo4j"

    @property
    def keys_path(self) -> Path:
        return self.api_keys_file or self.home / "api_keys.json"

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.home / "audit" / "api.jsonl"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
