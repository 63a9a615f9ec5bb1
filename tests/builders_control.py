"""A hand-made ownership world whose controllers, stakes, groups and paths are known by construction.

    P1 60%, P2 40% -> E1 (集团 parent)
    E1 80%, P3 20% -> E2
    E2 35%, E5 15%, P4 30%, P5 20% -> E3       (E2 and E5 are both P1's: one bloc of 50%)
    E1 70%, E5 10%, P6 20% -> E4               (E4 <-> E5 cross-holding, 10% each way)
    E2 60%, E4 10%, P7 30% -> E5
    P8 50%, P9 50% -> E6                       (joint 50/50: no actual controller)
    E6 20%, P10..P13 20% each -> E7            (E6's officers P15, P16 hold 2 of E7's 3 董事 seats)
    E8 100% <-> E9 100%                        (a closed loop nobody outside owns)
    E9 40%, P19 60% -> E10
    P22 100% -> E13                            (P22 is E2's 总经理)
    E11, E12: no owners; E10 and E11 share a phone, E11 and E12 an address.
    E3 guarantees E6; E7 pays E10.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import pid, uscc, write_table

HOLDINGS: list[tuple[str, int, int, float]] = [
    ("P", 1, 1, 0.6), ("P", 2, 1, 0.4),
    ("E", 1, 2, 0.8), ("P", 3, 2, 0.2),
    ("E", 2, 3, 0.35), ("E", 5, 3, 0.15), ("P", 4, 3, 0.3), ("P", 5, 3, 0.2),
    ("E", 1, 4, 0.7), ("E", 5, 4, 0.1), ("P", 6, 4, 0.2),
    ("E", 2, 5, 0.6), ("E", 4, 5, 0.1), ("P", 7, 5, 0.3),
    ("P", 8, 6, 0.5), ("P", 9, 6, 0.5),
    ("E", 6, 7, 0.2), ("P", 10, 7, 0.2), ("P", 11, 7, 0.2), ("P", 12, 7, 0.2), ("P", 13, 7, 0.2),
    ("E", 8, 9, 1.0), ("E", 9, 8, 1.0),
    ("E", 9, 10, 0.4), ("P", 19, 10, 0.6),
    ("P", 22, 13, 1.0),
]
OFFICERS: list[tuple[int, int, str]] = [
    (15, 6, "总经理"), (16, 6, "监事"),
    (15, 7, "董事长"), (16, 7, "董事"), (17, 7, "董事"), (18, 7, "法定代表人"),
    (20, 2, "董事长"), (21, 2, "监事"), (22, 2, "总经理"), (23, 2, "法定代表人"),
]
PHONES = {10: "0371-66668888", 11: "0371 6666 8888"}
ADDRESSES = {11: "郑州市金水区花园路1号", 12: "郑州市 金水区花园路１号"}


def write_control_dataset(directory: Path) -> Path:
    write_table(directory, "enterprises", [
        {"uscc": uscc(n), "name": f"测试企业{n}有限公司", "status": "存续", "region_code": "410100",
         "phone": PHONES.get(n, ""), "address": ADDRESSES.get(n, f"郑州市中原区建设路{n}号")}
        for n in range(1, 14)
    ])
    write_table(directory, "persons", [{"person_id": pid(n), "name": f"自然人{n}"} for n in range(1, 24)])
    write_table(directory, "shareholdings", [
        {"holder_kind": k, "holder_id": pid(h) if k == "P" else uscc(h), "company_uscc": uscc(c), "ratio": r,
         "valid_from": "2020-01-01"}
        for k, h, c, r in HOLDINGS
    ] + [
        # A closed (historical) holding that must be ignored: P2 once held 90% of E10.
        {"holder_kind": "P", "holder_id": pid(2), "company_uscc": uscc(10), "ratio": 0.9,
         "valid_from": "2015-01-01", "valid_to": "2019-12-31"},
    ])
    write_table(directory, "officers", [
        {"person_id": pid(p), "company_uscc": uscc(c), "role": role, "valid_from": "2020-01-01"}
        for p, c, role in OFFICERS
    ])
    write_table(directory, "guarantees", [
        {"guarantee_id": "G-3-6", "guarantor_uscc": uscc(3), "borrower_uscc": uscc(6), "amount": "1000000",
         "start_date": "2024-01-01", "end_date": "2099-01-01", "kind": "连带责任保证"},
    ])
    write_table(directory, "payments", [
        {"txn_id": "T-7-10", "payer_uscc": uscc(7), "payee_kind": "E", "payee_id": uscc(10),
         "amount": "50000.00", "date": "2024-03-01", "purpose": "货款"},
    ])
    return directory
