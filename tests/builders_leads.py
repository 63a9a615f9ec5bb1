"""A small bank for the four lead types and the circular-fund-flow exclusion, answers known by construction.

Enterprises (n -> uscc(n)), all registered 2015 unless said:
   1 A  核心 customer C001 of RM001 (branch 0101), balance 2.0m in 2024-12 (effective)
   2 B  基础 customer C002 of RM002 (branch 0101), balance 300k in 2024-09 -> 420k in 2024-12 (临界户)
   5 E  潜在 customer C003 of RM001, balance 100k in 2024-12 (too far below the threshold to be 临界户)
   3 S  supplier of A (A pays it 1.0m): a chain lead
  21 L1, 22 L2: a circular fund flow A -> L1 (1.0m) -> L2 (0.98m) -> A (0.97m) within May 2024: L1 looks
     like a supplier of A and L2 like a buyer, but both are loop partners, never leads
   4 D  buyer of B (pays B 6.0m over 2024: 0.5m a month against B's 420k balance) and of E (2.4m): uplift
  31 N1 registered 2024-10-01, A pays it 200k: a new-registration lead by trade
  32 N2 registered 2024-11-15, pid(1) sits on A's board and is N2's legal representative: by officer
  33 N3 registered 2024-09-01, A holds 60% of it: by group
  34 N4 registered 2018 with the same officer tie as N2: not new
"""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import pid, uscc, write_table

AS_OF = "2024-12-31"
NAMES = {1: "郑州甲核心制造有限公司", 2: "郑州乙商贸有限公司", 3: "河南丙钢材有限公司", 4: "开封丁销售有限公司",
         5: "郑州戊物流有限公司", 21: "郑州环一贸易有限公司", 22: "郑州环二贸易有限公司", 31: "郑州新一科技有限公司",
         32: "郑州新二科技有限公司", 33: "郑州新三科技有限公司", 34: "郑州旧四科技有限公司"}
ESTABLISHED = {31: "2024-10-01", 32: "2024-11-15", 33: "2024-09-01", 34: "2018-03-01"}
LOOP = [(1, 21, 1_000_000.0, "2024-05-01"), (21, 22, 980_000.0, "2024-05-10"), (22, 1, 970_000.0, "2024-05-20")]


def write_leads_dataset(directory: Path) -> Path:
    write_table(directory, "enterprises", [
        {"uscc": uscc(n), "name": name, "status": "存续", "established": ESTABLISHED.get(n, "2015-01-01")}
        for n, name in NAMES.items()])
    write_table(directory, "persons", [{"person_id": pid(1), "name": "赵一"}])
    write_table(directory, "officers", [
        {"person_id": pid(1), "company_uscc": uscc(1), "role": "董事", "valid_from": "2016-01-01"},
        {"person_id": pid(1), "company_uscc": uscc(32), "role": "法定代表人", "valid_from": "2024-11-15"},
        {"person_id": pid(1), "company_uscc": uscc(34), "role": "董事", "valid_from": "2018-03-01"}])
    write_table(directory, "shareholdings", [
        {"holder_kind": "E", "holder_id": uscc(1), "company_uscc": uscc(33), "ratio": "0.6",
         "valid_from": "2024-09-01"}])
    payments = [(a, b, amount, day, "往来款") for a, b, amount, day in LOOP]
    payments += [(1, 3, 1_000_000.0, "2024-06-30", "货款"), (1, 31, 200_000.0, "2024-11-20", "货款")]
    payments += [(4, 2, 500_000.0, f"2024-{m:02d}-15", "货款") for m in range(1, 13)]
    payments += [(4, 5, 200_000.0, f"2024-{m:02d}-15", "货款") for m in range(1, 13)]
    write_table(directory, "payments", [
        {"txn_id": f"T{a}-{b}-{day}", "payer_uscc": uscc(a), "payee_kind": "E", "payee_id": uscc(b),
         "amount": f"{amount:.2f}", "date": day, "purpose": purpose} for a, b, amount, day, purpose in payments])
    write_table(directory, "branches", [{"branch_code": "0101", "name": "郑州分行营业部"}])
    write_table(directory, "rms", [{"rm_id": "RM001", "name": "李娜", "branch_code": "0101"},
                                   {"rm_id": "RM002", "name": "王强", "branch_code": "0101"}])
    write_table(directory, "customers", [
        {"customer_no": "C001", "party_kind": "E", "party_id": uscc(1), "branch_code": "0101", "rm_id": "RM001",
         "tier": "核心", "since": "2019-01-01"},
        {"customer_no": "C002", "party_kind": "E", "party_id": uscc(2), "branch_code": "0101", "rm_id": "RM002",
         "tier": "基础", "since": "2020-01-01"},
        {"customer_no": "C003", "party_kind": "E", "party_id": uscc(5), "branch_code": "0101", "rm_id": "RM001",
         "tier": "潜在", "since": "2021-01-01"}])
    write_table(directory, "balances", [
        {"customer_no": no, "month": month, "avg_balance": f"{amount:.2f}"}
        for no, month, amount in [("C001", "2024-12", 2_000_000.0), ("C002", "2024-09", 300_000.0),
                                  ("C002", "2024-12", 420_000.0), ("C003", "2024-12", 100_000.0)]])
    return directory


def load_leads_world(store: GraphStore, directory: Path) -> GraphStore:
    report = load_directory(store, write_leads_dataset(directory))
    assert report.total_rejected == 0, [r.as_dict() for f in report.files for r in f.rejects]
    return store
