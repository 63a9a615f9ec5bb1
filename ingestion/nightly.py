"""The nightly run: load one business day's delta through the transactional path, bring up to date
everything that depends on it, and say what changed.

Steps, each timed (`NightlyReport.seconds`):
1. the delta's tables through `load_directory` (validated, reconciled, idempotent): registry updates,
   new registrations, opened and closed shareholdings, the day's payments. The loader refreshes the PAID
   aggregate and the payment totals of the touched pairs only, which is the incremental part that
   matters: a full recompute of 20M payments would not fit a night on two cores;
2. the delta's documents (court judgments, penalty decisions) through `ingest_documents`;
3. hub scores (weighted PageRank over the PAID projection), a whole-graph pass: a partial PageRank would
   drift from the full one;
4. risk diffusion, walked from the parties with negative events (graph/analytics/risk.py);
5. the trade windows the tags and the alert rules read, in one pass over the year's payments (each read
   on its own was a pass of a minute on the large world);
6. tags as of the new business date, and the tags of older dates pruned (`prune_tags`: the last five
   weeks and each month's last date are kept);
7. alerts between the previous business date and the new one (`run_alerts`).
Lead scores are not stored: a lead list is scored when it is asked for, from the hub, risk and tag
values refreshed above, so nothing more is needed for them.
A run can be repeated: every write is idempotent and alerts are keyed by what they saw.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.analytics import alerts as alert_rules
from graph.analytics import tags as tag_rules
from graph.analytics.alerts import run_alerts
from graph.analytics.hubs import compute_hubs, ranked_hubs
from graph.analytics.risk import compute_diffusion
from graph.analytics.tags import compute_tags, prune_tags
from graph.analytics.trade_windows import Window, read_trade_windows
from graph.business_date import business_date
from graph.store import GraphStore
from ingestion.documents import ingest_documents
from ingestion.loader import FileReport, load_directory
from liantu.errors import InvalidInput

StepFn = Callable[[str], None]
TOP = 10


@dataclass
class NightlyReport:
    delta: str
    business_date_before: str | None = None
    business_date_after: str | None = None
    files: list[FileReport] = field(default_factory=list)
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    hubs_entered: list[tuple[str, str]] = field(default_factory=list)  # (uscc, name) new in the top 10
    hubs_left: list[tuple[str, str]] = field(default_factory=list)
    hub_nodes: int = 0
    risk_seeds: int = 0
    risk_written: int = 0
    tags: dict[str, int] = field(default_factory=dict)
    tag_dates_pruned: list[str] = field(default_factory=list)
    alerts_found: dict[str, int] = field(default_factory=dict)
    alerts_raised: int = 0
    alert_examples: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    alert_seconds: dict[str, float] = field(default_factory=dict)  # within the "alerts" step, per rule
    tag_seconds: dict[str, float] = field(default_factory=dict)  # within the "tags" step, per part

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    @property
    def counts_changed(self) -> dict[str, int]:
        return {k: self.counts_after.get(k, 0) - v for k, v in self.counts_before.items()
                if self.counts_after.get(k, 0) != v}


@contextmanager
def _timed(report: NightlyReport, step: str, on_step: StepFn | None) -> Iterator[None]:
    if on_step is not None:
        on_step(step)
    start = time.perf_counter()
    try:
        yield
    finally:
        report.seconds[step] = time.perf_counter() - start


def run_nightly(store: GraphStore, delta: Path, *, on_step: StepFn | None = None,
                progress: Callable[[str, int], None] | None = None) -> NightlyReport:
    """Load the delta in `delta` and refresh what depends on it (see the module doc)."""
    delta = Path(delta)
    if not delta.is_dir():
        raise InvalidInput(f"{delta}: not a directory (a delta written by `liantu synth-delta` or a bank's "
                           "extract of one day, in the formats of docs/data-formats.md)")
    report = NightlyReport(delta=str(delta))
    report.business_date_before = business_date(store) if _has_load(store) else None
    report.counts_before = store.read("admin/graph_counts")[0]
    top_before = {h.uscc: h.name for h in ranked_hubs(store, "pagerank", TOP)}

    with _timed(report, "load the delta's tables", on_step):
        loaded = load_directory(store, delta, progress=progress)
    report.files = loaded.files
    docs = delta / "documents"
    if docs.is_dir():
        with _timed(report, "extract, link and load documents", on_step):
            ingested = ingest_documents(store, [docs])
        report.documents = {"files": ingested.files, "documents": ingested.documents,
                            "court_cases": ingested.court_cases, "penalties": ingested.penalties,
                            "links": ingested.links, "unresolved": ingested.unresolved,
                            "errors": len(ingested.errors)}
    report.business_date_after = loaded.business_date

    with _timed(report, "hub scores (PageRank)", on_step):
        report.hub_nodes = compute_hubs(store).written
    top_after = {h.uscc: h.name for h in ranked_hubs(store, "pagerank", TOP)}
    report.hubs_entered = [(u, n) for u, n in top_after.items() if u not in top_before]
    report.hubs_left = [(u, n) for u, n in top_before.items() if u not in top_after]

    with _timed(report, "risk diffusion", on_step):
        run = compute_diffusion(store)
        report.risk_seeds, report.risk_written = run.seeds, run.written
    before, after = report.business_date_before, report.business_date_after
    # Alerts compare the previous business date with the new one, when the night moved it forward.
    since = before if before and after and before < after else None
    windows: dict[str, Window] = {}
    if after:
        windows |= tag_rules.trade_windows(date.fromisoformat(after))
    if since and after:
        windows |= alert_rules.trade_windows(date.fromisoformat(since), date.fromisoformat(after))
    trade = None
    if windows:
        with _timed(report, "trade windows (tags and alerts)", on_step):
            trade = read_trade_windows(store, windows)
    with _timed(report, "tags", on_step):
        tag_run = compute_tags(store, after, trade=trade)
        report.tags, report.tag_seconds = dict(tag_run.counts), tag_run.seconds
    with _timed(report, "prune old tags", on_step):
        report.tag_dates_pruned = prune_tags(store, after).dates_deleted
    if since and after:
        with _timed(report, "alerts", on_step):
            alerts = run_alerts(store, since, after, trade=trade)
        report.alerts_found = dict(alerts.found)
        report.alerts_raised = alerts.raised
        report.alert_seconds = alerts.seconds
        report.alert_examples = [{"rule": a.rule, "uscc": a.uscc, "name": a.name, "severity": a.severity,
                                  "title": a.title, "recipient": a.rm_id or a.recipient}
                                 for a in alerts.alerts[:20]]
    report.counts_after = store.read("admin/graph_counts")[0]
    return report


def _has_load(store: GraphStore) -> bool:
    return bool(store.read("admin/graph_counts")[0].get("enterprises"))
