"""Lead features as of a date and labels from the graph, on the tiny synthetic world (seed 7).

The world is loaded twice into one database: first its history cut at D1 (every row dated after D1
dropped from the files), then the whole history to D2 plus a court case and a penalty dated after D1.
Features at D1 must come out identical both times (no leakage), while the later facts do show at D2.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from graph.events import (
    CourtCaseRecord,
    DocumentRecord,
    PartyMention,
    PenaltyRecord,
    merge_court_cases,
    merge_documents,
    merge_penalties,
)
from graph.learning.features import FeatureFrame, features_as_of
from graph.learning.labels import TARGETS, labels_from_graph
from graph.schema import apply_schema
from graph.store import GraphStore
from ingestion.loader import load_directory
from ingestion.tables import LOAD_ORDER
from liantu.errors import InvalidInput
from synth import generate
from synth.outcomes import read_outcomes

D1, D2 = date(2024, 9, 30), date(2024, 12, 31)
# The column that dates each row of a dated input table; rows after D1 are not known on D1.
DATED = {"customers": "since", "products": "opened", "payments": "date", "shareholdings": "valid_from",
         "officers": "valid_from", "guarantees": "start_date"}
NON_TRADE = ("工资", "税费")
_ORDER = list(LOAD_ORDER)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _split_at(src: Path, day: date, before: Path, after: Path) -> None:
    """The dataset as the bank had it on `day`, and the delta of rows dated after it (same formats)."""
    before.mkdir()
    after.mkdir()
    month = f"{day.year:04d}-{day.month:02d}"
    for path in src.glob("*.csv"):
        header, rows = _read(path)
        column = "month" if path.stem == "balances" else DATED.get(path.stem)
        if column is None:
            known, later = rows, []
        else:
            limit = month if column == "month" else day.isoformat()
            known = [r for r in rows if not r[column] or r[column] <= limit]
            later = [r for r in rows if r[column] and r[column] > limit]
        if path.stem == "officers":
            # A post that ended after `day` was still open on `day`; the delta closes it.
            later += [r for r in known if r["valid_to"] > day.isoformat()]
            known = [{**r, "valid_to": ""} if r["valid_to"] > day.isoformat() else r for r in known]
        for directory, part in ((before, known), (after, later)):
            if directory is after and column is None:
                continue
            with (directory / path.name).open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=header)
                writer.writeheader()
                writer.writerows(part)


def _case(number: str, sha: str, day: str, uscc: str) -> CourtCaseRecord:
    return CourtCaseRecord(number, sha, "test", court="郑州市中级人民法院", cause="买卖合同纠纷", date=day,
                           year=int(day[:4]), case_type="民初",
                           parties=(PartyMention("被告公司", "E", "被告", 0, 4, 0.95, uscc, "uscc_in_text"),))


@dataclass
class Loaded:
    root: Path
    store: GraphStore
    before_e: FeatureFrame
    before_p: FeatureFrame
    sued_before: str
    sued_after: str
    penalised_after: str


@pytest.fixture(scope="module")
def loaded(session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    root = tmp_path_factory.mktemp("learning") / "world"
    generate("tiny", 7, root)
    cut, delta = root.parent / "cut", root.parent / "delta"
    _split_at(root, D1, cut, delta)
    store = session_store
    store.run_in_transactions("admin/delete_all_data")
    apply_schema(store)
    load_directory(store, cut)
    _, enterprises = _read(root / "enterprises.csv")
    _, persons = _read(root / "persons.csv")
    sued_before, sued_after = enterprises[10]["uscc"], enterprises[11]["uscc"]
    penalised_after = persons[5]["person_id"]
    shas = [f"{k:064x}" for k in range(1, 4)]
    merge_documents(store, [DocumentRecord(s, "judgment", "test") for s in shas])
    merge_court_cases(store, [_case("(2024)豫01民初100号", shas[0], "2024-06-03", sued_before)])
    before_e = features_as_of(store, D1, "E")
    before_p = features_as_of(store, D1, "P")
    # Now the rest of the history to D2, and negative events dated after D1.
    report = load_directory(store, delta, tables=tuple(sorted(DATED.keys() | {"balances"}, key=_ORDER.index)))
    assert report.total_rejected == 0
    merge_court_cases(store, [_case("(2024)豫01民初200号", shas[1], "2024-11-20", sued_after)])
    merge_penalties(store, [PenaltyRecord("豫银保监罚决字〔2024〕9号", shas[2], "test", date="2024-10-08",
                                          parties=(PartyMention("某人", "P", "responsible_person", 0, 2, 0.9,
                                                                penalised_after, "id_in_registry"),))])
    yield Loaded(root, store, before_e, before_p, sued_before, sued_after, penalised_after)


def _same(a: FeatureFrame, b: FeatureFrame) -> None:
    assert a.ids == b.ids and a.columns == b.columns
    for j, name in enumerate(a.columns):
        # Sums of the same payments added in another order may differ in the last bits, nothing more.
        assert np.allclose(a.X[:, j], b.X[:, j], rtol=1e-6, atol=1e-9, equal_nan=True), name
    assert a.customer_no == b.customer_no and a.rm_id == b.rm_id
    assert np.array_equal(a.is_customer, b.is_customer) and np.array_equal(a.is_effective, b.is_effective)
    assert a.raw.keys() == b.raw.keys()
    for key in a.raw:
        same = [x == y or (isinstance(x, float) and isinstance(y, float)
                           and ((np.isnan(x) and np.isnan(y)) or abs(x - y) <= 1e-9 * max(abs(x), abs(y))))
                for x, y in zip(a.raw[key], b.raw[key], strict=True)]
        assert all(same), key


def test_features_at_d1_do_not_see_anything_dated_after_d1(loaded: Loaded) -> None:
    after_e = features_as_of(loaded.store, D1, "E")
    after_p = features_as_of(loaded.store, D1, "P")
    _same(loaded.before_e, after_e)
    _same(loaded.before_p, after_p)
    events = after_e.column("negative_events")
    assert events[after_e.ids.index(loaded.sued_before)] == 1
    assert events[after_e.ids.index(loaded.sued_after)] == 0
    # The later facts are in the graph: at D2 they show, so the comparison above could have failed.
    at_d2 = features_as_of(loaded.store, D2, "E")
    assert at_d2.is_customer.sum() > after_e.is_customer.sum()
    assert at_d2.column("negative_events")[at_d2.ids.index(loaded.sued_after)] == 1
    p_d2 = features_as_of(loaded.store, D2, "P")
    assert p_d2.column("negative_events")[p_d2.ids.index(loaded.penalised_after)] == 1
    assert p_d2.is_customer.sum() > after_p.is_customer.sum()


def test_payments_to_customers_and_balances_match_the_files(loaded: Loaded) -> None:
    frame = features_as_of(loaded.store, D1, "E")
    _, customers = _read(loaded.root / "customers.csv")
    known = {r["party_id"]: r["customer_no"] for r in customers if r["since"] <= D1.isoformat()}
    assert {u for u, c in zip(frame.ids, frame.is_customer, strict=True) if c} == {
        u for u in known if u in set(frame.ids)}
    to_customers: dict[str, float] = defaultdict(float)
    _, payments = _read(loaded.root / "payments.csv")
    for r in payments:
        if (r["date"] <= D1.isoformat() and r["payee_kind"] == "E" and r["purpose"] not in NON_TRADE
                and r["payee_id"] in known):
            to_customers[r["payer_uscc"]] += float(r["amount"])
    got = dict(zip(frame.ids, frame.raw["paid_to_customers"], strict=True))
    assert sum(1 for v in to_customers.values() if v > 0) > 20
    for uscc, amount in got.items():
        assert amount == pytest.approx(to_customers.get(uscc, 0.0), rel=1e-9, abs=0.01), uscc
    september = {r["customer_no"]: float(r["avg_balance"]) for r in _read(loaded.root / "balances.csv")[1]
                 if r["month"] == "2024-09"}
    ratio = frame.column("balance_to_threshold")
    for i, uscc in enumerate(frame.ids):
        if uscc in known:
            assert ratio[i] == pytest.approx(september.get(known[uscc], 0.0) / 500_000.0, rel=1e-5)
        else:
            assert np.isnan(ratio[i])
    # The top customer counterparty is a customer on D1, and its tie share is a share.
    partners = [p for p in frame.raw["top_customer_partner"] if p is not None]
    assert partners and all(p in known for p in partners)
    shares = frame.column("top_customer_tie_share")
    assert np.nanmax(shares) <= 1.0 + 1e-6


def test_window_one_labels_read_from_the_graph_equal_the_truth(loaded: Loaded) -> None:
    truth = read_outcomes(loaded.root, 1)
    for target in TARGETS:
        got = labels_from_graph(loaded.store, target, D1, D2)
        expected = {party: y for party, (y, _) in truth[target].items()}
        assert got == expected, target
        assert 0 < sum(got.values()) < len(got), target


def test_bad_arguments_are_refused(loaded: Loaded) -> None:
    with pytest.raises(InvalidInput, match="kind"):
        features_as_of(loaded.store, D1, "X")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="target"):
        labels_from_graph(loaded.store, "become_rich", D1, D2)
    with pytest.raises(InvalidInput, match="window"):
        labels_from_graph(loaded.store, "become_customer_e", D2, D1)
