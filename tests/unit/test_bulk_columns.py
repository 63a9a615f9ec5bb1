"""The bulk path enriches and writes rows column-wise; it must write what the row path gives.

The row path (every kept row enriched as a dict, as the transactional loader does it) is forced by
setting COLUMN_WISE off; both runs of prepare_import must give the same import files, the same
reconciliation and the same rejects, on a synthetic world with planted problems.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingestion import bulk
from liantu.ids import make_uscc
from synth import generate

TINY_SEED = 5


def _append(path: Path, rows: list[list[str]]) -> None:
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bulk-columns") / "world"
    generate("tiny", TINY_SEED, root)
    with (root / "payments.csv").open(encoding="utf-8") as fh:
        header, first, *_ = csv.reader(fh)
    pay = dict(zip(header, first, strict=True))

    def payment(**changes: str) -> list[str]:
        return [{**pay, **changes}.get(c, "") for c in header]

    _append(root / "payments.csv", [
        payment(txn_id="X1", payer_uscc=make_uscc("9", "1", "110000", "NXHUCH001")),  # unknown payer
        payment(txn_id="X2", payee_id="91110000000000000X"),  # bad USCC check character
        payment(txn_id="X3", amount="-3"),  # negative amount
        payment(txn_id=pay["txn_id"]),  # duplicate of the first row
        payment(txn_id="X4", purpose="工资"),  # a salary: a TXN, not trade
        payment(txn_id="X5", amount="1,250.00"),  # thousands separator: the row parser's job
    ])
    _append(root / "balances.csv", [["NO-SUCH-CUSTOMER", "2023-01", "5.00"], ["C0000000001", "2023-13", "1"],
                                    ["C0000000001", "2099-01", "1,234.50"]])
    return root


def _files(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}


def test_column_wise_and_row_wise_bulk_files_agree(world: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fast = bulk.prepare_import(world, tmp_path / "fast")
    with monkeypatch.context() as m:
        m.setattr(bulk, "COLUMN_WISE", False)
        slow = bulk.prepare_import(world, tmp_path / "slow")
    assert _files(tmp_path / "fast") == _files(tmp_path / "slow")
    fast_files = {f.file: f for f in fast.report.files}
    for report in slow.report.files:
        other = fast_files[report.file]
        assert (other.read, other.inserted, other.rejected, other.merged_duplicates) == (
            report.read, report.inserted, report.rejected, report.merged_duplicates)
        assert other.rejects == report.rejects
        assert other.reconciles
    payments = fast_files["payments.csv"]
    balances = fast_files["balances.csv"]
    # The planted problems were all seen, so the comparison covered them.
    assert payments.merged_duplicates == 1 and payments.rejected >= 3
    assert {r.field for r in payments.rejects} == {"payer_uscc", "payee_id", "amount"}
    assert balances.rejected == 2 and balances.inserted == balances.read - 2
    assert fast.writer.counts["PAID"] > 0 and fast.writer.counts["MonthlyBalance"] == balances.inserted
