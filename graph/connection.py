"""Where the graph lives: an external server when LIANTU_NEO4J_URI is set, else the local one."""

from __future__ import annotations

from dataclasses import dataclass

from graph.server import LocalNeo4j
from liantu.config import Settings


@dataclass(frozen=True)
class ConnectionInfo:
    uri: str
    user: str
    password: str
    database: str
    local: bool


def local_server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        home=settings.neo4j_home,
        cache_dir=settings.cache_dir,
        version=settings.neo4j_version,
        bolt_port=settings.neo4j_bolt_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
    )


def resolve(settings: Settings) -> ConnectionInfo:
    if settings.neo4j_uri:
        assert settings.neo4j_password is not None  # the settings validator guarantees it
        return ConnectionInfo(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            local=False,
        )
    server = local_server(settings)
    creds = server.credentials()
    return ConnectionInfo(
        uri=server.bolt_uri, user=creds.user, password=creds.password, database="neo4j", local=True
    )
