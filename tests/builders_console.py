"""The console's browser tests and benchmark: the world they run on (the tiny synthetic bank, seed 7, loaded
as a bank would load it, with its court cases and penalties, hub ranks and contact nodes), the live API
server and the browser."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import BrowserContext, sync_playwright

from graph.analytics.hubs import compute_hubs
from graph.analytics.paths import derive_contact_nodes
from graph.documents_text import TextRecord, store_texts
from graph.events import merge_court_cases, merge_documents, merge_penalties
from graph.server.manager import free_port
from graph.store import GraphStore
from ingestion.documents import extraction_spans
from ingestion.loader import load_directory
from nlp.decoding import read_document
from nlp.extract import extract_text
from synth import generate
from tests.builders_risk import events_from_synth_truth

SEED = 7


@dataclass(frozen=True)
class ConsoleWorld:
    directory: Path
    as_of: str
    truth: dict[str, Any]


def load_console_world(store: GraphStore, out: Path) -> ConsoleWorld:
    """Generate (into `out`) and load the tiny world with everything the console's pages read."""
    generate("tiny", SEED, out)
    load_directory(store, out)
    docs, cases, pens = events_from_synth_truth(out)
    merge_documents(store, docs)
    merge_court_cases(store, cases)
    merge_penalties(store, pens)
    # The documents' text with the extractor's own spans, as `liantu ingest-documents` keeps them (the
    # cases and penalties above come from the world's truth, so every party links as planted).
    texts = []
    for doc in docs:
        text = read_document(out / str(doc.source))
        found = extract_text(text, source=str(doc.source))
        if found.doc_id == doc.sha256:
            texts.append(TextRecord(doc.sha256, text, extraction_spans(found)))
    store_texts(store, texts)
    compute_hubs(store)
    derive_contact_nodes(store)
    truth = json.loads((out / "ground_truth.json").read_text("utf-8"))
    return ConsoleWorld(directory=out, as_of=truth["calendar"]["as_of"], truth=truth)


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yield its base URL, stop at exit."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="console-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start for the console tests")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


# Debian's chromium, never a browser Playwright downloads; flags keep it from calling any outside host.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-default-apps", "--disable-sync", "--no-default-browser-check"]


@contextmanager
def chromium(user_data_dir: Path, *, width: int = 1360, height: int = 860) -> Iterator[BrowserContext]:
    """A headless chromium with a fresh profile in `user_data_dir`."""
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True)
        try:
            yield context
        finally:
            context.close()
