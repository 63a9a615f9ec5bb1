"""Ingestion throughput, side by side: per-row baseline vs batched loader vs bulk import.

    .venv/bin/python benchmarks/bench_ingest.py --scale medium [--seed 7] [--baseline-rows 2000]

Generates (or reuses) the synthetic world of the given scale, starts a private local Neo4j (unless
LIANTU_NEO4J_URI is set; the bulk path needs the local one), and measures:
  (a) baseline: the same loader with one transaction per row, on the first N rows of the node and
      relationship files (a full per-row load of medium would take hours; the rate is what matters);
  (b) batched: `load_directory` end to end into an empty database, rows/s per file, node files and
      relationship files separately, wall time and peak memory of this process;
  (c) bulk: `bulk_import` (validation + neo4j-admin import + restart + schema) on the same files.
Targets (issue 4): (b) >= 30x (a); relationships >= 50k rows/s through (b); (c) >= 5x (b).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import tempfile
import time
from itertools import islice
from pathlib import Path

import psutil

from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.bulk_import import bulk_import
from ingestion.loader import FileReport, TableLoader, find_table_file
from ingestion.tables import LOAD_ORDER, TABLES
from liantu.config import Settings
from synth import generate

NODE_TABLES = ("branches", "rms", "enterprises", "persons", "customers")
REL_TABLES = ("shareholdings", "officers", "guarantees", "payments", "products", "balances")


def _dataset(scale: str, seed: int, root: Path) -> Path:
    out = root / f"synth-{scale}-{seed}"
    if not (out / "ground_truth.json").exists():
        print(f"generating the {scale} world into {out} ...", flush=True)
        generate(scale, seed, out)
    return out


def _head(src: Path, dst: Path, rows: int) -> Path:
    """The first `rows` data rows of a CSV file (with its header)."""
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in islice(fin, rows + 1):
            fout.write(line)
    return dst


def baseline(store: GraphStore, data: Path, rows: int, work: Path) -> tuple[float, float]:
    """Rows/s with one transaction per row for enterprises (nodes) and payments (relationships)."""
    rates = []
    for table in ("enterprises", "payments"):
        sample = _head(data / f"{table}.csv", work / f"{table}.csv", rows)
        # Payments need their enterprises in place first (not timed).
        loader = TableLoader(store, batch_size=1)
        start = time.perf_counter()
        report = loader.load_file(TABLES[table], sample)
        loader.close()
        elapsed = time.perf_counter() - start
        rates.append(report.read / elapsed)
        if table == "enterprises":
            TableLoader(store).load_file(TABLES["enterprises"], data / "enterprises.csv")
            TableLoader(store).load_file(TABLES["persons"], data / "persons.csv")
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="medium", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-rows", type=int, default=2000)
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    args = parser.parse_args()

    print(f"machine: {platform.node()} {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM, {platform.python_version()}; "
          f"date {dt.date.today().isoformat()}")
    data = _dataset(args.scale, args.seed, args.data_root)
    home = Path(tempfile.mkdtemp(prefix="liantu-bench-"))
    settings = Settings(home=home, neo4j_bolt_port=free_port(), neo4j_heap="2g", neo4j_pagecache="2g",
                        batch_size=10_000)
    server = local_server(settings)
    server.start()
    try:
        store = GraphStore.from_settings(settings)
        apply_schema(store)

        work = home / "baseline"
        work.mkdir()
        node_a, rel_a = baseline(store, data, args.baseline_rows, work)
        store.run_in_transactions("admin/delete_all_data")
        apply_schema(store)

        start = time.perf_counter()
        reports, timings = _timed_load(store, data)
        wall_b = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        neo4j_pid = server.pid()
        neo4j_rss = psutil.Process(neo4j_pid).memory_info().rss / 2**20 if neo4j_pid else float("nan")
        store.close()

        print("\n(b) batched loader, per file:")
        for f in reports:
            print(f"  {f.file:<18} read {f.read:>10,}  inserted {f.inserted:>10,}  rejected {f.rejected:>6,}  "
                  f"merged {f.merged_duplicates:>5,}  {f.read / timings[f.table]:>9,.0f} rows/s  "
                  f"reconciles {f.reconciles}")
        node_rows = sum(f.read for f in reports if f.table in NODE_TABLES)
        rel_rows = sum(f.read for f in reports if f.table in REL_TABLES)
        node_b = node_rows / sum(timings[f.table] for f in reports if f.table in NODE_TABLES)
        rel_b = rel_rows / sum(timings[f.table] for f in reports if f.table in REL_TABLES)

        start = time.perf_counter()
        bulk_report, prepared = bulk_import(settings, data, home / "bulk-import")
        wall_c = time.perf_counter() - start
        rows_c = sum(f.read for f in bulk_report.files)
        rows_b = node_rows + rel_rows
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)

    print(f"\nIngestion of the {args.scale} world ({rows_b:,} rows: {node_rows:,} node rows, {rel_rows:,} "
          f"relationship rows)")
    print(f"{'path':<34}{'nodes rows/s':>16}{'rels rows/s':>16}{'all rows/s':>14}{'wall s':>10}")
    print(f"{'(a) per-row baseline':<34}{node_a:>16,.0f}{rel_a:>16,.0f}{'':>14}{'':>10}")
    print(f"{'(b) batched loader':<34}{node_b:>16,.0f}{rel_b:>16,.0f}{rows_b / wall_b:>14,.0f}{wall_b:>10.1f}")
    print(f"{'(c) bulk import (neo4j-admin)':<34}{'':>16}{'':>16}{rows_c / wall_c:>14,.0f}{wall_c:>10.1f}")
    print("(c) phases: " + "; ".join(f"{phase} {seconds:.1f} s" for phase, seconds in prepared.phases.items()))
    print(f"\n(b)/(a): nodes {node_b / node_a:.0f}x, relationships {rel_b / rel_a:.0f}x   (target >= 30x)")
    print(f"(b) relationships: {rel_b:,.0f} rows/s   (target >= 50,000)")
    print(f"(c)/(b) end to end: {(rows_c / wall_c) / (rows_b / wall_b):.1f}x   (target >= 5x)")
    print(f"peak memory of the loading process: {peak_mb:,.0f} MiB; Neo4j server RSS after load: {neo4j_rss:,.0f} MiB")


def _timed_load(store: GraphStore, data: Path) -> tuple[list[FileReport], dict[str, float]]:
    """The batched load of every table in order (as load_directory does), timing each file."""
    loader = TableLoader(store)
    reports, timings = [], {}
    try:
        for table in LOAD_ORDER:
            path = find_table_file(data, table)
            if path is not None:
                start = time.perf_counter()
                reports.append(loader.load_file(TABLES[table], path))
                timings[table] = time.perf_counter() - start
    finally:
        loader.close()
    return reports, timings


if __name__ == "__main__":
    main()
