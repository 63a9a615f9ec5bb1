"""The neighbourhood (关系图谱) of one enterprise or person: the parties one tie away, as nodes and ties a
graph view draws and a table beside it lists.

Around an enterprise: suppliers and buyers (payment totals, count, dates, tie share), shareholders and
investments (stake), guarantors and the enterprises it guarantees (amount, guarantee id), officers and
the legal representative (role). Around a person: the enterprises it holds, sits on or represents.
Only current facts (valid_to null). Each kind keeps its `per_kind` largest ties, and says when it cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field

from graph.analytics.paths import resolve_party
from graph.analytics.risk import NEGATIVE_ROLES
from graph.store import GraphStore
from liantu.errors import InvalidInput

TieKind = Literal["supplier", "buyer", "owner", "investment", "guarantor", "guaranteed", "officer", "legal_rep"]
TIE_KINDS: tuple[TieKind, ...] = ("supplier", "buyer", "owner", "investment", "guarantor", "guaranteed",
                                  "officer", "legal_rep")
MAX_PER_KIND = 500

RULE = ("Current facts one tie away. share: for a supplier, the tie's total / the centre's total paid out; "
        "for a buyer, / its total paid in; for an owner or investment, the direct stake. Each kind keeps "
        "its per_kind largest ties.")


@dataclass(frozen=True)
class Node:
    kind: Annotated[Literal["E", "P"], Field(description="E: enterprise (id = USCC); P: person (id = person_id)")]
    id: str
    name: str
    customer: Annotated[bool | None, Field(description="Null for the centre (its own page says)")] = None
    negative_events: bool | None = None


@dataclass(frozen=True)
class NeighbourTie:
    kind: TieKind
    type: Annotated[str, Field(description="The relationship type in the graph")]
    source: Annotated[str, Field(description="Payer, holder, guarantor or the person")]
    target: str
    amount: Annotated[float | None, Field(description="CNY: payment total or guaranteed amount")] = None
    share: Annotated[float | None, Field(description="Tie share or stake in [0, 1]")] = None
    role: str | None = None
    count: int | None = None
    first_date: str | None = None
    last_date: str | None = None
    reference: Annotated[str | None, Field(description="The guarantee id")] = None


@dataclass
class Neighbourhood:
    centre: Node
    nodes: list[Node]
    ties: list[NeighbourTie]
    min_amount: float
    per_kind: int
    truncated: Annotated[list[TieKind], Field(description="Kinds that reached per_kind")] = field(default_factory=list)
    rule: str = RULE


def neighbourhood(store: GraphStore, party_id: str, *, min_amount: float = 0.0, per_kind: int = 50,
                  kinds: list[TieKind] | None = None) -> Neighbourhood:
    """The ties around a USCC or person_id; InvalidInput if malformed, NotFound if unknown."""
    if not 1 <= per_kind <= MAX_PER_KIND:
        raise InvalidInput(f"per_kind must be between 1 and {MAX_PER_KIND}")
    if min_amount < 0:
        raise InvalidInput("min_amount must not be negative")
    wanted = set(kinds or TIE_KINDS)
    unknown = wanted - set(TIE_KINDS)
    if unknown:
        raise InvalidInput(f"unknown tie kinds {sorted(unknown)}; choose from {list(TIE_KINDS)}")
    centre_ref = resolve_party(store, party_id)
    params: dict[str, Any] = {"per_kind": per_kind, "roles": list(NEGATIVE_ROLES)}
    if centre_ref.kind == "E":
        rows = store.read("neighbourhood/read_enterprise_ties",
                          {**params, "uscc": centre_ref.id, "min_amount": float(min_amount)})
    else:
        rows = store.read("neighbourhood/read_person_ties", {**params, "person_id": centre_ref.id})
    nodes: dict[str, Node] = {}
    ties: list[NeighbourTie] = []
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
        if row["kind"] not in wanted:
            continue
        nodes.setdefault(row["other_id"], Node(row["other_kind"], row["other_id"], row["other_name"] or row["other_id"],
                                               row["customer"], row["negative_events"]))
        ties.append(NeighbourTie(
            kind=row["kind"], type=row["type"], source=row["source"], target=row["target"], amount=row["amount"],
            share=row["share"], role=row["role"], count=row["count"], first_date=row["first_date"],
            last_date=row["last_date"], reference=row["reference"]))
    nodes.pop(centre_ref.id, None)  # a self-tie (an enterprise holding its own shares) keeps one centre
    centre = Node(centre_ref.kind, centre_ref.id, centre_ref.name)  # type: ignore[arg-type]
    truncated = [k for k in TIE_KINDS if k in wanted and counts.get(k, 0) >= per_kind]
    return Neighbourhood(centre=centre, nodes=sorted(nodes.values(), key=lambda n: (n.kind, n.name, n.id)),
                         ties=ties, min_amount=float(min_amount), per_kind=per_kind, truncated=truncated)
