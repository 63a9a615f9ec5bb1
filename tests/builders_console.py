"""The world the console's browser tests and benchmark run on: the tiny synthetic bank (seed 7) loaded
as a bank would load it, with its court cases and penalties, hub ranks and contact nodes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from graph.analytics.hubs import compute_hubs
from graph.analytics.paths import derive_contact_nodes
from graph.events import merge_court_cases, merge_documents, merge_penalties
from graph.store import GraphStore
from ingestion.loader import load_directory
from synth import generate
from tests.builders_risk import events_from_synth_truth

SEED = 7


@dataclass(frozen=True)
class ConsoleWorld:
    directory: Path
    as_of: str
    truth: dict[str, object]


def load_console_world(store: GraphStore, out: Path) -> ConsoleWorld:
    """Generate (into `out`) and load the tiny world with everything the console's pages read."""
    generate("tiny", SEED, out)
    load_directory(store, out)
    docs, cases, pens = events_from_synth_truth(out)
    merge_documents(store, docs)
    merge_court_cases(store, cases)
    merge_penalties(store, pens)
    compute_hubs(store)
    derive_contact_nodes(store)
    truth = json.loads((out / "ground_truth.json").read_text("utf-8"))
    return ConsoleWorld(directory=out, as_of=truth["calendar"]["as_of"], truth=truth)
