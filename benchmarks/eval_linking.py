"""Evaluate entity linking of document parties against the synthetic world's truth, and time the path.

    .venv/bin/python benchmarks/eval_linking.py [--scale tiny|small] [--seed 7] [--workers 1]

Generates (or reuses) the synthetic world, starts a private local Neo4j (unless LIANTU_NEO4J_URI is set),
loads the tables with `ingestion.loader.load_directory`, then runs the full `ingest_documents` path
(extract + link + load) over documents/ and compares every party mention with documents_truth.jsonl:
a mention is matched to a truth party by (role, name as written); a link is correct when its id equals
the truth's entity_id (USCC or person_id).

  precision  correct links / links made (resolved mentions)
  recall     correct links / truth party mentions (a mention the extractor missed counts as not linked)
  unresolved unresolved mentions / extracted mentions
Printed per party kind (E enterprise/institution, P person) and per match rule, with documents/s of the
whole extract + link + load path. The second run (a reload) must leave the graph fingerprint unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.connection import local_server  # noqa: E402
from graph.fingerprint import fingerprint  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from graph.server.manager import free_port  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from ingestion.documents import ingest_documents  # noqa: E402
from ingestion.loader import load_directory  # noqa: E402
from liantu.config import Settings  # noqa: E402
from liantu.ids import normalise_name  # noqa: E402
from nlp.linking import DocumentLinks  # noqa: E402
from nlp.models import PenaltyPartyFact  # noqa: E402
from synth import generate  # noqa: E402

PENALTY_TRUTH = (("institution", "party_institution", "party_institution_id", "E"),
                 ("individual", "party_person", "party_person_id", "P"),
                 ("responsible_person", "responsible_person", "responsible_person_id", "P"))


def truth_parties(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(role, normalised name, entity id, kind E/P) of every party the truth lists."""
    if doc["kind"].startswith("penalty"):
        if "parties" in doc:  # every party with its own role (institution, individual, responsible_person, unit)
            return [(p["role"], normalise_name(p["name"]), p["entity_id"], p["kind"]) for p in doc["parties"]]
        return [(role, normalise_name(doc[n]), doc[i], kind) for role, n, i, kind in PENALTY_TRUTH if doc.get(n)]
    found = [(p["role"], normalise_name(p["name"]), p["entity_id"], "E" if p["kind"] == "company" else "P")
             for p in doc["parties"]]
    # The 法定代表人 a court document states for a company party is linked too (role 法定代表人).
    found += [("法定代表人", normalise_name(p["legal_representative"]), p["legal_representative_id"], "P")
              for p in doc["parties"] if p.get("legal_representative") and p.get("legal_representative_id")]
    return found


def evaluate(linked: list[DocumentLinks], truth: dict[str, dict[str, Any]]) -> dict[str, Counter[str]]:
    stats: dict[str, Counter[str]] = {"E": Counter(), "P": Counter()}
    rules: Counter[str] = Counter()
    wrong: list[str] = []
    for doc in linked:
        source = Path(doc.extraction.source or "").name
        want = truth.get(source)
        if want is None:
            continue
        pool = Counter((role, name) for role, name, _, _ in truth_parties(want))
        ids = {(role, name): (eid, kind) for role, name, eid, kind in truth_parties(want)}
        sanctions = {(p["role"], normalise_name(p["name"])): (p.get("penalty_kinds") or [], p.get("fine"))
                     for p in want.get("parties") or [] if "penalty_kinds" in p and want["kind"].startswith("penalty")}
        for p in doc.parties:
            k = (p.role, normalise_name(p.link.name))
            s = stats[p.link.kind]
            s["extracted"] += 1
            if not p.link.resolved:
                s["unresolved"] += 1
            if pool[k] <= 0:
                s["not_in_truth"] += 1 if p.link.resolved else 0
                continue
            pool[k] -= 1
            sanction = sanctions.get(k)
            if sanction is not None and isinstance(p.fact, PenaltyPartyFact):
                # The party's own sanction, as the loader writes it on its PENALISED_IN link.
                rules["sanction:fine_ok" if (p.fact.fine.value if p.fact.fine else None) == sanction[1]
                      else "sanction:fine_wrong"] += 1
                rules["sanction:kinds_ok" if {x.value for x in p.fact.penalty_kinds} == set(sanction[0])
                      else "sanction:kinds_wrong"] += 1
            if p.link.resolved:
                s["links"] += 1
                ok = p.link.party_id == ids[k][0]
                s["correct"] += ok
                rules[f"{p.link.match_rule}:{'ok' if ok else 'wrong'}"] += 1
                if not ok:
                    wrong.append(f"{source} {p.role} {p.link.name}: {p.link.party_id} via {p.link.match_rule}, "
                                 f"truth {ids[k][0]}")
    for want in truth.values():
        for _role, _name, _eid, kind in truth_parties(want):
            stats[kind]["truth"] += 1
    stats["rules"] = rules
    for line in wrong[:10]:
        print("  wrong link:", line)
    return stats


def report(stats: dict[str, Counter[str]]) -> None:
    total: Counter[str] = stats["E"] + stats["P"]
    print(f"{'kind':<6}{'truth':>7}{'extracted':>10}{'links':>7}{'correct':>8}{'precision':>10}"
          f"{'recall':>8}{'unresolved':>11}")
    for label, s in (("E", stats["E"]), ("P", stats["P"]), ("all", total)):
        links = s["links"] + s["not_in_truth"]
        prec = s["correct"] / links if links else float("nan")
        rec = s["correct"] / s["truth"] if s["truth"] else float("nan")
        unres = s["unresolved"] / s["extracted"] if s["extracted"] else float("nan")
        print(f"{label:<6}{s['truth']:>7}{s['extracted']:>10}{links:>7}{s['correct']:>8}{prec:>10.3f}{rec:>8.3f}"
              f"{unres:>11.3f}")
    print("links by rule:", dict(sorted(stats["rules"].items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="tiny", choices=["tiny", "small", "medium"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "liantu-bench")
    args = parser.parse_args()

    data = args.data_root / f"synth-{args.scale}-{args.seed}"
    if not (data / "documents_truth.jsonl").exists():
        print(f"generating the {args.scale} world into {data} ...", flush=True)
        generate(args.scale, args.seed, data)
    truth = {Path(d["doc_file"]).name: d for d in map(json.loads, (data / "documents_truth.jsonl").open())}

    server = None
    if os.environ.get("LIANTU_NEO4J_URI"):
        settings = Settings()
    else:
        settings = Settings(home=Path(tempfile.mkdtemp(prefix="liantu-eval-")), neo4j_bolt_port=free_port(),
                            neo4j_heap="1g", neo4j_pagecache="512m")
        server = local_server(settings)
        server.start()
    try:
        store = GraphStore.from_settings(settings)
        store.run_in_transactions("admin/delete_all_data")
        apply_schema(store)
        start = time.perf_counter()
        load_directory(store, data)
        print(f"tables loaded in {time.perf_counter() - start:.1f} s")
        first = ingest_documents(store, [data / "documents"], workers=args.workers, keep_links=True)
        print(f"ingest: {first.files} files, {len(first.errors)} errors, {first.seconds:.1f} s, "
              f"{first.files / first.seconds:.1f} documents/s (extract + link + load, workers={args.workers})")
        before = fingerprint(store)
        again = ingest_documents(store, [data / "documents"], workers=args.workers)
        print(f"reload: {again.seconds:.1f} s, fingerprint unchanged: {fingerprint(store) == before}")
        report(evaluate(first.linked, truth))
        store.close()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
