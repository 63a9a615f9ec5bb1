from __future__ import annotations

from pathlib import Path

import pytest

from liantu.errors import InvalidInput
from synth import generate


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    generate("tiny", 11, tmp_path / "a")
    generate("tiny", 11, tmp_path / "b")
    generate("tiny", 12, tmp_path / "c")
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert a["payments.csv"] != c["payments.csv"]


def test_parquet_has_the_same_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    csv_summary = generate("tiny", 5, tmp_path / "csv")
    pq_summary = generate("tiny", 5, tmp_path / "pq", fmt="parquet")
    assert csv_summary.counts == pq_summary.counts
    table = pq.read_table(tmp_path / "pq" / "payments.parquet")
    assert table.num_rows == pq_summary.counts["payments"]


def test_unknown_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        generate("huge", 1, tmp_path)
