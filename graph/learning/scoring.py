"""Score a target's whole population with a stored model and write the scores onto the graph.

For every party in the target's population on the scoring date: the model's probability, the model
version, and the top reasons as sentences (graph/learning/explain.py), written as
`score_<target>`, `score_<target>_model`, `score_<target>_reasons`, `score_<target>_as_of` on the
Enterprise or Person node, in UNWIND batches (cypher/learning/write_scores_*.cypher). A party that carried
a score of this target but is no longer in the population (it became a customer, it crossed the threshold)
has those properties removed, so a lead list never shows a stale score. Before anything is written, the
data's feature columns are checked against the model card; a mismatch stops the run with the differences.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from graph.learning.explain import Reason, explain_rows
from graph.learning.labels import TARGETS, kind_of
from graph.learning.registry import ModelCard, Registry, check_schema
from graph.learning.training import FrameCache, GnnSpec, rows_at
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound

WRITE = {"E": "learning/write_scores_enterprise", "P": "learning/write_scores_person"}
READ_SCORED = {"E": "learning/read_scored_enterprises", "P": "learning/read_scored_persons"}


def property_names(target: str) -> dict[str, str]:
    if target not in TARGETS:  # property names are built from this allow-list only
        raise InvalidInput(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    base = f"score_{target}"
    return {"score": base, "model": f"{base}_model", "reasons": f"{base}_reasons", "as_of": f"{base}_as_of"}


def read_scores(store: GraphStore, target: str) -> list[Row]:
    """Every party carrying a score of `target`: id, score, model, reasons, as_of."""
    return store.read(READ_SCORED[kind_of(target)], property_names(target))


@dataclass
class ScoredParty:
    id: str
    customer_no: str | None
    rm_id: str | None
    score: float
    reasons: list[Reason]


@dataclass
class ScoreReport:
    target: str
    version: str
    as_of: str
    scored: int
    cleared: int
    read_seconds: float
    predict_seconds: float
    write_seconds: float
    top: list[ScoredParty] = field(default_factory=list)


def resolve_card(registry: Registry, target: str, version: str | None) -> ModelCard:
    if version is None:
        card = registry.promoted(target)
        if card is None:
            raise NotFound(f"no promoted model for {target}: train one (`liantu model train --target {target}`) "
                           "and promote it (`liantu model promote VERSION`), or name a version")
        return card
    card = registry.card(version)
    if card.target != target:
        raise InvalidInput(f"model {version} is a {card.target} model, not {target}")
    return card


def score_target(store: GraphStore, registry: Registry, target: str, as_of: date, *, version: str | None = None,
                 top: int = 3, show: int = 10, cache: FrameCache | None = None) -> ScoreReport:
    """Score every party of the target's population on `as_of` and write the scores back."""
    kind = kind_of(target)
    card = resolve_card(registry, target, version)
    _, model = registry.load(card.version)
    start = time.perf_counter()
    gnn = GnnSpec.from_dict(card.data["embeddings"]) if "embeddings" in card.data else None
    rows = rows_at(store, target, as_of, card.variant, gnn, cache)
    check_schema(card, rows.columns)
    read_s = time.perf_counter() - start

    start = time.perf_counter()
    p = model.predict(rows.X)
    reasons = explain_rows(model.contributions(rows.X), rows.X, rows.columns, rows.frame.raw, kind=kind, top=top)
    predict_s = time.perf_counter() - start

    start = time.perf_counter()
    names = property_names(target)
    payload: list[Row] = [
        {"id": pid, "props": {names["score"]: round(float(s), 6), names["model"]: card.version,
                              names["reasons"]: [r.text for r in why], names["as_of"]: as_of.isoformat()}}
        for pid, s, why in zip(rows.ids, p, reasons, strict=True)]
    scored_now = set(rows.ids)
    stale = [r["id"] for r in read_scores(store, target) if r["id"] not in scored_now]
    payload += [{"id": pid, "props": dict.fromkeys(names.values())} for pid in stale]
    store.write_rows(WRITE[kind], payload)
    write_s = time.perf_counter() - start

    order = np.argsort(-p, kind="stable")[:show]
    best = [ScoredParty(id=rows.ids[i], customer_no=rows.frame.customer_no[i], rm_id=rows.frame.rm_id[i],
                        score=float(p[i]), reasons=reasons[i]) for i in order]
    return ScoreReport(target=target, version=card.version, as_of=as_of.isoformat(), scored=len(rows.ids),
                       cleared=len(stale), read_seconds=read_s, predict_seconds=predict_s, write_seconds=write_s,
                       top=best)
