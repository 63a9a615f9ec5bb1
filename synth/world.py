"""Generate one dataset: plan the world in memory (entities, ownership, pairs), stream the bulk to disk.

Entities and their relations are held in memory (they grow with the number of enterprises); payments
and balances, which grow with time too, are generated in chunks and written as they are made.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from liantu.errors import InvalidInput
from synth.bank import Bank, balance_batches, balance_matrix, build_bank, month_strings, set_tiers
from synth.churn import ChurnWindow, draw_window2, plant_window1, write_churn_truth
from synth.controllers import ultimate_controllers
from synth.entities import Enterprises, Persons, generate_enterprises, generate_persons
from synth.events import documents, write_documents
from synth.fund_flows import noise_batches, plant_loops
from synth.guarantees import Guarantees, build_guarantees
from synth.outcomes import build_outcomes
from synth.ownership import Ownership, build_ownership
from synth.products import structured_products
from synth.rand import rng_for
from synth.scales import SCALES
from synth.supply_chain import CHANNELS, PURPOSES, PaymentBatch, build_pairs, supply_batches
from synth.suspected_links import PlantedLinks, plant_suspected_links, write_suspected_truth
from synth.truth import build_truth, write_truth
from synth.writer import Format, ProgressFn, TableWriter, money_cents

PAYMENT_COLUMNS = (("txn_id", "str"), ("payer_uscc", "str"), ("payee_kind", "str"), ("payee_id", "str"),
                   ("amount", "money"), ("date", "date"), ("purpose", "str"), ("channel", "str"))


@dataclass
class Summary:
    scale: str
    seed: int
    out: Path
    fmt: str
    counts: dict[str, int] = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def payments_per_s(self) -> float:
        return self.counts.get("payments", 0) / self.elapsed_s if self.elapsed_s else 0.0


class _Payments:
    """The payments file: batches are date-sorted and numbered T0000000001.. in file order."""

    def __init__(self, out: Path, fmt: Format, ent: Enterprises, per: Persons, progress: ProgressFn | None):
        self.w = TableWriter(out, "payments", PAYMENT_COLUMNS, fmt, progress)  # type: ignore[arg-type]
        self.uscc = pa.array(ent.uscc, pa.string())
        self.parties = pa.concat_arrays([self.uscc, pa.array(per.person_id, pa.string())])
        self.n_ent = len(ent)
        self.next = 1
        self.purposes = pa.array(PURPOSES, pa.string())
        self.channels = pa.array(CHANNELS, pa.string())
        self.kinds = pa.array(["E", "P"], pa.string())

    def write(self, b: PaymentBatch) -> np.ndarray:
        """Write one batch; return the txn number of each row in the batch's original order."""
        order = np.argsort(b.day, kind="stable")
        n = len(order)
        numbers = np.arange(self.next, self.next + n, dtype=np.int64)
        self.next += n
        ids = pc.binary_join_element_wise(
            "T", pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), 10, "0"), "")
        payee = b.payee[order] + b.payee_is_person[order].astype(np.int64) * self.n_ent
        self.w.write({
            "txn_id": ids, "payer_uscc": pc.take(self.uscc, pa.array(b.payer[order])),
            "payee_kind": pc.take(self.kinds, pa.array(b.payee_is_person[order].astype(np.int8))),
            "payee_id": pc.take(self.parties, pa.array(payee)), "amount": b.cents[order],
            "date": b.day[order], "purpose": pc.take(self.purposes, pa.array(b.purpose[order])),
            "channel": pc.take(self.channels, pa.array(b.channel[order])),
        })
        by_original = np.empty(n, dtype=np.int64)
        by_original[order] = numbers
        return by_original


def _write_static(out: Path, fmt: Format, progress: ProgressFn | None, ent: Enterprises, per: Persons,
                  own: Ownership, g: Guarantees, bk: Bank) -> dict[str, int]:
    counts: dict[str, int] = {}

    def table(stem: str, cols: list[tuple[str, str]], batch: dict[str, object]) -> None:
        w = TableWriter(out, stem, cols, fmt, progress)  # type: ignore[arg-type]
        w.write(batch)
        counts[stem] = w.close()

    table("enterprises", [("uscc", "str"), ("name", "str"), ("former_names", "str"), ("legal_form", "str"),
                          ("registered_capital", "money"), ("established", "date"), ("status", "str"),
                          ("industry_code", "str"), ("industry_section", "str"), ("region_code", "str"),
                          ("address", "str"), ("phone", "str"), ("scale", "str")],
          {"uscc": ent.uscc, "name": ent.name, "former_names": ent.former_names, "legal_form": ent.legal_form,
           "registered_capital": money_cents(ent.capital), "established": ent.established, "status": ent.status,
           "industry_code": ent.industry_code, "industry_section": [c[0] for c in ent.industry_code],
           "region_code": ent.region, "address": ent.address, "phone": ent.phone, "scale": ent.scale})
    table("persons", [("person_id", "str"), ("name", "str"), ("gender", "str"), ("birth_year", "int")],
          {"person_id": per.person_id, "name": per.name, "gender": ["M" if m else "F" for m in per.male],
           "birth_year": per.birth_year})
    pid = per.person_id
    table("shareholdings", [("holder_kind", "str"), ("holder_id", "str"), ("company_uscc", "str"),
                            ("ratio", "ratio"), ("subscribed_capital", "money"), ("valid_from", "date"),
                            ("valid_to", "date")],
          {"holder_kind": own.holder_kind,
           "holder_id": [ent.uscc[h] if k == "E" else pid[h] for k, h in zip(own.holder_kind, own.holder,
                                                                                strict=True)],
           "company_uscc": [ent.uscc[c] for c in own.company], "ratio": own.ratio_bp,
           "subscribed_capital": [int(ent.capital[c] * r // 100)
                                  for c, r in zip(own.company, own.ratio_bp, strict=True)],
           "valid_from": own.since, "valid_to": [""] * len(own.since)})
    table("officers", [("person_id", "str"), ("company_uscc", "str"), ("role", "str"), ("valid_from", "date"),
                       ("valid_to", "date")],
          {"person_id": [pid[p] for p in own.officer_person],
           "company_uscc": [ent.uscc[c] for c in own.officer_company],
           "role": own.officer_role, "valid_from": own.officer_since, "valid_to": own.officer_until})
    table("guarantees", [("guarantee_id", "str"), ("guarantor_uscc", "str"), ("borrower_uscc", "str"),
                         ("amount", "money"), ("start_date", "date"), ("end_date", "date"), ("kind", "str")],
          {"guarantee_id": [g.guarantee_id(r) for r in range(len(g.guarantor))],
           "guarantor_uscc": [ent.uscc[a] for a in g.guarantor], "borrower_uscc": [ent.uscc[b] for b in g.borrower],
           "amount": g.cents, "start_date": g.start, "end_date": g.end, "kind": g.kind})
    table("branches", [("branch_code", "str"), ("name", "str"), ("region_code", "str")],
          {"branch_code": bk.branch_code, "name": bk.branch_name, "region_code": bk.branch_region})
    table("rms", [("rm_id", "str"), ("name", "str"), ("branch_code", "str")],
          {"rm_id": bk.rm_id, "name": bk.rm_name, "branch_code": bk.rm_branch})
    return counts


def generate(scale: str, seed: int, out: Path, fmt: Format = "csv", progress: ProgressFn | None = None, *,
             suspected_share: float = 0.0, churn: bool = False, product_structure: bool = False) -> Summary:
    """Write one synthetic regional-bank world into `out` (created; files in it are overwritten).

    `suspected_share` > 0 plants the ties of synth/suspected_links.py and withholds that share of them
    from the input files; at 0 (the default) nothing of it runs and the files are as they always were.
    `churn` plants churners (synth/churn.py: W1's in the balances, both windows in churn.csv);
    `product_structure` redraws enterprise customers' holdings with structure (synth/products.py). Both
    are off by default, which leaves every file as it was.
    """
    if scale not in SCALES:
        raise InvalidInput(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if fmt not in ("csv", "parquet"):
        raise InvalidInput(f"unknown format {fmt!r}; choose csv or parquet")
    spec = SCALES[scale]
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "documents", ignore_errors=True)

    ent = generate_enterprises(spec, seed)
    per = generate_persons(spec, seed)
    own = build_ownership(ent, per, seed)
    pairs = build_pairs(ent, spec, seed)
    g = build_guarantees(ent, spec, seed)
    planted: PlantedLinks | None = None
    if suspected_share > 0:
        planted = plant_suspected_links(ent, per, own, g, spec, seed, suspected_share)
    bk = build_bank(ent, per, pairs, spec, seed)
    bal = balance_matrix(bk, seed)
    churned: list[ChurnWindow] = []
    if churn:  # before the outcomes: its population (effective at D1) and theirs (under it) never meet
        churned.append(plant_window1(ent, own, pairs, bk, bal, seed))
    # Window 1's outcomes become history (new customers and their balances), so they are drawn first.
    outcomes, bal = build_outcomes(ent, per, own, pairs, bk, bal, seed)
    if churn:
        churned.append(draw_window2(ent, own, pairs, bk, bal, seed))
    if product_structure:
        structured_products(bk, ent, own, pairs, seed)
    set_tiers(bk, bal)
    counts = _write_static(out, fmt, progress, ent, per, own, g, bk)

    months = pa.array(month_strings(), pa.string())
    cust_no = pa.array([bk.customer_no(r) for r in range(len(bk.cust_kind))], pa.string())
    w = TableWriter(out, "balances", [("customer_no", "str"), ("month", "str"), ("avg_balance", "money")], fmt,
                    progress)
    for rows, m, cents in balance_batches(bk, bal):
        w.write({"customer_no": pc.take(cust_no, pa.array(rows)), "month": pc.take(months, pa.array(m)),
                 "avg_balance": cents})
    counts["balances"] = w.close()
    w = TableWriter(out, "customers", [("customer_no", "str"), ("party_kind", "str"), ("party_id", "str"),
                                       ("branch_code", "str"), ("rm_id", "str"), ("tier", "str"), ("since", "date")],
                    fmt, progress)
    w.write({"customer_no": cust_no, "party_kind": bk.cust_kind,
             "party_id": [ent.uscc[i] if k == "E" else per.person_id[i] for k, i in zip(bk.cust_kind, bk.cust_party,
                                                                                        strict=True)],
             "branch_code": bk.cust_branch, "rm_id": bk.cust_rm, "tier": bk.cust_tier, "since": bk.cust_since})
    counts["customers"] = w.close()
    w = TableWriter(out, "products", [("customer_no", "str"), ("product", "str"), ("opened", "date")], fmt, progress)
    w.write({"customer_no": [bk.customer_no(r) for r, _, _ in bk.products], "product": [p for _, p, _ in bk.products],
             "opened": [o for _, _, o in bk.products]})
    counts["products"] = w.close()

    pay = _Payments(out, fmt, ent, per, progress)
    for batch in supply_batches(pairs, seed, spec.payment_chunk_pairs):
        pay.write(batch)
    for batch in noise_batches(ent, own, spec, seed, len(per)):
        pay.write(batch)
    loops, loop_batch = plant_loops(ent, own, spec, seed)
    numbers = pay.write(loop_batch)
    for lp in loops:
        lp.leg_ids = [[f"T{numbers[i]:010d}" for i in leg] for leg in lp.legs]
        lp.txn_ids = [t for leg in lp.leg_ids for t in leg]
    if planted is not None:
        pay.write(planted.batch(rng_for(seed, "suspected_links_channels")))
    counts["payments"] = pay.w.close()

    counts["documents"] = write_documents(out, documents(ent, per, own, g, pairs, spec, seed), progress)
    w = TableWriter(out, "outcomes", [("window", "int"), ("party_kind", "str"), ("party_id", "str"),
                                      ("customer_no", "str"), ("became_customer", "str"), ("became_effective", "str"),
                                      ("propensity", "str"), ("propensity_observable", "str")], "csv", progress)
    w.write({"window": outcomes.window, "party_kind": outcomes.party_kind,
             "party_id": [ent.uscc[i] if k == "E" else per.person_id[i]
                          for k, i in zip(outcomes.party_kind, outcomes.party, strict=True)],
             "customer_no": [bk.customer_no(r) if r >= 0 else "" for r in outcomes.customer_row],
             "became_customer": outcomes.became_customer, "became_effective": outcomes.became_effective,
             "propensity": [f"{p:.6f}" for p in outcomes.propensity],
             "propensity_observable": [f"{p:.6f}" for p in outcomes.observable]})
    counts["outcomes"] = w.close()

    controls = ultimate_controllers(own, len(ent), len(per))
    truth = build_truth(scale=scale, seed=seed, fmt=fmt, counts=dict(counts), ent=ent, per=per, own=own,
                        controls=controls, pairs=pairs, g=g, loops=loops, outcomes=outcomes,
                        n_documents=counts["documents"])
    write_truth(out, truth)
    if churned:
        counts["churn"] = write_churn_truth(out, churned, bk, ent)
    if planted is not None:
        write_suspected_truth(out, planted, ent, per)
    return Summary(scale, seed, out, fmt, counts, time.perf_counter() - started)
