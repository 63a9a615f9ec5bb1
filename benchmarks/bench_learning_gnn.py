"""GNN encoder training time and peak memory on a loaded world, GraphSAGE beside its node2vec baseline.

Usage (a world already loaded into the configured Neo4j, e.g. the medium one):
    .venv/bin/liantu synth --scale medium --seed 7 --out /tmp/medium && .venv/bin/liantu ingest /tmp/medium --bulk --yes
    .venv/bin/python -m benchmarks.bench_learning_gnn --as-of 2024-12-31 [--threads 2] [--sage-epochs 60]

Issue 11's targets on the medium world, 2 cores: encoder training <= 10 min, peak RSS <= 6 GB. The script
reads the as-of heterogeneous graph once (timed), then trains each encoder in the same process with the
given torch threads, sampling this process's RSS every 50 ms; it prints each phase's wall time and the
peak RSS seen during it (the graph read is resident throughout, so the peaks include it). Nothing is
cached: the encoders are called directly, not through embeddings_as_of.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import psutil
import torch

from graph.learning.hetero import NODE_TYPES, TIE_TYPES, read_hetero
from graph.learning.node2vec import Node2VecParams, node2vec_embeddings
from graph.learning.sage import SageParams, train_sage
from graph.store import GraphStore
from liantu.config import get_settings

GIB = 1024 ** 3


class PeakRss:
    """The largest RSS of this process seen while the block runs (sampled every 50 ms)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._proc = psutil.Process()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRss:
        self.peak = self._proc.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


def phase(name: str, fn: Callable[[], Any]) -> tuple[Any, float, float, int]:
    """Run fn; return its result, wall seconds, this process's CPU seconds (user + system) and peak RSS.

    On a shared machine the wall time stretches with the load; the CPU time does much less, so both are shown.
    """
    proc = psutil.Process()
    with PeakRss() as rss:
        c0 = sum(proc.cpu_times()[:2])
        t0 = time.perf_counter()
        out = fn()
        wall = time.perf_counter() - t0
        cpu = sum(proc.cpu_times()[:2]) - c0
    print(f"{name:<40} wall {wall:>8.1f} s   CPU {cpu:>8.1f} s   peak RSS {rss.peak / GIB:5.2f} GiB   "
          f"load {psutil.getloadavg()[0]:.1f}", flush=True)
    return out, wall, cpu, rss.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2024, 12, 31))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--sage-epochs", type=int, default=SageParams.epochs)
    parser.add_argument("--n2v-walks", type=int, default=Node2VecParams.walks_per_node)
    parser.add_argument("--n2v-batch", type=int, default=Node2VecParams.batch_size)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    settings = get_settings()
    store = GraphStore.from_settings(settings)
    store.verify()
    print(f"as of {args.as_of}, torch {torch.__version__} with {torch.get_num_threads()} threads, "
          f"{psutil.cpu_count()} cores, load {psutil.getloadavg()[0]:.1f}", flush=True)
    try:
        graph, _, _, _ = phase("read the as-of graph from Neo4j", lambda: read_hetero(store, args.as_of))
    finally:
        store.close()
    nodes = {t: graph.num_nodes(t) for t in NODE_TYPES}
    ties = {"/".join(t): int(graph.data[t].edge_index.shape[1]) for t in TIE_TYPES}
    print(f"nodes {nodes}; ties {graph.num_ties():,} {ties}", flush=True)

    sage_params = SageParams(dim=args.dim, hidden=args.dim, epochs=args.sage_epochs)
    sage, t_sage, c_sage, rss_sage = phase(f"GraphSAGE ({args.sage_epochs} full-batch epochs)",
                                   lambda: train_sage(graph, sage_params, args.seed))
    n2v_params = Node2VecParams(dim=args.dim, walks_per_node=args.n2v_walks, batch_size=args.n2v_batch)
    n2v, t_n2v, c_n2v, rss_n2v = phase(f"node2vec baseline ({args.n2v_walks} walks/node)",
                                lambda: node2vec_embeddings(graph, n2v_params, args.seed))
    print(f"GraphSAGE loss {sage.losses[0]:.4f} -> {sage.losses[-1]:.4f}; "
          f"node2vec loss {n2v.losses[0]:.4f} -> {n2v.losses[-1]:.4f} ({len(n2v.losses)} steps)")
    print("\n| encoder | training wall | CPU (user+sys) | peak RSS | target |\n| --- | --- | --- | --- | --- |")
    print(f"| GraphSAGE (hetero, link prediction) | {t_sage:.1f} s | {c_sage:.1f} s | {rss_sage / GIB:.2f} GiB "
          f"| <= 600 s, <= 6 GB |")
    print(f"| node2vec (baseline) | {t_n2v:.1f} s | {c_n2v:.1f} s | {rss_n2v / GIB:.2f} GiB | |")


if __name__ == "__main__":
    main()
