"""Equity penetration (股权穿透): integrated direct + indirect stakes, solved exactly with sparse algebra.

The model (docs/rules.md §1 股权穿透: indirect stake = product of ratios along a path, summed
over paths; cross-holdings solved exactly, not by truncating paths):

Number the enterprises of an ownership component 0..n-1 and its persons 0..m-1. Let A_EE (n x n)
hold A_EE[h, c] = the ratio enterprise h holds in company c, and A_PE (m x n) the persons' ratios.
A stake reaches c through any walk h -> ... -> c; a walk's weight is the product of its ratios, so the
integrated stake is the sum over walk lengths k >= 1 of A A_EE^(k-1):

    T_EE = A_EE (I - A_EE)^-1          T_PE = A_PE (I - A_EE)^-1

The series converges, and I - A_EE is invertible, when the spectral radius of A_EE is below 1. For
column c only one solve is needed: x = (I - A_EE)^-1 e_c, then T_EE[:, c] = A_EE x and T_PE[:, c] =
A_PE x (x = e_c + T_EE[:, c]). A cross-holding A <-> B is thus summed exactly, every turn of the loop
included; T_EE[c, c] is the stake c holds in itself through the loop. When every company of the
component is fully held (its column sums to 1), the persons' integrated stakes in c sum to exactly 1:
1'A_PE = 1' - 1'A_EE, so 1'T_PE = (1' - 1'A_EE)(I - A_EE)^-1 = 1'.

Singular case: A_EE has spectral radius 1 exactly when a set of companies is wholly held by its own
members (e.g. A holds 100% of B and B 100% of A): no outside party owns them and the walk sum is
infinite. Such a closed loop is a strongly connected block of A_EE whose columns sum to 1 inside the
block. Regularised rule: the loop's internal holdings are dropped from the solve (its members become
ultimate holders of themselves, nobody above them) and the loop is reported in `closed_loops`.
Columns that sum above 1 (inconsistent registry data) are scaled to 1 and reported in `warnings`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from pydantic import Field
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import splu

from graph.business_date import resolve_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound

Matrix: TypeAlias = sp.csc_matrix
# Columns within this tolerance of 1 count as fully held inside a loop.
TOLERANCE = 1e-9
# The ownership component read upstream of a company stops growing past this many enterprises.
MAX_COMPONENT_ENTERPRISES = 20_000
PENETRATION_RULE = ("docs/rules.md §1 股权穿透: integrated stake = sum over ownership paths of the product of "
                    "ratios, cross-holdings solved exactly as A (I - A_EE)^-1")


@dataclass(frozen=True)
class Holding:
    holder_kind: str  # 'E' or 'P'
    holder_id: str
    company: str
    ratio: float


@dataclass
class Component:
    """The ownership component upstream of some target companies, as read from the graph."""

    targets: list[str]
    enterprises: list[str]
    persons: list[str]
    names: dict[str, str]
    holdings: list[Holding]
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    as_of: str = ""  # the day the holdings were read in force (graph/business_date.py)

    # Built on first use and kept: one component serves many targets (5,000 in a nightly batch), and
    # rebuilding the index per target made the batch quadratic in its holdings.
    _by_holder: dict[str, list[tuple[str, float]]] | None = field(default=None, init=False, repr=False,
                                                                 compare=False)

    def holders_of(self) -> dict[str, list[Holding]]:
        by_company: dict[str, list[Holding]] = defaultdict(list)
        for h in self.holdings:
            by_company[h.company].append(h)
        return by_company

    def holdings_by_holder(self) -> dict[str, list[tuple[str, float]]]:
        """{holder: [(company, ratio), ...]}; the holdings are read once and not changed after."""
        if self._by_holder is None:
            down: dict[str, list[tuple[str, float]]] = defaultdict(list)
            for h in self.holdings:
                down[h.holder_id].append((h.company, h.ratio))
            self._by_holder = dict(down)
        return self._by_holder


@dataclass(frozen=True)
class Stakes:
    """Integrated stakes of every holder of the component in one target company."""

    enterprise: npt.NDArray[np.float64]  # T_EE[:, target], indexed like Component.enterprises
    person: npt.NDArray[np.float64]  # T_PE[:, target], indexed like Component.persons


def read_component(store: GraphStore, usccs: list[str], *, as_of: str | None = None,
                   max_enterprises: int = MAX_COMPONENT_ENTERPRISES) -> Component:
    """Read the holdings in force on `as_of` (default: the business date) upstream of `usccs`, level by
    level, until no new enterprise appears."""
    day = resolve_as_of(store, as_of)
    enterprises: dict[str, None] = dict.fromkeys(usccs)
    persons: dict[str, None] = {}
    names: dict[str, str] = {}
    sums: dict[tuple[str, str, str], float] = defaultdict(float)
    frontier = list(usccs)
    truncated = False
    for row in store.read("control/get_enterprises", {"usccs": list(usccs)}):
        names[row["uscc"]] = row["name"]
    while frontier:
        rows = store.read("control/read_holders", {"usccs": frontier, "as_of": day})
        nxt: list[str] = []
        for row in rows:
            holder = row["holder_id"]
            # Two current facts for one holder and company (e.g. two subscriptions) add up.
            sums[(row["holder_kind"], holder, row["company"])] += float(row["ratio"])
            names.setdefault(holder, row["holder_name"] or holder)
            if row["holder_kind"] == "P":
                persons.setdefault(holder)
            elif holder not in enterprises:
                if len(enterprises) >= max_enterprises:
                    truncated = True
                    continue
                enterprises[holder] = None
                nxt.append(holder)
        frontier = nxt
    holdings = [Holding(k, h, c, r) for (k, h, c), r in sorted(sums.items())
                if k == "P" or h in enterprises]
    return Component(list(usccs), list(enterprises), list(persons), names, holdings, truncated, as_of=day)


def matrices(comp: Component) -> tuple[Matrix, Matrix]:
    """A_EE (n x n) and A_PE (m x n) of a component; over-full columns are scaled to 1 (with a warning)."""
    e_index = {u: i for i, u in enumerate(comp.enterprises)}
    p_index = {p: i for i, p in enumerate(comp.persons)}
    n, m = len(e_index), len(p_index)
    totals: dict[str, float] = defaultdict(float)
    for h in comp.holdings:
        totals[h.company] += h.ratio
    rows_e: list[int] = []
    cols_e: list[int] = []
    vals_e: list[float] = []
    rows_p: list[int] = []
    cols_p: list[int] = []
    vals_p: list[float] = []
    for h in comp.holdings:
        scale = 1.0 / totals[h.company] if totals[h.company] > 1.0 + TOLERANCE else 1.0
        col = e_index[h.company]
        if h.holder_kind == "E":
            rows_e.append(e_index[h.holder_id])
            cols_e.append(col)
            vals_e.append(h.ratio * scale)
        else:
            rows_p.append(p_index[h.holder_id])
            cols_p.append(col)
            vals_p.append(h.ratio * scale)
    for company, total in sorted(totals.items()):
        if total > 1.0 + TOLERANCE:
            comp.warnings.append(f"holdings in {company} sum to {total:.4f} > 1; scaled to 1")
    a_ee = sp.csc_matrix((vals_e, (rows_e, cols_e)), shape=(n, n), dtype=np.float64)
    a_pe = sp.csc_matrix((vals_p, (rows_p, cols_p)), shape=(m, n), dtype=np.float64)
    return a_ee, a_pe


def closed_loops(a_ee: Matrix) -> list[list[int]]:
    """Sets of companies wholly held by each other: the blocks that make I - A_EE singular."""
    n = a_ee.shape[0]
    if n == 0:
        return []
    count, labels = connected_components(a_ee, directed=True, connection="strong")
    coo = a_ee.tocoo()
    inside = labels[coo.row] == labels[coo.col]
    # Column sums of A_EE restricted to each company's own block: 1 for every member = a closed loop.
    block_sum = np.bincount(coo.col[inside], weights=coo.data[inside], minlength=n)
    candidates = np.unique(labels[coo.col[inside]])  # blocks with a holding inside them
    members_of = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[members_of], np.arange(count + 1))
    loops: list[list[int]] = []
    for label in candidates.tolist():
        members = members_of[starts[label]:starts[label + 1]]
        if np.all(block_sum[members] >= 1.0 - TOLERANCE):
            loops.append(sorted(members.tolist()))
    return loops


def regularise(a_ee: Matrix, loops: list[list[int]]) -> Matrix:
    """Drop the holdings inside each closed loop so that I - A_EE becomes invertible."""
    if not loops:
        return a_ee
    coo = a_ee.tocoo()
    label = np.full(a_ee.shape[0], -1)
    for i, members in enumerate(loops):
        label[members] = i
    inside = (label[coo.row] >= 0) & (label[coo.row] == label[coo.col])
    keep = ~inside
    return sp.csc_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=a_ee.shape)


def holder_order(a_ee: Matrix) -> npt.NDArray[np.int64]:
    """Enterprises in a topological order of the strongly connected blocks: holders before holdings."""
    n = a_ee.shape[0]
    count, labels = connected_components(a_ee, directed=True, connection="strong")
    coo = a_ee.tocoo()
    cross = labels[coo.row] != labels[coo.col]
    src, dst = labels[coo.row][cross], labels[coo.col][cross]
    succ = sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(count, count))  # duplicates summed
    indegree = np.diff(succ.tocsc().indptr)
    rank = np.empty(count, dtype=np.int64)
    ready = list(np.flatnonzero(indegree == 0))
    done = 0
    while ready:
        block = ready.pop()
        rank[block] = done
        done += 1
        for nxt in succ.indices[succ.indptr[block]:succ.indptr[block + 1]]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return np.argsort(rank[labels] if n else rank, kind="stable").astype(np.int64)


def integrated_stakes(a_ee: Matrix, a_pe: Matrix, targets: list[int]) -> list[Stakes]:
    """T_EE[:, t] and T_PE[:, t] for each target column t, with one sparse LU factorisation of I - A_EE.

    Raises ValueError when I - A_EE is singular (call `regularise` with `closed_loops` first).
    """
    n = a_ee.shape[0]
    if not targets:
        return []
    # Holders before the companies they hold (strongly connected blocks kept together) makes I - A_EE
    # block upper triangular; factorised in that order without pivoting (it is column diagonally
    # dominant), fill-in stays inside the cross-holding blocks instead of spreading over the component.
    order = holder_order(a_ee)
    system = (sp.identity(n, format="csc", dtype=np.float64) - a_ee)[order][:, order].tocsc()
    try:
        lu = splu(system, permc_spec="NATURAL", diag_pivot_thresh=0.0)
    except RuntimeError as exc:  # SuperLU reports an exactly singular factor this way
        raise ValueError(f"I - A_EE is singular (a closed ownership loop?): {exc}") from exc
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    rhs = np.zeros((n, len(targets)), dtype=np.float64)
    for j, t in enumerate(targets):
        rhs[position[t], j] = 1.0
    x = lu.solve(rhs)[position]
    if not np.all(np.isfinite(x)):
        raise ValueError("I - A_EE is numerically singular (a closed ownership loop?)")
    t_ee = a_ee @ x
    t_pe = a_pe @ x
    return [Stakes(np.asarray(t_ee[:, j]).ravel(), np.asarray(t_pe[:, j]).ravel()) for j in range(len(targets))]


# ---- evidence: the explicit paths behind a stake, and the penetration report ------------------------

MAX_PATHS = 20
_MAX_STEPS = 20_000


@dataclass(frozen=True)
class OwnershipPath:
    """holder -> ... -> company, with the ratio of each holding and their product."""

    nodes: Annotated[list[str], Field(description="holder -> ... -> company")]
    ratios: list[float]
    product: float


@dataclass
class PenetratedHolder:
    kind: str  # 'E' or 'P'
    id: str
    name: str
    direct: float
    integrated: Annotated[float, Field(description="direct + indirect stake, cross-holdings solved exactly")]
    paths: list[OwnershipPath]
    # Below `integrated` when a cross-holding loop adds more turns.
    paths_total: Annotated[float, Field(
        description="sum over the listed simple paths (below `integrated` with loops)")]


@dataclass
class Penetration:
    uscc: str
    name: str
    holders: list[PenetratedHolder]
    persons_total: float
    self_stake: float
    closed_loops: list[list[str]]
    truncated: bool
    warnings: list[str]
    rule: str = PENETRATION_RULE
    as_of: str = ""


def ownership_paths(comp: Component, source: str, target: str, limit: int = MAX_PATHS) -> list[OwnershipPath]:
    """Simple ownership paths source -> target inside the component, largest product first."""
    down = comp.holdings_by_holder()
    found: list[OwnershipPath] = []
    steps = 0
    stack: list[tuple[str, list[str], list[float]]] = [(source, [source], [])]
    while stack and steps < _MAX_STEPS:
        node, nodes, ratios = stack.pop()
        steps += 1
        for company, ratio in down.get(node, []):
            if company == target:
                rs = [*ratios, ratio]
                found.append(OwnershipPath([*nodes, company], rs, float(np.prod(rs))))
            elif company not in nodes:
                stack.append((company, [*nodes, company], [*ratios, ratio]))
    found.sort(key=lambda p: (-p.product, len(p.nodes), p.nodes))
    return found[:limit]


@dataclass
class Solved:
    """A component with its integrated stakes in each target."""

    comp: Component
    stakes: dict[str, Stakes]
    loops: list[list[str]]

    def stake_of(self, holder: str, target: str) -> float:
        s = self.stakes[target]
        if holder in self._p_index:
            return float(s.person[self._p_index[holder]])
        if holder in self._e_index:
            return float(s.enterprise[self._e_index[holder]])
        return 0.0

    def __post_init__(self) -> None:
        self._e_index = {u: i for i, u in enumerate(self.comp.enterprises)}
        self._p_index = {p: i for i, p in enumerate(self.comp.persons)}


def solve(comp: Component) -> Solved:
    """Integrated stakes of every holder in every target of the component (closed loops regularised)."""
    a_ee, a_pe = matrices(comp)
    loops = closed_loops(a_ee)
    for members in loops:
        comp.warnings.append("closed ownership loop (wholly held by its own members, no outside owner): "
                             + ", ".join(comp.enterprises[i] for i in members))
    index = {u: i for i, u in enumerate(comp.enterprises)}
    cols = integrated_stakes(regularise(a_ee, loops), a_pe, [index[t] for t in comp.targets])
    return Solved(comp, dict(zip(comp.targets, cols, strict=True)),
                  [[comp.enterprises[i] for i in members] for members in loops])


def penetrate(store: GraphStore, uscc: str, *, min_stake: float = 0.0, as_of: str | None = None) -> Penetration:
    """Every holder (enterprise or person) with an integrated stake >= min_stake in `uscc`, with paths."""
    if not 0.0 <= min_stake <= 1.0:
        raise InvalidInput("min_stake must be between 0 and 1")
    comp = read_component(store, [uscc], as_of=as_of)
    if uscc not in comp.names:
        raise NotFound(f"no enterprise with USCC {uscc}")
    solved = solve(comp)
    direct = {h.holder_id: h.ratio for h in comp.holdings if h.company == uscc}
    holders: list[PenetratedHolder] = []
    for kind, ids in (("P", comp.persons), ("E", comp.enterprises)):
        for node in ids:
            if node == uscc:
                continue
            stake = solved.stake_of(node, uscc)
            if stake <= TOLERANCE or stake < min_stake:
                continue
            paths = ownership_paths(comp, node, uscc)
            holders.append(PenetratedHolder(kind, node, comp.names.get(node, node), direct.get(node, 0.0), stake,
                                            paths, sum(p.product for p in paths)))
    holders.sort(key=lambda h: (-h.integrated, h.kind, h.id))
    persons_total = float(solved.stakes[uscc].person.sum())
    return Penetration(uscc, comp.names[uscc], holders, persons_total, solved.stake_of(uscc, uscc),
                       solved.loops, comp.truncated, comp.warnings, as_of=comp.as_of)
