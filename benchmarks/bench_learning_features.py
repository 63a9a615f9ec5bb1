"""Lead features as of a date: nodes per second, read from Neo4j and computed, beside the bare node read.

    .venv/bin/python benchmarks/bench_learning_features.py [--as-of 2024-09-30] [--repeat 2]

Runs against the configured database (the local server under LIANTU_HOME, or LIANTU_NEO4J_URI), which
must already hold a world (e.g. `liantu synth --scale medium --seed 7 --out DIR` then
`liantu ingest DIR --bulk --yes`). Nothing is written. For each repeat it times, side by side:
1. the baseline: the bare driver streaming every enterprise's USCC and every person's id (the floor of
   any read that touches each node once);
2. the as-of read (graph/learning/asof.py: every cypher/learning read the features need);
3. features_as_of for enterprises and persons from that read (hub scores, communities, distances ...);
and prints nodes/s for 2 + 3 (the figure the target of 50k nodes/s is about) and for 2 alone. Beside them:
4. the same Cypher reads run one after the other through a bare session, their records only counted
   (what the server and the driver cost before any Python of ours).

Same values before and after a change to the reads or features (e.g. on the tiny world):
    --save-frames before.pkl   (on the old code)   then   --compare-frames before.pkl   (on the new)
write and compare the enterprise and person frames at D1, D2 and a date inside a month (2024-11-15, the
path that adds the as-of month's own payments), column by column; it prints "identical" or each differing
column with its largest relative difference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import platform
import time
from pathlib import Path
from typing import Any

import neo4j
import numpy as np

import cypher
from graph.analytics.risk import NEGATIVE_ROLES
from graph.connection import resolve
from graph.learning.asof import BALANCE_MONTHS, add_months, last_complete_month, read_as_of
from graph.learning.features import FeatureFrame, features_as_of
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


def bare_learning_reads(store: GraphStore, as_of: dt.date, server_ms: dict[str, int] | None = None) -> int:
    """The as-of read's Cypher, one statement after the other, records only counted; `server_ms` gets each
    read's time on the server (until its result was consumed), as the server reports it."""
    day, last = as_of.isoformat(), last_complete_month(as_of)
    reads: list[tuple[str, dict[str, Any]]] = [
             ("learning/read_enterprise_columns_as_of", {"as_of": day}), ("learning/read_person_columns", {}),
             ("learning/read_customer_columns_as_of", {"as_of": day}),
             ("learning/read_balances_between", {"from_month": add_months(last, 1 - BALANCE_MONTHS), "to_month": last}),
             ("learning/read_shareholdings_as_of", {"as_of": day}), ("learning/read_officers_as_of", {"as_of": day}),
             ("guarantees/read_active_guarantees", {"as_of": day}),
             ("learning/read_negative_events_as_of", {"as_of": day, "roles": list(NEGATIVE_ROLES)}),
             ("learning/read_person_receipts_as_of", {"as_of": day}),
             ("learning/read_payment_edges_as_of", {"last_month": last})]
    n = 0
    with store.driver.session(database=store.info.database, fetch_size=10_000,
                              default_access_mode=neo4j.READ_ACCESS) as session:
        for name, params in reads:
            result = session.run(cypher.load(name), params)
            for _ in result:
                n += 1
            summary = result.consume()
            if server_ms is not None:
                server_ms[name] = (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
    return n


FRAME_DATES = (dt.date(2024, 9, 30), dt.date(2024, 12, 31), dt.date(2024, 11, 15))


def frames(store: GraphStore) -> dict[str, FeatureFrame]:
    out = {}
    for day in FRAME_DATES:
        graph = read_as_of(store, day)
        out[f"{day} E"] = features_as_of(store, day, "E", graph=graph)
        out[f"{day} P"] = features_as_of(store, day, "P", graph=graph)
    return out


def compare_frames(before: dict[str, FeatureFrame], after: dict[str, FeatureFrame]) -> bool:
    same = True
    for key, a in before.items():
        b = after[key]
        problems = []
        if a.ids != b.ids or a.columns != b.columns:
            problems.append("ids or columns differ")
        else:
            for j, name in enumerate(a.columns):
                x, y = a.X[:, j].astype(np.float64), b.X[:, j].astype(np.float64)
                if not np.array_equal(x, y, equal_nan=True):
                    scale = np.maximum(np.abs(x), 1e-300)
                    problems.append(f"{name} (max relative difference {np.nanmax(np.abs(x - y) / scale):.2e})")
        for name in ("customer_no", "rm_id", "groups"):
            if getattr(a, name) != getattr(b, name):
                problems.append(name)
        for name in ("is_customer", "is_effective"):
            if not np.array_equal(getattr(a, name), getattr(b, name)):
                problems.append(name)
        if a.raw.keys() != b.raw.keys() or any(
                not all(u == v or (u != u and v != v) for u, v in zip(a.raw[k], b.raw[k], strict=True)) for k in a.raw):
            problems.append("raw facts")
        print(f"{key}: {a.X.shape[0]} rows x {a.X.shape[1]} columns: "
              + ("identical" if not problems else "DIFFERENT: " + "; ".join(problems)))
        same = same and not problems
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", default="2024-09-30", help="the features' date (default: D1 of the synth world)")
    parser.add_argument("--repeat", type=int, default=2, help="runs (the first also warms the server's caches)")
    parser.add_argument("--save-frames", type=Path, help="write the frames at three dates here and stop")
    parser.add_argument("--compare-frames", type=Path, help="compare the frames with ones saved before and stop")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    settings = Settings()
    store = GraphStore(resolve(settings), query_timeout_s=600.0)
    try:
        store.verify()
        if args.save_frames:
            args.save_frames.write_bytes(pickle.dumps(frames(store)))
            print(f"frames at {', '.join(map(str, FRAME_DATES))} written to {args.save_frames}")
            return
        if args.compare_frames:
            same = compare_frames(pickle.loads(args.compare_frames.read_bytes()), frames(store))
            print("all frames identical" if same else "frames differ")
            raise SystemExit(0 if same else 1)
        print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, as of {as_of}")
        print(f"{'run':>3} {'nodes':>9} {'bare read s':>11} {'bare nodes/s':>12} {'as-of read s':>12} "
              f"{'features s':>10} {'total s':>8} {'nodes/s':>9} {'read nodes/s':>12} {'bare reads s':>12} "
              f"{'E cols':>6} {'P cols':>6}")
        for run in range(1, args.repeat + 1):
            t0 = time.perf_counter()
            bare = bare_read(store)
            t1 = time.perf_counter()
            graph = read_as_of(store, as_of)
            t2 = time.perf_counter()
            fe = features_as_of(store, as_of, "E", graph=graph)
            fp = features_as_of(store, as_of, "P", graph=graph)
            t3 = time.perf_counter()
            server_ms: dict[str, int] = {}
            bare_learning_reads(store, as_of, server_ms)
            t4 = time.perf_counter()
            nodes = len(fe.ids) + len(fp.ids)
            print(f"{run:>3} {nodes:>9,} {t1 - t0:>11.2f} {bare / (t1 - t0):>12,.0f} {t2 - t1:>12.2f} "
                  f"{t3 - t2:>10.2f} {t3 - t1:>8.2f} {nodes / (t3 - t1):>9,.0f} {nodes / (t2 - t1):>12,.0f} "
                  f"{t4 - t3:>12.2f} {len(fe.columns):>6} {len(fp.columns):>6}")
            total_ms = sum(server_ms.values())
            print(f"    server time of the bare reads: {total_ms / 1000:.2f} s, so at most "
                  f"{nodes / max(total_ms / 1000, 1e-9):,.0f} nodes/s with no Python at all; largest: "
                  + ", ".join(f"{k.split('/')[-1]} {v / 1000:.2f} s"
                              for k, v in sorted(server_ms.items(), key=lambda kv: -kv[1])[:4]))
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
