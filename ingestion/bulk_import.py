"""Run the bulk path: prepare import files, import offline into the local server, restart, add schema."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.business_date import record_load
from graph.connection import local_server
from graph.schema import apply_schema
from graph.store import GraphStore, close_store
from ingestion.bulk import BulkPrepared, admin_import_args, prepare_import
from ingestion.loader import LoadReport, ProgressFn
from liantu.config import Settings
from liantu.errors import ConfigurationError, ServerError


def bulk_import(settings: Settings, directory: Path, work_dir: Path, *,
                progress: ProgressFn | None = None) -> tuple[LoadReport, BulkPrepared]:
    """Replace the local database with the dataset in `directory` (offline neo4j-admin import)."""
    if not settings.uses_local_server:
        raise ConfigurationError(
            "the bulk path runs neo4j-admin against the local server's files; for an external server "
            "use `liantu ingest` (transactional) or run neo4j-admin on that server's host"
        )
    phases = BulkPhases()
    with phases.timed("validate and write import files"):
        prepared = prepare_import(directory, work_dir, progress=progress)
    prepared.phases = phases.seconds
    server = local_server(settings)
    if not server.auth_file.exists():
        # First use: start once so the system database and the password exist.
        with phases.timed("first start of the server"):
            server.start(timeout_s=settings.neo4j_start_timeout_s)
    close_store()
    with phases.timed("stop the server"):
        server.stop()
    with phases.timed("neo4j-admin database import"):
        proc = server.admin(admin_import_args(prepared))
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-20:])
        server.start(timeout_s=settings.neo4j_start_timeout_s)
        raise ServerError(f"neo4j-admin database import failed:\n{tail}")
    with phases.timed("start the server"):
        server.start(timeout_s=settings.neo4j_start_timeout_s)
    store = GraphStore.from_settings(settings)
    try:
        with phases.timed("apply the schema (build indexes)"):
            apply_schema(store)
        with phases.timed("record the business date"):
            prepared.report.business_date = record_load(store, str(directory))
    finally:
        store.close()
    return prepared.report, prepared


@dataclass
class BulkPhases:
    """Wall seconds of each step of a bulk load, in order, so a slow step can be seen and named."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = time.perf_counter() - start
