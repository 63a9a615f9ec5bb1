"""The one door to Neo4j: a driver per process, queries by name from cypher/, batched writes.

Writes go through `execute_write` transaction functions so the driver retries transient errors; each
function only runs an idempotent MERGE/SET statement, so a retry cannot double anything. Reads go
through `execute_query`, which the driver retries the same way.

Driver errors are translated here, in one place, for reads, writes and streams alike (`_translated`):
the server gone or restarting, a connection lost, a transient error still failing after the retries
→ DatabaseUnavailable (with how long to wait); a query stopped at its timeout → QueryTimeout; a value
the server refused (a date out of range, a number too large) → InvalidInput. Anything else is a bug in
our Cypher and travels on as it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DatabaseError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

import cypher
from graph.connection import ConnectionInfo, resolve
from liantu.config import Settings
from liantu.errors import DatabaseUnavailable, InvalidInput, QueryTimeout

Row = dict[str, Any]
ProgressFn = Callable[[int], None]
# Called after each read with the query's name and its wall time in seconds (the API's metrics).
QueryObserver = Callable[[str, float], None]

# Server codes of a value the statement could not take, as opposed to a statement that is wrong.
_REFUSED_VALUES = ("Neo.ClientError.Statement.ArgumentError", "Neo.ClientError.Statement.TypeError",
                   "Neo.ClientError.Statement.ParameterMissing")


@contextmanager
def _translated(uri: str, what: str) -> Iterator[None]:
    """Driver errors → the project's errors, so every caller (API, CLI) meets the same three."""
    try:
        yield
    except ClientError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
            raise QueryTimeout(f"{what} ran past its time limit and was stopped") from exc
        if code.startswith(_REFUSED_VALUES):
            raise InvalidInput(f"{what}: the database refused a parameter ({exc.message})") from exc
        raise
    except OverflowError as exc:
        # The driver packs integers as 64-bit; a larger one is the caller's value, not the server's fault.
        raise InvalidInput(f"{what}: a number is too large for the database (64-bit integers)") from exc
    except TransientError as exc:
        raise DatabaseUnavailable(f"Neo4j at {uri} is busy ({exc.code}); try again", retry_after_s=2) from exc
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
        raise DatabaseUnavailable(f"Neo4j at {uri} is unavailable: {type(exc).__name__}") from exc
    except DatabaseError as exc:
        raise DatabaseUnavailable(f"Neo4j at {uri} failed: {exc.code}", retry_after_s=10) from exc
    except DriverError as exc:
        # Pool exhausted, connection acquisition timed out, an incomplete commit: the server or the
        # link to it, not the caller.
        raise DatabaseUnavailable(f"Neo4j at {uri} is unavailable: {type(exc).__name__}") from exc


@dataclass
class WriteStats:
    rows: int = 0
    batches: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    records: list[Row] = field(default_factory=list)

    def add(self, counters: neo4j.SummaryCounters) -> None:
        for name in (
            "nodes_created",
            "nodes_deleted",
            "relationships_created",
            "relationships_deleted",
            "properties_set",
        ):
            self.counters[name] = self.counters.get(name, 0) + int(getattr(counters, name))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _row(record: neo4j.Record) -> Row:
    """`record.data()`, without its walk through every value for nodes and paths when there are none.

    That walk costs ~25 us a row on the two-core host, a third of the API's own time on a 2-hop query.
    """
    values = record.values()
    if all(type(value) in _SCALARS for value in values):
        return dict(zip(record.keys(), values, strict=True))
    return record.data()


def chunked(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class GraphStore:
    """Runs named Cypher against one database. Thread-safe: the driver pools sessions."""

    def __init__(self, info: ConnectionInfo, *, query_timeout_s: float = 60.0, batch_size: int = 5000,
                 retry_time_s: float = 30.0, connect_timeout_s: float = 30.0) -> None:
        self.info = info
        self.query_timeout_s = query_timeout_s
        self.batch_size = batch_size
        self.observer: QueryObserver | None = None
        # Set by a read that found the server unreachable: until then, reads fail at once (503) instead
        # of each paying the driver's connect and retry time, so a route of many reads answers quickly
        # through an outage and the thread pool never fills with waiting requests.
        self.down_for_s = 1.0 if retry_time_s < 10 else 0.0
        self._down_until = 0.0
        self._driver = GraphDatabase.driver(
            info.uri, auth=(info.user, info.password), max_connection_pool_size=32,
            # Queries touch properties that analytics write later (e.g. pagerank before a run);
            # the server's notices about that are noise, not errors, so they are not requested.
            notifications_min_severity="OFF",
            # A batch job may wait out a restart; a request must answer 503 quickly instead.
            max_transaction_retry_time=retry_time_s,
            connection_timeout=connect_timeout_s,
            connection_acquisition_timeout=max(connect_timeout_s, 1.0) * 2,
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, serving: bool = False) -> GraphStore:
        """The store; `serving` gives the API's limits: shorter query timeouts, retries and connects."""
        if serving:
            return cls(resolve(settings), query_timeout_s=min(settings.query_timeout_s, settings.api_query_timeout_s),
                       batch_size=settings.batch_size, retry_time_s=settings.api_retry_s, connect_timeout_s=3.0)
        return cls(resolve(settings), query_timeout_s=settings.query_timeout_s, batch_size=settings.batch_size)

    @property
    def driver(self) -> neo4j.Driver:
        return self._driver

    def close(self) -> None:
        self._driver.close()

    def verify(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError, DriverError) as exc:
            raise DatabaseUnavailable(f"cannot reach Neo4j at {self.info.uri}: {exc}") from exc

    def _query(self, name: str, timeout_s: float | None = None) -> neo4j.Query:
        text = cypher.load(name)
        return neo4j.Query(text, timeout=timeout_s or self.query_timeout_s)

    def read(self, name: str, params: Mapping[str, Any] | None = None, *, timeout_s: float | None = None) -> list[Row]:
        """Run a read query (routed to a reader on a cluster); return its records as dicts."""
        query = self._query(name, timeout_s)
        started = time.perf_counter()
        if started < self._down_until:
            raise DatabaseUnavailable(f"Neo4j at {self.info.uri} was unreachable a moment ago", retry_after_s=2)
        try:
            with _translated(self.info.uri, name):
                records, _, _ = self._driver.execute_query(
                    query,
                    parameters_=dict(params or {}),
                    database_=self.info.database,
                    routing_=neo4j.RoutingControl.READ,
                )
        except DatabaseUnavailable:
            self._down_until = time.perf_counter() + self.down_for_s
            raise
        if self.observer is not None:
            self.observer(name, time.perf_counter() - started)
        return [_row(record) for record in records]

    def stream(
        self, name: str, params: Mapping[str, Any] | None = None, *, fetch_size: int = 10_000
    ) -> Iterator[list[Any]]:
        """Stream a large read (e.g. a projection) row by row as value lists, without materialising it."""
        query = self._query(name, timeout_s=max(self.query_timeout_s, 600.0))
        with _translated(self.info.uri, name), self._driver.session(
                database=self.info.database, fetch_size=fetch_size, default_access_mode=neo4j.READ_ACCESS) as session:
            result = session.run(query, dict(params or {}))
            for record in result:
                yield list(record.values())

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> WriteStats:
        """One idempotent write statement in one retried transaction."""
        query = cypher.load(name)
        stats = WriteStats(rows=1, batches=1)

        @neo4j.unit_of_work(timeout=self.query_timeout_s)
        def work(tx: ManagedTransaction) -> neo4j.SummaryCounters:
            return tx.run(query, dict(params or {})).consume().counters

        with _translated(self.info.uri, name), self._driver.session(database=self.info.database) as session:
            stats.add(session.execute_write(work))
        return stats

    def write_new_rows(self, find: str, create: str, checked: str, rows: list[Row], *, key: str,
                       extra: Mapping[str, Any] | None = None) -> WriteStats:
        """Write the rows whose `key` is not in the graph yet, for facts that never change (payments).

        `find` (a read, `$ids` -> `id`) returns the keys already there; the others go to `create`, a plain
        CREATE, and the found rows come back as outcome 'unchanged'. A statement that looks each key up
        itself before creating gets more Eager steps in its plan and wrote 10-17% fewer payments a second
        (benchmarks/bench_server_writes.py, 4 against 4b). If the CREATE meets a key written
        in between (another load, or a retried commit that had in fact gone through), its transaction is
        rolled back and the whole batch goes through `checked`, the statement that does look keys up."""
        present = {r["id"] for r in self.read(find, {"ids": [row[key] for row in rows]})}
        new = [row for row in rows if row[key] not in present]
        try:
            stats = self.write_rows(create, new, batch_size=max(1, len(new)), extra=extra)
        except ConstraintError:
            return self.write_rows(checked, rows, batch_size=max(1, len(rows)), extra=extra)
        stats.records.extend({"_row": row["_row"], "outcome": "unchanged"} for row in rows if row[key] in present)
        return stats

    def write_rows(
        self,
        name: str,
        rows: Iterable[Row],
        *,
        batch_size: int | None = None,
        extra: Mapping[str, Any] | None = None,
        progress: ProgressFn | None = None,
    ) -> WriteStats:
        """UNWIND `$rows` in batches, one retried transaction per batch; returned records are kept."""
        query = cypher.load(name)
        stats = WriteStats()
        params = dict(extra or {})

        @neo4j.unit_of_work(timeout=self.query_timeout_s)
        def work(tx: ManagedTransaction, batch: list[Row]) -> tuple[list[Row], neo4j.SummaryCounters]:
            # Records are collected inside the function: a retried attempt replaces, never appends.
            result = tx.run(query, {**params, "rows": batch})
            records = [record.data() for record in result]
            return records, result.consume().counters

        with _translated(self.info.uri, name), self._driver.session(database=self.info.database) as session:
            for batch in chunked(rows, batch_size or self.batch_size):
                records, counters = session.execute_write(work, batch)
                stats.add(counters)
                stats.records.extend(records)
                stats.rows += len(batch)
                stats.batches += 1
                if progress is not None:
                    progress(len(batch))
        return stats

    def run_in_transactions(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """For `CALL {} IN TRANSACTIONS` statements, which need an auto-commit transaction."""
        query = self._query(name, timeout_s=max(self.query_timeout_s, 600.0))
        with _translated(self.info.uri, name), self._driver.session(database=self.info.database) as session:
            session.run(query, dict(params or {})).consume()


_lock = threading.Lock()
_store: GraphStore | None = None


def get_store(settings: Settings) -> GraphStore:
    """The process-wide store (one driver per process)."""
    global _store
    with _lock:
        if _store is None:
            _store = GraphStore.from_settings(settings)
        return _store


def close_store() -> None:
    global _store
    with _lock:
        if _store is not None:
            _store.close()
            _store = None
