"""Guarantee circles (担保圈) on the guarantees active at an as-of date, and a contagion stress test.

The whole-graph typing reads the active guarantee projection into memory; the per-enterprise view
reads only the enterprise's weakly connected guarantee component, which holds every structure the
enterprise can belong to, so both views give the same answer for it. Structure types (docs/rules.md §7,
"Guarantee circle"):

- mutual: A guarantees B and B guarantees A (a 2-cycle), one structure per pair.
- circle: a strongly connected component (the funding chain) that contains a directed cycle longer
  than 2; reported with its simple cycles up to `max_cycle_length` members, capped at `max_cycles`.
- chain: a maximal directed path of >= 2 guarantee edges none of which lies on a cycle (edges between
  different strongly connected components); maximal = no such edge enters its first member or leaves
  its last. Members may themselves sit in a circle: the chain is the exposure leading into or out of it.
- cross: one guarantor backs >= `cross_min` (3) distinct borrowers.
- focus: >= `focus_min` (3) distinct guarantors back one borrower.

Several guarantees between the same ordered pair are one edge whose amount is their sum.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from graph.business_date import resolve_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound

StructureType = Literal["mutual", "circle", "chain", "cross", "focus"]
STRUCTURE_TYPES: tuple[StructureType, ...] = ("mutual", "circle", "chain", "cross", "focus")

RULES: dict[StructureType, str] = {
    "mutual": "docs/rules.md §7 担保圈/mutual: A guarantees B and B guarantees A (active guarantees at as_of)",
    "circle": "docs/rules.md §7 担保圈/circle: a strongly connected guarantee component with a directed cycle of "
              "more than 2 enterprises; cycles listed up to the length bound",
    "chain": "docs/rules.md §7 担保圈/chain: a maximal directed guarantee path of >= 2 edges, no edge of which lies "
             "on a cycle",
    "cross": "docs/rules.md §7 担保圈/cross: one enterprise guarantees >= {n} distinct borrowers",
    "focus": "docs/rules.md §7 担保圈/focus: >= {n} distinct guarantors guarantee one borrower",
}
EXPOSURE_RULE = (
    "Stress scenario (statistical risk diffusion along guarantee edges, not a legal extension): the "
    "defaulting borrower's guarantees are called in full; breadth-first along guarantor edges, each "
    "exposed guarantor is assumed to default too. A guarantor G of exposed borrowers B at the previous "
    "depth has amount_at_risk = sum over B of min(active guarantee amount G->B, amount_at_risk(B)); the "
    "defaulting borrower's own amount_at_risk is unbounded. Each enterprise counts once, at its shortest "
    "depth."
)
MAX_CYCLE_LENGTH = 8
MAX_CYCLES = 1_000
MAX_CHAINS = 1_000
MAX_STEPS = 5_000_000
MAX_COMPONENT = 50_000
MAX_EXPOSURE_DEPTH = 6


@dataclass(frozen=True)
class GuaranteeEdge:
    """All active guarantees from one guarantor to one borrower."""

    guarantor: str
    borrower: str
    amount: Annotated[float, Field(description="Sum of the active guarantees on this pair, CNY")]
    guarantee_ids: tuple[str, ...]


@dataclass(frozen=True)
class GuaranteeCycle:
    members: Annotated[list[str], Field(
        description="In guarantee direction; the last member guarantees the first")]
    edges: list[GuaranteeEdge]


@dataclass
class GuaranteeStructure:
    structure_id: str
    type: StructureType
    members: Annotated[list[str], Field(description="chain: in path order; cross/focus: the hub first")]
    names: dict[str, str]
    total_amount: Annotated[float, Field(description="Sum of the active guarantees inside the structure, CNY")]
    guarantee_count: int
    edges: list[GuaranteeEdge]
    cycles: list[GuaranteeCycle] = field(default_factory=list)
    cycles_truncated: bool = False
    rule: str = ""


@dataclass
class CircleReport:
    as_of: str
    guarantees: Annotated[int, Field(description="Active guarantees read")]
    enterprises: int
    structures: list[GuaranteeStructure]
    truncated: Annotated[bool, Field(description="A cap on cycles, chains or component size was reached")]
    limits: dict[str, int]


@dataclass
class ExposedGuarantor:
    uscc: str
    name: str
    depth: int
    amount_at_risk: float
    path: Annotated[list[str], Field(description="From the defaulting enterprise to this guarantor")]
    guarantee_ids: list[str]  # on the path, in path order
    via: list[str]  # every exposed borrower at the previous depth that it guarantees


@dataclass
class ExposureReport:
    uscc: str
    name: str
    as_of: str
    max_depth: int
    exposed: list[ExposedGuarantor]
    total_at_risk: float
    rule: str = EXPOSURE_RULE


def merge_edges(rows: Iterable[Mapping[str, Any]]) -> tuple[list[GuaranteeEdge], dict[str, str]]:
    """Rows {guarantor, borrower, guarantee_id, amount[, *_name]} -> one edge per ordered pair."""
    amounts: dict[tuple[str, str], float] = defaultdict(float)
    ids: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in rows:
        if row["guarantor"] == row["borrower"]:
            continue  # a self-guarantee carries no third-party risk
        pair = (str(row["guarantor"]), str(row["borrower"]))
        amounts[pair] += float(row["amount"] or 0.0)
        ids[pair].append(str(row["guarantee_id"]))
        for side in ("guarantor", "borrower"):
            if row.get(f"{side}_name"):
                names[str(row[side])] = str(row[f"{side}_name"])
    edges = [GuaranteeEdge(g, b, amounts[(g, b)], tuple(sorted(ids[(g, b)]))) for g, b in sorted(amounts)]
    return edges, names


def bounded_cycles(succ: Mapping[int, list[int]], members: list[int], *, max_length: int, max_cycles: int,
                   max_steps: int) -> tuple[list[list[int]], bool]:
    """Simple cycles of at most `max_length` members, each found once from its smallest member.

    A depth-bounded search from every member s over members larger than s. Unlike an unbounded
    Johnson search it yields cycles at once on a large component and stops at either budget (cycles
    found, search steps), which the caller reports as truncation.
    """
    found: list[list[int]] = []
    steps = 0
    for start in members:
        path = [start]
        on_path = {start}
        stack = [iter(succ.get(start, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            steps += 1
            if steps > max_steps:
                return found, True
            if nxt == start:
                found.append(list(path))
                if len(found) >= max_cycles:
                    return found, True
            elif nxt > start and nxt not in on_path and len(path) < max_length:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(succ.get(nxt, ())))
    return found, False


def find_cycles(edges: list[GuaranteeEdge], *, max_length: int = MAX_CYCLE_LENGTH,
                max_cycles: int = MAX_CYCLES, max_steps: int = MAX_STEPS) -> tuple[list[list[list[str]]], bool]:
    """Strongly connected components (>= 2 members) with their simple cycles, in memory.

    Returns one list of cycles per component (each cycle an ordered member list starting at its
    smallest member) and whether any component hit the cycle cap. Shared by the guarantee analytic and
    benchmarks/eval_cycles_amlsim.py.
    """
    nodes = sorted({e.guarantor for e in edges} | {e.borrower for e in edges})
    index = {n: i for i, n in enumerate(nodes)}
    if not nodes:
        return [], False
    src = np.fromiter((index[e.guarantor] for e in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[e.borrower] for e in edges), dtype=np.int64, count=len(edges))
    matrix = csr_matrix((np.ones(len(edges)), (src, dst)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(matrix, directed=True, connection="strong")
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        groups[label].append(i)
    out: list[list[list[str]]] = []
    truncated = False
    for members in groups.values():
        if len(members) < 2:
            continue
        inside = set(members)
        succ: dict[int, list[int]] = defaultdict(list)
        for s, d in zip(src.tolist(), dst.tolist(), strict=True):
            if s in inside and d in inside:
                succ[s].append(d)
        found, cut = bounded_cycles(succ, sorted(members), max_length=max_length, max_cycles=max_cycles,
                                    max_steps=max_steps)
        truncated = truncated or cut
        cycles = [_rotate([nodes[i] for i in c]) for c in found]
        out.append(sorted(cycles, key=lambda c: (len(c), c)))
    return out, truncated


def _rotate(cycle: list[str]) -> list[str]:
    k = cycle.index(min(cycle))
    return cycle[k:] + cycle[:k]


def _sid(kind: str, members: list[str]) -> str:
    return f"{kind}-" + hashlib.sha1("|".join(members).encode()).hexdigest()[:12]


def _structure(kind: StructureType, members: list[str], edges: list[GuaranteeEdge], names: dict[str, str],
               rule: str, key: list[str] | None = None) -> GuaranteeStructure:
    return GuaranteeStructure(
        structure_id=_sid(kind, key or sorted(members)), type=kind, members=members,
        names={m: names.get(m, "") for m in members},
        total_amount=round(sum(e.amount for e in edges), 2),
        guarantee_count=sum(len(e.guarantee_ids) for e in edges), edges=edges, rule=rule,
    )


def type_structures(edges: list[GuaranteeEdge], names: dict[str, str] | None = None, *,
                    max_cycle_length: int = MAX_CYCLE_LENGTH, max_cycles: int = MAX_CYCLES,
                    max_chains: int = MAX_CHAINS, cross_min: int = 3, focus_min: int = 3,
                    ) -> tuple[list[GuaranteeStructure], bool]:
    """Every mutual, circle, chain, cross and focus structure of the given active edges."""
    names = names or {}
    by_pair = {(e.guarantor, e.borrower): e for e in edges}
    components, truncated = find_cycles(edges, max_length=max_cycle_length, max_cycles=max_cycles)
    found: list[GuaranteeStructure] = []
    cyclic: set[tuple[str, str]] = set()
    for cycles in components:
        members = sorted({m for c in cycles for m in c})
        inside = set(members)
        comp_edges = [e for e in edges if e.guarantor in inside and e.borrower in inside]
        cyclic.update((e.guarantor, e.borrower) for e in comp_edges)
        for c in cycles:
            if len(c) == 2:
                pair = [by_pair[(c[0], c[1])], by_pair[(c[1], c[0])]]
                found.append(_structure("mutual", c, pair, names, RULES["mutual"]))
        if any(len(c) > 2 for c in cycles):
            circle = _structure("circle", members, comp_edges, names, RULES["circle"])
            circle.cycles = [GuaranteeCycle(c, [by_pair[(c[i], c[(i + 1) % len(c)])] for i in range(len(c))])
                             for c in cycles]
            circle.cycles_truncated = len(cycles) >= max_cycles
            found.append(circle)
    chains, chains_truncated = _chains([e for e in edges if (e.guarantor, e.borrower) not in cyclic], max_chains)
    for path in chains:
        path_edges = [by_pair[(path[i], path[i + 1])] for i in range(len(path) - 1)]
        found.append(_structure("chain", path, path_edges, names, RULES["chain"], key=path))
    out_edges: dict[str, list[GuaranteeEdge]] = defaultdict(list)
    in_edges: dict[str, list[GuaranteeEdge]] = defaultdict(list)
    for e in edges:
        out_edges[e.guarantor].append(e)
        in_edges[e.borrower].append(e)
    for hub, es in sorted(out_edges.items()):
        if len(es) >= cross_min:
            found.append(_structure("cross", [hub, *[e.borrower for e in es]], es, names,
                                    RULES["cross"].format(n=cross_min), key=[hub]))
    for hub, es in sorted(in_edges.items()):
        if len(es) >= focus_min:
            found.append(_structure("focus", [hub, *[e.guarantor for e in es]], es, names,
                                    RULES["focus"].format(n=focus_min), key=[hub]))
    return found, truncated or chains_truncated


def _chains(acyclic: list[GuaranteeEdge], cap: int) -> tuple[list[list[str]], bool]:
    """Maximal paths of >= 2 edges in a DAG (edges between different components never form a cycle)."""
    succ: dict[str, list[str]] = defaultdict(list)
    has_in: set[str] = set()
    for e in acyclic:
        succ[e.guarantor].append(e.borrower)
        has_in.add(e.borrower)
    starts = sorted(n for n in succ if n not in has_in)
    paths: list[list[str]] = []
    stack: list[list[str]] = [[s] for s in reversed(starts)]
    while stack:
        path = stack.pop()
        nxt = succ.get(path[-1], [])
        if not nxt:
            if len(path) >= 3:
                if len(paths) >= cap:
                    return paths, True
                paths.append(path)
            continue
        stack.extend([*path, n] for n in sorted(nxt, reverse=True))
    return paths, False


def _sorted(structures: list[GuaranteeStructure]) -> list[GuaranteeStructure]:
    order = {t: i for i, t in enumerate(STRUCTURE_TYPES)}
    return sorted(structures, key=lambda s: (order[s.type], -s.total_amount, s.structure_id))


def guarantee_circles(store: GraphStore, *, as_of: str | None = None, kind: StructureType | None = None,
                      limit: int | None = None, **limits: int) -> CircleReport:
    """All guarantee structures on the guarantees active at `as_of` (default: the business date)."""
    day = resolve_as_of(store, as_of)
    rows = [dict(zip(("guarantor", "borrower", "guarantee_id", "amount", "guarantor_name", "borrower_name"),
                     values, strict=True))
            for values in store.stream("guarantees/read_active_guarantees", {"as_of": day})]
    edges, names = merge_edges(rows)
    structures, truncated = type_structures(edges, names, **limits)
    picked = _sorted([s for s in structures if kind is None or s.type == kind])
    return CircleReport(as_of=day, guarantees=len(rows), enterprises=len({*names}), truncated=truncated,
                        structures=picked[:limit] if limit else picked, limits=_limits(limits))


def enterprise_circles(store: GraphStore, uscc: str, *, as_of: str | None = None,
                       max_component: int = MAX_COMPONENT, **limits: int) -> CircleReport:
    """The structures containing one enterprise, computed on its weakly connected guarantee component."""
    day = resolve_as_of(store, as_of)
    if not store.read("enterprises/get_enterprise", {"uscc": uscc}):
        raise NotFound(f"no enterprise with USCC {uscc}")
    seen = {uscc}
    frontier = [uscc]
    rows: dict[str, dict[str, Any]] = {}
    truncated = False
    while frontier:
        found = store.read("guarantees/expand_guarantee_component", {"frontier": frontier, "as_of": day})
        frontier = []
        for row in found:
            rows[row["guarantee_id"]] = row
            for side in ("guarantor", "borrower"):
                if row[side] not in seen:
                    seen.add(row[side])
                    frontier.append(row[side])
        if len(seen) > max_component:
            truncated, frontier = True, []
    edges, names = merge_edges(rows.values())
    structures, capped = type_structures(edges, names, **limits)
    mine = _sorted([s for s in structures if uscc in s.members])
    return CircleReport(as_of=day, guarantees=len(rows), enterprises=len(seen), structures=mine,
                        truncated=truncated or capped, limits={**_limits(limits), "max_component": max_component})


def _limits(given: Mapping[str, int]) -> dict[str, int]:
    return {"max_cycle_length": given.get("max_cycle_length", MAX_CYCLE_LENGTH),
            "max_cycles": given.get("max_cycles", MAX_CYCLES), "max_chains": given.get("max_chains", MAX_CHAINS),
            "cross_min": given.get("cross_min", 3), "focus_min": given.get("focus_min", 3)}


def guarantee_exposure(store: GraphStore, uscc: str, *, as_of: str | None = None,
                       max_depth: int = 3) -> ExposureReport:
    """If `uscc` defaults: the guarantors exposed, transitively, with path and amount (EXPOSURE_RULE)."""
    if not 1 <= max_depth <= MAX_EXPOSURE_DEPTH:
        raise InvalidInput(f"max_depth must be between 1 and {MAX_EXPOSURE_DEPTH}")
    day = resolve_as_of(store, as_of)
    found = store.read("enterprises/get_enterprise", {"uscc": uscc})
    if not found:
        raise NotFound(f"no enterprise with USCC {uscc}")
    at_risk: dict[str, float] = {uscc: float("inf")}
    paths: dict[str, tuple[list[str], list[str]]] = {uscc: ([uscc], [])}
    exposed: list[ExposedGuarantor] = []
    frontier = [uscc]
    for depth in range(1, max_depth + 1):
        rows = store.read("guarantees/expand_guarantors", {"frontier": frontier, "as_of": day})
        edges, names = merge_edges(rows)
        level: dict[str, list[GuaranteeEdge]] = defaultdict(list)
        for e in edges:
            if e.guarantor not in at_risk:
                level[e.guarantor].append(e)
        for guarantor, es in level.items():
            shares = [(min(e.amount, at_risk[e.borrower]), e) for e in es]
            _, best = max(shares, key=lambda s: (s[0], s[1].borrower))
            base_path, base_ids = paths[best.borrower]
            paths[guarantor] = ([*base_path, guarantor], [*base_ids, *best.guarantee_ids])
            exposed.append(ExposedGuarantor(
                uscc=guarantor, name=names.get(guarantor, ""), depth=depth,
                amount_at_risk=round(sum(s for s, _ in shares), 2), path=paths[guarantor][0],
                guarantee_ids=paths[guarantor][1], via=sorted(e.borrower for e in es)))
        for g in exposed[len(exposed) - len(level):]:
            at_risk[g.uscc] = g.amount_at_risk
        frontier = sorted(level)
        if not frontier:
            break
    exposed.sort(key=lambda g: (g.depth, -g.amount_at_risk, g.uscc))
    return ExposureReport(uscc=uscc, name=str(found[0].get("name") or ""), as_of=day, max_depth=max_depth,
                          exposed=exposed, total_at_risk=round(sum(g.amount_at_risk for g in exposed), 2))
