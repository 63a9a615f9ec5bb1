"""Who the calling key is: its role, its book, and what the role table lets it use.

The console reads this once after sign-in and hides the pages the role may not use; the API still
refuses them (403) when one is reached directly, so hiding is a courtesy, never the control.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.access import ROLE_TABLE, allow
from api.security import CurrentCaller
from liantu.config import Role

router = APIRouter(tags=["me"], dependencies=[allow("me")])


class FeatureUse(BaseModel):
    feature: str = Field(description="the router's name, as in api/access.py ROLE_TABLE")
    read: bool
    write: bool
    book_only: bool = Field(description="an rm key: only within its own book")
    persons_masked: bool = Field(description="person names masked and person ids left out for this key")


class Me(BaseModel):
    key_id: str = Field(description="the key's id (not the key): how the audit log names it")
    name: str | None
    role: Role
    rm_id: str | None
    branch: str | None
    features: list[FeatureUse]


@router.get("/me", response_model=Me)
async def me(caller: CurrentCaller) -> Me:
    """This key's identity and, feature by feature, what its role may read and write."""
    uses = []
    for feature, access in ROLE_TABLE.items():
        read, write = caller.role in access.read, caller.role in access.write
        if read or write:
            rm = caller.role == Role.RM
            uses.append(FeatureUse(feature=feature, read=read, write=write, book_only=access.book and rm,
                                   persons_masked=access.persons and rm))
    return Me(key_id=caller.key_id, name=caller.name, role=caller.role, rm_id=caller.rm_id, branch=caller.branch,
              features=uses)
