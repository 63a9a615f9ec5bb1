"""Churn warning out of time: XGBoost on tabular features, + graph features, and the oracle, side by side.

    .venv/bin/python -m benchmarks.eval_churn --scale small --seed 41

Generates the world of the given scale and seed with churn planted (`generate(..., churn=True,
product_structure=True)`; use a seed the tests do not use), starts a private local Neo4j in a temp dir
(unless LIANTU_NEO4J_URI is set, or --configured), loads the world, then trains each variant at D1 =
2024-09-30 on the graph's own labels of W1 (a month's balance below 50% of the 6-month mean within 3
months, docs/churn.md) and judges it at D2 = 2024-12-31 on W2's truth (churn.csv), which the graph never
holds. The oracle scores each customer by the true probability its label was drawn from: the ceiling.
Figures: AUC, PR-AUC, top-decile lift and Brier, with the time of the whole evaluation.
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

from benchmarks.world_server import load_average, world_store
from graph.learning.churn_model import evaluate, format_evaluation
from synth import generate
from synth.churn import read_churn_truth
from synth.scales import D1, D2


def world_dir(root: Path, scale: str, seed: int) -> Path:
    """The churn-and-products world of (scale, seed), generated once and shared with eval_recommendations."""
    data = root / f"synth-{scale}-{seed}-churn-products"
    if not (data / "churn.csv").exists():
        start = time.perf_counter()
        generate(scale, seed, data, churn=True, product_structure=True)
        print(f"generated the {scale} world (seed {seed}) in {time.perf_counter() - start:.1f}s", flush=True)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=41, help="world seed (not one the tests use)")
    parser.add_argument("--model-seed", type=int, default=0)
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    parser.add_argument("--configured", action="store_true",
                        help="use the server the settings name (running already) instead of a private one")
    parser.add_argument("--no-load", action="store_true", help="the server already holds this world")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
          f"RAM, Python {platform.python_version()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {load_average()}",
          flush=True)
    data = world_dir(args.data_root, args.scale, args.seed)
    truth = read_churn_truth(data, 2)
    external = bool(os.environ.get("LIANTU_NEO4J_URI")) or args.configured
    with world_store(data, external=external, load=not args.no_load) as (store, _):
        start = time.perf_counter()
        ev = evaluate(store, truth, train_as_of=D1, test_as_of=D2, seed=args.model_seed,
                      progress=lambda msg: print(f"  {msg} ({time.perf_counter() - start:.0f}s)", flush=True))
        print(f"\n{args.scale} world, seed {args.seed}; evaluation in {ev.seconds:.0f}s; {load_average()}")
        print(format_evaluation(ev))


if __name__ == "__main__":
    main()
