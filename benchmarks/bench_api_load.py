"""Load on the live API over loopback, with Neo4j stopped and restarted in the middle.

    .venv/bin/python benchmarks/bench_api_load.py --clients 8 --seconds 60

Starts its own Neo4j (a temporary home, a free port), loads the tiny synthetic world (seed 7), computes
the hubs, and serves the API with uvicorn in a child process (`liantu serve`'s factory). N async
clients (httpx) then send a mix of routes for the given time. A third of the way in, Neo4j is stopped
(SIGTERM, as `liantu neo4j stop`); once it is down, it is started again. Each request is counted in the
phase it started in: before, outage (from the stop to the moment Neo4j answers Bolt again), after.
Printed per phase: requests, p50/p99 latency, statuses; and how long after Neo4j's return the API
answered 200 again. The targets: only 503 during the outage (never a 500, never a hung request),
answers again within 15 s of Neo4j's return.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from graph.analytics.hubs import compute_hubs
from graph.connection import local_server
from graph.schema import apply_schema
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.config import Settings
from synth import generate

KEY = "bench-load-key-0123456789abcdefgh"
CLIENT_TIMEOUT_S = 40.0  # above the API's own request limit (30 s): a timeout here is a hung request


@dataclass
class Sample:
    started: float
    seconds: float
    status: int  # 0: no answer (connection error or client timeout)


@dataclass
class Clock:
    stop_at: float = float("inf")
    back_at: float = float("inf")
    samples: list[Sample] = field(default_factory=list)


def routes(usccs: list[str]) -> list[str]:
    u = random.choice(usccs)
    return [f"/enterprises/{u}", f"/enterprises/{u}/upstream?depth=2", f"/enterprises/{u}/downstream",
            "/hubs?limit=10", f"/enterprises/{u}/penetration", f"/enterprises/{u}/guarantee-circles",
            f"/enterprises/{u}/actual-controller"]


async def client_loop(base: str, usccs: list[str], until: float, clock: Clock) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": KEY}, timeout=CLIENT_TIMEOUT_S) as client:
        # Until the given time, and at least 15 s past Neo4j's return (the recovery is what is measured).
        while (now := time.monotonic()) < max(until, clock.back_at + 15.0):
            path = random.choice(routes(usccs))
            try:
                r = await client.get(path)
                status = r.status_code
                if status == 503:
                    await asyncio.sleep(0.2)  # a polite client backs off a little
            except httpx.HTTPError:
                status = 0
            clock.samples.append(Sample(now, time.monotonic() - now, status))


def outage(server: object, clock: Clock, at: float) -> None:
    """In a thread: wait, stop Neo4j, start it again; note when it was stopped and when it answered."""
    time.sleep(max(0.0, at - time.monotonic()))
    clock.stop_at = time.monotonic()
    server.stop()  # type: ignore[attr-defined]
    down_for = time.monotonic() - clock.stop_at
    print(f"Neo4j stopped after {down_for:.1f} s; starting it again", flush=True)
    server.start(timeout_s=180)  # type: ignore[attr-defined]  # returns once Bolt answers a query
    clock.back_at = time.monotonic()
    print(f"Neo4j answering again {clock.back_at - clock.stop_at:.1f} s after the stop", flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def report(clock: Clock, t0: float) -> None:
    phases: dict[str, Callable[[Sample], bool]] = {"before": lambda s: s.started < clock.stop_at,
              "outage": lambda s: clock.stop_at <= s.started < clock.back_at,
              "after": lambda s: s.started >= clock.back_at}
    print(f"\n{'phase':8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for name, inside in phases.items():
        chosen = [s for s in clock.samples if inside(s)]
        ms = [s.seconds * 1000 for s in chosen]
        statuses = dict(sorted(Counter(s.status for s in chosen).items()))
        print(f"{name:8} {len(chosen):8d} {pct(ms, 0.5):8.1f} {pct(ms, 0.99):8.1f} {max(ms, default=0):8.1f}  "
              f"{statuses}")
    first_ok = min((s.started + s.seconds for s in clock.samples if s.started >= clock.back_at and s.status == 200),
                   default=None)
    if first_ok is not None:
        print(f"first 200 after Neo4j's return: {first_ok - clock.back_at:.2f} s (target within 15 s)")
    outage_bad = [s for s in clock.samples if clock.stop_at <= s.started < clock.back_at and s.status not in (200, 503)]
    print(f"outage answers other than 503 (or 200 while stopping): {len(outage_bad)}; 5xx other than 503 overall: "
          f"{sum(1 for s in clock.samples if s.status >= 500 and s.status != 503)}; no answer (hung or refused): "
          f"{sum(1 for s in clock.samples if s.status == 0)}; run {time.monotonic() - t0:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="liantu-load-"))
    settings = Settings(env="test", home=home, neo4j_bolt_port=free_port(), neo4j_heap="1g", neo4j_pagecache="512m")
    server = local_server(settings)
    server.start(timeout_s=settings.neo4j_start_timeout_s)
    api = None
    try:
        store = GraphStore.from_settings(settings)
        apply_schema(store)
        generate("tiny", 7, home / "world")
        load_directory(store, home / "world")
        compute_hubs(store, ("pagerank",))
        with (home / "world" / "enterprises.csv").open(encoding="utf-8") as rows:
            usccs = [row["uscc"] for row in csv.DictReader(rows)][:80]
        store.close()
        port = free_port()
        env = {**os.environ, "LIANTU_HOME": str(home), "LIANTU_NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port),
               "LIANTU_API_KEYS": f'{{"{KEY}": "risk"}}', "LIANTU_API_RATE_PER_S": "100000",
               "LIANTU_API_RATE_BURST": "100000"}
        api = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host",
                                "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                               env=env, cwd=Path(__file__).resolve().parents[1])
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        print(f"API on {base}, Neo4j on bolt port {settings.neo4j_bolt_port}; {args.clients} clients for "
              f"{args.seconds:.0f} s; Neo4j stopped at {args.seconds / 3:.0f} s", flush=True)
        clock = Clock()
        t0 = time.monotonic()

        async def run() -> None:
            stopper = asyncio.to_thread(outage, server, clock, t0 + args.seconds / 3)
            clients = [client_loop(base, usccs, t0 + args.seconds, clock) for _ in range(args.clients)]
            await asyncio.gather(stopper, *clients)

        asyncio.run(run())
        report(clock, t0)
    finally:
        if api is not None:
            api.terminate()
            api.wait(timeout=30)
        server.stop()


if __name__ == "__main__":
    main()
