"""Hand-made guarantee and payment worlds whose circles, exposures and fund loops are known by construction.

Guarantees (as of 2024-06-30; every one starts 2023-01-01 unless noted), guarantor -> borrower:
    mutual   1 <-> 2                       (1M, 2M)
    circle   3 -> 4 -> 5 -> 3, plus 4 -> 3 (1M each, 4->3 0.5M): SCC {3,4,5}, cycles [3,4] and [3,4,5]
    chain    6 -> 7 -> 8 -> 9              (0.3M, 1M, 0.8M); 9 -> 6 ended 2023-12-31 (a circle in 2023);
             8 -> 6 starts 2025-01-01 (not yet active)
    cross    10 -> 11, 12, 13              (1M, 2M, 3M)
    focus    14, 15, 16 -> 17              (1M each)

Payments around core 30 (related parties: 31, 60% held; 32, same legal representative; 33 is only 30%
held and is not related):
    loop A  F1 30->40 01-05 1.0M, F2 40->41 01-10 0.99M, F3 41->30 02-01 0.98M;
            F4 30->42 01-06 0.5M, F5 42->31 02-10 0.495M           (one loop: out 1.5M, back 1.475M)
    loop B  F6 30->43 09-01 2.0M, F7 43->44 09-05 2.0M, F8 44->32 09-20 1.95M
    not loops: F9/F10 back before out; F11/F12 back after 244 days; F13/F14 back 10%;
            F15/F16 back to 33; F17 straight to the subsidiary; a 7-hop ring 30->50..55->30.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import pid, uscc, write_table

AS_OF = "2024-06-30"
START = "2023-01-01"

GUARANTEES: list[tuple[str, int, int, float, str, str]] = [
    ("GM1", 1, 2, 1_000_000, START, ""), ("GM2", 2, 1, 2_000_000, START, ""),
    ("GC1", 3, 4, 1_000_000, START, ""), ("GC2", 4, 5, 1_000_000, START, ""),
    ("GC3", 5, 3, 1_000_000, START, ""), ("GC4", 4, 3, 500_000, START, ""),
    ("GH1", 6, 7, 300_000, START, ""), ("GH2", 7, 8, 1_000_000, START, ""),
    ("GH3", 8, 9, 800_000, START, ""), ("GH4", 9, 6, 600_000, START, "2023-12-31"),
    ("GH5", 8, 6, 900_000, "2025-01-01", ""),
    ("GX1", 10, 11, 1_000_000, START, ""), ("GX2", 10, 12, 2_000_000, START, ""),
    ("GX3", 10, 13, 3_000_000, START, ""),
    ("GF1", 14, 17, 1_000_000, START, ""), ("GF2", 15, 17, 1_000_000, START, ""),
    ("GF3", 16, 17, 1_000_000, START, ""),
]

PAYMENTS: list[tuple[str, int, int, float, str]] = [
    ("F1", 30, 40, 1_000_000, "2024-01-05"), ("F2", 40, 41, 990_000, "2024-01-10"),
    ("F3", 41, 30, 980_000, "2024-02-01"), ("F4", 30, 42, 500_000, "2024-01-06"),
    ("F5", 42, 31, 495_000, "2024-02-10"),
    ("F6", 30, 43, 2_000_000, "2024-09-01"), ("F7", 43, 44, 2_000_000, "2024-09-05"),
    ("F8", 44, 32, 1_950_000, "2024-09-20"),
    ("F9", 30, 45, 300_000, "2024-03-10"), ("F10", 45, 30, 300_000, "2024-03-01"),
    ("F11", 30, 46, 700_000, "2024-04-01"), ("F12", 46, 30, 700_000, "2024-12-01"),
    ("F13", 30, 47, 1_000_000, "2024-05-01"), ("F14", 47, 30, 100_000, "2024-05-20"),
    ("F15", 30, 48, 400_000, "2024-06-01"), ("F16", 48, 33, 400_000, "2024-06-10"),
    ("F17", 30, 31, 100_000, "2024-01-07"),
    *[(f"R{i}", a, b, 100_000, f"2024-07-{10 + i:02d}")
      for i, (a, b) in enumerate(zip([30, 50, 51, 52, 53, 54, 55], [50, 51, 52, 53, 54, 55, 30], strict=True))],
]
ENTERPRISES = sorted({*range(1, 18), *range(30, 34), *range(40, 49), *range(50, 56)})


def write_risk_dataset(directory: Path) -> Path:
    write_table(directory, "enterprises", [
        {"uscc": uscc(n), "name": f"测试企业{n:02d}有限公司", "status": "存续", "region_code": "410100"}
        for n in ENTERPRISES
    ])
    write_table(directory, "persons", [{"person_id": pid(30), "name": "赵敏", "gender": "F"}])
    write_table(directory, "officers", [
        {"person_id": pid(30), "company_uscc": uscc(n), "role": "法定代表人", "valid_from": "2015-01-01"}
        for n in (30, 32)
    ])
    write_table(directory, "shareholdings", [
        {"holder_kind": "E", "holder_id": uscc(30), "company_uscc": uscc(31), "ratio": "0.6"},
        {"holder_kind": "E", "holder_id": uscc(30), "company_uscc": uscc(33), "ratio": "0.3"},
    ])
    write_table(directory, "guarantees", [
        {"guarantee_id": gid, "guarantor_uscc": uscc(a), "borrower_uscc": uscc(b), "amount": f"{amt:.2f}",
         "start_date": start, "end_date": end, "kind": "连带责任保证"}
        for gid, a, b, amt, start, end in GUARANTEES
    ])
    write_table(directory, "payments", [
        {"txn_id": tid, "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b), "amount": f"{amt:.2f}",
         "date": day, "purpose": "往来款"}
        for tid, a, b, amt, day in PAYMENTS
    ])
    return directory
