"""Negative events: court cases and administrative penalties drawn from the world's own structure.

Loan cases sue real guarantee borrowers with their real guarantors, sale cases set a real supplier
against its real buyer, penalties hit real financial institutions and the officers in them. Each
document is rendered, then a document-level variation is applied to the text and to the truth alike
(full-width digits, half-width brackets), so the truth always says what the text says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from synth import court_docs as cd
from synth import penalty_docs as pd
from synth.entities import BANK, CHAIN, FINANCE, ORDINARY, Enterprises, Persons
from synth.guarantees import Guarantees
from synth.industries import CHAINS
from synth.names import person_names, with_typo
from synth.numerals import fullwidth_digits, halfwidth_brackets
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.regions import (
    PROVINCE,
    bank_regulator,
    city_of_district,
    city_regulators,
    district_by_code,
    district_court,
    intermediate_court,
)
from synth.scales import Scale
from synth.supply_chain import GOODS, Pairs

KINDS = ("loan", "guarantee", "private", "sale", "appeal", "withdrawal", "enforcement", "penalty_decision",
         "penalty_table")
SHARES = (0.20, 0.08, 0.06, 0.12, 0.06, 0.08, 0.16, 0.13, 0.11)
LR_POSITIONS = ("该公司执行董事", "该公司总经理", "该公司董事长", "该公司经理")


def court_fee(claim: float) -> float:
    """诉讼费用交纳办法 art. 13: the property-case fee, cumulative by bands."""
    bands = ((10_000, 0.0), (100_000, 0.025), (200_000, 0.02), (500_000, 0.015), (1_000_000, 0.01),
             (2_000_000, 0.009), (5_000_000, 0.008), (10_000_000, 0.007), (20_000_000, 0.006),
             (float("inf"), 0.005))
    fee, lower = 50.0, 0.0
    for upper, rate in bands:
        if claim > lower:
            fee += (min(claim, upper) - lower) * rate
        lower = upper
    return round(fee, 2)


class _Maker:
    def __init__(self, ent: Enterprises, per: Persons, own: Ownership, g: Guarantees, pairs: Pairs,
                 seed: int) -> None:
        self.ent, self.per, self.own, self.g, self.pairs = ent, per, own, g, pairs
        self.rng = rng_for(seed, "documents")
        self.seq = 1000
        self.guarantors_of: dict[int, list[int]] = {}
        for a, b in zip(g.guarantor, g.borrower, strict=True):
            self.guarantors_of.setdefault(b, []).append(a)
        self.borrowers = sorted(self.guarantors_of)
        self.goods_pairs = np.flatnonzero(pairs.purpose == GOODS)
        self.banks = np.flatnonzero(ent.role == BANK)
        self.fin = np.flatnonzero((ent.role == FINANCE) | ((ent.role == BANK) & (np.arange(len(ent)) > 0)))
        self.firms = np.flatnonzero((ent.role == CHAIN) | (ent.role == ORDINARY))
        self.entrepreneurs = np.flatnonzero(per.kind == 0)
        self.lawyers = person_names(self.rng, self.rng.random(64) < 0.6)
        self.officers_of: dict[int, list[int]] = {}
        for p, c, role in zip(own.officer_person, own.officer_company, own.officer_role, strict=True):
            if role in ("董事", "总经理", "财务负责人"):
                self.officers_of.setdefault(c, []).append(p)

    def pick(self, pool: np.ndarray | list[int]) -> int:
        return int(pool[int(self.rng.integers(0, len(pool)))])

    def company(self, i: int, role: str) -> cd.Party:
        e, rng = self.ent, self.rng
        name, variant = e.name[i], None
        if e.role[i] != BANK and rng.random() < 0.06:
            typo = with_typo(rng, name)
            if typo != name:
                name, variant = typo, "typo"
        lr = int(self.own.legal_rep[i])
        position = "该行董事长" if e.role[i] == BANK else LR_POSITIONS[int(rng.integers(0, 4))]
        return cd.Party(name=name, role=role, kind="company", entity_id=e.uscc[i],
                        uscc=e.uscc[i] if rng.random() < 0.5 else None,
                        legal_representative=self.per.name[lr], legal_representative_id=self.per.person_id[lr],
                        lr_position=position, address=e.address[i], variant=variant)

    def person(self, i: int, role: str) -> cd.Party:
        p = self.per
        city = city_of_district(p.region[i])
        born = date(int(p.birth_year[i]), 1 + i % 12, 1 + i % 28)
        return cd.Party(name=p.name[i], role=role, kind="person", entity_id=p.person_id[i],
                        address=f"{PROVINCE}{city.name}市{district_by_code(p.region[i]).name}", male=bool(p.male[i]),
                        birth=born)

    def case_number(self, region: str, year: int, kind: str) -> tuple[str, str]:
        """(case number, court) at the basic court of a district, or its city's intermediate court."""
        self.seq += int(self.rng.integers(1, 40))
        d = district_by_code(region)
        if kind == "民终":
            court, code, short = intermediate_court(city_of_district(region))
        else:
            court, code, short = district_court(d)
        if year >= 2016:
            return f"（{year}）{code}{kind}{self.seq % 9000 + 1}号", court
        old = {"民初": "民初字", "民终": "民终字", "执": "执字", "商初": "商初字"}[kind]
        return f"（{year}）{short}{old}第{self.seq % 9000 + 1}号", court


def _court_case(m: _Maker, kind: str) -> cd.CourtCase:
    rng, e = m.rng, m.ent
    year = int(rng.integers(2014, 2025))
    filed = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 300)))
    decided = filed + timedelta(days=int(rng.integers(40, 200)))
    principal = round(float(rng.lognormal(np.log(1.5e6), 0.9)), -3)
    interest = round(principal * float(rng.uniform(0.02, 0.12)), 2)
    parties: list[cd.Party] = []
    guarantees: list[tuple[str, str]] = []
    cause, goods = "金融借款合同纠纷", "货物"
    if kind == "sale":
        k = m.pick(m.goods_pairs)
        seller, buyer = int(m.pairs.supplier[k]), int(m.pairs.buyer[k])
        parties = [m.company(seller, "原告"), m.company(buyer, "被告")]
        cause, region = "买卖合同纠纷", e.region[buyer]
        words = CHAINS[int(e.chain[seller])].tiers[int(e.tier[seller])][0].words if e.chain[seller] >= 0 else ("货物",)
        goods = words[0] + "产品"
    else:
        debtor = m.pick(m.borrowers) if m.borrowers and rng.random() < 0.85 else m.pick(m.firms)
        region = e.region[debtor]
        guarantor_ids = m.guarantors_of.get(debtor, [])[:3]
        if kind == "private":
            cause = "民间借贷纠纷"
            creditor = m.person(m.pick(m.entrepreneurs), "原告")
            principal = round(principal / 5, -3)
            interest = round(principal * float(rng.uniform(0.02, 0.12)), 2)
        else:
            bank = 0 if rng.random() < 0.6 else m.pick(m.banks)
            creditor = m.company(bank, "原告")
            creditor.lr_title = "法定代表人"
        debtor_role = {"guarantee": "第三人", "appeal": "上诉人", "enforcement": "被执行人"}.get(kind, "被告")
        guarantor_role = {"appeal": "原审被告", "enforcement": "被执行人"}.get(kind, "被告")
        creditor.role = {"appeal": "被上诉人", "enforcement": "申请执行人"}.get(kind, "原告")
        if kind == "guarantee":
            cause = "保证合同纠纷"
        dparty = m.company(debtor, debtor_role)
        gparties = [m.company(gi, guarantor_role) for gi in guarantor_ids if gi != debtor]
        if kind == "private" or (rng.random() < 0.4 and kind != "withdrawal"):
            gparties.append(m.person(int(m.own.legal_rep[debtor]), guarantor_role))
        if kind == "withdrawal":
            gparties = []
        ordered = [dparty, *gparties] if kind != "guarantee" else [*gparties, dparty]
        parties = [creditor, *ordered]
        guarantees = [(gp.name, dparty.name) for gp in gparties]
        if kind == "guarantee" and not gparties:
            dparty.role = "被告"
    fee = court_fee(principal + interest)
    case_kind = {"appeal": "民终", "enforcement": "执"}.get(kind, "民初" if year >= 2016 or kind == "loan" else "商初")
    number, court = m.case_number(region, year, case_kind)
    prior = None
    if kind in ("appeal", "enforcement"):
        p_number, p_court = m.case_number(region, max(2014, year - 1), "民初")
        prior = (p_court, p_number)
    appeal_court = intermediate_court(city_of_district(region))[0]
    doc_kind = {"withdrawal": "ruling", "enforcement": "enforcement_ruling"}.get(kind, "judgment")
    bench = person_names(rng, rng.random(4) < 0.5)
    return cd.CourtCase(
        kind=doc_kind, case_number=number, court=court, cause=cause, date=decided, filed=filed,
        parties=parties, principal=principal, interest=interest, fee=fee,
        contract_date=filed - timedelta(days=int(rng.integers(400, 900))),
        amount_style=str(rng.choice(["plain", "comma", "wan", "upper", "mixed"], p=[0.3, 0.25, 0.15, 0.1, 0.2])),
        cn_final_date=bool(rng.random() < 0.8), bench=bench, lawyer=(m.lawyers[int(rng.integers(0, 64))],
                                                                     f"河南{e.trade[m.pick(m.firms)]}律师事务所"),
        appeal_court=appeal_court, prior=prior, paid=round(principal * float(rng.uniform(0.0, 0.2)), 2),
        goods=goods, guarantees=guarantees,
    )


def _penalty(m: _Maker, table: bool) -> pd.Penalty:
    rng, e, per = m.rng, m.ent, m.per
    year = int(rng.integers(2015, 2025))
    when = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 360)))
    m.seq += int(rng.integers(1, 20))
    if rng.random() < 0.55 and len(m.fin):
        inst = m.pick(m.fin)
        authority, prefix = bank_regulator(year)
        violation, basis = pd.BANK_VIOLATIONS[int(rng.integers(0, len(pd.BANK_VIOLATIONS)))]
        staff = m.officers_of.get(inst, [])
        if staff and rng.random() < 0.5:
            who = m.pick(staff)
            kinds = [["警告"], ["警告", "罚款"], ["禁止从业"]][int(rng.integers(0, 3))]
            fine = float(rng.integers(5, 11)) * 10_000 if "罚款" in kinds else None
            return pd.Penalty("penalty_table" if table else "penalty_decision", f"{prefix}〔{year}〕{m.seq % 90 + 1}号",
                              authority, None, None, per.name[who], per.person_id[who], e.name[inst], None, None,
                              violation, basis, kinds, fine, when, None, bool(rng.random() < 0.5),
                              bool(rng.random() < 0.5), unit_id=e.uscc[inst])
        kinds = ["罚款"] if rng.random() < 0.7 else ["警告", "罚款"]
        fine = float(rng.integers(2, 9)) * 100_000
        if staff and rng.random() < 0.5:
            # The institution and up to three of its officers in one decision, each with an own sanction.
            roles = dict(zip(m.own.officer_person, m.own.officer_role, strict=False))
            chosen = sorted({m.pick(staff) for _ in range(int(rng.integers(1, 4)))})
            crew = []
            for who in chosen:
                skinds = [["警告"], ["警告", "罚款"], ["禁止从业"]][int(rng.integers(0, 3))]
                sfine = float(rng.integers(2, 11)) * 10_000 if "罚款" in skinds else None
                crew.append(pd.Staff(per.name[who], per.person_id[who], str(roles.get(who, "董事")), skinds, sfine))
            if len({s.name for s in crew}) == len(crew):
                lr = int(m.own.legal_rep[inst])
                return pd.Penalty("penalty_table" if table else "penalty_decision",
                                  f"{prefix}〔{year}〕{m.seq % 90 + 1}号", authority, e.name[inst], e.uscc[inst], None,
                                  None, None, per.name[lr], per.person_id[lr], violation, basis, kinds, fine, when,
                                  e.address[inst], bool(rng.random() < 0.5), bool(rng.random() < 0.5), crew)
    else:
        inst = m.pick(m.firms)
        city = city_of_district(e.region[inst])
        authority, prefix = city_regulators(city)[int(rng.integers(0, 4))]
        family = next(k for k in pd.CITY_VIOLATIONS if k in prefix)
        options = pd.CITY_VIOLATIONS[family]
        violation, basis = options[int(rng.integers(0, len(options)))]
        kinds = ["罚款"] if rng.random() < 0.6 else ["警告", "罚款"]
        fine = float(rng.integers(1, 60)) * 10_000
        tax = family == "税" and not table
        if tax:
            kinds = ["罚款"]
        number = (f"{prefix}〔{year}〕第{m.seq % 900 + 1:03d}号" if family == "环"
                  else f"{prefix}〔{year}〕{m.seq % 900 + 1}号")
        lr = int(m.own.legal_rep[inst])
        return pd.Penalty("penalty_table" if table else "penalty_decision", number, authority, e.name[inst],
                          e.uscc[inst], None, None, None, None if tax else per.name[lr],
                          None if tax else per.person_id[lr], violation, basis, kinds, fine, when, e.address[inst],
                          bool(rng.random() < 0.5), bool(rng.random() < 0.5), tax_style=tax)
    lr = int(m.own.legal_rep[inst])
    return pd.Penalty("penalty_table" if table else "penalty_decision", f"{prefix}〔{year}〕{m.seq % 900 + 1}号",
                      authority, e.name[inst], e.uscc[inst], None, None, None, per.name[lr], per.person_id[lr],
                      violation, basis, kinds, fine, when, e.address[inst], bool(rng.random() < 0.5),
                      bool(rng.random() < 0.5))


def _variation(rng: np.random.Generator) -> tuple[Callable[[str], str], list[str]]:
    steps: list[Callable[[str], str]] = []
    tags: list[str] = []
    if rng.random() < 0.12:
        steps.append(fullwidth_digits)
        tags.append("fullwidth_digits")
    if rng.random() < 0.35:
        steps.append(halfwidth_brackets)
        tags.append("halfwidth_brackets")

    def apply(text: str) -> str:
        for s in steps:
            text = s(text)
        return text

    return apply, tags


def documents(ent: Enterprises, per: Persons, own: Ownership, g: Guarantees, pairs: Pairs, scale: Scale,
              seed: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(doc_id, text, truth) per document, in a fixed order."""
    m = _Maker(ent, per, own, g, pairs, seed)
    # Every layout appears at least once, even in the smallest dataset; the rest follow the shares.
    kinds = np.concatenate([np.arange(len(KINDS)),
                            m.rng.choice(len(KINDS), size=max(0, scale.documents - len(KINDS)), p=np.array(SHARES))])
    for k, ki in enumerate(kinds):
        kind = KINDS[int(ki)]
        doc_id = f"DOC{k + 1:06d}"
        tf, tags = _variation(m.rng)
        if kind.startswith("penalty"):
            p = _penalty(m, kind == "penalty_table")
            text = pd.render_table(p, bool(m.rng.random() < 0.6)) if kind == "penalty_table" else pd.render_decision(p)
            truth: dict[str, Any] = {
                "kind": p.kind, "decision_number": tf(p.decision_number), "authority": tf(p.authority),
                "party_institution": _opt(tf, p.party_institution), "party_institution_id": p.party_institution_id,
                "party_person": p.party_person, "party_person_id": p.party_person_id,
                "party_person_unit": _opt(tf, p.party_person_unit), "responsible_person": p.responsible_person,
                "responsible_person_id": p.responsible_person_id, "violation": p.violation,
                "legal_basis": p.legal_basis, "penalty_kinds": p.penalty_kinds, "fine_amount": p.fine_amount,
                "date": p.date.isoformat(), "parties": _penalty_parties(tf, p),
            }
            if p.staff:
                # The one-party summary fields read the first person of the decision, as the extractor does.
                truth.update(party_person=p.staff[0].name, party_person_id=p.staff[0].person_id,
                             party_person_unit=_opt(tf, p.party_institution))
                truth["penalty_kinds"] = list(dict.fromkeys(
                    [*p.penalty_kinds, *(k for s in p.staff for k in s.kinds)]))
                truth["fine_amount"] = (p.fine_amount or 0) + sum(s.fine or 0 for s in p.staff)
        else:
            c = _court_case(m, kind)
            text = cd.RENDERERS[kind if kind in cd.RENDERERS else "loan"](c)
            truth = {
                "kind": c.kind, "case_number": tf(c.case_number), "case_number_canonical": c.case_number,
                "court": tf(c.court), "cause": c.cause, "date": c.date.isoformat(),
                "parties": [_party_truth(tf, p) for p in c.parties],
                "guarantees": [{"guarantor": tf(a), "debtor": tf(b)} for a, b in c.guarantees],
                "amounts": c.amounts, "outcome": c.outcome,
            }
        truth = {"doc_id": doc_id, "doc_file": f"documents/{doc_id}.txt", **truth, "variations": tags}
        yield doc_id, tf(text) + "\n", truth


def _penalty_parties(tf: Callable[[str], str], p: pd.Penalty) -> list[dict[str, Any]]:
    """Every party mention a penalty document makes, with its role as the linker writes it, its entity and,
    for penalised parties, its own kinds and fine. A person penalised alone links their unit too."""
    out: list[dict[str, Any]] = []
    if p.party_institution:
        out.append({"role": "institution", "name": tf(p.party_institution), "entity_id": p.party_institution_id,
                    "kind": "E", "penalty_kinds": p.penalty_kinds, "fine": p.fine_amount})
    if p.responsible_person:
        out.append({"role": "responsible_person", "name": p.responsible_person,
                    "entity_id": p.responsible_person_id, "kind": "P"})
    if p.party_person:
        out.append({"role": "individual", "name": p.party_person, "entity_id": p.party_person_id, "kind": "P",
                    "penalty_kinds": p.penalty_kinds, "fine": p.fine_amount})
        if p.party_person_unit and p.unit_id:
            out.append({"role": "unit", "name": tf(p.party_person_unit), "entity_id": p.unit_id, "kind": "E"})
    for s in p.staff:
        out.append({"role": "individual", "name": s.name, "entity_id": s.person_id, "kind": "P",
                    "penalty_kinds": s.kinds, "fine": s.fine})
    return out


def _opt(tf: Callable[[str], str], value: str | None) -> str | None:
    return None if value is None else tf(value)


def _party_truth(tf: Callable[[str], str], p: cd.Party) -> dict[str, Any]:
    variant = p.variant
    if variant is None and tf(p.name) != p.name:
        variant = "halfwidth_brackets" if "(" in tf(p.name) else "fullwidth_digits"
    return {"name": tf(p.name), "role": p.role, "kind": p.kind, "uscc": p.uscc,
            "legal_representative": p.legal_representative, "legal_representative_id": p.legal_representative_id,
            "address": _opt(tf, p.address), "entity_id": p.entity_id, "name_variant": variant}


def write_documents(out: Path, docs: Iterator[tuple[str, str, dict[str, Any]]],
                    progress: Callable[[str, int], None] | None = None) -> int:
    folder = out / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with (out / "documents_truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth_file:
        for doc_id, text, truth in docs:
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="\n")
            truth_file.write(json.dumps(truth, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
            if progress is not None and n % 100 == 0:
                progress("documents", 100)
    if progress is not None and n % 100:
        progress("documents", n % 100)
    return n
