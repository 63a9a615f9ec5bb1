"""One business day after a synthetic world: the nightly delta a bank's extract would bring.

`write_delta(world, out, seed)` reads a world written by `generate` (its CSV files) and writes into
`out`, in the same input formats, what changed on the next business day after the world's end date:

- `payments.csv`: the day's payments, drawn from the world's December payments (same payers, payees,
  purposes and amounts; one business day's worth), numbered after the world's last txn_id;
- `enterprises.csv`: about 0.5% of the registry changed (phone, address, registered capital, a new
  name with the old one kept as a former name, a few deregistrations), plus new registrations;
- `shareholdings.csv`: actual-controller changes (a majority stake closed on the day and a natural
  person taking it over), shareholding changes (a minority stake closed and reopened at a new ratio),
  and the owners of the new registrations;
- `documents/`: new court judgments (a supplier suing its December buyer) and penalty decisions dated
  the day, in the layouts of the world's own documents;
- `delta_truth.json`: what changed, so a test (or an alert rule) can be checked against it.

Big inputs are streamed: payments are read a block at a time, keeping only December's rows.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from liantu.errors import InvalidInput
from liantu.ids import make_uscc
from synth import court_docs as cd
from synth import penalty_docs as pd
from synth.events import court_fee
from synth.names import person_names
from synth.regions import city_of_district, city_regulators, district_by_code, district_court, intermediate_court
from synth.scales import AS_OF

REGISTRY_SHARE = 0.005  # share of enterprises whose registry facts change in one day
ACTIVE = "存续"


def next_business_day(day: date) -> date:
    """The next Monday-to-Friday day that is not New Year's Day (the delta's one holiday rule)."""
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5 or (nxt.month, nxt.day) == (1, 1):
        nxt += timedelta(days=1)
    return nxt


@dataclass
class DeltaSummary:
    day: str
    out: Path
    counts: dict[str, int] = field(default_factory=dict)


def _read(path: Path, columns: list[str] | None = None) -> pa.Table:
    if not path.exists():
        raise InvalidInput(f"{path}: not found; point --world at a directory written by `liantu synth`")
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    # Every cell as text, as the world wrote it: a region code is a code, not a number.
    opts = pacsv.ConvertOptions(include_columns=columns, strings_can_be_null=True,
                                column_types=dict.fromkeys(header, pa.string()))
    return pacsv.read_csv(path, convert_options=opts)


def _december_payments(path: Path, month: str) -> tuple[pa.Table, int, int]:
    """The payments of one month (streamed), the number of payments, and the highest txn number."""
    if not path.exists():
        raise InvalidInput(f"{path}: not found; point --world at a directory written by `liantu synth`")
    cols = ["txn_id", "payer_uscc", "payee_kind", "payee_id", "amount", "date", "purpose", "channel"]
    reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 24),
                            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(cols, pa.string())))
    kept: list[pa.RecordBatch] = []
    rows, top = 0, 0
    for batch in reader:
        rows += batch.num_rows
        numbers = pc.cast(pc.utf8_slice_codeunits(batch.column("txn_id"), 1), pa.int64())
        top = max(top, pc.max(numbers).as_py() or 0)
        mask = pc.starts_with(batch.column("date"), month)
        kept.append(batch.filter(mask))
    return pa.Table.from_batches(kept, schema=reader.schema), rows, top


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in header})
    return len(rows)


class _World:
    """The parts of the world a delta needs, as columns."""

    def __init__(self, world: Path) -> None:
        self.ent = _read(world / "enterprises.csv").to_pylist()
        self.ent_header = list(self.ent[0].keys()) if self.ent else []
        self.by_uscc = {e["uscc"]: e for e in self.ent}
        self.names = {e["name"] for e in self.ent}
        sh = _read(world / "shareholdings.csv")
        self.sh_header = sh.column_names
        self.holdings = sh.to_pylist()
        officers = _read(world / "officers.csv", ["person_id", "company_uscc", "role"])
        reps = officers.filter(pc.equal(officers["role"], "法定代表人"))
        self.legal_rep = dict(zip(reps["company_uscc"].to_pylist(), reps["person_id"].to_pylist(), strict=True))
        persons = _read(world / "persons.csv", ["person_id", "name"])
        self.person_ids = persons["person_id"].to_pylist()
        self.person_name = dict(zip(self.person_ids, persons["name"].to_pylist(), strict=True))


def write_delta(world: Path, out: Path, seed: int = 1, day: date | None = None) -> DeltaSummary:
    """Write the delta of the business day after `world`'s end date into `out` (see the module doc)."""
    world, out = Path(world), Path(out)
    day = day or next_business_day(AS_OF)
    rng = np.random.default_rng([seed, 16, day.toordinal()])
    w = _World(world)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {"day": day.isoformat(), "world": str(world)}
    n_ent = len(w.ent)
    active = [e for e in w.ent if e["status"] == ACTIVE]

    # ---- registry: changed enterprises -----------------------------------------------------------
    changed_rows: dict[str, dict[str, Any]] = {}
    changes: list[dict[str, Any]] = []
    n_changed = max(3, round(REGISTRY_SHARE * n_ent))
    for i in rng.choice(len(active), size=min(n_changed, len(active)), replace=False):
        e = dict(active[int(i)])
        what = ("phone", "address", "registered_capital", "name", "status")[
            int(rng.choice(5, p=[0.3, 0.25, 0.25, 0.1, 0.1]))]
        old = e[what]
        if what == "phone":
            e["phone"] = f"{(old or '0371-').split('-')[0]}-{int(rng.integers(60000000, 69999999))}"
        elif what == "address":
            e["address"] = f"{(old or '')[:9]}建设路{int(rng.integers(1, 400))}号"
        elif what == "registered_capital":
            e["registered_capital"] = f"{float(old or 0) * float(rng.choice([1.5, 2.0, 3.0])):.2f}"
        elif what == "name":
            new_name = e["name"].replace("有限公司", "控股有限公司", 1)
            if new_name in w.names or new_name == e["name"]:
                continue
            e["former_names"] = ";".join(x for x in [e.get("former_names"), e["name"]] if x)
            e["name"] = new_name
            w.names.add(new_name)
        else:
            e["status"] = "注销" if rng.random() < 0.6 else "吊销"
        changed_rows[e["uscc"]] = e
        changes.append({"uscc": e["uscc"], "field": what, "old": old, "new": e[what]})
    truth["enterprise_changes"] = changes

    # ---- registry: new registrations and their owners -----------------------------------------------
    new_rows: list[dict[str, Any]] = []
    new_holdings: list[dict[str, Any]] = []
    for k in range(max(2, round(0.0005 * n_ent))):
        template = active[int(rng.integers(0, len(active)))]
        uscc = make_uscc("9", "1", template["region_code"], f"{int(rng.integers(0, 10**8)):08d}"
                         + "0123456789ABCDEFGHJKLMNPQRTUWXY"[k % 31])
        name = template["name"].replace("有限公司", "") + f"新创{k + 1}号科技有限公司"
        if uscc in w.by_uscc or name in w.names:
            continue
        w.names.add(name)
        capital = f"{float(rng.integers(10, 500)) * 10_000:.2f}"
        new_rows.append({**template, "uscc": uscc, "name": name, "former_names": None, "registered_capital": capital,
                         "established": day.isoformat(), "status": ACTIVE, "scale": "微型"})
        owner = w.person_ids[int(rng.integers(0, len(w.person_ids)))]
        new_holdings.append({"holder_kind": "P", "holder_id": owner, "company_uscc": uscc, "ratio": "1.0000",
                             "subscribed_capital": capital, "valid_from": day.isoformat(), "valid_to": None})
    truth["new_enterprises"] = [{"uscc": r["uscc"], "name": r["name"], "owner": h["holder_id"]}
                                for r, h in zip(new_rows, new_holdings, strict=True)]

    # ---- shareholdings: controller changes and ratio changes ----------------------------------------
    open_rows = [h for h in w.holdings if not h["valid_to"] and h["company_uscc"] not in changed_rows]
    majority = [h for h in open_rows if float(h["ratio"]) > 0.5]
    minority = [h for h in open_rows if float(h["ratio"]) < 0.3]
    closing = day.isoformat()
    sh_rows: list[dict[str, Any]] = []
    controller_changes = []
    taken: set[str] = set()
    for i in rng.choice(len(majority), size=min(len(majority), max(2, round(0.0002 * n_ent))), replace=False):
        h = majority[int(i)]
        if h["company_uscc"] in taken:
            continue
        taken.add(h["company_uscc"])
        buyer = w.person_ids[int(rng.integers(0, len(w.person_ids)))]
        sh_rows.append({**h, "valid_to": closing})
        sh_rows.append({**h, "holder_kind": "P", "holder_id": buyer, "valid_from": closing, "valid_to": None})
        controller_changes.append({"company": h["company_uscc"], "old_holder": h["holder_id"],
                                   "old_holder_kind": h["holder_kind"], "new_holder": buyer, "ratio": h["ratio"]})
    ratio_changes = []
    for i in rng.choice(len(minority), size=min(len(minority), max(3, round(0.001 * n_ent))), replace=False):
        h = minority[int(i)]
        if h["company_uscc"] in taken:
            continue
        taken.add(h["company_uscc"])
        ratio = min(0.49, round(float(h["ratio"]) * float(rng.uniform(0.4, 1.8)), 4))
        sh_rows.append({**h, "valid_to": closing})
        sh_rows.append({**h, "ratio": f"{ratio:.4f}", "valid_from": closing, "valid_to": None})
        ratio_changes.append({"company": h["company_uscc"], "holder": h["holder_id"], "old": h["ratio"],
                              "new": f"{ratio:.4f}"})
    truth["controller_changes"] = controller_changes
    truth["shareholding_changes"] = ratio_changes

    # ---- the day's payments -------------------------------------------------------------------------
    month = f"{AS_OF.year:04d}-{AS_OF.month:02d}"
    december, total_rows, top = _december_payments(world / "payments.csv", month)
    per_day = max(1, round(december.num_rows / 22))  # about 22 business days in a month
    pick = np.sort(rng.choice(december.num_rows, size=min(per_day, december.num_rows), replace=False))
    day_rows = december.take(pa.array(pick)).to_pylist()
    for j, row in enumerate(day_rows):
        row["txn_id"] = f"T{top + j + 1:010d}"
        row["date"] = day.isoformat()
    truth["payments"] = {"count": len(day_rows), "world_payments": total_rows,
                         "total": round(sum(float(r["amount"]) for r in day_rows), 2)}

    # ---- documents ----------------------------------------------------------------------------------
    docs = _documents(w, day, rng, day_rows, n_court=max(2, n_ent // 20_000), n_penalty=max(1, n_ent // 40_000))
    folder = out / "documents"
    folder.mkdir(exist_ok=True)
    for doc_id, text, _ in docs:
        (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8", newline="\n")
    truth["documents"] = [facts for _, _, facts in docs]

    counts = {
        "enterprises": _write_csv(out / "enterprises.csv", w.ent_header, [*changed_rows.values(), *new_rows]),
        "shareholdings": _write_csv(out / "shareholdings.csv", w.sh_header, [*sh_rows, *new_holdings]),
        "payments": _write_csv(out / "payments.csv", december.column_names, day_rows),
        "documents": len(docs),
    }
    truth["counts"] = counts
    (out / "delta_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")
    return DeltaSummary(day.isoformat(), out, counts)


def _company(w: _World, uscc: str, role: str) -> cd.Party:
    e = w.by_uscc[uscc]
    rep = w.legal_rep.get(uscc)
    return cd.Party(name=e["name"], role=role, kind="company", entity_id=uscc, uscc=uscc,
                    legal_representative=w.person_name.get(rep or ""), legal_representative_id=rep,
                    address=e["address"])


def _documents(w: _World, day: date, rng: np.random.Generator, payments: list[dict[str, Any]], *, n_court: int,
               n_penalty: int) -> list[tuple[str, str, dict[str, Any]]]:
    docs: list[tuple[str, str, dict[str, Any]]] = []
    trade = [p for p in payments if p["payee_kind"] == "E" and p["purpose"] == "货款"
             and p["payer_uscc"] in w.by_uscc and p["payee_id"] in w.by_uscc]
    bench_names = person_names(rng, rng.random(8) < 0.5)
    for k in range(min(n_court, len(trade))):
        p = trade[int(rng.integers(0, len(trade)))]
        seller, buyer = p["payee_id"], p["payer_uscc"]
        region = w.by_uscc[buyer]["region_code"]
        court, code, _ = district_court(district_by_code(region))
        principal = round(float(rng.lognormal(np.log(8e5), 0.8)), -3)
        interest = round(principal * 0.05, 2)
        number = f"（{day.year}）{code}民初{int(rng.integers(1, 9000))}号"
        case = cd.CourtCase(
            kind="judgment", case_number=number, court=court, cause="买卖合同纠纷", date=day,
            filed=day - timedelta(days=int(rng.integers(40, 120))),
            parties=[_company(w, seller, "原告"), _company(w, buyer, "被告")], principal=principal,
            interest=interest, fee=court_fee(principal + interest), contract_date=day - timedelta(days=400),
            amount_style="plain", cn_final_date=True, bench=list(bench_names[:4]),
            lawyer=(bench_names[4], "河南中原律师事务所"),
            appeal_court=intermediate_court(city_of_district(region))[0], goods="货物")
        doc_id = f"D{day:%Y%m%d}C{k + 1:04d}"
        docs.append((doc_id, cd.RENDERERS["sale"](case), {
            "doc_id": doc_id, "kind": "judgment", "case_number": number, "court": court, "date": day.isoformat(),
            "plaintiff": seller, "defendant": buyer, "cause": "买卖合同纠纷"}))
    firms = [e for e in w.ent if e["status"] == ACTIVE and e["uscc"] in w.legal_rep]
    for k in range(n_penalty):
        e = firms[int(rng.integers(0, len(firms)))]
        authority, prefix = city_regulators(city_of_district(e["region_code"]))[0]
        family = next((f for f in pd.CITY_VIOLATIONS if f in prefix), next(iter(pd.CITY_VIOLATIONS)))
        violation, basis = pd.CITY_VIOLATIONS[family][0]
        rep = w.legal_rep[e["uscc"]]
        number = f"{prefix}〔{day.year}〕{int(rng.integers(1, 900))}号"
        penalty = pd.Penalty("penalty_decision", number, authority, e["name"], e["uscc"], None, None, None,
                             w.person_name.get(rep), rep, violation, basis, ["罚款"],
                             float(rng.integers(1, 60)) * 10_000, day, e["address"], False, False)
        doc_id = f"D{day:%Y%m%d}P{k + 1:04d}"
        docs.append((doc_id, pd.render_decision(penalty), {
            "doc_id": doc_id, "kind": "penalty_decision", "decision_number": number, "authority": authority,
            "date": day.isoformat(), "party": e["uscc"], "fine_amount": penalty.fine_amount}))
    return docs
