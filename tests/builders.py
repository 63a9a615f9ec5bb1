"""Small hand-made datasets whose answers are known by construction."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ingestion.tables import TABLES
from liantu.ids import hash_id_number, make_uscc


def uscc(n: int) -> str:
    """A valid USCC for test enterprise number n (Zhengzhou, 410100)."""
    return make_uscc("9", "1", "410100", f"MA{n:07d}")


def pid(n: int) -> str:
    return hash_id_number(f"41010019800101{n:04d}")


def write_table(directory: Path, table: str, rows: list[dict[str, Any]], encoding: str = "utf-8") -> Path:
    path = directory / f"{table}.csv"
    columns = list(TABLES[table].columns)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: ("|".join(v) if isinstance(v, list) else v) for c, v in row.items()})
    return path


# A five-tier supply chain around a core manufacturer (3):
#   1 steel  <- 2 parts  <- 3 core  <- 5 distributor <- 6 retail
#                           3 core  -> 4 packaging (a second supplier of the core)
# "<-" means "is paid by". 7 is an unrelated enterprise with no payments.
CHAIN_NAMES = {
    1: "河南中原钢铁有限公司",
    2: "郑州宏达机械配件有限公司",
    3: "郑州宇通客车制造股份有限公司",
    4: "河南华美包装材料有限公司",
    5: "开封鑫源汽车销售有限公司",
    6: "洛阳恒泰汽车贸易有限公司",
    7: "新乡市无关商贸有限公司",
}
# payer -> payee : list of (date, amount)
CHAIN_PAYMENTS: dict[tuple[int, int], list[tuple[str, float]]] = {
    (2, 1): [("2024-01-10", 100_000.0), ("2024-02-10", 150_000.0)],
    (3, 2): [("2024-01-15", 800_000.0), ("2024-02-15", 700_000.0), ("2024-03-15", 500_000.0)],
    (3, 4): [("2024-03-01", 50_000.0)],
    (5, 3): [("2024-02-20", 3_000_000.0)],
    (6, 5): [("2024-04-01", 400_000.0)],
}


def write_chain_dataset(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_table(directory, "enterprises", [
        {"uscc": uscc(n), "name": name, "status": "存续", "region_code": "410100", "established": "2010-05-01",
         "former_names": ["郑州宇通客车有限公司"] if n == 3 else []}
        for n, name in CHAIN_NAMES.items()
    ])
    write_table(directory, "persons", [
        {"person_id": pid(1), "name": "张伟", "gender": "M", "birth_year": "1975"},
        {"person_id": pid(2), "name": "王芳", "gender": "F", "birth_year": "1982"},
    ])
    write_table(directory, "officers", [
        {"person_id": pid(1), "company_uscc": uscc(3), "role": "法定代表人", "valid_from": "2015-01-01"},
        {"person_id": pid(2), "company_uscc": uscc(3), "role": "董事", "valid_from": "2016-01-01"},
    ])
    write_table(directory, "shareholdings", [
        {"holder_kind": "P", "holder_id": pid(1), "company_uscc": uscc(3), "ratio": "0.6"},
        {"holder_kind": "E", "holder_id": uscc(3), "company_uscc": uscc(5), "ratio": "0.51"},
    ])
    write_table(directory, "guarantees", [
        {"guarantee_id": "G1", "guarantor_uscc": uscc(3), "borrower_uscc": uscc(5), "amount": "5000000",
         "start_date": "2024-01-01", "end_date": "2026-01-01", "kind": "连带责任保证"},
    ])
    txns = []
    for (payer, payee), items in CHAIN_PAYMENTS.items():
        for i, (day, amount) in enumerate(items):
            txns.append({"txn_id": f"T{payer}{payee}{i}", "payer_uscc": uscc(payer), "payee_kind": "E",
                         "payee_id": uscc(payee), "amount": f"{amount:.2f}", "date": day, "purpose": "货款"})
    txns.append({"txn_id": "S1", "payer_uscc": uscc(3), "payee_kind": "P", "payee_id": pid(2),
                 "amount": "12000.00", "date": "2024-01-31", "purpose": "工资"})
    write_table(directory, "payments", txns)
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部", "region_code": "410100"}])
    write_table(directory, "rms", [{"rm_id": "RM001", "name": "李娜", "branch_code": "0101"}])
    write_table(directory, "customers", [
        {"customer_no": "C0003", "party_kind": "E", "party_id": uscc(3), "branch_code": "0101",
         "rm_id": "RM001", "tier": "核心", "since": "2018-03-01"},
    ])
    return directory
