"""Lead models out of time, side by side with the chain-lead formula and the oracle, on a fresh world.

    .venv/bin/python benchmarks/eval_leads.py --scale small --seed 21 [--targets ...] [--no-end-to-end]

Generates the synthetic world of the given scale and seed (use a seed the tests do not use), starts a
private local Neo4j in a temp dir (unless LIANTU_NEO4J_URI is set, or --configured: the server the
settings name, e.g. the local one under LIANTU_HOME, already running), loads the world (history up to D2;
--no-load when that server already holds exactly this world, e.g. after `liantu ingest DIR --bulk --yes`),
and prints, per target: the chain-lead formula, XGBoost on tabular features, + graph features, + GNN
embeddings, the end-to-end PyG classifier and the oracle (true propensity), each judged out of time
(trained at D1 on the graph's labels of W1, tested at D2 on W2's truth) by AUC, PR-AUC, top-decile lift and
Brier. Then the XGBoost figures the issue sets limits on: training time per target, and scoring every
party of a target with write-back onto the graph.
Targets (issue 11): the best model's top-decile lift >= 90% of the oracle's, AUC within 0.03 of it; graph
and GNN features add >= 0.05 AUC over tabular only; XGBoost training <= 2 min; scoring + write <= 2 min.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.world_server import load_average, world_store
from graph.learning.evaluate import end_to_end_scorer, evaluate, format_table
from graph.learning.labels import TARGETS
from graph.learning.registry import Registry
from graph.learning.scoring import score_target
from graph.learning.training import FrameCache, GnnSpec, train_target
from graph.learning.xgb import VARIANTS, XgbParams
from synth import generate
from synth.outcomes import read_outcomes
from synth.scales import D1, D2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=21, help="world seed (not one the tests use)")
    parser.add_argument("--model-seed", type=int, default=0)
    parser.add_argument("--targets", nargs="*", default=list(TARGETS))
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--gnn-method", default="sage", choices=["sage", "node2vec"])
    parser.add_argument("--no-formula", action="store_true")
    parser.add_argument("--no-end-to-end", action="store_true")
    parser.add_argument("--epochs", type=int, default=200, help="end-to-end classifier epochs")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the table as JSON here")
    parser.add_argument("--configured", action="store_true",
                        help="use the server the settings name (running already) instead of a private one")
    parser.add_argument("--no-load", action="store_true",
                        help="the server already holds this world (loaded to D2): do not clear and reload it")
    args = parser.parse_args()

    print(f"machine: {platform.node()} {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
          f"RAM, Python {platform.python_version()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {load_average()}",
          flush=True)
    data = args.data_root / f"synth-{args.scale}-{args.seed}"
    if not (data / "outcomes.csv").exists():
        start = time.perf_counter()
        generate(args.scale, args.seed, data)
        print(f"generated the {args.scale} world (seed {args.seed}) in {time.perf_counter() - start:.1f}s", flush=True)
    truth = read_outcomes(data, 2)
    observable = read_outcomes(data, 2, "propensity_observable")

    external = bool(os.environ.get("LIANTU_NEO4J_URI")) or args.configured
    with world_store(data, external=external, load=not args.no_load) as (store, home):
        gnn = GnnSpec(method=args.gnn_method, seed=args.model_seed)
        start = time.perf_counter()
        table = evaluate(store, truth, train_as_of=D1, test_as_of=D2, targets=args.targets, variants=args.variants,
                         seed=args.model_seed, gnn=gnn, formula=not args.no_formula,
                         end_to_end=None if args.no_end_to_end else end_to_end_scorer(args.model_seed, args.epochs),
                         progress=lambda msg: print(f"  {msg} ({time.perf_counter() - start:.0f}s)", flush=True),
                         observable=observable)
        print(f"evaluation in {time.perf_counter() - start:.0f}s; {load_average()}\n")
        print(format_table(table))
        if args.json:
            args.json.write_text(json.dumps(table.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")

        print("\nXGBoost (+graph) train on the whole window and score every party with write-back:")
        registry = Registry(home / "models")
        cache = FrameCache()
        for target in args.targets:
            t0 = time.perf_counter()
            run = train_target(store, target, D1, variant="xgb_graph", params=XgbParams(seed=args.model_seed),
                               cache=cache)
            train_s = time.perf_counter() - t0
            card = registry.save(run.model, run.card)
            registry.promote(card.version)
            t0 = time.perf_counter()
            rep = score_target(store, registry, target, D2, show=0, cache=cache)
            score_s = time.perf_counter() - t0
            print(f"  {target:<20} train {train_s:6.1f}s (fit {run.model.fit_seconds:.1f}s, {run.model.rounds} trees, "
                  f"{run.model.train_rows:,} rows)   score {rep.scored:,} parties + write {score_s:6.1f}s "
                  f"(predict+explain {rep.predict_seconds:.1f}s, write {rep.write_seconds:.1f}s)   "
                  "targets: train <= 120s, score+write <= 120s", flush=True)
    print(f"done; {load_average()}")


if __name__ == "__main__":
    main()
