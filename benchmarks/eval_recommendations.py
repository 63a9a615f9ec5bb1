"""Product recommendation held out by time: LightGCN (PyG) against popularity, item-kNN and the partners' share.

    .venv/bin/python -m benchmarks.eval_recommendations --scale small --seed 41

Uses the churn-and-products world of benchmarks/eval_churn.py (generated if missing; structured holdings,
synth/products.py), loads it into a private local Neo4j (unless LIANTU_NEO4J_URI is set, or --configured),
and evaluates on the holdings opened after --cutoff (2024-06-30) what each method learnt from the holdings
opened on or before it and from the trade ties as of that day: hit rate@k (a customer counts as a hit when
one of its held-out products is among its top k, products it already holds excluded) and recall@k, with
each method's time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.eval_churn import world_dir
from benchmarks.world_server import load_average, world_store
from graph.learning.recommendations import evaluate, format_evaluation
from graph.learning.recommendations_lightgcn import LightGcnParams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=41, help="world seed (not one the tests use)")
    parser.add_argument("--model-seed", type=int, default=0)
    parser.add_argument("--cutoff", type=dt.date.fromisoformat, default=dt.date(2024, 6, 30))
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--dim", type=int, default=32)
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    parser.add_argument("--configured", action="store_true",
                        help="use the server the settings name (running already) instead of a private one")
    parser.add_argument("--no-load", action="store_true", help="the server already holds this world")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
          f"RAM, Python {platform.python_version()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {load_average()}",
          flush=True)
    data = world_dir(args.data_root, args.scale, args.seed)
    external = bool(os.environ.get("LIANTU_NEO4J_URI")) or args.configured
    with world_store(data, external=external, load=not args.no_load) as (store, _):
        start = time.perf_counter()
        ev = evaluate(store, args.cutoff, k=args.k, seed=args.model_seed,
                      params=LightGcnParams(dim=args.dim, epochs=args.epochs),
                      progress=lambda msg: print(f"  {msg} ({time.perf_counter() - start:.0f}s)", flush=True))
        print(f"\n{args.scale} world, seed {args.seed}; LightGCN dim {args.dim}, {args.epochs} epochs; "
              f"{load_average()}")
        print(format_evaluation(ev))


if __name__ == "__main__":
    main()
