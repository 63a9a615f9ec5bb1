"""Prometheus metrics at /metrics (prometheus-client), one registry per app so that two apps in one
process (the tests) never share counters."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("liantu_http_requests", "HTTP requests by route, method and status",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("liantu_http_request_seconds", "Time to answer a request, by route",
                                 ["method", "route"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.errors = Counter("liantu_http_errors", "Error answers by error code", ["code"],
                              registry=self.registry)
        self.queries = Histogram("liantu_neo4j_query_seconds", "Neo4j read time by named query", ["query"],
                                 buckets=_LATENCY_BUCKETS, registry=self.registry)

    def observe_query(self, name: str, seconds: float) -> None:
        self.queries.labels(name).observe(seconds)
