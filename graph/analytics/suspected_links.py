"""Suspected links (疑似关系) for risk officers: compute and store them, list them, and record reviews.

A suspected link is a statistical suggestion, never a fact: it is stored as its own relationship type
`SUSPECTED_LINK` (not HOLDS_SHARES, GUARANTEES or anything the path analytics read) and always carries
the label 疑似. Only once a reviewer confirms it does it join the group, related-party and control
answers, marked as a confirmed suspected link with who and when (graph/analytics/control.py
ConfirmedLink); a rejected or reopened link drops out of them again. Who and when of every decision are
stored, each is kept in `review_log`, and a decision can be reversed or reopened; confirmed and
rejected links survive recomputation and become the labels the next computation learns from. Each link
comes with its evidence: the shared phone or address block, the officers in common, the persons paid by
one and posted in the other, the payments both ways and their timing, and the features that drove the
score (XGBoost TreeSHAP contributions of the combined model).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from graph.learning.suspected_links_candidates import SOURCES, address_base
from graph.learning.suspected_links_features import FEATURES, KIND_RULE, KINDS, infer_kind
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound

if TYPE_CHECKING:  # the learning pipeline pulls in torch (seconds): imported where a computation runs
    from graph.learning.suspected_links import ScoredPairs, Settings

LABEL = "疑似"
STATUSES = ("suspected", "confirmed", "rejected")
Decision = Literal["confirm", "reject", "reopen"]
_STATUS_OF = {"confirm": "confirmed", "reject": "rejected", "reopen": "suspected"}
MODEL = "xgboost(pair features + GraphSAGE link predictor), cross-fitted, positive-unlabelled"


@dataclass
class Driver:
    feature: str
    value: float | None
    contribution: float


@dataclass
class Evidence:
    shared_phone: str | None = None
    shared_address: str | None = None
    shared_officers: list[str] = field(default_factory=list)  # person ids
    employee_links: list[str] = field(default_factory=list)  # person ids paid by one, posted in the other
    paid_a_to_b: float = 0.0
    paid_b_to_a: float = 0.0
    payment_months: int = 0
    payment_regularity: float | None = None  # share of gaps equal to the modal gap
    payment_gap_months: float | None = None
    embedding_cosine: float | None = None
    sources: list[str] = field(default_factory=list)  # which blocking keys proposed the pair
    kind_rule: str = KIND_RULE


@dataclass
class SuspectedLink:
    link_id: str
    a: str
    a_name: str | None
    b: str
    b_name: str | None
    kind: str
    score: float
    rank: int
    status: str
    label: str
    confirmed: bool
    link_predictor: float | None
    pair_model: float | None
    evidence: Evidence
    drivers: list[Driver]
    as_of: str | None
    model: str | None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_log: list[str] = field(default_factory=list)


@dataclass
class ComputeSummary:
    as_of: str
    run_id: str
    enterprises: int
    candidates: int
    known_pairs: int
    written: int
    deleted: int
    min_score: float
    by_kind: dict[str, int]
    by_source: dict[str, int]
    seconds: dict[str, float]
    label: str = LABEL


def link_key(a: str, b: str) -> tuple[str, str, str, str]:
    """(first, second, key, link_id): the pair in USCC order, its MERGE key and its short public id."""
    first, second = sorted((a, b))
    key = f"{first}|{second}"
    return first, second, key, "SL" + hashlib.sha256(key.encode()).hexdigest()[:14].upper()


def _nan_to_none(x: float) -> float | None:
    return None if x != x else round(float(x), 6)


def _rows(scored: ScoredPairs, min_score: float, limit: int, persons: list[str]) -> list[dict[str, Any]]:
    from graph.learning.suspected_links import COMBINED_COLUMNS

    inputs = scored.inputs
    score = scored.combined.scores
    unknown = np.flatnonzero(~scored.known & (score >= min_score))
    order = unknown[np.argsort(-score[unknown], kind="stable")][:limit]
    combined_x = scored.combined_X()
    contributions = scored.combined.contributions(combined_x, order.tolist())
    chosen = combined_x.rows(order)
    posts: dict[int, set[int]] = {}
    for person, company in inputs.officers:
        posts.setdefault(company, set()).add(person)
    paid_by = inputs.paid_by()
    employs: dict[int, set[int]] = {}
    for person, payers in paid_by.items():
        for payer in payers:
            employs.setdefault(payer, set()).add(person)
    totals = {(int(s), int(t)): float(w) for s, t, w in zip(inputs.pay_src, inputs.pay_dst, inputs.pay_total,
                                                            strict=True)}
    col = {name: k for k, name in enumerate(FEATURES)}
    out: list[dict[str, Any]] = []
    for rank, (r, contrib) in enumerate(zip(order.tolist(), contributions, strict=True), start=1):
        i, j = (int(v) for v in scored.candidates.pairs[r])
        first, second, key, link_id = link_key(inputs.ids[i], inputs.ids[j])
        if first != inputs.ids[i]:
            i, j = j, i
        x = scored.X[r]
        ev = Evidence()
        if inputs.phones[i] and inputs.phones[i] == inputs.phones[j]:
            ev.shared_phone = inputs.phones[i]
        base = address_base(inputs.addresses[i])
        if base and base == address_base(inputs.addresses[j]):
            ev.shared_address = base
        ev.shared_officers = sorted(persons[p] for p in posts.get(i, set()) & posts.get(j, set()))
        pi, pj = posts.get(i, set()), posts.get(j, set())
        ev.employee_links = sorted(persons[p] for p in ((employs.get(i, set()) - pi) & pj)
                                   | ((employs.get(j, set()) - pj) & pi))
        ev.paid_a_to_b = round(totals.get((i, j), 0.0), 2)
        ev.paid_b_to_a = round(totals.get((j, i), 0.0), 2)
        ev.payment_months = int(x[col["pay_months"]])
        ev.payment_regularity = _nan_to_none(x[col["pay_regular"]])
        ev.payment_gap_months = _nan_to_none(x[col["pay_modal_gap"]])
        ev.embedding_cosine = _nan_to_none(x[col["embedding_cosine"]])
        ev.sources = [s for s in SOURCES if scored.candidates.sources[r] & (1 << SOURCES.index(s))]
        values = chosen[rank - 1]
        top = np.argsort(-contrib[:-1], kind="stable")[:4]
        drivers = [f"{COMBINED_COLUMNS[k]}={_nan_to_none(values[k])}:{contrib[k]:+.3f}" for k in top if contrib[k] > 0]
        out.append({"key": key, "link_id": link_id, "a": first, "b": second, "kind": infer_kind(x),
                    "score": round(float(score[r]), 6), "rank": rank,
                    "link_predictor": round(float(scored.link_predictor[r]), 6),
                    "pair_model": round(float(scored.pair_model.scores[r]), 6),
                    "evidence": json.dumps(ev.__dict__, ensure_ascii=False), "drivers": drivers})
    return out


def data_date(store: GraphStore) -> date:
    rows = store.read("suspected_links/get_data_date")
    if not rows or not rows[0]["last_date"]:
        raise InvalidInput("the graph has no trade payments: load a dataset before computing suspected links")
    return date.fromisoformat(rows[0]["last_date"][:10])


def compute_suspected_links(store: GraphStore, as_of: date | None = None, *, min_score: float = 0.5,
                            limit: int = 1000, settings: Settings | None = None) -> ComputeSummary:
    """Score the graph as of `as_of` (default: the date the payments reach) and store the best unknown pairs;
    `settings` default: Settings(), what the benchmark measured."""
    from graph.learning.suspected_links import Settings, score_pairs

    if not 0.0 <= min_score <= 1.0:
        raise InvalidInput(f"min_score must be in [0, 1], not {min_score}")
    if limit < 1:
        raise InvalidInput(f"limit must be a positive integer, not {limit}")
    day = as_of or data_date(store)
    scored = score_pairs(store, day, settings or Settings())
    persons = [r["person_id"] for r in store.read("learning/read_persons")]
    rows = _rows(scored, min_score, limit, persons)
    run_id = uuid.uuid4().hex[:16]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    store.write_rows("suspected_links/merge_links", rows, batch_size=1000,
                     extra={"run_id": run_id, "as_of": day.isoformat(), "computed_at": now, "model": MODEL})
    deleted = store.write("suspected_links/delete_stale_links", {"run_id": run_id}).counters["relationships_deleted"]
    by_kind = {k: sum(1 for r in rows if r["kind"] == k) for k in KINDS}
    by_source = {s: int(scored.candidates.from_source(s).sum()) for s in SOURCES}
    return ComputeSummary(as_of=day.isoformat(), run_id=run_id, enterprises=scored.inputs.n,
                          candidates=len(scored.candidates), known_pairs=int(scored.known.sum()), written=len(rows),
                          deleted=deleted, min_score=min_score, by_kind=by_kind, by_source=by_source,
                          seconds={k: round(v, 2) for k, v in scored.seconds.items()})


def _link(row: Row) -> SuspectedLink:
    evidence = Evidence(**json.loads(row["evidence"])) if row["evidence"] else Evidence()
    drivers = []
    for text in row["drivers"] or []:
        name_value, _, contribution = text.rpartition(":")
        name, _, value = name_value.partition("=")
        drivers.append(Driver(name, None if value == "None" else float(value), float(contribution)))
    return SuspectedLink(
        link_id=row["link_id"], a=row["a"], a_name=row["a_name"], b=row["b"], b_name=row["b_name"], kind=row["kind"],
        score=float(row["score"]), rank=int(row["rank"]), status=row["status"], label=LABEL,
        confirmed=row["status"] == "confirmed", link_predictor=row["link_predictor"], pair_model=row["pair_model"],
        evidence=evidence, drivers=drivers, as_of=row["as_of"], model=row["model"], reviewed_by=row["reviewed_by"],
        reviewed_at=row["reviewed_at"], review_log=list(row["review_log"] or []))


def list_suspected_links(store: GraphStore, *, kind: str | None = None, min_score: float = 0.0,
                         status: str | None = None, limit: int = 100) -> list[SuspectedLink]:
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if not 0.0 <= min_score <= 1.0:
        raise InvalidInput(f"min_score must be in [0, 1], not {min_score}")
    rows = store.read("suspected_links/list_links", {"kind": kind, "min_score": min_score, "status": status,
                                                     "limit": limit})
    return [_link(r) for r in rows]


def enterprise_suspected_links(store: GraphStore, uscc: str, *, limit: int = 100) -> list[SuspectedLink]:
    if not store.read("suspected_links/get_enterprise", {"uscc": uscc}):
        raise NotFound(f"no enterprise with USCC {uscc}")
    return [_link(r) for r in store.read("suspected_links/get_enterprise_links", {"uscc": uscc, "limit": limit})]


def get_link(store: GraphStore, link_id: str) -> SuspectedLink:
    rows = store.read("suspected_links/get_link", {"link_id": link_id})
    if not rows:
        raise NotFound(f"no suspected link with id {link_id}")
    return _link(rows[0])


def review_link(store: GraphStore, link_id: str, decision: Decision, *, by: str, note: str | None = None,
                at: datetime | None = None) -> SuspectedLink:
    """Confirm, reject or reopen a link; who and when are stored and the decision is appended to its log."""
    if decision not in _STATUS_OF:
        raise InvalidInput(f"decision must be one of {', '.join(_STATUS_OF)}, not {decision!r}")
    if not by.strip():
        raise InvalidInput("a review needs the reviewer's name (by)")
    when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    entry = f"{when}|{by}|{decision}|{note or ''}"
    rows = store.write_rows("suspected_links/review_link", [{
        "link_id": link_id, "status": _STATUS_OF[decision], "by": by, "at": when, "entry": entry}]).records
    if not rows:
        raise NotFound(f"no suspected link with id {link_id}")
    return get_link(store, link_id)
