"""Suspected links at scale: time `score_pairs` alone against an already-loaded server, no truth file needed.

Usage: LIANTU_NEO4J_URI=bolt://host:7687 LIANTU_NEO4J_PASSWORD=... \\
       .venv/bin/python -m benchmarks.bench_suspected_links_scale [--as-of 2024-12-31] [--sage-epochs 20]
       [--train-unknown-per-known 20 | all] [--json OUT] [--dump DIR] [--check-float32]

Scores the graph the configured server holds (LIANTU_NEO4J_URI and LIANTU_NEO4J_PASSWORD, or the local
server under LIANTU_HOME; liantu/config.py) as of `--as-of` (default: the date its data reach), in this
process, and prints the seconds of each phase of `score_pairs` (read, embed, candidates, features, link
predictor, XGBoost, with the reads and the pair-payment read apart), the wall time, the candidate and
known-pair counts, the size of the feature matrix, and the peak RSS of this process (Neo4j apart, it is
another process), also as it stood at the end of each phase, with the load average before and after:
the machine may be shared.

`--train-unknown-per-known all` fits on every unknown pair (the behaviour before sampling), so two runs
taking turns compare the two. `--dump DIR` writes the pair codes, labels, scores, sources and features
for benchmarks/eval_suspected_links.py, which runs this module once per mode in a process of its own
(so that each peak RSS is that mode's); `--check-float32` recomputes the features in float64 and compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import resource
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from graph.business_date import data_date
from graph.learning.asof import last_complete_month
from graph.learning.suspected_links import ScoredPairs, Settings, read_pay_detail, score_pairs
from graph.learning.suspected_links_features import pair_features
from graph.store import GraphStore
from liantu.config import get_settings
from synth.scales import AS_OF


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def peak_rss_gib() -> float:
    """This process's peak resident set (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


class PhaseRss(logging.Handler):
    """The peak RSS so far at the end of each phase, from score_pairs' "suspected links: <phase>" log
    lines: the peak only grows, so the phase where it jumps is the one that sets it."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.after: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "graph.learning.suspected_links" and record.args and isinstance(record.args, tuple):
            self.after[str(record.args[0])] = round(peak_rss_gib(), 3)


def per_known_arg(value: str) -> float | None:
    return None if value == "all" else float(value)


def float32_check(store: GraphStore, scored: ScoredPairs) -> dict[str, Any]:
    """The features again in float64 from the same inputs: is the float32 matrix exactly their rounding?"""
    detail = read_pay_detail(store, scored.inputs, scored.candidates, last_complete_month(scored.as_of))
    x64 = pair_features(scored.inputs, scored.candidates, detail, dtype=np.float64)
    same = np.array_equal(x64.astype(np.float32), scored.X, equal_nan=True)
    both = ~np.isnan(x64)
    rel = np.abs(x64[both] - scored.X[both]) / np.maximum(np.abs(x64[both]), 1e-300)
    return {"identical_after_rounding": bool(same), "max_relative_difference": float(rel.max(initial=0.0))}


def run(store: GraphStore, as_of: dt.date, settings: Settings, *, dump: Path | None = None,
        check_float32: bool = False) -> dict[str, Any]:
    before = load_average()
    phases = PhaseRss()
    logger = logging.getLogger("graph.learning.suspected_links")
    logger.addHandler(phases)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        scored = score_pairs(store, as_of, settings)
    finally:
        logger.removeHandler(phases)
    wall = time.perf_counter() - start
    report: dict[str, Any] = {
        "as_of": as_of.isoformat(), "train_unknown_per_known": settings.train_unknown_per_known,
        "sage_epochs": settings.sage_epochs, "enterprises": scored.inputs.n, "candidates": len(scored.candidates),
        "known": int(scored.known.sum()), "feature_matrix_gib": scored.X.nbytes / 2**30,
        "feature_dtype": str(scored.X.dtype), "wall_seconds": wall, "cpu_seconds": time.process_time() - cpu,
        "seconds": scored.seconds, "peak_rss_gib": peak_rss_gib(), "peak_rss_gib_after": phases.after,
        "load_before": before, "load_after": load_average(),
    }
    if check_float32:
        report["float32"] = float32_check(store, scored)
    if dump is not None:
        dump.mkdir(parents=True, exist_ok=True)
        n = scored.inputs.n
        np.savez(dump / "scores.npz", codes=scored.candidates.pairs[:, 0] * n + scored.candidates.pairs[:, 1],
                 sources=scored.candidates.sources, known=scored.known, label=scored.label,
                 link_predictor=scored.link_predictor, pair_model=scored.pair_model.scores,
                 combined=scored.combined.scores)
        np.save(dump / "X.npy", scored.X)
        (dump / "ids.json").write_text(json.dumps(scored.ids), encoding="utf-8")
    return report


def describe(report: dict[str, Any]) -> str:
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in report["seconds"].items())
    per_known = report["train_unknown_per_known"]
    return (f"train_unknown_per_known={'all' if per_known is None else per_known}: score_pairs "
            f"{report['wall_seconds']:.1f}s wall, {report['cpu_seconds']:.1f}s CPU of this process ({phases}); "
            f"{report['enterprises']} enterprises, {report['candidates']} candidate pairs, {report['known']} known; "
            f"features {report['feature_dtype']} {report['feature_matrix_gib']:.3f} GiB; peak RSS "
            f"{report['peak_rss_gib']:.2f} GiB (after each phase: "
            + ", ".join(f"{k} {v:.2f}" for k, v in report.get("peak_rss_gib_after", {}).items())
            + f"); load average {report['load_before']} before, "
            f"{report['load_after']} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="default: the date the server's data reach (else the synthetic worlds' date)")
    parser.add_argument("--sage-epochs", type=int, default=Settings().sage_epochs)
    parser.add_argument("--train-unknown-per-known", type=per_known_arg,
                        default=Settings().train_unknown_per_known, help="a number, or 'all' (fit on every pair)")
    parser.add_argument("--model-seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    parser.add_argument("--dump", type=Path, default=None, help="write scores and features here")
    parser.add_argument("--check-float32", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
          f"RAM; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {load_average()}", flush=True)
    settings = replace(Settings(), sage_epochs=args.sage_epochs, seed=args.model_seed,
                       train_unknown_per_known=args.train_unknown_per_known)
    store = GraphStore.from_settings(get_settings())
    try:
        as_of = args.as_of or data_date(store) or AS_OF
        report = run(store, as_of, settings, dump=args.dump, check_float32=args.check_float32)
    finally:
        store.close()
    print(describe(report), flush=True)
    if "float32" in report:
        print(f"float32 features: {report['float32']}")
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
