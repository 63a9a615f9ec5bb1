"""One tiny world per test session, generated once and read by every invariant test."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from synth import generate

SEED = 20240607


class World:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.truth: dict[str, Any] = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
        self._tables: dict[str, list[dict[str, str]]] = {}

    def table(self, stem: str) -> list[dict[str, str]]:
        if stem not in self._tables:
            with (self.root / f"{stem}.csv").open(encoding="utf-8", newline="") as fh:
                self._tables[stem] = list(csv.DictReader(fh))
        return self._tables[stem]

    def documents(self) -> list[dict[str, Any]]:
        lines = (self.root / "documents_truth.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("synth-tiny")
    generate("tiny", SEED, root)
    return World(root)
