"""Suspected links (疑似关系): every single heuristic, the link predictor, the XGBoost pair models and the
combined model, side by side in one run, judged on ties withheld from the input files; then AMLSim.

Usage: .venv/bin/python -m benchmarks.eval_suspected_links [--scale small] [--seed 2718] [--share 0.5]
       [--amlsim DIR] [--no-load] [--sage-epochs 20] [--skip-synthetic]

1. Generates the synthetic world with `suspected_share` (half of the planted ties withheld; seed 2718 is
   used by no test), loads it into a fresh local Neo4j (or the LIANTU_NEO4J_URI server; `--no-load`
   scores what that server already holds), and scores the graph as of the world's date
   (graph/learning/suspected_links.py `score_pairs`), printing the time of each phase and the peak RSS.
2. Ranks the candidate pairs the bank does not already know by each single heuristic, by the link
   predictor (GraphSAGE embeddings), by XGBoost on every pair feature (`xgb_all_features`, with the
   ownership by-products), by the product's pair model (`pair_model`: behavioural features and embedding
   similarity) and by the combined model (pair model + link predictor), and prints precision@K and
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
import resource
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import psutil
import scipy.sparse as sp

from benchmarks.world_server import world_store
from graph.learning.suspected_links import SCORING_INDEX, Settings, score_pairs
from graph.learning.suspected_links_candidates import PairInputs, generate_candidates
from graph.learning.suspected_links_eval import Figures, candidate_recall, rank_figures, truth_codes
from graph.learning.suspected_links_features import FEATURES, HEURISTICS, SCORING_FEATURES, pair_features
from graph.learning.suspected_links_models import fold_of, xgb_scores
from synth import generate
from synth.scales import AS_OF
from synth.suspected_links import TRUTH_FILE

AMLSIM = Path("../shared/data/transactions/amlsim_ibm")  # from the repository root, as the other AMLSim benchmarks


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def _peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _print(rows: list[Figures], kinds: list[str]) -> None:
    print(f"{'ranker':24s} {'K':>5s} {'P@K':>6s} {'recall':>7s}  " + " ".join(f"{k[:12]:>12s}" for k in kinds))
    for f in rows:
        print(f"{f.ranker:24s} {f.k:5d} {f.precision:6.3f} {f.recall:7.3f}  "
              + " ".join(f"{f.recall_by_kind.get(k, 0.0):12.3f}" for k in kinds))


def synthetic(args: argparse.Namespace) -> None:
    data = args.data_root / f"suspected-{args.scale}-{args.seed}-{args.share}"
    if not (data / TRUTH_FILE).exists():
        start = time.perf_counter()
        generate(args.scale, args.seed, data, suspected_share=args.share)
        print(f"generated the {args.scale} world (seed {args.seed}, share {args.share}) in "
              f"{time.perf_counter() - start:.1f}s", flush=True)
    truth = json.loads((data / TRUTH_FILE).read_text(encoding="utf-8"))
    external = bool(os.environ.get("LIANTU_NEO4J_URI"))
    with world_store(data, external=external, load=not args.no_load) as (store, _):
        start = time.perf_counter()
        scored = score_pairs(store, AS_OF, Settings(seed=args.model_seed, sage_epochs=args.sage_epochs))
        wall = time.perf_counter() - start
    n = scored.inputs.n
    codes = scored.candidates.pairs[:, 0] * n + scored.candidates.pairs[:, 1]
    hidden = truth_codes([(t["a"], t["b"], t["kind"]) for t in truth["ties"] if t["withheld"]], scored.ids)
    kinds = sorted(set(hidden.values()))
    print(f"\n{n} enterprises, {len(codes)} candidate pairs ({len(codes) / (n * (n - 1) / 2):.2e} of all pairs), "
          f"{int(scored.known.sum())} already known; {len(hidden)} withheld ties "
          + ", ".join(f"{k} {sum(1 for v in hidden.values() if v == k)}" for k in kinds))
    print("candidates by source: " + ", ".join(f"{s} {int(scored.candidates.from_source(s).sum())}"
                                               for s in ("phone", "address", "officer", "employee", "name",
                                                         "payment", "neighbour", "embedding")))
    print("withheld ties among the candidates: " + ", ".join(f"{k} {v:.3f}"
                                                             for k, v in candidate_recall(codes, hidden).items()))
    print(f"score_pairs {wall:.1f}s: " + ", ".join(f"{k} {v:.1f}s" for k, v in scored.seconds.items())
          + f"; peak RSS of this process {_peak_rss_gib():.2f} GiB; {_load()}", flush=True)

    start = time.perf_counter()
    fold = fold_of(codes, Settings().folds)
    xgb_all = xgb_scores(scored.X, scored.label, fold, FEATURES).scores
    print(f"(xgb_all_features fitted in {time.perf_counter() - start:.1f}s)")
    rankers: dict[str, np.ndarray] = {h: scored.column(c) for h, c in HEURISTICS.items()}
    rankers["link_predictor"] = scored.link_predictor
    rankers["xgb_all_features"] = xgb_all
    rankers["pair_model"] = scored.pair_model.scores
    rankers["combined"] = scored.combined.scores
    ks = [100, 200, len(hidden)]
    rows = [f for name, s in rankers.items() for f in rank_figures(name, s, codes, ~scored.known, hidden, ks)]
    print(f"\nRanking the {int((~scored.known).sum())} unknown candidate pairs (recall per kind at each K):")
    _print(rows, kinds)
    heuristics = set(HEURISTICS)
    for k in ks:
        best = max((f for f in rows if f.k == k and f.ranker in heuristics), key=lambda f: f.recall)
        comb = next(f for f in rows if f.k == k and f.ranker == "combined")
        ratio = comb.recall / best.recall if best.recall else float("inf")
        print(f"K={k}: combined P@K {comb.precision:.3f}, recall {comb.recall:.3f} = {ratio:.2f}x the best heuristic "
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
