"""A benchmark's database: the configured server, or a private local Neo4j in a temporary home, with a
world loaded into it, stopped and removed however the benchmark ends."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.config import Settings


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


@contextmanager
def world_store(data: Path, *, external: bool, load: bool = True) -> Iterator[tuple[GraphStore, Path]]:
    """(store, scratch home). `external`: the configured server (LIANTU_NEO4J_URI or the local one under
    LIANTU_HOME) instead of a private one; `load`: empty it and load `data` first (timed)."""
    home = Path(tempfile.mkdtemp(prefix="liantu-eval-"))
    settings = Settings() if external else Settings(home=home, neo4j_bolt_port=free_port(), neo4j_heap="2g",
                                                    neo4j_pagecache="1g")
    server = None if external else local_server(settings)
    try:
        if server is not None:
            server.start(timeout_s=900)
        store = GraphStore.from_settings(settings)
        try:
            if load:
                store.run_in_transactions("admin/delete_all_data")
                apply_schema(store)
                start = time.perf_counter()
                load_directory(store, data)
                print(f"loaded into Neo4j in {time.perf_counter() - start:.1f}s; {load_average()}", flush=True)
            yield store, home
        finally:
            store.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(home, ignore_errors=True)
