"""Who may call what: the one table of roles per feature, enforced by a router-level dependency.

Every router declares `dependencies=[allow("<feature>")]`; the check authenticates the caller, refuses a
role the table does not name for the route's method (403 `forbidden` naming the roles needed), and
keeps an `rm` inside its book:

- an enterprise (`{uscc}` in the path) that is another RM's customer → 403; its own customers and
  enterprises that bank with no one here (prospects, the public registry) are open to it;
- `rm=` / `branch=` in the query (leads): only its own RM id; a branch manager its branch and its
  branch's RMs;
- a campaign (`{campaign_id}`): only one scoped to its RM id (a branch manager: its branch);
- an alert (`{alert_id}`): only one raised for its RM id (a branch manager: for an RM of its branch);
  a risk-desk alert is no rm's;
- a lead's status (`/leads/{party_id}/status`): only a lead routed to its book, i.e. one of its
  customers or a party tied to one within two steps of the ties leads come from
  (graph/access.py `lead_in_reach`).

Routes whose answers may name persons are marked `persons`: for an `rm` the renderer masks the names
(张*明) and drops person ids (api/render.py), and the audit log flags the request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.concurrency import run_in_threadpool

from api.context import current
from api.errors import Forbidden, InvalidParameters
from api.security import authenticate
from graph.access import alert_owner, customer_book, enterprise_book, lead_in_reach, rm_branch
from graph.analytics.campaigns import get_campaign
from graph.store import GraphStore
from liantu.config import Role
from liantu.errors import NotFound
from liantu.keys import Identity

ALL = (Role.RM, Role.RISK, Role.ADMIN)
STAFF = (Role.RISK, Role.ADMIN)  # risk officers and administrators: read-only everything, unmasked
ADMIN = (Role.ADMIN,)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    read: tuple[Role, ...]  # GET
    write: tuple[Role, ...] = ADMIN  # POST, PUT, PATCH, DELETE
    book: bool = False  # an rm only within its book
    persons: bool = False  # answers may name persons


# The table. A feature is the router's name (api/routers/<feature>.py), as in cypher/ and graph/.
ROLE_TABLE: dict[str, Access] = {
    "enterprises": Access(ALL, book=True, persons=True),
    "chains": Access(ALL, book=True),
    "hubs": Access(ALL),
    "core": Access(ALL),
    "communities": Access(ALL),
    "leads": Access(ALL, write=ALL, book=True, persons=True),
    "campaigns": Access(ALL, write=ADMIN, book=True),
    "control": Access(STAFF, persons=True),
    "related": Access(STAFF, persons=True),
    "paths": Access(STAFF, persons=True),
    "guarantees": Access(STAFF),
    "fund_flows": Access(STAFF),
    "risk": Access(STAFF, persons=True),
    "documents": Access(STAFF, persons=True),
    "suspected_links": Access(STAFF, write=STAFF, persons=True),
    "search": Access(ALL, persons=True),
    "neighbourhood": Access(ALL, book=True, persons=True),
    "tags": Access(ALL, book=True),
    "alerts": Access(ALL, write=ALL, book=True),
    "churn": Access(ALL, book=True),
    "recommendations": Access(ALL, book=True),
    # Who the key is and what it may use (the console hides what the role may not use).
    "me": Access(ALL),
    # Prometheus metrics name every route's traffic and error codes: an operator's view, not a user's.
    "metrics": Access(ADMIN),
}

# Open to anyone: liveness, readiness, the OpenAPI page and its assets, the console's static
# files (the console signs in with a key it sends on its API calls).
PUBLIC_PATHS = frozenset({"/health", "/ready", "/docs", "/docs/oauth2-redirect", "/openapi.json"})
PUBLIC_PREFIXES = ("/docs/assets", "/console")

_BOOK_TTL_S = 30.0


def roles_for(access: Access, method: str) -> tuple[Role, ...]:
    return access.read if method.upper() in READ_METHODS else access.write


def _names(roles: tuple[Role, ...]) -> str:
    return " or ".join(str(r) for r in roles)


class BookCache:
    """Customer records per enterprise and branch per RM, kept 30 s: an rm's every request would
    otherwise cost a database round trip. A reassignment reaches the check within that time."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[float, Any]] = {}

    def get(self, kind: str, key: str, load: Any) -> Any:
        now = time.monotonic()
        hit = self._entries.get((kind, key))
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        if len(self._entries) > 50_000:
            self._entries.clear()
        self._entries[(kind, key)] = (now + _BOOK_TTL_S, value)
        return value


class RoleCheck:
    """The router-level dependency: authenticate, check the role for the method, keep an rm in its book."""

    def __init__(self, feature: str) -> None:
        if feature not in ROLE_TABLE:
            raise KeyError(f"feature {feature!r} is not in api/access.py ROLE_TABLE")
        self.feature = feature
        self.access = ROLE_TABLE[feature]

    async def __call__(self, request: Request, identity: Identity = Depends(authenticate)) -> Identity:
        roles = roles_for(self.access, request.method)
        if identity.role not in roles:
            raise Forbidden(f"{request.method} {_template(request)} needs role {_names(roles)}; "
                            f"this key's role is {identity.role}")
        _refuse_unknown_parameters(request)
        info = current()
        if info is not None:
            info.persons = self.access.persons
            info.mask = self.access.persons and identity.role == Role.RM
        if self.access.book and identity.role == Role.RM:
            await run_in_threadpool(self._check_book, request, identity)
        return identity

    def _check_book(self, request: Request, who: Identity) -> None:
        graph: GraphStore = request.app.state.store
        cache: BookCache = request.app.state.books
        own = f"RM {who.rm_id}" if who.rm_id else f"branch {who.branch}"
        params = request.path_params
        uscc = params.get("uscc") or params.get("party_id")
        if isinstance(uscc, str) and len(uscc) == 18:
            book = cache.get("book", uscc, lambda: enterprise_book(graph, uscc))
            if book and not any(e.held_by(who.rm_id, who.branch) for e in book):
                raise Forbidden(f"enterprise {uscc} is another RM's customer; an rm key ({own}) sees its own "
                                "book only; role risk or admin sees every enterprise")
        customer_no = params.get("customer_no")
        if isinstance(customer_no, str):
            entry = cache.get("customer", customer_no, lambda: customer_book(graph, customer_no))
            if entry is not None and not entry.held_by(who.rm_id, who.branch):
                raise Forbidden(f"customer {customer_no} is not in this key's book ({own}); role risk or admin "
                                "sees every customer")
        party_id = params.get("party_id")
        if isinstance(party_id, str) and self.feature == "leads" and not lead_in_reach(
                graph, party_id, who.rm_id, who.branch):
            raise Forbidden(f"lead {party_id} is not routed to {own}: it is neither a customer of that book nor "
                            "tied to one by the ties leads come from; role risk or admin sees every lead")
        alert_id = params.get("alert_id")
        if isinstance(alert_id, str):
            owner = alert_owner(graph, alert_id)
            if owner is None:
                raise NotFound(f"no alert {alert_id}")
            if not owner.held_by(who.rm_id, who.branch):
                raise Forbidden(f"alert {alert_id} is not raised for {own}; role risk or admin acts on every alert")
        campaign_id = params.get("campaign_id")
        if isinstance(campaign_id, str):
            campaign = get_campaign(graph, campaign_id)
            mine = (who.rm_id is not None and campaign.scope_rm == who.rm_id) or (
                who.branch is not None and (campaign.scope_branch == who.branch or (
                    campaign.scope_rm is not None and self._branch_of(graph, cache, campaign.scope_rm) == who.branch)))
            if not mine:
                raise Forbidden(f"campaign {campaign_id} is not scoped to {own}; role admin sees every campaign")
        query = request.query_params
        asked_rm, asked_branch = query.get("rm"), query.get("branch")
        if asked_branch is not None and asked_branch != who.branch:
            raise Forbidden(f"branch {asked_branch} is not this key's book ({own}); role risk or admin "
                            "sees every branch")
        if asked_rm is not None and asked_rm != who.rm_id and (
                who.branch is None or self._branch_of(graph, cache, asked_rm) != who.branch):
            raise Forbidden(f"RM {asked_rm}'s book is not this key's ({own}); role risk or admin sees every "
                            "RM's leads")


    @staticmethod
    def _branch_of(graph: GraphStore, cache: BookCache, rm_id: str) -> str | None:
        branch: str | None = cache.get("rm", rm_id, lambda: rm_branch(graph, rm_id))
        return branch


_QUERY_NAMES: dict[int, frozenset[str]] = {}


def _query_aliases(dependant: Any) -> Iterator[str]:
    for param in dependant.query_params:
        yield param.alias
    for sub in dependant.dependencies:
        yield from _query_aliases(sub)


def _refuse_unknown_parameters(request: Request) -> None:
    """A query parameter the route does not take is refused (422), not ignored: `limt=5` or `as-of=`
    silently dropped would give an answer to another question than the one asked."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    names = _QUERY_NAMES.get(id(route))
    if names is None:
        names = _QUERY_NAMES[id(route)] = frozenset(_query_aliases(dependant))
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        takes = ", ".join(sorted(names)) or "no query parameters"
        raise InvalidParameters(f"unknown query parameter {unknown[0][:40]!r}; {_template(request)} takes {takes}")


def _template(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", request.url.path))


def allow(feature: str) -> Any:
    """The dependency a feature's router declares: `APIRouter(..., dependencies=[allow("hubs")])`."""
    return Depends(RoleCheck(feature))


@dataclass(frozen=True)
class Operation:
    """One method of one route of the app, with its role check (None for a public route)."""

    method: str
    path: str
    check: RoleCheck | None
    param_names: frozenset[str]


def operations(app: FastAPI) -> list[Operation]:
    """Every operation of the app, its included routers walked (FastAPI includes them lazily)."""
    found = []
    for route in iter_route_contexts(app.routes):
        path, methods = route.path, route.methods
        if not path or not methods or not isinstance(route.original_route, APIRoute):
            continue
        check = next((d.dependency for d in route.dependencies if isinstance(d.dependency, RoleCheck)), None)
        for method in sorted(methods):
            found.append(Operation(method, path, check, frozenset(route.param_convertors)))
    return found


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def document_roles(app: FastAPI) -> None:
    """Each protected operation says on the OpenAPI page which roles may call it (`x-roles` and a line
    in its description)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for op in operations(app):
            entry = schema.get("paths", {}).get(op.path, {}).get(op.method.lower())
            if entry is None or op.check is None:
                continue
            roles = roles_for(op.check.access, op.method)
            notes = [f"**Roles:** {', '.join(str(r) for r in roles)}."]
            if op.check.access.book and Role.RM in roles:
                notes.append("An `rm` key only within its own book (its RM id; a branch manager its branch).")
            if op.check.access.persons:
                notes.append("Person names are masked and person ids left out for `rm`.")
            entry["description"] = (entry.get("description") or "").rstrip() + "\n\n" + " ".join(notes)
            entry["x-roles"] = [str(r) for r in roles]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
