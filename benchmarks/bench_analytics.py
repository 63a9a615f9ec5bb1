"""Whole-graph analytics and API latency, side by side with networkx, igraph and the bare driver.

    .venv/bin/python benchmarks/bench_analytics.py [--edges 1000000] [--nx-edges N] [--requests 200]
                                                   [--skip-neo4j]

1. Algorithms in memory, on a random heavy-tailed directed payment graph (Pareto out/in popularity,
   lognormal amounts, no self-loops, no duplicate pairs): weighted PageRank and weakly connected
   components, ours (graph.analytics.hubs / graph.projection, scipy) vs igraph vs networkx, each timed
   twice: from the same edge arrays to the scores (each library's own structure built), and the
   algorithm alone on that structure; with agreement checks. networkx runs on the full graph unless
   --nx-edges asks for a subsample (then it says so).
2. Neo4j: the same graph is written as PAID edges (graph.projection.write_projection), then read back
   with read_projection (rows/s), and 2-hop upstream queries are timed through the API (FastAPI
   TestClient, and a real uvicorn server on loopback; the real app and store) and through the bare
   driver sending what GraphStore.read sends (same statements, parameters, timeout and routing), each
   request's two runs interleaved and taking turns going first.
   The local server starts in a temporary home on a free port, as the tests do, unless
   LIANTU_NEO4J_URI is set (then that server's database is used and NOT emptied: use a scratch one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import neo4j
import networkx as nx
import numpy as np
import psutil
from scipy.sparse.csgraph import connected_components

import cypher
from graph.analytics.chains import NON_TRADE
from graph.analytics.hubs import DAMPING, pagerank_system, solve_pagerank, weighted_pagerank
from graph.business_date import business_date
from graph.projection import Projection, read_projection, weak_components, write_projection
from liantu.ids import make_uscc


def heavy_tailed_graph(edges: int, seed: int = 7) -> Projection:
    """About `edges` distinct payer->payee pairs over edges/5 enterprises with Pareto popularity."""
    rng = np.random.default_rng(seed)
    n = max(edges // 5, 10)
    p_out = rng.pareto(1.2, n) + 1
    p_in = rng.pareto(1.0, n) + 1
    draws = int(edges * 1.25)
    src, dst = np.empty(0, np.int64), np.empty(0, np.int64)
    while src.shape[0] < edges:
        s = rng.choice(n, draws, p=p_out / p_out.sum())
        t = rng.choice(n, draws, p=p_in / p_in.sum())
        key = np.unique(np.concatenate([src * n + dst, (s * n + t)[s != t]]))
        src, dst = key // n, key % n
        draws = int((edges - src.shape[0]) * 3) + 1000
    keep = np.sort(rng.choice(src.shape[0], edges, replace=False))
    src, dst = src[keep], dst[keep]
    used = np.unique(np.concatenate([src, dst]))
    remap = np.full(n, -1, dtype=np.int64)
    remap[used] = np.arange(used.shape[0])
    ids = [make_uscc("9", "1", "410100", f"B{i:08d}") for i in range(used.shape[0])]
    return Projection(ids=ids, sources=remap[src], targets=remap[dst],
                      weights=rng.lognormal(11.0, 1.5, edges).round(2))


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def subsample(proj: Projection, edges: int, seed: int = 11) -> Projection:
    if edges >= proj.edge_count:
        return proj
    keep = np.sort(np.random.default_rng(seed).choice(proj.edge_count, edges, replace=False))
    return Projection(proj.ids, proj.sources[keep], proj.targets[keep], proj.weights[keep])


def bench_algorithms(proj: Projection, nx_edges: int) -> None:
    print(f"\n== Algorithms in memory: {proj.node_count:,} nodes, {proj.edge_count:,} edges ==")
    # Each library is timed twice: from the edge arrays to the scores (its own structure built), and
    # the algorithm alone on that structure. Ours builds PageRank's linear system (the normalised,
    # transposed CSR) and the components' CSR adjacency; igraph its Graph (PRPACK's own preprocessing
    # stays in its algorithm time); networkx its DiGraph.
    t_ours, ours = timed(lambda: weighted_pagerank(proj), repeat=3)
    system = pagerank_system(proj)
    t_ours_pr, _ = timed(lambda: solve_pagerank(system), repeat=3)
    t_ig_build, graph = timed(lambda: proj.to_igraph(directed=True))
    weights = proj.weights.tolist()
    t_ig_pr, prpack = timed(lambda: np.asarray(graph.pagerank(damping=DAMPING, weights=weights,
                                                              implementation="prpack")), repeat=3)
    t_cc, (count, _) = timed(lambda: weak_components(proj), repeat=3)
    adjacency = proj.adjacency(weighted=False)
    t_ours_cc, _ = timed(lambda: connected_components(adjacency, directed=True, connection="weak"), repeat=3)
    t_ig_cc, ig_cc = timed(lambda: graph.connected_components(mode="weak"), repeat=3)

    nproj = subsample(proj, nx_edges)
    note = "" if nproj is proj else f" (networkx on a {nproj.edge_count:,}-edge subsample; ours rerun on it)"

    def build_nx() -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(range(nproj.node_count))
        g.add_weighted_edges_from(zip(nproj.sources.tolist(), nproj.targets.tolist(), nproj.weights.tolist(),
                                      strict=True))
        return g

    t_nx_build, g = timed(build_nx)
    t_nx_pr, nx_pr = timed(lambda: nx.pagerank(g, alpha=DAMPING, weight="weight", tol=1e-10, max_iter=1000))
    t_nx_cc, nx_cc = timed(lambda: nx.number_weakly_connected_components(g))
    if note:
        t_sub_pr, sub_pr = timed(lambda: weighted_pagerank(nproj), repeat=3)
        sub_system = pagerank_system(nproj)
        t_sub_pr_algo, _ = timed(lambda: solve_pagerank(sub_system), repeat=3)
        t_sub_cc, (sub_count, _) = timed(lambda: weak_components(nproj), repeat=3)
        sub_adjacency = nproj.adjacency(weighted=False)
        t_sub_cc_algo, _ = timed(lambda: connected_components(sub_adjacency, directed=True, connection="weak"),
                                 repeat=3)
    else:
        t_sub_pr, sub_pr, t_sub_pr_algo = t_ours, ours, t_ours_pr
        t_sub_cc, sub_count, t_sub_cc_algo = t_cc, count, t_ours_cc
    nx_vec = np.array([nx_pr[i] for i in range(nproj.node_count)])

    print(f"agreement: PageRank max |ours - igraph PRPACK| = {np.abs(ours - prpack).max():.2e}, "
          f"max |ours - networkx| = {np.abs(sub_pr - nx_vec).max():.2e}; components ours {count:,} = "
          f"igraph {len(ig_cc):,}; on the networkx graph ours {sub_count:,} = networkx {nx_cc:,}{note}")
    rows = [
        ("PageRank (weighted, d=0.85)", t_ours, t_ours_pr, t_ig_build + t_ig_pr, t_ig_pr, t_sub_pr, t_sub_pr_algo,
         t_nx_build + t_nx_pr, t_nx_pr),
        ("weak components", t_cc, t_ours_cc, t_ig_build + t_ig_cc, t_ig_cc, t_sub_cc, t_sub_cc_algo,
         t_nx_build + t_nx_cc, t_nx_cc),
    ]
    print("seconds as build + algorithm (algorithm only); ratios total / algorithm only")
    print(f"{'algorithm':28} {'ours s':>16} {'igraph s':>16} {'networkx s':>18} {'ours/igraph':>13} "
          f"{'networkx/ours':>15}")
    for name, o, o_algo, ig_total, ig_algo, o_sub, o_sub_algo, nx_total, nx_algo in rows:
        print(f"{name:28} {o:7.3f} ({o_algo:6.3f}) {ig_total:7.3f} ({ig_algo:6.3f}) {nx_total:8.3f} ({nx_algo:7.3f}) "
              f"{o / ig_total:5.2f}x/{o_algo / ig_algo:5.2f}x {nx_total / o_sub:6.1f}x/{nx_algo / o_sub_algo:6.1f}x")
    print("best of 3 for ours and igraph, 1 run for networkx; PageRank stops at an L1 error below 1e-10 for "
          "ours and PRPACK, and at an L1 change below n x 1e-10 (its convention) for networkx")


# One client asks as fast as answers come: the per-key limit (20/s by default) would refuse it, and a
# refusal is not the latency being measured.
RATE = 1e6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_neo4j(proj: Projection, requests: int, baseline_tree: Path | None) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.connection import local_server
    from graph.schema import apply_schema
    from graph.server.manager import free_port
    from graph.store import GraphStore
    from liantu.config import Settings

    key = "bench-key-0123456789abcdefghij"
    server = None
    if os.environ.get("LIANTU_NEO4J_URI"):
        settings = Settings(api_keys={key: "risk"}, api_rate_per_s=RATE, api_rate_burst=int(RATE))
    else:
        home = Path(tempfile.mkdtemp(prefix="liantu-bench-"))
        settings = Settings(env="test", home=home, neo4j_bolt_port=free_port(), neo4j_heap="2g",
                            neo4j_pagecache="1g", api_keys={key: "risk"}, query_timeout_s=600,
                            api_rate_per_s=RATE, api_rate_burst=int(RATE))
        server = local_server(settings)
        server.start(timeout_s=settings.neo4j_start_timeout_s)
    store = GraphStore.from_settings(settings)
    try:
        store.verify()
        apply_schema(store)
        print(f"\n== Neo4j ({store.info.uri}) ==")
        t_write, _ = timed(lambda: write_projection(store, proj))
        print(f"write {proj.edge_count:,} PAID edges (MERGE, batches of 10,000): {t_write:.1f} s, "
              f"{proj.edge_count / t_write:,.0f} rows/s")
        for label in ("cold", "warm"):
            t_read, back = timed(lambda: read_projection(store))
            print(f"read_projection ({label}): {back.edge_count:,} rows in {t_read:.2f} s = "
                  f"{back.edge_count / t_read:,.0f} rows/s ({back.node_count:,} nodes)")
        # What a load leaves besides the edges: payment dates on each tie and the business date.
        store.run_in_transactions("bench/set_paid_dates")
        store.write("business_date/merge_data_load", {"business_date": "2024-12-31", "source": "bench"})
        bench_latency(store, settings, proj, requests, key, TestClient, create_app, baseline_tree)
    finally:
        store.close()
        if server is not None:
            server.stop()


def bench_latency(store: Any, settings: Any, proj: Projection, requests: int, key: str, client_cls: Any,
                  create_app: Any, baseline_tree: Path | None = None) -> None:
    out_degree = np.bincount(proj.sources, minlength=proj.node_count)
    candidates = np.flatnonzero(out_degree > 0)
    rng = np.random.default_rng(3)
    picks = [proj.ids[i] for i in rng.choice(candidates, requests, replace=True)]
    driver, database = store.driver, store.info.database
    # What GraphStore.read sends: the same statements, parameters, transaction timeout and routing.
    expand = neo4j.Query(cypher.load("chains/expand_upstream_as_of"), timeout=store.query_timeout_s)
    profile = neo4j.Query(cypher.load("enterprises/get_enterprise"), timeout=store.query_timeout_s)
    # The API reads the business date on every request (its default as_of); the bare side reads it once.
    day = business_date(store)

    def bare(uscc: str) -> int:
        # The statements the API's partners() runs: the profile check, then one hop per level.
        driver.execute_query(profile, {"uscc": uscc}, database_=database, routing_=neo4j.RoutingControl.READ)
        seen, frontier, found = {uscc}, [uscc], 0
        for _ in range(2):
            records, _, _ = driver.execute_query(expand, {"frontier": frontier, "min_amount": 0.0, "since": None,
                                                          "until": day, "as_of": day, "exact": False,
                                                          "non_trade": list(NON_TRADE)}, database_=database,
                                                 routing_=neo4j.RoutingControl.READ)
            frontier = [r["uscc"] for r in records if r["uscc"] not in seen]
            seen.update(frontier)
            found += len(frontier)
            if not frontier:
                break
        return found

    version = neo4j.Query(cypher.load("admin/get_server_version"), timeout=store.query_timeout_s)

    def bare_health() -> None:
        driver.execute_query(version, database_=database, routing_=neo4j.RoutingControl.READ)

    # As deployed, the API is a uvicorn process of its own: then it shares no interpreter lock with the
    # client (this process) the way the in-process server does.
    for transport, client_factory in (("TestClient", lambda: client_cls(create_app(settings, store=store))),
                                      ("uvicorn on loopback, in this process",
                                       lambda: LiveClient(create_app(settings, store=store))),
                                      ("uvicorn on loopback, its own process (as deployed)",
                                       lambda: TreeServer(ROOT, settings, key))):
        with client_factory() as client:
            client.headers["X-API-Key"] = key
            latency(transport, client, picks, bare, bare_health)
    if baseline_tree is not None:
        # Before and after in one run: the API of another checkout (the baseline) and of this one, each
        # a `uvicorn api.app:create_app` process of its own tree on the same database, taking turns
        # with each other and the bare driver request by request.
        with TreeServer(baseline_tree, settings, key) as before, TreeServer(ROOT, settings, key) as after:
            compare_trees({f"baseline {baseline_tree}": before, "this checkout": after}, picks, bare)


ROOT = Path(__file__).resolve().parents[1]


class TreeServer:
    """`python -m uvicorn api.app:create_app --factory` run in a checkout's directory (so that checkout's
    code serves), on a free loopback port, pointed at the benchmark's database; an httpx client to it."""

    def __init__(self, tree: Path, settings: Any, key: str) -> None:
        import json
        import subprocess
        import sys

        import httpx

        from graph.server.manager import free_port

        port = free_port()
        env = {**os.environ, "LIANTU_API_KEYS": json.dumps({key: "risk"}), "LIANTU_ENV": "test",
               "LIANTU_API_RATE_PER_S": str(RATE), "LIANTU_API_RATE_BURST": str(int(RATE)),
               "LIANTU_AUDIT_LOG": str(Path(tempfile.mkdtemp(prefix="liantu-bench-audit-")) / "api.jsonl")}
        if not os.environ.get("LIANTU_NEO4J_URI"):
            env.update({"LIANTU_HOME": str(settings.home), "LIANTU_NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port)})
        self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                                      "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                     cwd=tree, env=env)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600, headers={"X-API-Key": key})

    def __enter__(self) -> Any:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if self.client.get("/health").status_code == 200:
                    return self.client
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API of a checkout did not start")
            time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


def compare_trees(clients: dict[str, Any], picks: list[str], bare: Callable[[str], int]) -> None:
    names = [*clients, "bare driver"]
    ms: dict[str, list[float]] = {n: [] for n in names}

    def call(name: str, uscc: str) -> None:
        started = time.perf_counter()
        if name == "bare driver":
            bare(uscc)
        else:
            r = clients[name].get(f"/enterprises/{uscc}/upstream", params={"depth": 2})
            assert r.status_code == 200, r.text
        ms[name].append((time.perf_counter() - started) * 1000)

    for uscc in picks[:10]:
        for name in names:
            call(name, uscc)
    for name in names:
        ms[name].clear()
    for i, uscc in enumerate(picks):
        for k in range(len(names)):  # rotate who goes first
            call(names[(i + k) % len(names)], uscc)
    base = percentile(ms["bare driver"], 0.5)
    print(f"2-hop upstream, {len(picks)} requests, two uvicorn processes and the bare driver taking "
          f"turns (load avg {' '.join(f'{x:.1f}' for x in os.getloadavg())}):")
    for name in names:
        p50, p99 = percentile(ms[name], 0.5), percentile(ms[name], 0.99)
        print(f"  {name:<40} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ratio to bare p50 {p50 / base:.2f}x")


class LiveClient:
    """A real uvicorn server on a free loopback port in a thread, and an httpx client with keep-alive."""

    def __init__(self, app: Any) -> None:
        import threading

        import httpx
        import uvicorn

        from graph.server.manager import free_port

        port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)

    def __enter__(self) -> Any:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join()


def render(answer: Any) -> None:
    """The cost of writing one answer as JSON bytes: the standard library against orjson (api/render.py)."""
    import json

    import orjson

    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        plain = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    json_ms = (time.perf_counter() - started) * 1000 / runs
    started = time.perf_counter()
    for _ in range(runs):
        fast = orjson.dumps(answer)
    orjson_ms = (time.perf_counter() - started) * 1000 / runs
    assert json.loads(plain) == json.loads(fast)
    print(f"  writing one 2-hop answer ({len(answer['partners'])} partners, {len(fast):,} bytes): json "
          f"{json_ms:.2f} ms, orjson {orjson_ms:.2f} ms, the same values")


def latency(transport: str, client: Any, picks: list[str], bare: Callable[[str], int],
            bare_health: Callable[[], None]) -> None:
    # The API's default answer flags loop partners, which costs a fund-loop search the bare driver does
    # not run; `flag_loops=false` asks the API for exactly what the bare side reads.
    variants = {"api": {"depth": 2}, "api, flag_loops=false": {"depth": 2, "flag_loops": "false"}}
    ms: dict[str, list[float]] = {name: [] for name in [*variants, "bare"]}
    for uscc in picks[:10]:  # warm every path (plan cache, page cache)
        for params in variants.values():
            client.get(f"/enterprises/{uscc}/upstream", params=params)
        bare(uscc)
    names = list(ms)
    for i, uscc in enumerate(picks):
        # Whichever runs later finds the enterprise's pages hot: rotate who goes first.
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            started = time.perf_counter()
            if name == "bare":
                bare(uscc)
            else:
                r = client.get(f"/enterprises/{uscc}/upstream", params=variants[name])
                assert r.status_code == 200, r.text
            ms[name].append((time.perf_counter() - started) * 1000)
    render(client.get(f"/enterprises/{picks[0]}/upstream", params={"depth": 2, "limit": 100}).json())
    health_ms: list[float] = []
    version_ms: list[float] = []
    for _ in range(len(picks)):
        started = time.perf_counter()
        client.get("/health")
        health_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        bare_health()
        version_ms.append((time.perf_counter() - started) * 1000)
    p50b, p99b = percentile(ms["bare"], 0.5), percentile(ms["bare"], 0.99)
    print(f"2-hop upstream via {transport}, {len(picks)} requests (random payers, the API's variants and the bare "
          f"driver taking turns, rotating which goes first; load avg "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}):")
    for name in names:
        p50, p99 = percentile(ms[name], 0.5), percentile(ms[name], 0.99)
        print(f"  {name:<24} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  mean {statistics.mean(ms[name]):7.1f} ms  "
              f"ratio to bare p50 {p50 / p50b:.2f}x, p99 {p99 / p99b:.2f}x")
    print(f"  GET /health (no query) p50 {percentile(health_ms, 0.5):.1f} ms vs "
          f"{percentile(version_ms, 0.5):.1f} ms for its query through the bare driver")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--nx-edges", type=int, default=None, help="Run networkx on a subsample of this size.")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-algorithms", action="store_true", help="Only the Neo4j part.")
    parser.add_argument("--baseline-tree", type=Path, default=None,
                        help="Another checkout (e.g. `git archive` of main) whose API is timed beside this one's.")
    args = parser.parse_args()
    mem = psutil.virtual_memory().total / 2**30
    print(f"date {dt.datetime.now().isoformat(timespec='seconds')}; {platform.platform()}; "
          f"{platform.processor() or platform.machine()}; cores {os.cpu_count()} (logical), "
          f"{psutil.cpu_count(logical=False)} (physical); RAM {mem:.1f} GiB; load avg "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, igraph {ig.__version__}, "
          f"networkx {nx.__version__}")
    t_gen, proj = timed(lambda: heavy_tailed_graph(args.edges))
    print(f"generated {proj.edge_count:,} edges over {proj.node_count:,} nodes in {t_gen:.1f} s; max in-degree "
          f"{np.bincount(proj.targets).max():,}, max out-degree {np.bincount(proj.sources).max():,}")
    if not args.skip_algorithms:
        bench_algorithms(proj, args.nx_edges or proj.edge_count)
    if not args.skip_neo4j:
        bench_neo4j(proj, args.requests, args.baseline_tree)


if __name__ == "__main__":
    main()
