"""One exception hierarchy for the whole product.

The API maps these to HTTP responses in one place (api/errors.py); the CLI prints their message.
"""

from __future__ import annotations


class LiantuError(Exception):
    """Base of every error Liantu raises on purpose."""

    code = "liantu_error"


class ConfigurationError(LiantuError):
    code = "configuration_error"


class ServerError(LiantuError):
    """The local Neo4j server could not be obtained, started, reached or stopped."""

    code = "neo4j_server_error"


class DatabaseUnavailable(LiantuError):
    code = "database_unavailable"


class NotFound(LiantuError):
    code = "not_found"


class InvalidInput(LiantuError):
    code = "invalid_input"


class CypherNotFound(LiantuError):
    code = "cypher_not_found"
