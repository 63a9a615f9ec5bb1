"""The large world, measured once and kept: first load through the bulk path, then what runs on it.

    .venv/bin/python benchmarks/bench_scale.py bulk --data /work/large/synth --home /work/large/home
    .venv/bin/python benchmarks/bench_scale.py sample --data /work/large/synth --home /tmp/h --rows 300000
    .venv/bin/python benchmarks/bench_scale.py analytics --home /work/large/home
    .venv/bin/python benchmarks/bench_scale.py api --home /work/large/home --requests 200
    .venv/bin/python benchmarks/bench_scale.py alerts --home /work/large/home --since 2024-12-31

`bulk` replaces the database in HOME (a persistent local server home, reused by the other commands) with
the dataset through `bulk_import` and prints each phase, rows/s and the peak RSS of this process and of
its children (neo4j-admin). `sample` loads the first N rows of every file through the batched loader
into a private server: the batched rows/s the bulk path is compared with (extrapolated to the whole
world, and said so). `analytics` runs each whole-graph analytic against HOME, one child process each,
so the peak RSS printed is that analytic's own. `api` times the common routes in-process. `alerts` runs
the alert rules between two business dates (after `liantu nightly`: that night's alert step) with each
rule's seconds.
Every command prints the date and `uptime` with its figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import psutil

from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.bulk_import import bulk_import
from ingestion.loader import load_directory
from liantu.config import Settings

HEAP, PAGECACHE = "3g", "3g"


def header(what: str) -> None:
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"{what} on {platform.node()}: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB; "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; uptime: {load}", flush=True)


def settings_for(home: Path, port: int | None = None) -> Settings:
    port_file = home / "bench_port"
    if port is None:
        port = int(port_file.read_text()) if port_file.exists() else free_port()
    home.mkdir(parents=True, exist_ok=True)
    port_file.write_text(str(port))
    return Settings(home=home, neo4j_bolt_port=port, neo4j_heap=HEAP, neo4j_pagecache=PAGECACHE,
                    batch_size=10_000, query_timeout_s=3600, neo4j_start_timeout_s=900)


def peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cmd_bulk(args: argparse.Namespace) -> None:
    header("bulk first load")
    settings = settings_for(args.home)
    work = args.home / "bulk-import"
    started = time.perf_counter()
    try:
        report, prepared = bulk_import(settings, args.data, work)
    finally:
        wall = time.perf_counter() - started
    rows = sum(f.read for f in report.files)
    own, children = peak_mib()
    for f in report.files:
        print(f"  {f.file:<18} read {f.read:>11,}  inserted {f.inserted:>11,}  rejected {f.rejected:>6,}")
    print(f"bulk: {rows:,} rows in {wall:.1f} s = {rows / wall:,.0f} rows/s end to end")
    print("phases: " + "; ".join(f"{p} {s:.1f} s" for p, s in prepared.phases.items()))
    print(f"peak RSS: loading process {own:,.0f} MiB; neo4j-admin (largest child) {children:,.0f} MiB")
    shutil.rmtree(work, ignore_errors=True)
    header("bulk done")


def _head(src: Path, dst: Path, rows: int) -> None:
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in islice(fin, rows + 1):
            fout.write(line)


def cmd_sample(args: argparse.Namespace) -> None:
    """The batched loader on the first N rows of each file (references beyond them are rejected)."""
    header("batched loader on a sample")
    sample = args.home / "sample"
    sample.mkdir(parents=True, exist_ok=True)
    # Every node file whole (references must resolve), the relationship files cut to N rows.
    for path in sorted(args.data.glob("*.csv")):
        if path.stem in ("outcomes",):
            continue
        if path.stem in ("enterprises", "persons", "branches", "rms", "customers"):
            shutil.copy(path, sample / path.name)
        else:
            _head(path, sample / path.name, args.rows)
    settings = settings_for(args.home, free_port())
    server = local_server(settings)
    server.start(timeout_s=settings.neo4j_start_timeout_s)
    try:
        store = GraphStore.from_settings(settings)
        apply_schema(store)
        started = time.perf_counter()
        report = load_directory(store, sample)
        wall = time.perf_counter() - started
        store.close()
    finally:
        server.stop()
    rows = sum(f.read for f in report.files)
    for f in report.files:
        print(f"  {f.file:<18} read {f.read:>11,}  inserted {f.inserted:>11,}  rejected {f.rejected:>6,}")
    print(f"batched sample: {rows:,} rows in {wall:.1f} s = {rows / wall:,.0f} rows/s; "
          f"peak RSS {peak_mib()[0]:,.0f} MiB")
    header("sample done")


def _child(name: str, home: str, queue: Any) -> None:
    settings = settings_for(Path(home))
    store = GraphStore.from_settings(settings)
    started = time.perf_counter()
    detail = ANALYTICS[name](store)
    queue.put({"name": name, "seconds": time.perf_counter() - started, "detail": detail,
               "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    store.close()


def _hubs(store: GraphStore) -> str:
    from graph.analytics.hubs import compute_hubs

    return str(compute_hubs(store))


def _communities(store: GraphStore) -> str:
    from graph.analytics.communities import compute_communities

    return str(compute_communities(store))


def _circles(store: GraphStore) -> str:
    from graph.analytics.guarantees import guarantee_circles

    report = guarantee_circles(store)
    return str({k: v for k, v in vars(report).items() if not isinstance(v, list)})


def _control(store: GraphStore) -> str:
    """The actual controller of every enterprise, in batches of 5,000 (as a bank's nightly extract would)."""
    from graph.analytics.control import actual_controllers

    usccs = [row[0] for row in store.stream("enterprises/read_enterprise_names")]
    found = 0
    for start in range(0, len(usccs), 5_000):
        found += sum(1 for r in actual_controllers(store, usccs[start:start + 5_000]).values() if r.controller)
    return f"{len(usccs):,} enterprises, {found:,} with an actual controller"


def _risk(store: GraphStore) -> str:
    from graph.analytics.risk import compute_diffusion

    return str(compute_diffusion(store))


ANALYTICS: dict[str, Callable[[GraphStore], str]] = {
    "hubs": _hubs, "communities": _communities, "guarantee circles": _circles, "control": _control,
    "risk diffusion": _risk,
}


def ensure_running(home: Path) -> Settings:
    settings = settings_for(home)
    server = local_server(settings)
    if server.pid() is None:
        server.start(timeout_s=settings.neo4j_start_timeout_s)
    return settings


def cmd_analytics(args: argparse.Namespace) -> None:
    ensure_running(args.home)
    header("analytics on the large graph")
    ctx = mp.get_context("spawn")
    for name in args.only or list(ANALYTICS):
        queue = ctx.Queue()
        proc = ctx.Process(target=_child, args=(name, str(args.home), queue))
        proc.start()
        proc.join()
        if proc.exitcode != 0:
            print(f"  {name:<18} FAILED (exit {proc.exitcode})", flush=True)
            continue
        r = queue.get()
        server_rss = psutil.Process(local_server(settings_for(args.home)).pid() or 1).memory_info().rss / 2**20
        print(f"  {name:<18} {r['seconds']:>8.1f} s  peak RSS {r['peak_mib']:>7,.0f} MiB  "
              f"(server RSS {server_rss:,.0f} MiB)  {r['detail'][:120]}", flush=True)
    header("analytics done")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cmd_api(args: argparse.Namespace) -> None:
    """p50/p99 of the common routes, in-process (TestClient), against the graph in HOME."""
    import numpy as np
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = ensure_running(args.home)
    key = "bench-key-0123456789abcdefghij"
    # Validated anew (model_copy would skip it and leave the keys a plain dict); the rate limit lifted,
    # as one client asking as fast as answers come is the point here.
    settings = Settings.model_validate({**{k: getattr(settings, k) for k in ("home", "neo4j_bolt_port", "neo4j_heap",
                                                                          "neo4j_pagecache", "query_timeout_s")},
                                        "api_keys": {key: "risk"}, "env": "test", "api_rate_per_s": 1e6,
                                        "api_rate_burst": 10**6})
    store = GraphStore.from_settings(settings, serving=True)
    usccs = [row[0] for row in islice(store.stream("enterprises/read_enterprise_names"), 300_000)]
    picks = [usccs[i] for i in np.random.default_rng(5).integers(0, len(usccs), args.requests)]
    header("API on the large graph")
    routes = {"profile": "/enterprises/{u}", "upstream depth 2": "/enterprises/{u}/upstream?depth=2",
              "upstream depth 2, no loop flag": "/enterprises/{u}/upstream?depth=2&flag_loops=false",
              "downstream": "/enterprises/{u}/downstream", "actual controller": "/enterprises/{u}/actual-controller",
              "guarantee circles of one": "/enterprises/{u}/guarantee-circles", "tags": "/enterprises/{u}/tags",
              "risk view": "/enterprises/{u}/risk",
              "hubs top 10": "/hubs?limit=10"}
    with TestClient(create_app(settings, store=store)) as client:
        client.headers["X-API-Key"] = key
        for name, route in routes.items():
            ms: list[float] = []
            codes: dict[int, int] = {}
            for u in picks:
                started = time.perf_counter()
                r = client.get(route.format(u=u))
                ms.append((time.perf_counter() - started) * 1000)
                codes[r.status_code] = codes.get(r.status_code, 0) + 1
            print(f"  {name:<32} p50 {percentile(ms, 0.5):>8.1f} ms  p99 {percentile(ms, 0.99):>8.1f} ms  "
                  f"statuses {codes}", flush=True)
    store.close()
    header("API done")


def cmd_alerts(args: argparse.Namespace) -> None:
    """Every alert rule between two business dates, with each rule's seconds, on the graph in HOME (after
    `liantu nightly` loaded the later date: the night's alert step alone, again)."""
    from graph.analytics.alerts import run_alerts

    settings = ensure_running(args.home)
    store = GraphStore.from_settings(settings)
    header("alert rules on the large graph")
    started = time.perf_counter()
    run = run_alerts(store, args.since, args.until)
    wall = time.perf_counter() - started
    for rule, sec in run.seconds.items():
        print(f"  {rule:<28} {sec:>8.1f} s", flush=True)
    print(f"alerts {run.since} -> {run.until}: {run.customers:,} customers, found {run.found}, {run.raised:,} new; "
          f"{wall:.1f} s; peak RSS {peak_mib()[0]:,.0f} MiB")
    store.close()
    header("alerts done")


def cmd_paid(args: argparse.Namespace) -> None:
    """The bulk path's PAID aggregation alone over a payments.csv: its memory and time, no validation."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ingestion.bulk import PaidFacts
    from ingestion.tables import NON_TRADE_PURPOSES

    header("bulk PAID aggregation")
    cols = ["payer_uscc", "payee_kind", "payee_id", "amount", "date", "purpose"]
    reader = pacsv.open_csv(args.data / "payments.csv", read_options=pacsv.ReadOptions(block_size=1 << 22),
                            convert_options=pacsv.ConvertOptions(include_columns=cols,
                                                                 column_types={"amount": pa.float64(),
                                                                               "date": pa.string()}))
    facts = PaidFacts()
    started = time.perf_counter()
    read = 0
    for batch in reader:
        # As the bulk path hands them over: Python lists of the trade payments between enterprises.
        c = batch.to_pydict()
        read += batch.num_rows
        keep = [i for i, (k, p) in enumerate(zip(c["payee_kind"], c["purpose"], strict=True))
                if k == "E" and p not in NON_TRADE_PURPOSES]
        facts.extend([c["payer_uscc"][i] for i in keep], [c["payee_id"][i] for i in keep],
                      [c["amount"][i] for i in keep], [c["date"][i] for i in keep])
    collected = time.perf_counter() - started
    rss_collected = psutil.Process().memory_info().rss / 2**20
    trade = facts.rows
    started = time.perf_counter()
    pairs = sum(1 for _ in facts.aggregates())
    aggregated = time.perf_counter() - started
    print(f"{read:,} payments read, {trade:,} trade payments between enterprises held in {collected:.1f} s "
          f"(RSS then {rss_collected:,.0f} MiB); {pairs:,} PAID pairs aggregated in {aggregated:.1f} s; "
          f"peak RSS {peak_mib()[0]:,.0f} MiB")
    header("PAID done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("bulk")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--home", type=Path, required=True)
    p = sub.add_parser("sample")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--home", type=Path, default=Path(tempfile.mkdtemp(prefix="liantu-sample-")))
    p.add_argument("--rows", type=int, default=300_000)
    p = sub.add_parser("analytics")
    p.add_argument("--home", type=Path, required=True)
    p.add_argument("--only", nargs="*", choices=list(ANALYTICS))
    p = sub.add_parser("api")
    p.add_argument("--home", type=Path, required=True)
    p.add_argument("--requests", type=int, default=200)
    p = sub.add_parser("alerts")
    p.add_argument("--home", type=Path, required=True)
    p.add_argument("--since", required=True)
    p.add_argument("--until", default=None)
    p = sub.add_parser("paid")
    p.add_argument("--data", type=Path, required=True)
    p = sub.add_parser("stop")
    p.add_argument("--home", type=Path, required=True)
    args = parser.parse_args()
    if args.cmd == "bulk":
        cmd_bulk(args)
    elif args.cmd == "sample":
        cmd_sample(args)
    elif args.cmd == "analytics":
        cmd_analytics(args)
    elif args.cmd == "api":
        cmd_api(args)
    elif args.cmd == "alerts":
        cmd_alerts(args)
    elif args.cmd == "paid":
        cmd_paid(args)
    else:
        local_server(settings_for(args.home)).stop()


if __name__ == "__main__":
    main()
