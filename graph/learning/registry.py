"""Model versions on disk, each with its model card, and the one promoted version per target.

Layout under `LIANTU_HOME/models` (a registry can be rooted anywhere, e.g. a test's temp dir):

    <target>/<target>-v0001/model.ubj   the booster (XGBoost's universal binary JSON)
    <target>/<target>-v0001/card.json   the model card
    <target>/promoted.json              {"version": ..., "promoted_at": ...}

The card says what a reader needs to trust or reproduce the model: the data window (features as of, label
window), the data fingerprint (of the graph, `graph.fingerprint`, and of the exact feature matrix), the
feature columns in order, the hyper-parameters and number of trees, the metrics, and library versions.
Scoring checks the columns of the data against the card (`check_schema`) and stops with the differences
named, rather than feeding a model columns it was not trained on.
"""

from __future__ import annotations

import json
import os
import platform
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import xgboost

from graph.learning.labels import TARGETS, kind_of
from graph.learning.xgb import TrainedModel, XgbParams, booster_from_bytes, to_bytes
from liantu.errors import InvalidInput, NotFound

CARD_SCHEMA = 1
_VERSION = re.compile(r"^(?P<target>[a-z_]+)-v(?P<n>\d{4})$")


class FeatureSchemaMismatch(InvalidInput):
    """The data's feature columns are not the ones the model was trained on."""

    code = "feature_schema_mismatch"


def library_versions() -> dict[str, str]:
    # The modules' own versions: the xgboost module may come from the `xgboost` or the `xgboost-cpu` wheel.
    versions = {"python": platform.python_version(), "xgboost": xgboost.__version__, "numpy": np.__version__}
    for dist in ("xgboost-cpu", "torch", "torch-geometric", "neo4j", "liantu"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return versions


@dataclass(frozen=True)
class ModelCard:
    data: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def target(self) -> str:
        return str(self.data["target"])

    @property
    def columns(self) -> list[str]:
        return list(self.data["features"])

    @property
    def variant(self) -> str:
        return str(self.data["variant"])


def check_schema(card: ModelCard, columns: list[str]) -> None:
    """Stop when the data's columns differ from the model's, naming what is missing, extra or reordered."""
    expected = card.columns
    if columns == expected:
        return
    missing = [c for c in expected if c not in columns]
    extra = [c for c in columns if c not in expected]
    parts = []
    if missing:
        parts.append(f"missing {len(missing)}: {', '.join(missing[:8])}{' ...' if len(missing) > 8 else ''}")
    if extra:
        parts.append(f"unexpected {len(extra)}: {', '.join(extra[:8])}{' ...' if len(extra) > 8 else ''}")
    if not parts:
        first = next(i for i, (a, b) in enumerate(zip(expected, columns, strict=True)) if a != b)
        parts.append(f"same columns in another order (first difference at position {first}: "
                     f"model {expected[first]!r}, data {columns[first]!r})")
    raise FeatureSchemaMismatch(f"model {card.version} was trained on {len(expected)} feature columns, the data has "
                                f"{len(columns)}; " + "; ".join(parts) + ". Retrain the model on the current features.")


class Registry:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _target_dir(self, target_name: str) -> Path:
        kind_of(target_name)  # a known target, so a name can never walk out of the registry
        return self.root / target_name

    def save(self, model: TrainedModel, card_fields: dict[str, Any]) -> ModelCard:
        """Store a new version; the card gets the version, creation time, columns, parameters and libraries."""
        name = str(card_fields["target"])
        tdir = self._target_dir(name)
        tdir.mkdir(parents=True, exist_ok=True)
        n = 1 + max((int(m["n"]) for p in tdir.iterdir() if (m := _VERSION.match(p.name))), default=0)
        while True:
            version = f"{name}-v{n:04d}"
            try:
                (tdir / version).mkdir()  # exclusive: two trainings at once get two versions
                break
            except FileExistsError:
                n += 1
        vdir = tdir / version
        (vdir / "model.ubj").write_bytes(to_bytes(model))
        card = {
            "card_schema": CARD_SCHEMA, "version": version, **card_fields,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "features": model.columns, "hyper_parameters": model.params.as_dict(), "trees": model.rounds,
            "training": {"rows": model.train_rows, "positives": model.train_positives,
                         "holdout_logloss": model.valid_logloss, "holdout": model.holdout,
                         "fit_seconds": round(model.fit_seconds, 3), "notes": model.notes},
            "library_versions": library_versions(),
        }
        (vdir / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
        return ModelCard(card)

    def card(self, version: str) -> ModelCard:
        m = _VERSION.match(version)
        if m is None or m["target"] not in TARGETS:
            raise NotFound(f"no model version {version!r} (versions look like become_customer_e-v0001)")
        path = self._target_dir(m["target"]) / version / "card.json"
        if not path.exists():
            raise NotFound(f"no model version {version} under {self.root}")
        return ModelCard(json.loads(path.read_text(encoding="utf-8")))

    def load(self, version: str) -> tuple[ModelCard, TrainedModel]:
        card = self.card(version)
        vdir = self._target_dir(card.target) / version
        params = XgbParams(**card.data["hyper_parameters"])
        booster = booster_from_bytes((vdir / "model.ubj").read_bytes(), params.nthread)
        training = card.data.get("training", {})
        model = TrainedModel(booster=booster, columns=card.columns, rounds=int(card.data["trees"]), params=params,
                             train_rows=int(training.get("rows", 0)),
                             train_positives=int(training.get("positives", 0)),
                             valid_logloss=training.get("holdout_logloss"), fit_seconds=0.0)
        return card, model

    def versions(self, target_name: str | None = None) -> list[ModelCard]:
        names = [target_name] if target_name else list(TARGETS)
        cards = []
        for name in names:
            tdir = self._target_dir(name)
            if tdir.is_dir():
                cards += [self.card(p.name) for p in sorted(tdir.iterdir()) if _VERSION.match(p.name)]
        return cards

    def promote(self, version: str) -> ModelCard:
        card = self.card(version)
        pointer = self._target_dir(card.target) / "promoted.json"
        tmp = pointer.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": version,
                                   "promoted_at": datetime.now(UTC).isoformat(timespec="seconds")}),
                       encoding="utf-8")
        os.replace(tmp, pointer)  # atomic: a reader sees the old or the new version, never half a file
        return card

    def promoted_version(self, target_name: str) -> str | None:
        pointer = self._target_dir(target_name) / "promoted.json"
        if not pointer.exists():
            return None
        return str(json.loads(pointer.read_text(encoding="utf-8"))["version"])

    def promoted(self, target_name: str) -> ModelCard | None:
        version = self.promoted_version(target_name)
        return self.card(version) if version else None


def default_registry(home: Path) -> Registry:
    """The registry of an installation: `LIANTU_HOME/models`."""
    return Registry(home / "models")
