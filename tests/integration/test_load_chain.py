"""Loading a small dataset with known content: counts, aggregates, idempotent reload."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import CHAIN_PAYMENTS, uscc, write_chain_dataset


def _paid(graph: GraphStore, payer: int, payee: int) -> dict[str, object]:
    rows = graph.read("chains/expand_upstream", {"frontier": [uscc(payer)], "min_amount": 0.0,
                                                 "since": None, "until": None})
    return next(r for r in rows if r["uscc"] == uscc(payee))


def test_load_counts_and_reconciles(graph: GraphStore, data_dir: Path) -> None:
    report = load_directory(graph, write_chain_dataset(data_dir))
    assert all(f.reconciles for f in report.files), [vars(f) for f in report.files]
    assert report.total_rejected == 0
    counts = graph.read("admin/graph_counts")[0]
    assert counts["enterprises"] == 7
    assert counts["persons"] == 2
    assert counts["legal_representatives"] == 1
    assert counts["officers"] == 1
    assert counts["shareholdings"] == 2
    assert counts["guarantees"] == 1
    assert counts["transactions"] == sum(len(v) for v in CHAIN_PAYMENTS.values()) + 1
    assert counts["payment_edges"] == len(CHAIN_PAYMENTS)
    assert counts["customers"] == 1


def test_payment_aggregate_is_exact(graph: GraphStore, data_dir: Path) -> None:
    load_directory(graph, write_chain_dataset(data_dir))
    edge = _paid(graph, 3, 2)
    assert edge["total"] == 2_000_000.0
    assert edge["count"] == 3
    assert edge["first_date"] == "2024-01-15" and edge["last_date"] == "2024-03-15"
    # The supplier 2 receives money only from 3, so the tie is all of its income.
    assert edge["tie_share"] == 1.0


def test_reload_changes_nothing(graph: GraphStore, data_dir: Path) -> None:
    directory = write_chain_dataset(data_dir)
    first = load_directory(graph, directory)
    before = graph.read("admin/graph_counts")[0]
    total_before = _paid(graph, 3, 2)["total"]
    second = load_directory(graph, directory)
    assert graph.read("admin/graph_counts")[0] == before
    assert _paid(graph, 3, 2)["total"] == total_before  # reloading payments must not double count
    assert sum(f.inserted for f in first.files) > 0
    assert sum(f.inserted + f.updated for f in second.files) == 0
    assert sum(f.unchanged for f in second.files) == sum(f.read for f in second.files)


def test_taxes_and_salaries_are_kept_but_make_no_supplier(graph: GraphStore, data_dir: Path) -> None:
    import csv

    directory = write_chain_dataset(data_dir)
    path = directory / "payments.csv"
    header = path.read_text("utf-8").splitlines()[0].split(",")
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header).writerow(
            {"txn_id": "TAX1", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(7), "amount": "90000.00",
             "date": "2024-04-15", "purpose": "税费"})
    load_directory(graph, directory)
    counts = graph.read("admin/graph_counts")[0]
    assert counts["transactions"] == sum(len(v) for v in CHAIN_PAYMENTS.values()) + 2
    assert counts["payment_edges"] == len(CHAIN_PAYMENTS)  # no PAID edge to the tax bureau
    suppliers = graph.read("chains/expand_upstream", {"frontier": [uscc(3)], "min_amount": 0.0,
                                                      "since": None, "until": None})
    assert uscc(7) not in {r["uscc"] for r in suppliers}
