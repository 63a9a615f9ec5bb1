"""Withheld ties (疑似关系 to recover): true relations planted in the world, a share kept out of the input files.

Five kinds, each leaving the behavioural traces such a tie leaves in a bank's data whether or not the
tie itself was ever declared:

- `undisclosed_controller`: one entrepreneur controls three firms; they share a finance officer
  (财务负责人) and move round sums between themselves (往来款).
- `nominee_holding` (代持): the real owner openly owns firm A; firm C's stake stands in the name of a
  nominee who draws a salary from A and sits as C's supervisor.
- `shell_cluster`: three or four small firms registered at rooms of one address with one phone and one
  nominee legal representative, under one hidden controller.
- `off_book_guarantee`: A guarantees B's loan elsewhere; B pays A a quarterly guarantee fee (服务费).
- `related_supplier`: B's owner also owns supplier S, which lives on B's monthly orders.

Each planted tie is *withheld* with probability `share`: its defining fact (the controller's
shareholdings, the guarantee) is not written to the input files, and the tie appears only in
`suspected_links_truth.json`. The others are written, so the bank knows them: they are the known
relations a model may learn from. Decoys make the blocking keys noisy as they are in a real registry:
bookkeeping agencies (代理记账) register unrelated firms under their own phone, and incubators
(孵化器) host unrelated firms at rooms of one address.

Nothing here runs unless the generator is asked for a share above zero, so the input files of every
world generated without it are byte-identical to before this module existed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from synth.entities import CHAIN, ORDINARY, Enterprises, Persons
from synth.guarantees import KINDS as GUARANTEE_KINDS
from synth.guarantees import Guarantees
from synth.ownership import Ownership
from synth.rand import rng_for
from synth.scales import HISTORY_MONTHS, Scale
from synth.supply_chain import CHANNELS, PURPOSES, PaymentBatch, month_start_days
from synth.writer import _EPOCH

KINDS = ("undisclosed_controller", "nominee_holding", "shell_cluster", "off_book_guarantee", "related_supplier")
TRUTH_FILE = "suspected_links_truth.json"
GOODS_P, FEE_P, WAGE_P, TRANSFER_P = (PURPOSES.index(p) for p in ("货款", "服务费", "工资", "往来款"))


@dataclass
class PlantedTie:
    kind: str
    a: int  # enterprise index (the guarantor, the buyer, the openly owned firm: the tie's first party)
    b: int
    withheld: bool
    controller: int  # person index, -1 when the kind has none (an off-book guarantee)


@dataclass
class PlantedLinks:
    share: float
    ties: list[PlantedTie] = field(default_factory=list)
    decoy_phones: list[str] = field(default_factory=list)
    decoy_addresses: list[str] = field(default_factory=list)
    payer: list[int] = field(default_factory=list)
    payee: list[int] = field(default_factory=list)
    to_person: list[bool] = field(default_factory=list)
    cents: list[int] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    purpose: list[int] = field(default_factory=list)

    def pay(self, payer: int, payee: int, yuan: float, day: int, purpose: int, to_person: bool = False) -> None:
        self.payer.append(payer)
        self.payee.append(payee)
        self.to_person.append(to_person)
        self.cents.append(max(100, round(yuan * 100)))
        self.day.append(int(day))
        self.purpose.append(purpose)

    def batch(self, rng: np.random.Generator) -> PaymentBatch:
        n = len(self.payer)
        return PaymentBatch(payer=np.array(self.payer, dtype=np.int64), payee=np.array(self.payee, dtype=np.int64),
                            payee_is_person=np.array(self.to_person, dtype=bool),
                            cents=np.array(self.cents, dtype=np.int64), day=np.array(self.day, dtype=np.int64),
                            purpose=np.array(self.purpose, dtype=np.int8),
                            channel=rng.integers(0, len(CHANNELS), size=n).astype(np.int8))


class _Planter:
    def __init__(self, ent: Enterprises, per: Persons, own: Ownership, g: Guarantees, seed: int, share: float):
        self.ent, self.per, self.own, self.g = ent, per, own, g
        self.rng = rng_for(seed, "suspected_links")
        self.share = share
        self.out = PlantedLinks(share)
        self.months = month_start_days()
        in_guarantees = set(g.guarantor) | set(g.borrower)
        eligible = [i for i in range(len(ent)) if ent.role[i] in (ORDINARY, CHAIN) and ent.group[i] < 0
                    and not ent.core[i] and ent.status[i] == "存续" and i not in in_guarantees]
        self.pool = [int(i) for i in self.rng.permutation(np.array(eligible, dtype=np.int64))]
        self.entrepreneurs = np.flatnonzero(per.kind == 0)
        self.nominees = np.flatnonzero(per.kind == 2)
        self.others = np.flatnonzero(per.kind == 3)
        self.boss_row: dict[int, int] = {}
        for row, (kind, company, bp) in enumerate(zip(own.holder_kind, own.company, own.ratio_bp, strict=True)):
            best = self.boss_row.get(company)
            if kind == "P" and (best is None or bp > own.ratio_bp[best]):
                self.boss_row[company] = row
        self.holders: dict[int, set[tuple[str, int]]] = {}
        for kind, holder, company in zip(own.holder_kind, own.holder, own.company, strict=True):
            self.holders.setdefault(company, set()).add((kind, holder))
        self.posts = set(zip(own.officer_person, own.officer_company, own.officer_role, strict=True))
        self.officer_rows: dict[int, list[int]] = {}
        for row, company in enumerate(own.officer_company):
            self.officer_rows.setdefault(company, []).append(row)

    def take(self, k: int) -> list[int] | None:
        firms: list[int] = []
        while self.pool and len(firms) < k:
            i = self.pool.pop()
            if i in self.boss_row:  # a firm without a person as largest holder cannot be re-owned
                firms.append(i)
        return firms if len(firms) == k else None

    def person(self, pool: np.ndarray) -> int:
        return int(pool[int(self.rng.integers(0, len(pool)))])

    def own_by(self, person: int, company: int) -> None:
        """The person becomes the largest holder of record (the boss's row changes hands)."""
        if ("P", person) in self.holders[company]:
            return
        row = self.boss_row[company]
        self.holders[company].discard(("P", self.own.holder[row]))
        self.own.holder[row] = person
        self.holders[company].add(("P", person))

    def post(self, person: int, company: int, role: str) -> None:
        if (person, company, role) not in self.posts:
            self.posts.add((person, company, role))
            o = self.own
            o.officer_person.append(person)
            o.officer_company.append(company)
            o.officer_role.append(role)
            o.officer_since.append(self.ent.established[company])
            o.officer_until.append("")

    def day_in(self, month: int, lo: int = 0, hi: int = 27) -> int:
        return int(self.months[month]) + int(self.rng.integers(lo, hi + 1))

    def tie(self, kind: str, a: int, b: int, controller: int, withheld: bool) -> None:
        self.out.ties.append(PlantedTie(kind, a, b, withheld, controller))

    def withhold(self) -> bool:
        return bool(self.rng.random() < self.share)

    # --- the five kinds --------------------------------------------------------------------------
    def undisclosed_controller(self) -> bool:
        firms = self.take(3)
        if firms is None:
            return False
        boss, finance = self.person(self.entrepreneurs), self.person(self.others)
        hidden = self.withhold()
        for f in firms:
            if not hidden:
                self.own_by(boss, f)
            self.post(finance, f, "财务负责人")
        for k, f in enumerate(firms):
            to = firms[(k + 1) % len(firms)]
            for m in self.rng.choice(np.arange(6, HISTORY_MONTHS), size=int(self.rng.integers(3, 7)), replace=False):
                self.out.pay(f, to, float(self.rng.integers(2, 30)) * 100_000.0, self.day_in(int(m)), TRANSFER_P)
        for x in range(3):
            for y in range(x + 1, 3):
                self.tie("undisclosed_controller", firms[x], firms[y], boss, hidden)
        return True

    def nominee_holding(self) -> bool:
        firms = self.take(2)
        if firms is None:
            return False
        a, c = firms
        boss, nominee = self.person(self.entrepreneurs), self.person(self.others)
        hidden = self.withhold()
        self.own_by(boss, a)
        self.own_by(nominee if hidden else boss, c)
        self.post(nominee, c, "监事")
        first = int(self.rng.integers(0, 12))
        wage = float(self.rng.uniform(5_000, 12_000))
        for m in range(first, HISTORY_MONTHS):
            self.out.pay(a, nominee, round(wage, -2), self.day_in(m, 9, 12), WAGE_P, to_person=True)
        self.tie("nominee_holding", a, c, boss, hidden)
        return True

    def shell_cluster(self) -> bool:
        firms = self.take(int(self.rng.integers(3, 5)))
        if firms is None:
            return False
        boss, front = self.person(self.entrepreneurs), self.person(self.nominees)
        hidden = self.withhold()
        base_address, base_phone = self.ent.address[firms[0]], self.ent.phone[firms[0]]
        for j, f in enumerate(firms):
            self.ent.address[f] = f"{base_address}{2001 + j}室"
            self.ent.phone[f] = base_phone
            self._legal_rep(front, f)
            if not hidden:
                self.own_by(boss, f)
        for x in range(len(firms)):
            for y in range(x + 1, len(firms)):
                self.tie("shell_cluster", firms[x], firms[y], boss, hidden)
        return True

    def _legal_rep(self, person: int, company: int) -> None:
        o = self.own
        for row in self.officer_rows.get(company, []):
            if (o.officer_role[row] == "法定代表人"
                    and not o.officer_until[row] and (person, company, "法定代表人") not in self.posts):
                self.posts.discard((o.officer_person[row], company, "法定代表人"))
                o.officer_person[row] = person
                self.posts.add((person, company, "法定代表人"))
        o.legal_rep[company] = person

    def off_book_guarantee(self) -> bool:
        firms = self.take(2)
        if firms is None:
            return False
        guarantor, borrower = firms
        hidden = self.withhold()
        amount = round(1_000_000 * max(0.5, float(self.ent.size[borrower]) ** 0.6)
                       * float(self.rng.lognormal(0.0, 0.5)), -4)
        first = int(self.rng.integers(0, 18))
        if not hidden:
            g = self.g
            g.guarantor.append(guarantor)
            g.borrower.append(borrower)
            g.cents.append(int(amount) * 100)
            start = self.months[first] + 15
            g.start.append(_iso(int(start)))
            g.end.append(_iso(int(start) + 365 * 3))
            g.kind.append(GUARANTEE_KINDS[0])
        fee = amount * float(self.rng.uniform(0.01, 0.02)) / 4
        for m in range(first + 2, HISTORY_MONTHS, 3):  # a fee at each quarter's end, a few days' slack
            self.out.pay(borrower, guarantor, round(fee, -1), self.day_in(m, 20, 25), FEE_P)
        self.tie("off_book_guarantee", guarantor, borrower, -1, hidden)
        return True

    def related_supplier(self) -> bool:
        firms = self.take(2)
        if firms is None:
            return False
        buyer, supplier = firms
        boss = self.own.holder[self.boss_row[buyer]]
        hidden = self.withhold()
        if not hidden:
            self.own_by(boss, supplier)
        base = 200_000 * max(0.3, float(self.ent.size[buyer]) ** 0.5)
        for m in range(int(self.rng.integers(0, 12)), HISTORY_MONTHS):
            if self.rng.random() < 0.85:
                self.out.pay(buyer, supplier, round(base * float(self.rng.lognormal(0.0, 0.3)), -2),
                             self.day_in(m), GOODS_P)
        self.tie("related_supplier", buyer, supplier, boss, hidden)
        return True

    def decoys(self, count: int) -> None:
        """Agency phones and incubator addresses shared by firms that have nothing else in common."""
        for _ in range(count):
            firms = self.take(int(self.rng.integers(5, 11)))
            if firms is None:
                return
            phone = self.ent.phone[firms[0]]
            for f in firms:
                self.ent.phone[f] = phone
            self.out.decoy_phones.append(phone)
            firms = self.take(int(self.rng.integers(5, 11)))
            if firms is None:
                return
            base = self.ent.address[firms[0]]
            for j, f in enumerate(firms):
                self.ent.address[f] = f"{base}{301 + j}室"
            self.out.decoy_addresses.append(base)


def _iso(day: int) -> str:
    from datetime import timedelta

    return (_EPOCH + timedelta(days=day)).isoformat()


def plant_suspected_links(ent: Enterprises, per: Persons, own: Ownership, g: Guarantees, scale: Scale, seed: int,
                          share: float) -> PlantedLinks:
    """Plant the five kinds (about one case of each per 60 enterprises) and the decoys; mutates the world."""
    if not 0.0 < share <= 1.0:
        raise ValueError(f"the withheld share must be in (0, 1], not {share}")
    p = _Planter(ent, per, own, g, seed, share)
    cases = max(5, scale.enterprises // 60)
    makers = (p.undisclosed_controller, p.nominee_holding, p.shell_cluster, p.off_book_guarantee,
              p.related_supplier)
    for _ in range(cases):
        for make in makers:
            make()
    p.decoys(max(3, scale.enterprises // 150))
    return p.out


def write_suspected_truth(out: Path, planted: PlantedLinks, ent: Enterprises, per: Persons) -> None:
    """suspected_links_truth.json: every planted tie (withheld or not), the decoy keys, one tie per line."""
    u = ent.uscc
    ties = [{"kind": t.kind, "a": u[t.a], "b": u[t.b], "withheld": t.withheld,
             "controller": per.person_id[t.controller] if t.controller >= 0 else None}
            for t in planted.ties]
    counts: dict[str, dict[str, int]] = {k: {"planted": 0, "withheld": 0} for k in KINDS}
    for t in planted.ties:
        counts[t.kind]["planted"] += 1
        counts[t.kind]["withheld"] += int(t.withheld)
    head: dict[str, Any] = {"share": planted.share, "counts": counts, "decoy_phones": planted.decoy_phones,
                            "decoy_addresses": planted.decoy_addresses}
    lines = [f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    body = ",\n  ".join(json.dumps(t, ensure_ascii=False) for t in ties)
    lines.append(f' "ties": [\n  {body}\n ]')
    (out / TRUTH_FILE).write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
