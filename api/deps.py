"""Dependencies and parameter types shared by the routers.

They are coroutines because none of them blocks: FastAPI runs a plain `def` dependency in the thread
pool, one hop per dependency per request.

The parameter types say in the OpenAPI schema what the routes accept (a USCC's alphabet and length, a
real calendar date), so a client generating requests from the schema sends what the route takes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import AfterValidator

from api.errors import InvalidUSCCParameter
from graph.store import GraphStore
from liantu.ids import InvalidUSCC, validate_uscc


async def get_graph(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


Graph = Annotated[GraphStore, Depends(get_graph)]

# GB 32100-2015: 18 characters of 0-9 and A-Z without I, O, S, V, Z; the last one a check character
# (which a schema cannot express: a wrong one is 422 `invalid_uscc`).
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"


# The pattern is documented, not enforced by FastAPI: valid_uscc says what is wrong (the length, an
# alphabet outside the standard's, the check character) as `invalid_uscc`.
_USCC_SCHEMA = {"pattern": USCC_PATTERN, "minLength": 18, "maxLength": 18, "format": "uscc"}


async def valid_uscc(uscc: Annotated[str, Path(description="统一社会信用代码: 18 characters, the last a check "
                                                        "character (GB 32100-2015)",
                                            json_schema_extra=_USCC_SCHEMA)]) -> str:
    try:
        return validate_uscc(uscc)
    except InvalidUSCC as exc:
        raise InvalidUSCCParameter(f"malformed USCC {uscc[:40]!r}: {exc}") from None


USCC = Annotated[str, Depends(valid_uscc)]
CustomerNo = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$",
                                 description="the bank's customer number, e.g. C0000000001")]


def real_date(value: str | None) -> str | None:
    """A YYYY-MM-DD that is a day of the calendar (2024-02-30 and 7556-49-46 are not)."""
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a calendar date (YYYY-MM-DD)") from None
    return value


def date_param(description: str = "YYYY-MM-DD") -> object:
    return Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description=description, json_schema_extra={"format": "date"})


DateParam = Annotated[str | None, date_param(), AfterValidator(real_date)]
AsOf = Annotated[str | None, date_param("Read the facts as they stood on this date (YYYY-MM-DD); default: the "
                                        "latest load's business date, which the answer states"),
                 AfterValidator(real_date)]
