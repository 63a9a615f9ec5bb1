"""How fast the Neo4j server itself writes on this machine: the ceiling under any transactional loader.

    .venv/bin/python -m benchmarks.bench_server_writes [--enterprises 50000] [--rows 700000] [--batch 10000]

On a private local server (the same settings as bench_ingest: 2 GB heap, 2 GB page cache), with rows
prepared in memory beforehand so that no Python validation is timed, it measures rows/s of:
  1. CREATE of keyed nodes (one uniquely constrained property);
  2. CREATE of a relationship between two nodes found by their unique key, no properties, no index;
  3. the same as a TXN fact with its uniquely constrained txn_id, amount and date;
  4. the statement that looks each txn_id up in its index and CREATEs what is new in one statement
     (ingest/merge_transactions_to_enterprise: the loader's fallback since 4b);
  4b. the payment loader's way (GraphStore.write_new_rows): the batch's txn_ids looked up in a read, the
     new ones written with a plain CREATE (ingest/create_transactions_to_enterprise);
  4c. 4b by two writers at once, each with a batch of its own (the server has two cores; on 2026-12-01
     it gave 0.92x and 1.13x of 4b in two runs, so the loader keeps one writer);
  5. the statement it replaced (bench/merge_transactions_by_pattern: MERGE on the pattern);
  6. the batched loader end to end (`TableLoader.load_file` on a payments.csv of fresh rows: reading,
     validation, the writes, and the PAID aggregates and payment totals of the pairs it touched).
Each of 1-5 is timed over whole batches after one warm-up batch (the JIT compiles the plan). Issue 16's
target: 6 >= 70% of 2, on the same server in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.loader import TableLoader
from ingestion.tables import TABLES
from liantu.config import Settings
from liantu.ids import make_uscc


def _rate(label: str, rows: list[dict[str, Any]] | list[str], batch: int,
          write: Callable[[list[Any]], object]) -> float:
    write(rows[:batch])  # warm-up: plan compiled, JIT warm
    timed = rows[batch:]
    start = time.perf_counter()
    for i in range(0, len(timed), batch):
        write(timed[i:i + batch])
    rate = len(timed) / (time.perf_counter() - start)
    print(f"  {label:<72}{rate:>10,.0f} rows/s", flush=True)
    return rate


def _loader_rate(store: GraphStore, rows: list[dict[str, Any]], home: Path, batch: int) -> float:
    """6: the batched loader on a payments.csv of these rows, from reading the file to the refreshed PAID."""
    path = home / "payments.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("txn_id,payer_uscc,payee_kind,payee_id,amount,date,purpose,channel\n")
        for r in rows:
            fh.write(f"{r['txn_id']},{r['a']},E,{r['b']},{r['amount']:.2f},{r['date']},{r['purpose']},{r['channel']}\n")
    loader = TableLoader(store, batch_size=batch)
    start = time.perf_counter()
    report = loader.load_file(TABLES["payments"], path)
    elapsed = time.perf_counter() - start
    loader.close()
    rate = report.read / elapsed
    label = f"6. the batched loader end to end (payments.csv, {report.inserted:,} inserted)"
    print(f"  {label:<72}"
          f"{rate:>10,.0f} rows/s", flush=True)
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    print(f"     of which: {parts} (rows alone: {report.read / report.seconds['rows']:,.0f} rows/s)", flush=True)
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=700_000, help="relationship rows, shared by the measurements")
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    print(f"machine: {platform.node()} {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM; load average {os.getloadavg()[0]:.1f}; "
          f"date {dt.date.today().isoformat()}")

    rng = np.random.default_rng(7)
    usccs = [make_uscc("9", "1", "410100", f"B{i:08d}") for i in range(args.enterprises)]
    a = rng.integers(0, args.enterprises, args.rows)
    b = (a + 1 + rng.integers(0, args.enterprises - 1, args.rows)) % args.enterprises
    amounts = np.round(rng.lognormal(10, 1.5, args.rows), 2)
    days = rng.integers(0, 1000, args.rows)
    base = dt.date(2022, 1, 1)
    rows = [{"a": usccs[x], "b": usccs[y], "payer_uscc": usccs[x], "payee_id": usccs[y], "txn_id": f"B{i:010d}",
             "amount": float(m), "date": (base + dt.timedelta(days=int(d))).isoformat(), "_row": i,
             "purpose": "货款", "channel": "网银", "match_rule": "uscc"}
            for i, (x, y, m, d) in enumerate(zip(a, b, amounts, days, strict=True))]

    home = Path(tempfile.mkdtemp(prefix="liantu-bench-writes-"))
    settings = Settings(home=home, neo4j_bolt_port=free_port(), neo4j_heap="2g", neo4j_pagecache="2g",
                        batch_size=args.batch)
    server = local_server(settings)
    server.start()
    try:
        store = GraphStore.from_settings(settings)
        apply_schema(store)
        print(f"server writes, {args.batch:,}-row transactions, {args.enterprises:,} enterprises:")
        _rate("1. CREATE keyed nodes", usccs, args.batch,
              lambda batch: store.write("bench/create_bare_enterprises", {"usccs": batch}))
        part = len(rows) // 7  # seven measurements, each on rows of its own
        ceiling = _rate("2. CREATE relationship, endpoints by unique key, no properties", rows[:part], args.batch,
                        lambda batch: store.write("bench/link_bare_pairs", {"pairs": batch}))
        _rate("3. CREATE TXN with unique txn_id, amount, date", rows[part:2 * part], args.batch,
              lambda batch: store.write("bench/link_keyed_pairs", {"rows": batch}))
        stmt = _rate("4. one statement: txn_id looked up, CREATE what is new (the fallback)", rows[2 * part:3 * part],
                     args.batch, lambda batch: store.write_rows("ingest/merge_transactions_to_enterprise", batch,
                                                                batch_size=len(batch), extra={"load_id": "bench"}))

        def read_then_create(batch: list[dict[str, Any]]) -> None:
            store.write_new_rows("ingest/find_existing_transactions", "ingest/create_transactions_to_enterprise",
                                 "ingest/merge_transactions_to_enterprise", batch, key="txn_id",
                                 extra={"load_id": "bench"})

        split = _rate("4b. txn_ids looked up in a read, CREATE of the new in a write",
                      rows[3 * part:4 * part], args.batch, read_then_create)
        pool = ThreadPoolExecutor(max_workers=2)

        def two_writers(batch: list[dict[str, Any]]) -> None:
            half = len(batch) // 2
            for f in [pool.submit(read_then_create, batch[:half]), pool.submit(read_then_create, batch[half:])]:
                f.result()

        duo = _rate("4c. as 4b, two writers at once (each half of the batch)",
                    rows[4 * part:5 * part], 2 * args.batch, two_writers)
        pool.shutdown()
        _rate("5. the MERGE it replaced (bench/merge_transactions_by_pattern)", rows[5 * part:6 * part],
              args.batch, lambda batch: store.write_rows("bench/merge_transactions_by_pattern", batch,
                                                         batch_size=len(batch), extra={"load_id": "bench"}))
        loader = _loader_rate(store, rows[6 * part:], home, args.batch)
        store.close()
        print(f"loader end to end / server ceiling (6 / 2): {loader / ceiling:.0%}   (issue 16 target >= 70%); "
              f"statement alone (4 / 2): {stmt / ceiling:.0%}; read then create (4b / 2): {split / ceiling:.0%}; "
              f"two writers (4c / 2): {duo / ceiling:.0%}")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
