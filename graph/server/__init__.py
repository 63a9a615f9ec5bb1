"""The local Neo4j Community server that the project fetches from Maven Central and runs itself."""

from graph.server.manager import LocalNeo4j, ServerStatus

__all__ = ["LocalNeo4j", "ServerStatus"]
