"""Shortest relationship paths between two parties (找关系), and the contact nodes they may run through.

Ties follow current facts in either direction: ownership (HOLDS_SHARES), officer and legal
representative (OFFICER_OF, LEGAL_REP_OF), guarantee (GUARANTEES), payment (PAID), and a shared phone
or address. Sharing is made explicit by `derive_contact_nodes`: each enterprise links to one
(:Phone {number}) per normalised number and one (:Address {norm}) per normalised address, so two
enterprises at one address are two hops apart through that Address node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import Field, computed_field

from graph.business_date import resolve_as_of
from graph.store import GraphStore
from liantu.errors import InvalidInput, NotFound
from liantu.ids import InvalidUSCC, normalise_name, validate_uscc

# The allow-list: tie kind -> relationship types. Only these types ever reach the query.
TIE_KINDS: dict[str, tuple[str, ...]] = {
    "ownership": ("HOLDS_SHARES",),
    "officer": ("OFFICER_OF", "LEGAL_REP_OF"),
    "guarantee": ("GUARANTEES",),
    "payment": ("PAID",),
    "address": ("HAS_ADDRESS",),
    "phone": ("HAS_PHONE",),
}
MAX_HOPS = 6
MAX_PATHS = 50
_PERSON_ID = re.compile(r"^[0-9a-f]{64}$")
_PHONE_SPLIT = re.compile(r"[/;,，、|；]+")
_NON_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class PathNode:
    kind: Annotated[str, Field(description="'E', 'P', 'phone' or 'address'")]
    id: str
    name: str


@dataclass(frozen=True)
class Tie:
    kind: str  # a key of TIE_KINDS
    type: str
    source: str
    target: str
    facts: dict[str, Any]


@dataclass
class RelationPath:
    nodes: list[PathNode]
    ties: list[Tie]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def hops(self) -> int:
        return len(self.ties)


@dataclass
class PathResult:
    source: PathNode
    target: PathNode
    ties: list[str]
    max_hops: int
    paths: list[RelationPath]
    as_of: str = ""  # the day the ties were read in force


def resolve_party(store: GraphStore, party_id: str) -> PathNode:
    """A USCC or a person_id (64 hex) of a known party; InvalidInput if malformed, NotFound if unknown."""
    value = party_id.strip()
    if not _PERSON_ID.match(value):
        try:
            value = validate_uscc(value)
        except InvalidUSCC as exc:
            raise InvalidInput(f"{party_id!r} is neither a USCC nor a person id: {exc}") from None
    rows = store.read("paths/get_party", {"id": value})
    if not rows:
        raise NotFound(f"no enterprise or person with id {value}")
    return PathNode(rows[0]["kind"], rows[0]["id"], rows[0]["name"])


def _kind_of(rel_type: str) -> str:
    return next(kind for kind, types in TIE_KINDS.items() if rel_type in types)


def shortest_paths(store: GraphStore, source: str, target: str, *, max_hops: int = 4,
                   ties: list[str] | None = None, limit: int = 10, as_of: str | date | None = None) -> PathResult:
    """All shortest paths (up to `limit`) of at most `max_hops` ties of the chosen kinds."""
    kinds = list(dict.fromkeys(ties or TIE_KINDS))
    unknown = [k for k in kinds if k not in TIE_KINDS]
    if unknown:
        raise InvalidInput(f"unknown tie kinds {unknown}; choose from {sorted(TIE_KINDS)}")
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidInput(f"max_hops must be between 1 and {MAX_HOPS}")
    if not 1 <= limit <= MAX_PATHS:
        raise InvalidInput(f"limit must be between 1 and {MAX_PATHS}")
    a, b = resolve_party(store, source), resolve_party(store, target)
    if a.id == b.id:
        raise InvalidInput("the two ends of a path must differ")
    types = [t for k in kinds for t in TIE_KINDS[k]]
    day = resolve_as_of(store, as_of)
    rows = store.read("paths/shortest_paths", {
        "from_id": a.id, "to_id": b.id, "types": types, "max_hops": max_hops, "limit": limit, "as_of": day})
    paths = [
        RelationPath(
            [PathNode(n["kind"], n["id"], n["name"]) for n in row["nodes"]],
            [Tie(_kind_of(t["type"]), t["type"], t["source"], t["target"],
                 {k: v for k, v in t.items() if k not in {"type", "source", "target"} and v is not None})
             for t in row["ties"]])
        for row in rows
    ]
    paths.sort(key=lambda p: [n.id for n in p.nodes])
    return PathResult(a, b, kinds, max_hops, paths, as_of=day)


# ---- contact nodes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactRun:
    enterprises: int
    phones: int
    shared_phones: int
    addresses: int
    shared_addresses: int


def normalise_phone(raw: str | None) -> list[str]:
    """Digits of each number in a cell; a +86/0086 country prefix goes; fewer than 7 digits is no number."""
    found: list[str] = []
    for part in _PHONE_SPLIT.split(raw or ""):
        digits = _NON_DIGIT.sub("", part)
        for prefix in ("0086", "86"):
            if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
                digits = digits[len(prefix):]
                break
        if len(digits) >= 7 and digits not in found:
            found.append(digits)
    return found


def normalise_address(raw: str | None) -> str | None:
    norm = normalise_name(raw or "")
    return norm if len(norm) >= 4 else None


def derive_contact_nodes(store: GraphStore) -> ContactRun:
    """Derive (:Phone) and (:Address) nodes from enterprises' phone and address, in idempotent batches."""
    phones: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    for uscc, phone, address in store.stream("paths/read_enterprise_contacts"):
        phones.append({"uscc": uscc, "numbers": normalise_phone(phone)})
        addresses.append({"uscc": uscc, "norm": normalise_address(address), "text": address})
    store.write_rows("paths/merge_phone_links", phones)
    store.write_rows("paths/merge_address_links", addresses)
    store.write("paths/delete_orphan_contacts")
    counts = store.read("paths/count_contact_nodes")[0]
    return ContactRun(len(phones), counts["phones"], counts["shared_phones"], counts["addresses"],
                      counts["shared_addresses"])
