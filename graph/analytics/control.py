"""Actual controllers (实际控制人), beneficial owners (受益所有人) and group clients (集团客户).

Control is decided company by company over the ownership component upstream of the targets
(graph/analytics/ownership.py reads it), with the tests of docs/rules.md §3:

1. equity_majority: a holder's bloc has >= 50% of the votes;
2. votes_plurality: else a bloc has >= 30% of the votes and strictly more than any other bloc;
3. board_majority: else a holder's bloc nominated a majority of the 董事 seats. Approximation: a
   director counts as nominated by a bloc when the director is a person holder of the bloc, the bloc's
   controlling person, or an officer (any role, or legal representative) of an enterprise holder of
   the bloc or of the bloc's controlling enterprise. We have no nomination records.

Votes follow equity (one share, one vote: there is no separate voting data). A bloc is every direct
holder with the same ultimate controller, so votes of controlled companies count for their controller:
this is "control at each link" of a control chain. Votes a company holds in itself through a
cross-holding loop are treasury-like and leave the denominator (they carry no vote). Two blocs at 50%
each control jointly: nobody controls alone (rule `joint_50_50`). Decisions are iterated to a fixed
point, upstream companies first; in a mutual holding with no outside controller, the company resolved
first controls the other (both land in the same group either way).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field

from graph.analytics.ownership import (
    TOLERANCE,
    Component,
    Holding,
    OwnershipPath,
    Solved,
    ownership_paths,
    read_component,
    solve,
)
from graph.business_date import resolve_as_of
from graph.store import GraphStore
from liantu.errors import NotFound

CONTROLLER_BASIS = ("docs/rules.md §3 实际控制人: >= 50% of equity along a control chain, or >= 30% of votes and "
                    "more than any other holder, or power to appoint a board majority")
MAJORITY = 0.5
PLURALITY = 0.3
DIRECTOR_ROLES = frozenset({"董事长", "副董事长", "董事", "执行董事"})
_MAX_ROUNDS = 100
_READ_BATCH = 5000


@dataclass(frozen=True)
class Party:
    kind: Annotated[str, Field(description="'E' enterprise (id = USCC) or 'P' person (id = person_id)")]
    id: str
    name: str


CONFIRMED_MARK = "confirmed suspected link (经审核确认的疑似关系)"


@dataclass(frozen=True)
class ConfirmedLink:
    """A suspected link (疑似关系) a reviewer confirmed: it joins the answers, marked, with who and when.

    It is a reviewer's judgement over learned evidence, not a registered fact, so it never changes the
    equity arithmetic of control; it is listed beside the rule-based answer and adds the linked enterprise
    to the related parties and the group. A link rejected or reopened later drops out of every answer."""

    link_id: str
    other: Party  # the enterprise at the other end
    kind: str
    score: float | None
    confirmed_by: str | None
    confirmed_at: str | None
    mark: str = CONFIRMED_MARK

    def describe(self) -> str:
        return (f"{self.mark} {self.link_id} ({self.kind}) with {self.other.name}, confirmed by "
                f"{self.confirmed_by or '?'} at {self.confirmed_at or '?'}")


def confirmed_links(store: GraphStore, usccs: list[str]) -> dict[str, list[ConfirmedLink]]:
    """The confirmed suspected links of each enterprise (status as of now: a review is not dated by as_of)."""
    found: dict[str, list[ConfirmedLink]] = defaultdict(list)
    targets = list(dict.fromkeys(usccs))
    for start in range(0, len(targets), _READ_BATCH):
        for row in store.read("suspected_links/read_confirmed_links", {"usccs": targets[start:start + _READ_BATCH]}):
            found[row["uscc"]].append(ConfirmedLink(
                row["link_id"], Party("E", row["other"], row["other_name"] or row["other"]), row["kind"],
                None if row["score"] is None else float(row["score"]), row["reviewed_by"], row["reviewed_at"]))
    return dict(found)


@dataclass(frozen=True)
class Officer:
    person_id: str
    name: str
    role: str


@dataclass(frozen=True)
class BlocHolding:
    holder: Party
    ratio: float


@dataclass
class ControlLink:
    """One link of a control chain: `company` is controlled by `controlled_by` under `rule`."""

    company: Party
    controlled_by: Party
    ultimate: Party
    rule: str
    share: float  # the bloc's share of the voting equity of `company`
    holdings: list[BlocHolding]  # the bloc's direct holdings in `company`
    seats: int = 0  # board rule: 董事 seats, and how many the bloc nominated
    nominees: int = 0


@dataclass
class ControllerResult:
    uscc: str
    name: str
    controller: Party | None
    rule: str
    explanation: str
    chain: list[ControlLink]
    integrated_stake: float  # the controller's economic stake (ownership.py), 0 without equity
    paths: list[OwnershipPath]
    truncated: bool
    warnings: list[str] = field(default_factory=list)
    basis: str = CONTROLLER_BASIS
    as_of: str = ""  # the day the ownership and officers were read in force
    # Confirmed suspected links of the enterprise, beside the rule-based answer (they change no vote).
    confirmed_links: list[ConfirmedLink] = field(default_factory=list)


@dataclass
class _Decision:
    ultimate: str | None
    parent: str | None
    rule: str
    share: float
    members: list[Holding]
    seats: int = 0
    nominees: int = 0
    top: list[tuple[str, float]] = field(default_factory=list)


def _bloc_nominees(bloc: str, members: list[Holding], persons: set[str],
                   officers: dict[str, list[Officer]]) -> set[str]:
    nominees = {bloc} if bloc in persons else {o.person_id for o in officers.get(bloc, [])}
    for h in members:
        if h.holder_kind == "P":
            nominees.add(h.holder_id)
        else:
            nominees.update(o.person_id for o in officers.get(h.holder_id, []))
    return nominees


def _decide(company: str, holdings: list[Holding], ult: dict[str, str], persons: set[str],
            officers: dict[str, list[Officer]]) -> _Decision:
    votes: dict[str, float] = defaultdict(float)
    members: dict[str, list[Holding]] = defaultdict(list)
    treasury = 0.0
    total = 0.0
    for h in holdings:
        total += h.ratio
        bloc = h.holder_id if h.holder_kind == "P" else ult.get(h.holder_id, h.holder_id)
        if bloc == company:
            treasury += h.ratio
            continue
        votes[bloc] += h.ratio
        members[bloc].append(h)
    voting = max(total, 1.0) - treasury
    shares = sorted(((b, v / voting) for b, v in votes.items()), key=lambda kv: (-kv[1], kv[0])) \
        if voting > TOLERANCE else []
    top = shares[:5]
    winner, rule, seats, nominated = None, "none", 0, 0
    if shares:
        best, first = shares[0]
        second = shares[1][1] if len(shares) > 1 else 0.0
        if first >= MAJORITY - TOLERANCE:
            if second >= MAJORITY - TOLERANCE:
                rule = "joint_50_50"
            else:
                winner, rule = best, "equity_majority"
        elif first >= PLURALITY - TOLERANCE and first > second + TOLERANCE:
            winner, rule = best, "votes_plurality"
    if winner is None:
        directors = {o.person_id for o in officers.get(company, []) if o.role in DIRECTOR_ROLES}
        seats = len(directors)
        board = [(b, len(directors & _bloc_nominees(b, members[b], persons, officers))) for b in votes]
        board_winners = [(b, n) for b, n in board if 2 * n > seats]
        if seats and len(board_winners) == 1:
            winner, nominated = board_winners[0]
            rule = "board_majority"
    if winner is None:
        return _Decision(None, None, rule, 0.0, [], seats, 0, top)
    chosen = members[winner]
    share = votes[winner] / voting if voting > TOLERANCE else 0.0
    # The chain names the bloc's largest holder when that holder alone would pass the equity test;
    # otherwise only the bloc as a whole controls, and the chain goes straight to the ultimate controller.
    lead = max(chosen, key=lambda h: (h.ratio, h.holder_id))
    rivals = max((v / voting for b, v in votes.items() if b != winner), default=0.0)
    alone = lead.ratio / voting if voting > TOLERANCE else 0.0
    passes = alone >= MAJORITY - TOLERANCE or (alone >= PLURALITY - TOLERANCE and alone > rivals + TOLERANCE)
    parent = lead.holder_id if len(chosen) == 1 or (rule != "board_majority" and passes) else winner
    return _Decision(winner, parent, rule, share, chosen, seats, nominated, top)


def resolve_control(comp: Component, officers: dict[str, list[Officer]]) -> tuple[dict[str, _Decision], bool]:
    """The control decision of every enterprise of the component; False when no fixed point was reached."""
    holders = comp.holders_of()
    persons = set(comp.persons)
    ult = {e: e for e in comp.enterprises}
    order = list(reversed(comp.enterprises))  # read breadth-first from the targets: upstream first
    decisions: dict[str, _Decision] = {}
    for _ in range(_MAX_ROUNDS):
        changed = False
        for company in order:
            d = _decide(company, holders.get(company, []), ult, persons, officers)
            decisions[company] = d
            new = d.ultimate or company
            if new != ult[company]:
                ult[company] = new
                changed = True
        if not changed:
            return decisions, True
    return decisions, False


def read_officers(store: GraphStore, usccs: list[str], as_of: str) -> dict[str, list[Officer]]:
    found: dict[str, list[Officer]] = defaultdict(list)
    for start in range(0, len(usccs), _READ_BATCH):
        for row in store.read("control/read_officers", {"usccs": usccs[start:start + _READ_BATCH], "as_of": as_of}):
            found[row["company"]].append(Officer(row["person_id"], row["name"], row["role"]))
    return dict(found)


@dataclass
class Analysis:
    """Everything the control rules need about the components of some targets."""

    comp: Component
    solved: Solved
    officers: dict[str, list[Officer]]
    decisions: dict[str, _Decision]

    def party(self, node: str) -> Party:
        kind = "P" if node in self._persons else "E"
        return Party(kind, node, self.comp.names.get(node, node))

    def __post_init__(self) -> None:
        self._persons = set(self.comp.persons)


def analyse(store: GraphStore, usccs: list[str], as_of: str | None = None) -> Analysis:
    """Read, solve and decide the ownership component upstream of `usccs` as it stood on `as_of` (default:
    the business date); raises NotFound for unknown USCCs."""
    targets = list(dict.fromkeys(usccs))
    comp = read_component(store, targets, as_of=as_of)
    missing = [u for u in targets if u not in comp.names]
    if missing:
        raise NotFound("no enterprise with USCC " + ", ".join(missing[:10]))
    officers = read_officers(store, comp.enterprises, comp.as_of)
    decisions, converged = resolve_control(comp, officers)
    if not converged:
        comp.warnings.append(f"control decisions did not settle after {_MAX_ROUNDS} rounds; results may vary")
    return Analysis(comp, solve(comp), officers, decisions)


def _chain(a: Analysis, uscc: str) -> list[ControlLink]:
    links: list[ControlLink] = []
    node: str | None = uscc
    seen: set[str] = set()
    while node is not None and node not in seen and node in a.decisions:
        seen.add(node)
        d = a.decisions[node]
        if d.ultimate is None or d.parent is None:
            break
        links.append(ControlLink(
            company=a.party(node), controlled_by=a.party(d.parent), ultimate=a.party(d.ultimate), rule=d.rule,
            share=d.share, holdings=[BlocHolding(a.party(h.holder_id), h.ratio) for h in d.members],
            seats=d.seats, nominees=d.nominees))
        node = d.parent
    return links


def _explain(a: Analysis, uscc: str, chain: list[ControlLink]) -> str:
    d = a.decisions[uscc]
    if not chain:
        tops = ", ".join(f"{a.party(b).name} {s:.1%}" for b, s in d.top) or "no known holders"
        why = "two blocs hold 50% each (joint control)" if d.rule == "joint_50_50" else \
            "no bloc reaches 50%, nor 30% with a lead, nor a board majority"
        return f"no actual controller: {why}; largest blocs: {tops}"
    steps = [f"{link.controlled_by.name} controls {link.company.name} by {link.rule} ({link.share:.1%}"
             + (f", {link.nominees}/{link.seats} 董事 seats" if link.rule == "board_majority" else "") + ")"
             for link in chain]
    return "; ".join(steps)


def controller_result(a: Analysis, uscc: str) -> ControllerResult:
    chain = _chain(a, uscc)
    d = a.decisions[uscc]
    controller = a.party(d.ultimate) if chain and d.ultimate else None
    stake = a.solved.stake_of(controller.id, uscc) if controller else 0.0
    paths = ownership_paths(a.comp, controller.id, uscc) if controller else []
    return ControllerResult(uscc, a.comp.names[uscc], controller, d.rule,
                            _explain(a, uscc, chain), chain, stake, paths, a.comp.truncated,
                            list(a.comp.warnings), as_of=a.comp.as_of)


CONTROL_BATCH = 5_000  # targets solved together: 5,000 on large take about 2 GiB and 8 s


def actual_controllers(store: GraphStore, usccs: list[str], as_of: str | None = None) -> dict[str, ControllerResult]:
    """The actual controller of each enterprise, with its control chain and evidence, read and solved
    `CONTROL_BATCH` enterprises at a time.

    Raises NotFound when a USCC is not in the graph. `controller` is None when nobody controls.
    """
    if not usccs:
        return {}
    day = resolve_as_of(store, as_of)
    unique = list(dict.fromkeys(usccs))
    results: dict[str, ControllerResult] = {}
    # The stakes are solved for every target over the whole upstream component (a column of length n
    # per target): all of a large bank's customers at once needed n x n floats (130k x 130k = 127 GiB).
    for start in range(0, len(unique), CONTROL_BATCH):
        part = unique[start:start + CONTROL_BATCH]
        a = analyse(store, part, day)
        results.update((u, controller_result(a, u)) for u in part)
    for u, links in confirmed_links(store, list(results)).items():
        results[u].confirmed_links = links
    return results


def actual_controller(store: GraphStore, uscc: str, as_of: str | None = None) -> ControllerResult:
    return actual_controllers(store, [uscc], as_of)[uscc]


# ---- beneficial owners (受益所有人) ------------------------------------------------------------------

BENEFICIAL_OWNER_BASIS = ("docs/rules.md §4 受益所有人 (PBoC and SAMR order 2024 No.3, art. 6): a natural "
                          "person with >= 25% of equity or votes directly or indirectly; else who controls "
                          "by other means; else the senior manager")
BENEFICIAL_STAKE = 0.25
# Fallback order when nobody holds 25% or controls: who runs the company day to day.
FALLBACK_ROLES = ("法定代表人", "董事长", "执行董事", "总经理")


@dataclass
class BeneficialOwner:
    person: Party
    rule: str  # 'stake_25' | 'actual_controller' | 'senior_manager_fallback'
    stake: float  # integrated stake (ownership.py)
    role: str | None
    paths: list[OwnershipPath]


@dataclass
class BeneficialOwners:
    uscc: str
    name: str
    owners: list[BeneficialOwner]
    truncated: bool
    warnings: list[str]
    basis: str = BENEFICIAL_OWNER_BASIS
    as_of: str = ""


def beneficial_owners(store: GraphStore, uscc: str, as_of: str | None = None) -> BeneficialOwners:
    """Natural persons with >= 25% integrated stake, plus a person actual controller (control by other
    means); when there is none, the holder of the first of FALLBACK_ROLES the company has."""
    a = analyse(store, [uscc], as_of)
    return BeneficialOwners(uscc, a.comp.names[uscc], owners_from(a, uscc), a.comp.truncated,
                            list(a.comp.warnings), as_of=a.comp.as_of)


def owners_from(a: Analysis, uscc: str) -> list[BeneficialOwner]:
    owners: list[BeneficialOwner] = []
    for person in a.comp.persons:
        stake = a.solved.stake_of(person, uscc)
        if stake >= BENEFICIAL_STAKE - TOLERANCE:
            owners.append(BeneficialOwner(a.party(person), "stake_25", stake, None,
                                          ownership_paths(a.comp, person, uscc)))
    owners.sort(key=lambda o: (-o.stake, o.person.id))
    ctrl = controller_result(a, uscc).controller
    if ctrl is not None and ctrl.kind == "P" and all(o.person.id != ctrl.id for o in owners):
        owners.append(BeneficialOwner(ctrl, "actual_controller", a.solved.stake_of(ctrl.id, uscc), None,
                                      ownership_paths(a.comp, ctrl.id, uscc)))
    if owners:
        return owners
    staff = a.officers.get(uscc, [])
    for role in FALLBACK_ROLES:
        chosen = sorted({o.person_id: o for o in staff if o.role == role}.values(), key=lambda o: o.person_id)
        if chosen:
            return [BeneficialOwner(Party("P", o.person_id, o.name), "senior_manager_fallback",
                                    a.solved.stake_of(o.person_id, uscc), role, []) for o in chosen]
    return []


# ---- group clients (集团客户) ------------------------------------------------------------------------

GROUP_BASIS = ("docs/rules.md §5 集团客户 (商业银行集团客户授信业务风险管理指引 2010 art. 3): enterprises that "
               "control or are controlled through equity, or are jointly controlled by the same third party; and "
               "(art. 3(4)) other related enterprises the bank decides to manage as one group: here, enterprises "
               "joined by a confirmed suspected link")
GROUP_NOTE = ("close relatives of a principal investor or key manager cannot be joined: there is no kinship data; "
              "members controlled only through a board majority without any shareholding are not discovered; "
              "a confirmed suspected link joins the linked enterprise itself (rule confirmed_suspected_link), "
              "not the enterprises it controls")
MAX_GROUP = 5000


@dataclass
class GroupMember:
    uscc: str
    name: str
    rule: str  # the rule of its first control link, or 'ultimate_controller' for the top enterprise
    controlled_by: Party | None
    share: float
    chain: list[str]  # ids from the member up to the group's ultimate controller
    # Set on a member joined by rule 'confirmed_suspected_link' (its chain: the member, the member it links to).
    confirmed_link: ConfirmedLink | None = None


@dataclass
class GroupResult:
    uscc: str
    name: str
    controller: Party  # the group's ultimate controller (the enterprise itself when nobody controls it)
    members: list[GroupMember]
    is_group: bool  # two or more enterprises
    truncated: bool
    basis: str = GROUP_BASIS
    note: str = GROUP_NOTE
    as_of: str = ""


def _holdings_of(store: GraphStore, parties: list[Party], as_of: str) -> list[str]:
    usccs = [p.id for p in parties if p.kind == "E"]
    pids = [p.id for p in parties if p.kind == "P"]
    found: list[str] = []
    if usccs:
        rows = store.read("control/read_holdings_of_enterprises", {"usccs": usccs, "as_of": as_of})
        found += [r["uscc"] for r in rows]
    if pids:
        rows = store.read("control/read_holdings_of_persons", {"person_ids": pids, "as_of": as_of})
        found += [r["uscc"] for r in rows]
    return list(dict.fromkeys(found))


def _member(result: ControllerResult) -> GroupMember:
    first = result.chain[0]
    return GroupMember(result.uscc, result.name, first.rule, first.controlled_by, first.share,
                       [result.uscc, *[link.controlled_by.id for link in result.chain]])


def controlled_enterprises(store: GraphStore, roots: list[Party], *, as_of: str | None = None,
                           limit: int = MAX_GROUP) -> tuple[dict[str, tuple[ControllerResult, list[str]]], bool]:
    """Every enterprise some root controls (the root is on its control chain), found downstream level by
    level: uscc -> (its controller result, the ids of the roots that control it)."""
    day = resolve_as_of(store, as_of)
    ids = {r.id for r in roots}
    found: dict[str, tuple[ControllerResult, list[str]]] = {}
    seen: set[str] = set(ids)
    frontier: list[Party] = list(roots)
    truncated = False
    while frontier:
        candidates = [u for u in _holdings_of(store, frontier, day) if u not in seen]
        seen.update(candidates)
        if len(found) + len(candidates) > limit:
            candidates = candidates[: max(0, limit - len(found))]
            truncated = True
        frontier = []
        for r in actual_controllers(store, candidates, day).values():
            by = sorted(ids & {link.controlled_by.id for link in r.chain})
            if by:
                found[r.uscc] = (r, by)
                frontier.append(Party("E", r.uscc, r.name))
    return found, truncated


def _linked_members(store: GraphStore, members: list[GroupMember]) -> list[GroupMember]:
    """Enterprises joined to the group by a reviewer-confirmed suspected link with one of its members."""
    inside = {m.uscc for m in members}
    joined: dict[str, GroupMember] = {}
    for member, links in sorted(confirmed_links(store, [m.uscc for m in members]).items()):
        for link in links:
            if link.other.id not in inside and link.other.id not in joined:
                joined[link.other.id] = GroupMember(link.other.id, link.other.name, "confirmed_suspected_link",
                                                    None, 0.0, [link.other.id, member], link)
    return [joined[u] for u in sorted(joined)]


def group_of(store: GraphStore, uscc: str, as_of: str | None = None) -> GroupResult:
    """The group client the enterprise belongs to on `as_of`: everything its ultimate controller controls."""
    own = actual_controller(store, uscc, as_of)
    root = own.controller or Party("E", uscc, own.name)
    controlled, truncated = controlled_enterprises(store, [root], as_of=own.as_of)
    members = [GroupMember(root.id, root.name, "ultimate_controller", None, 0.0, [root.id])] \
        if root.kind == "E" else []
    results = sorted((r for r, _ in controlled.values()), key=lambda r: (len(r.chain), r.uscc))
    # A member's ultimate controller is the root; the chain check also admits nothing else.
    members += [_member(r) for r in results if r.controller is not None and r.controller.id == root.id]
    members += _linked_members(store, members)
    return GroupResult(uscc, own.name, root, members, len(members) >= 2, truncated or own.truncated,
                       as_of=own.as_of)
