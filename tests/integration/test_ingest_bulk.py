"""The bulk path (neo4j-admin import, offline) gives the same graph as the transactional loader."""

from __future__ import annotations

from pathlib import Path

from graph.connection import local_server
from graph.fingerprint import fingerprint
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.bulk_import import bulk_import
from ingestion.loader import load_directory
from liantu.config import Settings
from tests.builders import write_chain_dataset


def test_bulk_import_equals_transactional_load(graph: GraphStore, tmp_path: Path,
                                               neo4j_settings: Settings) -> None:
    directory = write_chain_dataset(tmp_path / "data")
    load_directory(graph, directory)
    expected = fingerprint(graph)

    # A second local server of its own: the bulk path stops and restarts the server it imports into.
    settings = Settings(env="test", home=tmp_path / "bulk-home", cache_dir=neo4j_settings.cache_dir,
                        neo4j_bolt_port=free_port(), neo4j_heap="512m", neo4j_pagecache="128m")
    try:
        report, prepared = bulk_import(settings, directory, tmp_path / "import")
        assert all(f.reconciles for f in report.files)
        assert sum(f.inserted for f in report.files) == sum(f.read for f in report.files)
        assert prepared.writer.counts["Enterprise"] == 7
        store = GraphStore.from_settings(settings)
        try:
            assert fingerprint(store) == expected
        finally:
            store.close()
    finally:
        local_server(settings).stop()
