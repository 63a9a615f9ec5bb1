"""Recall and precision of planted cycles on the IBM AMLSim sample graphs (Apache-2.0, synthetic).

Usage: .venv/bin/python -m benchmarks.eval_cycles_amlsim [DATA_DIR]
(default ../shared/data/transactions/amlsim_ibm relative to the repository).

The sample keeps no cycle ids, only `isFraud` per account, so the planted cycles are reconstructed:
AMLSim gives every account one constant amount for its normal payments, and each planted cycle moves
one amount of its own around its members. A planted txn is therefore a fraud -> fraud txn whose amount
is not the payer's usual (modal) amount to normal accounts; grouping planted txns by amount gives the planted patterns,
and the simple cycles inside those groups are the gold cycles that the txns actually realise. Most of
the 200 planted cycles never close in the data (members whose `fraudStep` is -1 never sent their hop
before the simulation ended); the script prints how many do.

Two detectors, the same functions the analytics use on their projections:
1. graph.analytics.guarantees.find_cycles: strongly connected components + bounded simple cycles, on
   the plain payer -> payee graph (the guarantee-circle method). Background payments make one giant
   component, so the cap is hit; the figures show why money needs the amount and time rules.
2. graph.analytics.fund_flows.return_paths from every account as core, with the amount carried on
   (each hop within 1% of the previous) and all hops within the 150-step window; once in the product's
   time-respecting mode and once without the ordering (AMLSim fires a cycle's hops in random order).
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from graph.analytics.fund_flows import Txn, TxnIndex, return_paths
from graph.analytics.guarantees import GuaranteeEdge, find_cycles

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "transactions" / "amlsim_ibm"
GRAPHS = ("20K_cycle200", "20K_fanin200cycle200", "20K_fanin200")
DAY0 = date(2017, 1, 1)
Cycle = tuple[str, ...]


def canonical(members: list[str]) -> Cycle:
    k = members.index(min(members))
    return tuple(members[k:] + members[:k])


def load(folder: Path) -> tuple[dict[str, int], list[Txn]]:
    with (folder / "nodes.csv").open(encoding="utf-8-sig") as fh:
        fraud = {r["nodeid"]: int(r["fraudStep"]) for r in csv.DictReader(fh) if r["isFraud"].strip() == "1"}
    with (folder / "transactions.csv").open(encoding="utf-8-sig") as fh:
        txns = [Txn(f"T{i}", r["sourceNodeId"], r["targetNodeId"], float(r["value"]),
                    DAY0 + timedelta(days=int(r["time"])))
                for i, r in enumerate(csv.DictReader(fh))]
    return fraud, txns


def gold_cycles(fraud: dict[str, int], txns: list[Txn]) -> set[Cycle]:
    # The usual amount is read from payments to normal accounts only: a planted hop is often repeated
    # several times in the same step and would otherwise outvote a quiet account's normal payments.
    usual: dict[str, Counter[float]] = defaultdict(Counter)
    for t in txns:
        if t.payee not in fraud:
            usual[t.payer][t.amount] += 1
    modal = {k: c.most_common(1)[0][0] for k, c in usual.items()}
    groups: dict[float, nx.DiGraph] = defaultdict(nx.DiGraph)
    for t in txns:
        if t.payer in fraud and t.payee in fraud and t.amount != modal.get(t.payer):
            groups[t.amount].add_edge(t.payer, t.payee)
    return {canonical(c) for g in groups.values() for c in nx.simple_cycles(g) if len(c) >= 2}


def score(name: str, found: set[Cycle], gold: set[Cycle], seconds: float, note: str = "") -> None:
    hits = found & gold
    recall = len(hits) / len(gold) if gold else float("nan")
    precision = len(hits) / len(found) if found else float("nan")
    print(f"  {name:<44} found {len(found):>7}  gold hit {len(hits):>3}/{len(gold):<3} "
          f"recall {recall:.3f}  precision {precision:.3f}  {seconds:6.1f}s {note}", flush=True)


def evaluate(folder: Path) -> None:
    fraud, txns = load(folder)
    gold = gold_cycles(fraud, txns)
    never = sum(1 for s in fraud.values() if s == -1)
    lengths = sorted(Counter(map(len, gold)).items())
    print(f"{folder.name}: {len(txns):,} txns, {len(fraud)} fraud accounts ({never} never sent a planted hop); "
          f"{len(gold)} planted cycles realised in the txns (lengths {lengths})", flush=True)
    if not gold:
        print("  no realised cycle to find (fan-in only); detectors below measure false alarms")

    started = time.perf_counter()
    pairs = sorted({(t.payer, t.payee) for t in txns})
    components, truncated = find_cycles([GuaranteeEdge(a, b, 0.0, ()) for a, b in pairs], max_length=6,
                                        max_cycles=200_000)
    structural = {canonical(c) for comp in components for c in comp}
    score("SCC + bounded cycles (guarantee method)", structural, gold, time.perf_counter() - started,
          "(cap hit: truncated)" if truncated else "")

    index = TxnIndex(txns)
    for ordered in (True, False):
        started = time.perf_counter()
        found: set[Cycle] = set()
        capped = 0
        for core in sorted(index.out):
            paths, cut = return_paths(index, core, {core}, max_hops=10, window_days=150, time_respecting=ordered,
                                      hop_tolerance=0.01, max_paths=1_000, prune=False)
            capped += cut
            found.update(canonical([t.payer for t in p]) for p in paths)
        label = "time-respecting" if ordered else "any order within window"
        score(f"fund-loop search, amount carried, {label}", found, gold, time.perf_counter() - started,
              f"({capped} cores hit the path cap)" if capped else "")


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not root.is_dir():
        print(f"AMLSim sample not found at {root}: nothing to evaluate (it lives in ../shared/data)")
        return 0
    for name in GRAPHS:
        if (root / name / "transactions.csv").is_file():
            evaluate(root / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
