"""Reloads, deltas and interrupted loads: the graph ends the same as a clean run would leave it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.fingerprint import fingerprint
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import TableLoader, load_directory
from ingestion.tables import LOAD_ORDER, TABLES
from tests.builders import pid, uscc, write_chain_dataset, write_table


def test_idempotent_reload_keeps_the_fingerprint(graph: GraphStore, data_dir: Path) -> None:
    directory = write_chain_dataset(data_dir)
    load_directory(graph, directory)
    before = fingerprint(graph)
    load_directory(graph, directory)
    assert fingerprint(graph) == before


def test_delta_updates_adds_and_closes_without_deleting(graph: GraphStore, tmp_path: Path) -> None:
    base = write_chain_dataset(tmp_path / "base")
    load_directory(graph, base)
    delta = tmp_path / "delta"
    delta.mkdir()
    write_table(delta, "enterprises", [
        {"uscc": uscc(5), "name": "开封鑫源汽车销售集团有限公司", "former_names": ["开封鑫源汽车销售有限公司"]},
    ])
    # The core sells its stake in the distributor: the same fact, now with an end date.
    write_table(delta, "shareholdings", [
        {"holder_kind": "E", "holder_id": uscc(3), "company_uscc": uscc(5), "ratio": "0.51",
         "valid_to": "2024-06-30"},
        {"holder_kind": "P", "holder_id": pid(2), "company_uscc": uscc(5), "ratio": "0.51",
         "valid_from": "2024-07-01"},
    ])
    write_table(delta, "payments", [
        {"txn_id": "T3204", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(2), "amount": "250000",
         "date": "2024-05-15"},
        {"txn_id": "T320", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(2), "amount": "800000",
         "date": "2024-01-15"},  # already loaded from the base file: must not count twice
    ])
    report = load_directory(graph, delta)
    by_file = {f.file: f for f in report.files}
    assert (by_file["enterprises.csv"].updated, by_file["enterprises.csv"].inserted) == (1, 0)
    assert (by_file["shareholdings.csv"].updated, by_file["shareholdings.csv"].inserted) == (1, 1)
    assert (by_file["payments.csv"].inserted, by_file["payments.csv"].unchanged) == (1, 1)

    edge = next(r for r in graph.read("chains/expand_upstream", {"frontier": [uscc(3)], "min_amount": 0.0,
                                                                 "since": None, "until": None})
                if r["uscc"] == uscc(2))
    assert edge["total"] == 2_250_000.0 and edge["count"] == 4 and edge["last_date"] == "2024-05-15"
    profile = graph.read("enterprises/get_enterprise", {"uscc": uscc(5)})[0]
    assert profile["name"] == "开封鑫源汽车销售集团有限公司"
    assert graph.read("admin/graph_counts")[0]["shareholdings"] == 3  # history kept: closed + new + other


class Killed(RuntimeError):
    pass


def test_interrupted_load_resumes_to_the_same_graph(graph: GraphStore, tmp_path: Path) -> None:
    directory = write_chain_dataset(tmp_path / "data")
    load_directory(graph, directory)
    clean = fingerprint(graph)
    graph.run_in_transactions("admin/delete_all_data")
    apply_schema(graph)  # the schema version node is data too

    # Die in the middle of the payments file, after some batches were committed.
    batches = 0

    def die_after_two(_file: str, _rows: int) -> None:
        nonlocal batches
        batches += 1
        if batches == 2:
            raise Killed

    loader = TableLoader(graph, batch_size=2, progress=die_after_two)
    with pytest.raises(Killed):
        for table in LOAD_ORDER:
            path = directory / f"{table}.csv"
            if table in {"branches", "rms", "enterprises", "persons", "payments"} and path.exists():
                loader.load_file(TABLES[table], path)
    assert fingerprint(graph) != clean

    load_directory(graph, directory)
    assert fingerprint(graph) == clean


def test_payments_written_meanwhile_by_another_load_are_not_recorded_twice(graph: GraphStore, data_dir: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader reads which txn_ids exist, then CREATEs the others; a txn_id another load commits in between
    makes the CREATE fail on the constraint, and the batch goes through the statement that checks each key."""
    load_directory(graph, write_chain_dataset(data_dir))
    before = graph.read("admin/graph_counts")[0]["transactions"]
    real_read = graph.read

    def read_before_the_other_load(name: str, params: dict[str, object] | None = None,
                                   **kw: object) -> list[dict[str, object]]:
        found = real_read(name, params, **kw)  # type: ignore[arg-type]
        return [] if name == "ingest/find_existing_transactions" else found  # as if read before they committed

    monkeypatch.setattr(graph, "read", read_before_the_other_load)
    loader = TableLoader(graph)
    report = loader.load_file(TABLES["payments"], data_dir / "payments.csv")
    loader.close()
    monkeypatch.undo()
    assert report.read > 0 and report.unchanged == report.read and report.inserted == 0 and not report.rejects
    assert graph.read("admin/graph_counts")[0]["transactions"] == before
