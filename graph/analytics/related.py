"""Related parties (关联方) of an enterprise, each with the rule that makes it related.

docs/rules.md §6 关联方 (银行保险机构关联交易管理办法 2022 No.1): controlling shareholder, actual controller,
concerted parties, beneficial owners, holders of >= 5%, directors/supervisors/senior managers and their
close relatives, and the entities these control. Approximations, said in every result:
- concerted parties (一致行动人): we have no concert agreements; direct holders of the enterprise that
  share the same ultimate controller act in concert by construction, so they are reported as such;
- holders of >= 5%: integrated (direct + indirect) stake from equity penetration;
- close relatives: there is no kinship data, so none are reported.

A suspected link (疑似关系) a reviewer confirmed makes the linked enterprise a related party (rule
`confirmed_suspected_link`, carrying the link, who confirmed it and when), and so are the enterprises it
controls; an unconfirmed or rejected link is never read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph.analytics.control import (
    Analysis,
    ConfirmedLink,
    Party,
    analyse,
    confirmed_links,
    controlled_enterprises,
    controller_result,
    owners_from,
)
from graph.store import GraphStore

RELATED_BASIS = ("docs/rules.md §6 关联方 (银行保险机构关联交易管理办法 2022 No.1): controlling shareholder, actual "
                 "controller, concerted parties, beneficial owners, holders of >= 5%, directors/supervisors/"
                 "senior managers and close relatives, and the entities these control")
RELATED_NOTE = ("concerted parties are approximated by holders sharing the same ultimate controller; "
                "close relatives cannot be listed: there is no kinship data; enterprises joined by a reviewer-"
                "confirmed suspected link (疑似关系) are listed with that link, never unconfirmed ones")
HOLDER_THRESHOLD = 0.05
OFFICER_RULES = {
    "董事长": "director", "副董事长": "director", "董事": "director", "执行董事": "director",
    "监事": "supervisor", "监事会主席": "supervisor",
    "总经理": "senior_manager", "副总经理": "senior_manager", "财务负责人": "senior_manager",
    "董事会秘书": "senior_manager", "法定代表人": "legal_representative",
}


@dataclass
class RelatedParty:
    party: Party
    rules: list[str]
    evidence: list[str] = field(default_factory=list)
    stake: float | None = None  # integrated stake in the enterprise, where the party holds any
    # The confirmed suspected links that make (or help make) the party related: its own link with the
    # enterprise, or the link of the related party that controls it.
    confirmed_links: list[ConfirmedLink] = field(default_factory=list)


@dataclass
class RelatedParties:
    uscc: str
    name: str
    parties: list[RelatedParty]
    truncated: bool
    warnings: list[str]
    basis: str = RELATED_BASIS
    note: str = RELATED_NOTE
    as_of: str = ""


class _Collector:
    def __init__(self, a: Analysis, uscc: str) -> None:
        self.a = a
        self.uscc = uscc
        self.found: dict[str, RelatedParty] = {}

    def add(self, party: Party, rule: str, evidence: str, links: list[ConfirmedLink] | None = None) -> None:
        if party.id == self.uscc:
            return
        rp = self.found.get(party.id)
        if rp is None:
            stake = self.a.solved.stake_of(party.id, self.uscc)
            rp = self.found[party.id] = RelatedParty(party, [], [], stake if stake > 0 else None)
        if rule not in rp.rules:
            rp.rules.append(rule)
        rp.evidence.append(evidence)
        rp.confirmed_links += [k for k in links or [] if k not in rp.confirmed_links]


def _ultimate(a: Analysis, node: str) -> str:
    d = a.decisions.get(node)
    return d.ultimate if d is not None and d.ultimate else node


def related_parties(store: GraphStore, uscc: str, as_of: str | None = None) -> RelatedParties:
    """The related parties of one enterprise on `as_of` (default: the business date), with rules and evidence."""
    a = analyse(store, [uscc], as_of)
    c = _Collector(a, uscc)
    ctrl = controller_result(a, uscc)
    if ctrl.controller is not None:
        c.add(ctrl.controller, "actual_controller", ctrl.explanation)
        first = ctrl.chain[0]
        for h in first.holdings:
            c.add(h.holder, "controlling_shareholder",
                  f"holds {h.ratio:.1%} directly; its bloc controls by {first.rule} ({first.share:.1%})")
    blocs: dict[str, list[Party]] = defaultdict(list)
    for holding in a.comp.holdings:
        if holding.company == uscc:
            blocs[_ultimate(a, holding.holder_id)].append(a.party(holding.holder_id))
    for bloc, holders in blocs.items():
        if len(holders) >= 2:
            for p in holders:
                others = ", ".join(o.name for o in holders if o.id != p.id)
                c.add(p, "concerted_party", f"shares the ultimate controller {a.party(bloc).name} with {others}")
    for owner in owners_from(a, uscc):
        c.add(owner.person, "beneficial_owner", f"{owner.rule}: integrated stake {owner.stake:.1%}"
              + (f", role {owner.role}" if owner.role else ""))
    for node in [*a.comp.persons, *a.comp.enterprises]:
        stake = a.solved.stake_of(node, uscc)
        if node != uscc and stake >= HOLDER_THRESHOLD - 1e-9:
            direct = sum(h.ratio for h in a.comp.holdings if h.holder_id == node and h.company == uscc)
            c.add(a.party(node), "holder_5pct", f"integrated stake {stake:.1%} (direct {direct:.1%})")
    for officer in a.officers.get(uscc, []):
        rule = OFFICER_RULES.get(officer.role, "senior_manager")
        c.add(Party("P", officer.person_id, officer.name), rule, f"current {officer.role}")
    for link in confirmed_links(store, [uscc]).get(uscc, []):
        c.add(link.other, "confirmed_suspected_link", link.describe(), [link])
    roots = [rp.party for rp in c.found.values()]
    controlled, truncated = controlled_enterprises(store, roots, as_of=a.comp.as_of)
    for company, (result, by) in sorted(controlled.items()):
        names = ", ".join(c.found[b].party.name for b in by)
        c.add(Party("E", company, result.name), "controlled_by_related_party",
              f"controlled by {names}: {result.explanation}",
              [k for b in by for k in c.found[b].confirmed_links])
    parties = sorted(c.found.values(), key=lambda rp: (-(rp.stake or 0.0), rp.party.kind, rp.party.id))
    return RelatedParties(uscc, a.comp.names[uscc], parties, a.comp.truncated or truncated, list(a.comp.warnings),
                          as_of=a.comp.as_of)
