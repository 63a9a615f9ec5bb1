"""Suspected links (疑似关系): every single heuristic, the link predictor, the XGBoost pair models and the
combined model, side by side in one run, judged on ties withheld from the input files; then AMLSim.

Usage: .venv/bin/python -m benchmarks.eval_suspected_links [--scale small] [--seed 2718] [--share 0.5]
       [--amlsim DIR] [--no-load] [--sage-epochs 20] [--train-unknown-per-known 20] [--turns 1]
       [--skip-synthetic]

1. Generates the synthetic world with `suspected_share` (half of the planted ties withheld; seed 2718 is
   used by no test), loads it into a fresh local Neo4j (or the LIANTU_NEO4J_URI server; `--no-load`
   scores what that server already holds), and scores the graph as of the world's date
   (graph/learning/suspected_links.py `score_pairs`) twice, taking turns, each time in a process of its
   own (benchmarks/bench_suspected_links_scale.py): the models fitted on every unknown pair ("all", the
   behaviour before sampling) and on a sample of them ("sampled", the default); it prints the seconds of
   each phase, the peak RSS and the load average of both side by side, and checks on the first run that
   the float32 features are the float64 ones rounded.
2. Ranks the candidate pairs the bank does not already know by each single heuristic, by XGBoost on every
   pair feature (`xgb_all_features`, with the ownership by-products, sampled training), and for each
   mode by the link predictor (GraphSAGE embeddings), the product's pair model (`pair_model`: behavioural
   features and embedding similarity) and the combined model (pair model + link predictor): precision@K and
   recall (overall and per kind) at K = 100, 200 and K = the number of withheld ties. A perfect ranker's
   recall at K = 100 is 100 / withheld, so "twice the best heuristic's recall" can only be met at K
   large enough for the heuristics to run out of their own kind; both are printed.
3. AMLSim (IBM, Apache-2.0, synthetic): accounts of one laundering pattern (reconstructed as in
   eval_cycles_amlsim.py: flagged -> flagged transactions of one unusual amount) are the ties to find.
   There is nothing declared to learn from, so half of the patterns play reviewer-confirmed links (the
   labels) and the other half are judged.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import scipy.sparse as sp

from benchmarks.bench_suspected_links_scale import per_known_arg
from benchmarks.world_server import world_store
from graph.learning.suspected_links import SCORING_INDEX, Settings
from graph.learning.suspected_links_candidates import BIT, SOURCES, PairInputs, generate_candidates
from graph.learning.suspected_links_eval import Figures, candidate_recall, rank_figures, truth_codes
from graph.learning.suspected_links_features import FEATURES, HEURISTICS, SCORING_FEATURES, pair_features
from graph.learning.suspected_links_models import fold_of, xgb_scores
from graph.store import GraphStore
from synth import generate
from synth.scales import AS_OF
from synth.suspected_links import TRUTH_FILE

AMLSIM = Path("../shared/data/transactions/amlsim_ibm")  # from the repository root, as the other AMLSim benchmarks


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def _print(rows: list[Figures], kinds: list[str]) -> None:
    print(f"{'ranker':24s} {'K':>5s} {'P@K':>6s} {'recall':>7s}  " + " ".join(f"{k[:12]:>12s}" for k in kinds))
    for f in rows:
        print(f"{f.ranker:24s} {f.k:5d} {f.precision:6.3f} {f.recall:7.3f}  "
              + " ".join(f"{f.recall_by_kind.get(k, 0.0):12.3f}" for k in kinds))


def _score_in_child(store: GraphStore, args: argparse.Namespace, per_known: float | None, out: Path,
                    check_float32: bool) -> dict[str, Any]:
    """`score_pairs` in a process of its own (benchmarks/bench_suspected_links_scale.py), so that its peak
    RSS is this mode's alone; it computes its own embedding (a private cache), as a first run would."""
    env = dict(os.environ, LIANTU_NEO4J_URI=store.info.uri, LIANTU_NEO4J_USER=store.info.user,
               LIANTU_NEO4J_PASSWORD=store.info.password, LIANTU_NEO4J_DATABASE=store.info.database,
               LIANTU_CACHE_DIR=str(out / "cache"))
    command = [sys.executable, "-m", "benchmarks.bench_suspected_links_scale", "--as-of", AS_OF.isoformat(),
               "--sage-epochs", str(args.sage_epochs), "--model-seed", str(args.model_seed),
               "--train-unknown-per-known", "all" if per_known is None else str(per_known),
               "--json", str(out / "report.json"), "--dump", str(out)]
    subprocess.run([*command, *(["--check-float32"] if check_float32 else [])], env=env, check=True)
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def _phase_table(runs: list[tuple[str, dict[str, Any]]]) -> None:
    phases = list(dict.fromkeys(k for _, r in runs for k in r["seconds"]))
    print(f"\n{'seconds':22s} " + " ".join(f"{name:>14s}" for name, _ in runs))
    for phase in phases:
        print(f"{phase:22s} " + " ".join(f"{r['seconds'].get(phase, float('nan')):14.1f}" for _, r in runs))
    for label, key, fmt in (("score_pairs wall", "wall_seconds", "{:14.1f}"), ("CPU of the process", "cpu_seconds",
                                                                                 "{:14.1f}"),
                            ("peak RSS GiB", "peak_rss_gib", "{:14.2f}"), ("candidates", "candidates", "{:14d}"),
                            ("known pairs", "known", "{:14d}")):
        print(f"{label:22s} " + " ".join(fmt.format(r[key]) for _, r in runs))
    for phase in dict.fromkeys(k for _, r in runs for k in r.get("peak_rss_gib_after", {})):
        print(f"{'peak RSS after ' + phase:22s} "
              + " ".join(f"{r.get('peak_rss_gib_after', {}).get(phase, float('nan')):14.2f}" for _, r in runs))
    print(f"{'load before / after':22s} " + " ".join(f"{r['load_before'][0]:6.1f} / {r['load_after'][0]:5.1f}"
                                                      for _, r in runs))


def synthetic(args: argparse.Namespace) -> None:
    data = args.data_root / f"suspected-{args.scale}-{args.seed}-{args.share}"
    if not (data / TRUTH_FILE).exists():
        start = time.perf_counter()
        generate(args.scale, args.seed, data, suspected_share=args.share)
        print(f"generated the {args.scale} world (seed {args.seed}, share {args.share}) in "
              f"{time.perf_counter() - start:.1f}s", flush=True)
    truth = json.loads((data / TRUTH_FILE).read_text(encoding="utf-8"))
    external = bool(os.environ.get("LIANTU_NEO4J_URI"))
    modes: dict[str, float | None] = {"all": None, "sampled": args.train_unknown_per_known}
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="liantu-suspected-"))
    runs: list[tuple[str, dict[str, Any]]] = []
    dumps: dict[str, Path] = {}
    try:
        with world_store(data, external=external, load=not args.no_load) as (store, _):
            # Turns alternate the order (all, sampled; sampled, all; ...), so neither mode always runs
            # first on a machine whose load drifts.
            for turn in range(args.turns):
                order = list(modes) if turn % 2 == 0 else list(reversed(modes))
                for mode in order:
                    out = scratch / f"{mode}-{turn}"
                    report = _score_in_child(store, args, modes[mode], out, check_float32=not runs)
                    runs.append((f"{mode}#{turn + 1}", report))
                    dumps.setdefault(mode, out)  # the child printed its report
        _phase_table(runs)
        _judge(args, truth, {mode: np.load(dumps[mode] / "scores.npz") for mode in modes},
               np.load(dumps["all"] / "X.npy"),
               json.loads((dumps["all"] / "ids.json").read_text(encoding="utf-8")))
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def _judge(args: argparse.Namespace, truth: dict[str, Any], scores: dict[str, Any], X: np.ndarray,
           ids: list[str]) -> None:
    """Quality of both modes on the same candidates: the heuristics once, each model per mode."""
    first = next(iter(scores.values()))
    codes, known, label = first["codes"], first["known"], first["label"]
    for mode, s in scores.items():
        if not np.array_equal(s["codes"], codes):
            print(f"warning: mode {mode} proposed other candidates ({len(s['codes'])} against {len(codes)})")
    n = len(ids)
    sources = first["sources"]
    hidden = truth_codes([(t["a"], t["b"], t["kind"]) for t in truth["ties"] if t["withheld"]], ids)
    kinds = sorted(set(hidden.values()))
    print(f"\n{n} enterprises, {len(codes)} candidate pairs ({len(codes) / (n * (n - 1) / 2):.2e} of all pairs), "
          f"{int(known.sum())} already known; {len(hidden)} withheld ties "
          + ", ".join(f"{k} {sum(1 for v in hidden.values() if v == k)}" for k in kinds))
    print("candidates by source: " + ", ".join(f"{s} {int(((sources & BIT[s]) > 0).sum())}" for s in SOURCES))
    print("withheld ties among the candidates: " + ", ".join(f"{k} {v:.3f}"
                                                             for k, v in candidate_recall(codes, hidden).items()))
    start = time.perf_counter()
    fold = fold_of(codes, Settings().folds)
    xgb_all = xgb_scores(X, label, fold, FEATURES, per_known=args.train_unknown_per_known,
                         seed=args.model_seed).scores
    print(f"(xgb_all_features, sampled training, fitted in {time.perf_counter() - start:.1f}s)")
    rankers: dict[str, np.ndarray] = {h: X[:, FEATURES.index(c)] for h, c in HEURISTICS.items()}
    rankers["xgb_all_features"] = xgb_all
    for mode, s in scores.items():
        for model in ("link_predictor", "pair_model", "combined"):
            rankers[f"{model} ({mode})"] = s[model]
    ks = [100, 200, len(hidden)]
    rows = [f for name, r in rankers.items() for f in rank_figures(name, r, codes, ~known, hidden, ks)]
    print(f"\nRanking the {int((~known).sum())} unknown candidate pairs (recall per kind at each K; 'all': fitted "
          f"on every unknown pair, 'sampled': on {args.train_unknown_per_known} per known pair):")
    _print(rows, kinds)
    heuristics = set(HEURISTICS)
    for k in ks:
        best = max((f for f in rows if f.k == k and f.ranker in heuristics), key=lambda f: f.recall)
        for name in (f"{m} ({mode})" for mode in scores for m in ("pair_model", "combined")):
            f = next(f for f in rows if f.k == k and f.ranker == name)
            ratio = f.recall / best.recall if best.recall else float("inf")
            print(f"K={k}: {name} P@K {f.precision:.3f}, recall {f.recall:.3f} = {ratio:.2f}x the best heuristic "
                  f"({best.ranker}, recall {best.recall:.3f})")
    print(f"pair model features: {', '.join(SCORING_FEATURES)} (+ link_predictor in the combined model); "
          f"columns {SCORING_INDEX}")


def _amlsim_world(folder: Path) -> tuple[PairInputs, dict[tuple[int, int], tuple[list[str], list[float]]],
                                         list[list[int]]]:
    with (folder / "nodes.csv").open(encoding="utf-8-sig") as fh:
        nodes = list(csv.DictReader(fh))
    fraud = np.array([r["isFraud"] == "1" for r in nodes])
    n = len(nodes)
    totals: dict[tuple[int, int], float] = defaultdict(float)
    months: dict[tuple[int, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    txns: list[tuple[int, int, int, float]] = []
    with (folder / "transactions.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            a, b, step, value = int(r["sourceNodeId"]), int(r["targetNodeId"]), int(r["time"]), float(r["value"])
            txns.append((a, b, step, value))
            totals[(a, b)] += value
            months[(a, b)][f"{2000 + step // 12:04d}-{step % 12 + 1:02d}"] += value
    pairs = sorted(totals)
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    inputs = PairInputs(ids=[r["nodeid"] for r in nodes], names=[None] * n, phones=[None] * n,
                        addresses=[None] * n, officers=[], salaries=[], pay_src=src, pay_dst=dst,
                        pay_total=np.array([totals[p] for p in pairs]))
    detail = {p: (sorted(m), [m[k] for k in sorted(m)]) for p, m in months.items()}
    # Patterns as benchmarks/eval_cycles_amlsim.py reconstructs them: a planted transaction is a flagged ->
    # flagged one whose amount is not the payer's usual amount to normal accounts, each pattern moves one
    # amount of its own; a pattern's accounts are a connected group of its amount's transactions.
    usual: dict[int, Counter[float]] = defaultdict(Counter)
    for a, b, _step, value in txns:
        if not fraud[b]:
            usual[a][value] += 1
    modal = {k: c.most_common(1)[0][0] for k, c in usual.items()}
    by_amount: dict[float, list[tuple[int, int]]] = defaultdict(list)
    for a, b, _step, value in txns:
        if fraud[a] and fraud[b] and value != modal.get(a):
            by_amount[value].append((a, b))
    groups: dict[tuple[float, int], list[int]] = defaultdict(list)
    for value, edges in by_amount.items():
        ea = np.array([e[0] for e in edges])
        eb = np.array([e[1] for e in edges])
        adj = sp.coo_matrix((np.ones(len(ea)), (ea, eb)), shape=(n, n))
        _, comp = sp.csgraph.connected_components(adj, directed=False)
        for i in sorted(set(ea.tolist()) | set(eb.tolist())):
            groups[(value, int(comp[i]))].append(i)
    return inputs, detail, [g for g in groups.values() if 2 <= len(g) <= 50]


def amlsim(folder: Path) -> None:
    for world in sorted(p for p in folder.iterdir() if (p / "nodes.csv").exists()):
        start = time.perf_counter()
        inputs, detail, patterns = _amlsim_world(world)
        cand = generate_candidates(inputs, k=0, max_block=10)
        X = pair_features(inputs, cand, detail)
        n = inputs.n
        codes = cand.pairs[:, 0] * n + cand.pairs[:, 1]
        # Odd patterns are the reviewer-confirmed links (labels), even ones are judged.
        train = {min(a, b) * n + max(a, b) for k, g in enumerate(patterns) if k % 2 for a in g for b in g if a != b}
        test = {min(a, b) * n + max(a, b): "pattern" for k, g in enumerate(patterns) if not k % 2
                for a in g for b in g if a < b}
        label = np.isin(codes, np.fromiter(train, dtype=np.int64, count=len(train))).astype(np.float64)
        cols = [FEATURES.index(f) for f in SCORING_FEATURES if f != "embedding_cosine"]
        model = xgb_scores(X[:, cols], label, fold_of(codes, 3), [FEATURES[c] for c in cols]).scores
        eligible = label == 0
        ks = [100, len(test)]
        rankers = {h: X[:, FEATURES.index(HEURISTICS[h])] for h in
                   ("common_neighbours", "adamic_adar", "payment_tie_share")}
        rankers["pair_model (half the patterns as labels)"] = model
        print(f"\nAMLSim {world.name}: {n} accounts, {len(patterns)} patterns of 2..50 flagged accounts, "
              f"{len(cand)} candidate pairs; judged on {len(test)} pairs of {len(patterns) // 2 + len(patterns) % 2} "
              f"patterns, of which {candidate_recall(codes, test)['pattern']:.3f} are candidates "
              f"({time.perf_counter() - start:.1f}s)")
        _print([f for name, s in rankers.items() for f in rank_figures(name, s, codes, eligible, test, ks)],
               ["pattern"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=2718, help="world seed (not one the tests use)")
    parser.add_argument("--share", type=float, default=0.5, help="share of the planted ties withheld")
    parser.add_argument("--model-seed", type=int, default=0)
    parser.add_argument("--sage-epochs", type=int, default=Settings().sage_epochs)
    parser.add_argument("--train-unknown-per-known", type=per_known_arg, default=Settings().train_unknown_per_known,
                        help="the sampled mode's unknown pairs per known one (the other mode fits on all)")
    parser.add_argument("--turns", type=int, default=1,
                        help="runs of each mode, taking turns (all, sampled, then sampled, all, ...)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each run's report, scores and features in this folder (default: removed)")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    parser.add_argument("--no-load", action="store_true", help="score what the LIANTU_NEO4J_URI server holds")
    parser.add_argument("--amlsim", type=Path, default=AMLSIM)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
          f"RAM; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {_load()}", flush=True)
    if not args.skip_synthetic:
        synthetic(args)
    if args.amlsim.exists():
        amlsim(args.amlsim)
    else:
        print(f"no AMLSim data at {args.amlsim} (pass --amlsim DIR)")


if __name__ == "__main__":
    main()
