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
    """Neo4j cannot be reached or refused the work for a reason that should pass (restart, overload).

    `retry_after_s` is how long a caller should wait before trying again (the API's Retry-After).
    """

    code = "database_unavailable"

    def __init__(self, message: str, *, retry_after_s: int = 5) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class QueryTimeout(LiantuError):
    """A query ran past its time limit and the server stopped it."""

    code = "query_timeout"


class NotFound(LiantuError):
    code = "not_found"


class InvalidInput(LiantuError):
    code = "invalid_input"


class CypherNotFound(LiantuError):
    code = "cypher_not_found"
