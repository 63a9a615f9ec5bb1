"""Two industrial clusters joined by one weak tie; answers known by construction.

Cluster A (enterprises 1..8): 汽车制造 C3610 in Zhengzhou (410102). 1 is the core: 2..8 each pay it
  every month (its buyers) and it pays 2 and 3 (its suppliers); 4..8 also trade a little among
  themselves.
Cluster B (enterprises 11..18): 批发 F5174 in Nanjing (320102), the same shape around core 11.
Bridge: 8 pays 18 once, a small amount. 20 is in cluster A's industry and region but has no payments.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import uscc, write_table

CLUSTERS = {1: range(1, 9), 11: range(11, 19)}
INDUSTRY = {1: ("C3610", "C", "410102"), 11: ("F5174", "F", "320102")}
MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")


def _payments() -> list[tuple[int, int, str, float]]:
    out: list[tuple[int, int, str, float]] = []
    for core, members in CLUSTERS.items():
        for member in members:
            if member == core:
                continue
            for month in MONTHS:
                out.append((member, core, f"{month}-10", 1_000_000.0 + 10_000.0 * (member - core)))
        for supplier in (core + 1, core + 2):
            for month in MONTHS:
                out.append((core, supplier, f"{month}-20", 600_000.0))
        for a in range(core + 3, core + 7):
            out.append((a, a + 1, "2024-02-15", 80_000.0))
    out.append((8, 18, "2024-03-03", 5_000.0))
    return out


PAYMENTS = _payments()
PAIRS = {(payer, payee) for payer, payee, _, _ in PAYMENTS}


def write_cluster_dataset(directory: Path) -> Path:
    rows = []
    for core, members in CLUSTERS.items():
        code, section, region = INDUSTRY[core]
        for n in members:
            role = "核心" if n == core else "配套"
            rows.append({"uscc": uscc(n), "name": f"测试{section}{role}企业{n:02d}有限公司", "status": "存续",
                         "industry_code": code, "industry_section": section, "region_code": region})
    rows.append({"uscc": uscc(20), "name": "测试无往来企业20有限公司", "status": "存续", "industry_code": "C3610",
                 "industry_section": "C", "region_code": "410102"})
    write_table(directory, "enterprises", rows)
    write_table(directory, "payments", [
        {"txn_id": f"S{payer}-{payee}-{day}", "payer_uscc": uscc(payer), "payee_kind": "E", "payee_id": uscc(payee),
         "amount": f"{amount:.2f}", "date": day, "purpose": "货款"}
        for payer, payee, day, amount in PAYMENTS
    ])
    return directory
