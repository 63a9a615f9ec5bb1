"""Bad rows are rejected with file, row, field and reason; good rows beside them load; counts reconcile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.fingerprint import graph_facts
from graph.store import GraphStore
from ingestion.loader import LoadReport, StrictModeStop, load_directory
from tests.builders import pid, uscc, write_chain_dataset, write_table

BAD_USCC = uscc(1)[:-1] + ("0" if uscc(1)[-1] != "0" else "1")


def _by_row(report: LoadReport, file: str) -> dict[int, tuple[str, str]]:
    fr = next(f for f in report.files if f.file == file)
    return {r.row: (r.field, r.reason) for r in fr.rejects}


def test_planted_bad_rows(graph: GraphStore, data_dir: Path) -> None:
    write_chain_dataset(data_dir)
    write_table(data_dir, "enterprises", [
        {"uscc": uscc(1), "name": "河南中原钢铁有限公司"},                 # row 2 good
        {"uscc": BAD_USCC, "name": "校验位错误有限公司"},                  # row 3 wrong check digit
        {"uscc": uscc(2), "name": "郑州宏达机械配件有限公司", "established": "2021-02-30"},  # row 4 bad date
        {"uscc": uscc(3), "name": "郑州宇通客车制造股份有限公司"},          # row 5 good
        {"uscc": uscc(3), "name": "郑州宇通客车制造股份有限公司"},          # row 6 duplicate key -> merged
        {"uscc": uscc(4), "name": ""},                                   # row 7 missing name
    ])
    write_table(data_dir, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": "0.6"},   # row 2 good
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(1), "ratio": "1.3"},   # row 3 ratio > 1
        {"holder_kind": "E", "holder_id": uscc(50), "company_uscc": uscc(3), "ratio": "0.1"},  # row 4 unknown holder
        {"holder_kind": "X", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": "0.1"},   # row 5 bad kind
    ])
    write_table(data_dir, "payments", [
        {"txn_id": "P1", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(1), "amount": "100",
         "date": "2024-01-01"},                                                              # row 2 good
        {"txn_id": "P2", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(1), "amount": "-5",
         "date": "2024-01-02"},                                                              # row 3 negative
        {"txn_id": "P3", "payer_uscc": uscc(3), "payee_kind": "E", "payee_id": uscc(1), "amount": "7",
         "date": "2024/01/03"},                                                              # row 4 bad date
        {"txn_id": "P4", "payer_uscc": uscc(3), "payee_kind": "P", "payee_id": pid(77), "amount": "7",
         "date": "2024-01-03"},                                                              # row 5 unknown person
    ])
    (data_dir / "guarantees.csv").write_bytes(b"")                                           # empty file
    (data_dir / "rms.csv").write_text("rm_id,name\nRM001,李娜\n", encoding="utf-8")             # missing column

    report = load_directory(graph, data_dir, rejects_dir=data_dir / "out")

    for f in report.files:
        assert f.reconciles, f
    ent = next(f for f in report.files if f.file == "enterprises.csv")
    assert (ent.read, ent.inserted, ent.rejected, ent.merged_duplicates) == (6, 2, 3, 1)
    assert _by_row(report, "enterprises.csv") == {
        3: ("uscc", "USCC check character is '" + BAD_USCC[-1] + "', expected '" + uscc(1)[-1] + "'"),
        4: ("established", "not a date in YYYY-MM-DD form"),
        7: ("name", "required value is missing"),
    }
    sh = _by_row(report, "shareholdings.csv")
    assert sh[3] == ("ratio", "ratio must be a fraction between 0 and 1")
    assert sh[4][0] == "holder_id" and "no Enterprise" in sh[4][1]
    assert sh[5][0] == "holder_kind"
    pay = _by_row(report, "payments.csv")
    assert pay[3] == ("amount", "amount must be positive")
    assert pay[4] == ("date", "not a date in YYYY-MM-DD form")
    assert pay[5][0] == "payee_id" and "no Person" in pay[5][1]
    guar = next(f for f in report.files if f.file == "guarantees.csv")
    assert guar.rejects[0].field == "(file)" and "empty" in guar.rejects[0].reason
    rms = next(f for f in report.files if f.file == "rms.csv")
    assert (rms.read, rms.rejected) == (1, 1) and "branch_code" in rms.rejects[0].reason

    # The good rows beside the bad ones are in the graph.
    counts = graph.read("admin/graph_counts")[0]
    assert counts["enterprises"] == 2
    assert counts["shareholdings"] == 1
    assert counts["transactions"] == 1
    rejects_csv = (data_dir / "out" / "rejects.csv").read_text("utf-8")
    assert "enterprises.csv,3,uscc," in rejects_csv


def test_gbk_file_is_detected_and_loaded(graph: GraphStore, data_dir: Path) -> None:
    write_table(data_dir, "enterprises", [
        {"uscc": uscc(1), "name": "河南中原钢铁有限公司", "address": "郑州市金水区花园路８８号"},
        {"uscc": uscc(2), "name": "郑州宏达机械配件有限公司"},
    ], encoding="gbk")
    report = load_directory(graph, data_dir)
    assert report.files[0].encoding == "gb18030"
    assert report.files[0].inserted == 2
    assert graph.read("enterprises/get_enterprise", {"uscc": uscc(1)})[0]["name"] == "河南中原钢铁有限公司"


def test_strict_stops_at_first_bad_row(graph: GraphStore, data_dir: Path) -> None:
    write_table(data_dir, "enterprises", [
        {"uscc": uscc(1), "name": "甲"}, {"uscc": BAD_USCC, "name": "乙"}, {"uscc": uscc(2), "name": "丙"}])
    with pytest.raises(StrictModeStop, match=r"enterprises.csv:3: field 'uscc'"):
        load_directory(graph, data_dir, strict=True)


def test_references_by_name_resolve_with_their_rule(graph: GraphStore, data_dir: Path) -> None:
    write_chain_dataset(data_dir)
    write_table(data_dir, "enterprises", [
        {"uscc": uscc(1), "name": "河南中原钢铁有限公司"},
        {"uscc": uscc(2), "name": "郑州宏达（集团）机械有限公司"},
        {"uscc": uscc(3), "name": "郑州宇通客车制造股份有限公司", "former_names": ["郑州宇通客车有限公司"]},
        {"uscc": uscc(4), "name": "同名商贸有限公司"},
        {"uscc": uscc(5), "name": "同名商贸有限公司"},
    ])
    write_table(data_dir, "guarantees", [
        {"guarantee_id": "G1", "guarantor_name": "河南中原钢铁有限公司", "borrower_uscc": uscc(3),
         "amount": "100"},                                                        # row 2 exact name
        {"guarantee_id": "G2", "guarantor_name": "郑州宏达(集团)机械有限公司", "borrower_uscc": uscc(3),
         "amount": "100"},                                                        # row 3 normalised name
        {"guarantee_id": "G3", "guarantor_uscc": uscc(1), "borrower_name": "郑州宇通客车有限公司",
         "amount": "100"},                                                        # row 4 former name
        {"guarantee_id": "G4", "guarantor_name": "同名商贸有限公司", "borrower_uscc": uscc(3),
         "amount": "100"},                                                        # row 5 ambiguous
        {"guarantee_id": "G5", "guarantor_name": "查无此公司", "borrower_uscc": uscc(3),
         "amount": "100"},                                                        # row 6 unknown
        {"guarantee_id": "G6", "borrower_uscc": uscc(3), "amount": "100"},        # row 7 neither
    ])
    report = load_directory(graph, data_dir)
    g = next(f for f in report.files if f.file == "guarantees.csv")
    assert g.reconciles and (g.inserted, g.rejected) == (3, 3)
    reasons = {r.row: (r.field, r.reason) for r in g.rejects}
    assert reasons[5][0] == "guarantor_name" and reasons[5][1].startswith("ambiguous name")
    assert reasons[6][0] == "guarantor_name" and reasons[6][1].startswith("no enterprise")
    assert reasons[7] == ("guarantor_uscc", "required value is missing (or guarantor_name for an enterprise)")
    facts = [json.loads(f) for f in graph_facts(graph)]
    rules = {f[4]["guarantee_id"]: f[4]["match_rule"] for f in facts if f[0] == "R" and f[1] == "GUARANTEES"}
    assert rules == {"G1": "guarantor_uscc=exact_name", "G2": "guarantor_uscc=normalised_name",
                     "G3": "borrower_uscc=former_name"}
