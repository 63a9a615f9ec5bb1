"""Search (查企业 / 查人): find enterprises by a part of their name, a former name or their USCC, and persons
by name or id, with the badges a console shows beside each hit.

Names are compared in normalised form (liantu.ids.normalise_name), so full-/half-width characters,
（） or () brackets, spaces and letter case do not matter. A query that is a valid USCC finds that
enterprise first; one that is 64 hex characters finds that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field

from graph.analytics.risk import NEGATIVE_ROLES
from graph.store import GraphStore
from liantu.errors import InvalidInput
from liantu.ids import is_valid_uscc, normalise_name

MAX_LIMIT = 100
MAX_QUERY = 100
_PERSON_ID = re.compile(r"^[0-9a-f]{64}$")
# A hub badge goes to the enterprises among the first ranks of weighted PageRank (liantu hubs compute).
HUB_RANK = 100


@dataclass(frozen=True)
class CompanyRef:
    uscc: str
    name: str


@dataclass
class EnterpriseHit:
    uscc: str
    name: str
    matched: Annotated[Literal["uscc", "name", "former_name"], Field(description="What the query matched")]
    former_names: list[str] = field(default_factory=list)
    status: str | None = None
    region_code: str | None = None
    industry_code: str | None = None
    customer_no: str | None = None
    tier: str | None = None
    rm_id: str | None = None
    rm_name: str | None = None
    hub_rank: Annotated[int | None, Field(description="Rank by weighted PageRank, when computed")] = None
    hub: Annotated[bool, Field(description=f"hub_rank <= {HUB_RANK}")] = False
    negative_events: Annotated[bool, Field(description="A court case in a negative role, or a penalty")] = False
    guarantee_cycle: Annotated[bool, Field(description="On a directed cycle of guarantees (mutual or circle)")] = False


@dataclass
class PersonHit:
    person_id: str
    name: str
    companies: Annotated[list[CompanyRef], Field(description="Up to three it represents, runs or holds")]
    customer: bool = False
    negative_events: bool = False


@dataclass
class SearchResult:
    query: str
    normalised: Annotated[str, Field(description="The query as names are compared")]
    enterprises: list[EnterpriseHit]
    persons: list[PersonHit]
    limit: int


def search(store: GraphStore, query: str, *, limit: int = 20,
           kinds: tuple[Literal["enterprise", "person"], ...] = ("enterprise", "person")) -> SearchResult:
    """Enterprises and persons matching `query`, best first, at most `limit` of each."""
    text = query.strip()
    if not text:
        raise InvalidInput("q: type a part of a name, a USCC or a person id")
    if len(text) > MAX_QUERY:
        raise InvalidInput(f"q: at most {MAX_QUERY} characters")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    norm = normalise_name(text)
    uscc = norm if len(norm) == 18 and is_valid_uscc(norm) else None
    person_id = text.lower() if _PERSON_ID.match(text.lower()) else None
    roles = list(NEGATIVE_ROLES)
    enterprises: list[EnterpriseHit] = []
    if "enterprise" in kinds and person_id is None:
        # A USCC is matched exactly; a fragment of letters and digits of a USCC's length is not a name.
        q = "" if uscc else norm
        for row in store.read("search/find_enterprises", {"q": q, "uscc": uscc, "roles": roles, "limit": limit}):
            row.pop("rank")
            enterprises.append(EnterpriseHit(
                **row, hub=row["hub_rank"] is not None and row["hub_rank"] <= HUB_RANK))
    persons: list[PersonHit] = []
    if "person" in kinds and uscc is None:
        q = "" if person_id else text
        for row in store.read("search/find_persons", {"q": q, "person_id": person_id, "roles": roles,
                                                      "limit": limit}):
            persons.append(PersonHit(
                person_id=row["person_id"], name=row["name"], customer=row["customer"],
                negative_events=row["negative_events"],
                companies=[CompanyRef(c["uscc"], c["name"]) for c in row["companies"] if c.get("uscc")]))
    return SearchResult(query=text, normalised=norm, enterprises=enterprises, persons=persons, limit=limit)
