"""Settings from the environment or `.env`, all prefixed `LIANTU_`.

Secrets are SecretStr so they never show in logs or reprs. Build them with get_settings(); tests pass
their own Settings instead of mutating the cached one.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from liantu.errors import ConfigurationError

NEO4J_VERSION = "5.26.30"


class Role(StrEnum):
    RM = "rm"
    RISK = "risk"
    ADMIN = "admin"


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

    # JSON object mapping an API key to its role, e.g. {"k-rm-01": "rm"}.
    api_keys: dict[str, Role] = Field(default_factory=dict)
    api_host: str = "127.0.0.1"
    api_port: int = 8000

    @model_validator(mode="after")
    def _external_server_needs_credentials(self) -> Settings:
        if self.neo4j_uri and self.neo4j_password is None:
            raise ConfigurationError(
                "LIANTU_NEO4J_URI is set but LIANTU_NEO4J_PASSWORD is not; an external server needs both"
            )
        if self.env == "production":
            weak = [k for k in self.api_keys if len(k) < 24]
            if weak:
                raise ConfigurationError("API keys shorter than 24 characters are refused in production")
        return self

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None

    @property
    def neo4j_home(self) -> Path:
        return self.home / "neo4j"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
