"""The side-by-side table: every lead scorer judged out of time on the same parties, against the oracle.

Train on window 1 (features as of D1, labels of (D1, D2] derived from the graph), test on window 2
(features as of D2, labels of (D2, D3] from the truth the caller passes in: the future, which the graph
does not hold). Rows of the table, per target:

* `chain_formula`: the hand-weighted chain-lead formula of graph/analytics/leads.py, bank-wide over the graph
  as loaded (which must end at D2), 0 for an enterprise no customer's chain reaches; only
  `become_customer_e` (the formula ranks non-customer enterprises);
* `xgb_tabular`, `xgb_graph`, `xgb_gnn`: XGBoost on tabular features, + graph features, + GNN embeddings;
* `gnn_end_to_end`: L2's PyG node classifier (graph/learning/gnn_classifier.py), when given;
* `oracle`: the true propensity the generator drew each label from, the ceiling.

Figures: AUC, PR-AUC, top-decile lift, Brier (probabilities only), on the parties of window 2's truth that
have features at D2. The truth is a mapping passed in (the graph layer never reads a generator's files).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from graph.analytics.leads import chain_leads
from graph.learning.dataset import TargetRows
from graph.learning.labels import TARGETS
from graph.learning.metrics import Scores, score_all
from graph.learning.training import FrameCache, GnnSpec, rows_at, train_target
from graph.learning.xgb import VARIANTS, XgbParams
from graph.store import GraphStore
from liantu.errors import InvalidInput

Truth = Mapping[str, Mapping[str, tuple[int, float]]]  # target -> party id -> (label, propensity)
# An extra scorer (the end-to-end GNN): (store, target, train_as_of, test_as_of, test ids) -> probabilities.
Scorer = Callable[[GraphStore, str, date, date, list[str]], np.ndarray]
MODELS = ("chain_formula", *VARIANTS, "gnn_end_to_end", "oracle", "observable_ceiling")


@dataclass
class Row:
    model: str
    figures: Scores | None
    train_seconds: float | None = None
    score_seconds: float | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.model}
        out.update(self.figures.as_dict() if self.figures else dict.fromkeys(
            ("n", "positives", "auc", "pr_auc", "top_decile_lift", "brier")))
        out["train_seconds"] = None if self.train_seconds is None else round(self.train_seconds, 2)
        out["score_seconds"] = None if self.score_seconds is None else round(self.score_seconds, 2)
        out["note"] = self.note
        return out


@dataclass
class TargetTable:
    target: str
    population: int  # parties in window 2's truth
    evaluated: int  # of which have features at D2 (the rows every model is judged on)
    rows: list[Row] = field(default_factory=list)

    def row(self, model: str) -> Row | None:
        return next((r for r in self.rows if r.model == model), None)

    def checks(self) -> dict[str, Any]:
        """The issue's targets, computed from the table (None where a figure is missing)."""
        def fig(model: str, name: str) -> float | None:
            r = self.row(model)
            return None if r is None or r.figures is None else getattr(r.figures, name)

        learned = [m for m in (*VARIANTS, "gnn_end_to_end") if fig(m, "auc") is not None]
        best = max(learned, key=lambda m: fig(m, "auc") or 0.0) if learned else None
        oracle_auc, oracle_lift = fig("oracle", "auc"), fig("oracle", "top_decile_lift")
        out: dict[str, Any] = {"best_model": best}
        if best is not None and oracle_auc is not None and oracle_lift:
            best_lift, best_auc = fig(best, "top_decile_lift"), fig(best, "auc")
            out["lift_share_of_oracle"] = None if best_lift is None else round(best_lift / oracle_lift, 4)
            out["auc_gap_to_oracle"] = None if best_auc is None else round(oracle_auc - best_auc, 4)
            out["lift_target_met"] = out["lift_share_of_oracle"] is not None and out["lift_share_of_oracle"] >= 0.9
            out["auc_target_met"] = out["auc_gap_to_oracle"] is not None and out["auc_gap_to_oracle"] <= 0.03
        seen_auc, seen_lift = fig("observable_ceiling", "auc"), fig("observable_ceiling", "top_decile_lift")
        if best is not None and seen_auc is not None and seen_lift:
            best_lift, best_auc = fig(best, "top_decile_lift"), fig(best, "auc")
            out["lift_share_of_observable"] = None if best_lift is None else round(best_lift / seen_lift, 4)
            out["auc_gap_to_observable"] = None if best_auc is None else round(seen_auc - best_auc, 4)
        tab, grp, gnn = fig("xgb_tabular", "auc"), fig("xgb_graph", "auc"), fig("xgb_gnn", "auc")
        top = max((a for a in (grp, gnn) if a is not None), default=None)
        if tab is not None and top is not None:
            out["graph_and_gnn_gain_over_tabular"] = round(top - tab, 4)
            out["graph_gain_target_met"] = top - tab >= 0.05
        if grp is not None and gnn is not None:
            out["gnn_gain_over_graph"] = round(gnn - grp, 4)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "population": self.population, "evaluated": self.evaluated,
                "rows": [r.as_dict() for r in self.rows], "checks": self.checks()}


@dataclass
class EvaluationTable:
    train_as_of: str
    test_as_of: str
    seed: int
    targets: list[TargetTable]

    def as_dict(self) -> dict[str, Any]:
        return {"train_as_of": self.train_as_of, "test_as_of": self.test_as_of, "seed": self.seed,
                "split": "out of time: train on features at train_as_of with the graph's labels of the 3 months "
                         "after it; test on features at test_as_of with the truth's labels of the 3 months after",
                "targets": [t.as_dict() for t in self.targets]}


def formula_scores(store: GraphStore, ids: Sequence[str], as_of: date, depth: int = 1) -> np.ndarray:
    """The chain-lead formula's score of each enterprise, bank-wide, 0 when no customer's chain reaches it.

    As the product ranks (graph/analytics/leads.py, scorer "formula", depth 1 as its default), over the graph
    as loaded, which must end at `as_of`. The circular-fund-flow check is off: it searches loops customer by
    customer (most of the time on tiny, hours on medium) and only removes a handful of partners, whose
    formula score then stays in the ranking.
    """
    leads = chain_leads(store, bank_wide=True, depth=depth, limit=10**9, include_flagged=True,
                        as_of=as_of.isoformat(), scorer="formula", check_loops=False)
    best = {lead.uscc: lead.score for lead in leads.leads}
    return np.array([best.get(i, 0.0) for i in ids], dtype=np.float64)


def end_to_end_scorer(seed: int = 0, epochs: int = 200) -> Scorer:
    """L2's PyG node classifier (GraphSAGE + logistic head, lead features as node inputs), trained on the
    graph at the training date with the graph's labels of the window after it, scoring the test date."""
    from graph.learning.gnn_classifier import fit_predict

    def score(store: GraphStore, target: str, train_as_of: date, test_as_of: date, ids: list[str]) -> np.ndarray:
        return np.asarray(fit_predict(store, target, train_as_of, test_as_of, ids, seed, epochs=epochs))

    return score


def _aligned(rows: TargetRows, truth: Mapping[str, tuple[int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mask of test rows with a truth label, labels, propensities) in the rows' order."""
    mask = np.array([i in truth for i in rows.ids], dtype=bool)
    kept = [truth[i] for i, k in zip(rows.ids, mask, strict=True) if k]
    y = np.array([float(lab) for lab, _ in kept])
    prop = np.array([float(p) for _, p in kept])
    return mask, y, prop


def evaluate(store: GraphStore, truth: Truth, *, train_as_of: date, test_as_of: date,
             targets: Sequence[str] = TARGETS, variants: Sequence[str] = tuple(VARIANTS), seed: int = 0,
             gnn: GnnSpec | None = None, formula: bool = True, end_to_end: Scorer | None = None,
             progress: Callable[[str], None] | None = None, observable: Truth | None = None) -> EvaluationTable:
    """`truth` labels the test window and gives the oracle; `observable` (same labels, the propensity without
    the generator's hidden noise) adds the ceiling of a model that knew every fact the world drew from."""
    if test_as_of <= train_as_of:
        raise InvalidInput(f"the test date {test_as_of} must come after the training date {train_as_of}")
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        raise InvalidInput(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    gnn = gnn or GnnSpec(seed=seed)
    params = XgbParams(seed=seed)
    cache = FrameCache()
    say = progress or (lambda _msg: None)
    tables = []
    for target in targets:
        if target not in truth:
            raise InvalidInput(f"the truth has no labels for {target}")
        t_truth = truth[target]
        base = rows_at(store, target, test_as_of, "xgb_tabular", None, cache)
        mask, y, prop = _aligned(base, t_truth)
        ids = [i for i, k in zip(base.ids, mask, strict=True) if k]
        table = TargetTable(target=target, population=len(t_truth), evaluated=len(ids))
        tables.append(table)
        if not ids or y.min() == y.max():
            table.rows.append(Row("oracle", None, note="fewer than two classes among the evaluated parties"))
            continue
        if formula and target == "become_customer_e":
            say(f"{target}: chain-lead formula")
            start = time.perf_counter()
            s = formula_scores(store, ids, test_as_of)
            table.rows.append(Row("chain_formula", score_all(y, s, is_probability=False),
                                  score_seconds=time.perf_counter() - start,
                                  note="not a probability: no Brier; 0 for enterprises no customer chain reaches"))
        for variant in variants:
            say(f"{target}: {variant}")
            trained = train_target(store, target, train_as_of, variant=variant, params=params, gnn=gnn, cache=cache)
            # Embeddings at D2 come from the encoder fitted on the D1 graph, as the model saw them.
            test = rows_at(store, target, test_as_of, variant, replace(gnn, encoder_as_of=train_as_of), cache)
            if test.ids != base.ids:
                raise InvalidInput(f"{variant}: the test rows of {target} differ from the tabular ones")
            start = time.perf_counter()
            p = trained.model.predict(test.X[mask])
            table.rows.append(Row(variant, score_all(y, p, is_probability=True),
                                  train_seconds=trained.model.fit_seconds,
                                  score_seconds=time.perf_counter() - start,
                                  note=f"{trained.model.rounds} trees, {trained.model.train_rows} training rows"))
        if end_to_end is not None:
            say(f"{target}: gnn_end_to_end")
            start = time.perf_counter()
            p = end_to_end(store, target, train_as_of, test_as_of, ids)
            absent = int(np.isnan(p).sum())
            # A party missing from the GNN's graph gets the median score rather than dropping out of the table.
            p = np.where(np.isnan(p), np.nanmedian(p) if absent < len(p) else 0.0, p)
            table.rows.append(Row("gnn_end_to_end", score_all(y, p, is_probability=True),
                                  train_seconds=time.perf_counter() - start,
                                  note=f"train + score; positives re-weighted in its loss; {absent} parties "
                                       "absent from its graph scored at the median"))
        table.rows.append(Row("oracle", score_all(y, prop, is_probability=True), note="true propensity"))
        if observable is not None and target in observable:
            _, y_seen, seen = _aligned(base, observable[target])
            table.rows.append(Row("observable_ceiling", score_all(y_seen, seen, is_probability=True),
                                  note="propensity without the hidden noise: the best a model of the facts can do"))
    return EvaluationTable(train_as_of=train_as_of.isoformat(), test_as_of=test_as_of.isoformat(), seed=seed,
                           targets=tables)


def format_table(table: EvaluationTable) -> str:
    """The table as fixed-width text, one block per target, with the checks under it."""
    lines = [f"out of time: train at {table.train_as_of} (labels of the next 3 months, from the graph), "
             f"test at {table.test_as_of} (labels from the truth); seed {table.seed}"]
    head = (f"{'model':<20}{'n':>8}{'pos':>7}{'AUC':>8}{'PR-AUC':>8}{'lift@10%':>10}{'Brier':>8}"
            f"{'train s':>9}{'score s':>9}")
    for t in table.targets:
        lines += ["", f"{t.target}: {t.evaluated:,} of {t.population:,} parties of the truth evaluated", head]
        for r in t.rows:
            f = r.figures
            lines.append(
                f"{r.model:<20}{_fmt(f.n if f else None, 'd'):>8}{_fmt(f.positives if f else None, 'd'):>7}"
                f"{_fmt(f.auc if f else None):>8}{_fmt(f.pr_auc if f else None):>8}"
                f"{_fmt(f.top_decile_lift if f else None, '.2f'):>10}{_fmt(f.brier if f else None, '.4f'):>8}"
                f"{_fmt(r.train_seconds, '.1f'):>9}{_fmt(r.score_seconds, '.2f'):>9}")
        c = t.checks()
        if "lift_share_of_oracle" in c:
            lines.append(f"best {c['best_model']}: lift {c['lift_share_of_oracle']:.0%} of the oracle's "
                         f"(target >= 90%), AUC {c['auc_gap_to_oracle']:+.3f} below it (target <= 0.03)")
        if c.get("lift_share_of_observable") is not None and c.get("auc_gap_to_observable") is not None:
            lines.append(f"against the observable ceiling: lift {c['lift_share_of_observable']:.0%} of it, "
                         f"AUC {c['auc_gap_to_observable']:+.3f} below it")
        if "graph_and_gnn_gain_over_tabular" in c:
            gnn_gain = c.get("gnn_gain_over_graph")
            lines.append(f"graph/GNN over tabular: {c['graph_and_gnn_gain_over_tabular']:+.3f} AUC (target >= 0.05)"
                         + (f"; GNN over graph: {gnn_gain:+.3f} AUC" if gnn_gain is not None else ""))
    return "\n".join(lines)


def _fmt(value: float | int | None, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)
