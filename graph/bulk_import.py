"""Run the bulk path: prepare import files, import offline into the local server, restart, add schema."""

from __future__ import annotations

from pathlib import Path

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
    prepared = prepare_import(directory, work_dir, progress=progress)
    server = local_server(settings)
    if not server.auth_file.exists():
        # First use: start once so the system database and the password exist.
        server.start(timeout_s=settings.neo4j_start_timeout_s)
    close_store()
    server.stop()
    proc = server.admin(admin_import_args(prepared))
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-20:])
        server.start(timeout_s=settings.neo4j_start_timeout_s)
        raise ServerError(f"neo4j-admin database import failed:\n{tail}")
    server.start(timeout_s=settings.neo4j_start_timeout_s)
    store = GraphStore.from_settings(settings)
    try:
        apply_schema(store)
        batch = settings.batch_size
        for start in range(0, len(prepared.enterprises), batch):
            store.write("ingest/refresh_payment_totals", {"usccs": prepared.enterprises[start:start + batch]})
    finally:
        store.close()
    return prepared.report, prepared
