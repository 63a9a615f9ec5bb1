"""Lead features as of a date: nodes per second, read from Neo4j and computed, beside the bare node read.

    .venv/bin/python benchmarks/bench_learning_features.py [--as-of 2024-09-30] [--repeat 2]

Runs against the configured database (the local server under LIANTU_HOME, or LIANTU_NEO4J_URI), which
must already hold a world (e.g. `liantu synth --scale medium --seed 7 --out DIR` then
`liantu ingest DIR --bulk --yes`). Nothing is written. For each repeat it times, side by side:
1. the baseline: the bare driver streaming every enterprise's USCC and every person's id (the floor of
   any read that touches each node once);
2. the as-of read (graph/learning/asof.py: every cypher/learning read the features need);
3. features_as_of for enterprises and persons from that read (hub scores, communities, distances ...);
and prints nodes/s for 2 + 3 (the figure the target of 50k nodes/s is about) and for 2 alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time

import neo4j

from graph.connection import resolve
from graph.learning.asof import read_as_of
from graph.learning.features import features_as_of
from graph.store import GraphStore
from liantu.config import Settings


def bare_read(store: GraphStore) -> int:
    """Every enterprise and person id through the driver alone, no Python beyond counting."""
    n = 0
    with store.driver.session(database=store.info.database, fetch_size=10_000,
                              default_access_mode=neo4j.READ_ACCESS) as session:
        for text in ("MATCH (e:Enterprise) RETURN e.uscc", "MATCH (p:Person) RETURN p.person_id"):
            for _ in session.run(text):
                n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", default="2024-09-30", help="the features' date (default: D1 of the synth world)")
    parser.add_argument("--repeat", type=int, default=2, help="runs (the first also warms the server's caches)")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    settings = Settings()
    store = GraphStore(resolve(settings), query_timeout_s=600.0)
    try:
        store.verify()
        print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, as of {as_of}")
        print(f"{'run':>3} {'nodes':>9} {'bare read s':>11} {'bare nodes/s':>12} {'as-of read s':>12} "
              f"{'features s':>10} {'total s':>8} {'nodes/s':>9} {'read nodes/s':>12} {'E cols':>6} {'P cols':>6}")
        for run in range(1, args.repeat + 1):
            t0 = time.perf_counter()
            bare = bare_read(store)
            t1 = time.perf_counter()
            graph = read_as_of(store, as_of)
            t2 = time.perf_counter()
            fe = features_as_of(store, as_of, "E", graph=graph)
            fp = features_as_of(store, as_of, "P", graph=graph)
            t3 = time.perf_counter()
            nodes = len(fe.ids) + len(fp.ids)
            print(f"{run:>3} {nodes:>9,} {t1 - t0:>11.2f} {bare / (t1 - t0):>12,.0f} {t2 - t1:>12.2f} "
                  f"{t3 - t2:>10.2f} {t3 - t1:>8.2f} {nodes / (t3 - t1):>9,.0f} {nodes / (t2 - t1):>12,.0f} "
                  f"{len(fe.columns):>6} {len(fp.columns):>6}")
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
