"""Field parsers: each turns one raw cell into a clean value or raises FieldError saying why."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from liantu.ids import InvalidUSCC, validate_uscc

Parser = Callable[[str], Any]


class FieldError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_PERSON_ID = re.compile(r"^[0-9a-f]{64}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def uscc(value: str) -> str:
    try:
        return validate_uscc(value)
    except InvalidUSCC as exc:
        raise FieldError(str(exc)) from None


def person_id(value: str) -> str:
    v = value.strip().lower()
    if not _PERSON_ID.match(v):
        raise FieldError("person_id must be 64 hex characters (SHA-256 of the ID number), never a raw ID")
    return v


def text(value: str) -> str:
    return value.strip()


def iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise FieldError("not a date in YYYY-MM-DD form") from None


def month(value: str) -> str:
    if not _MONTH.match(value.strip()):
        raise FieldError("not a month in YYYY-MM form")
    return value.strip()


def _decimal(value: str) -> Decimal:
    try:
        d = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        raise FieldError("not a number") from None
    if not d.is_finite():
        raise FieldError("not a finite number")
    return d


def amount(value: str) -> float:
    d = _decimal(value)
    if d < 0:
        raise FieldError("amount must not be negative")
    return float(d)


def positive_amount(value: str) -> float:
    d = _decimal(value)
    if d <= 0:
        raise FieldError("amount must be positive")
    return float(d)


def ratio(value: str) -> float:
    d = _decimal(value)
    if d < 0 or d > 1:
        raise FieldError("ratio must be a fraction between 0 and 1")
    return float(d)


def integer(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise FieldError("not an integer") from None


def one_of(*allowed: str) -> Parser:
    def parse(value: str) -> str:
        v = value.strip()
        if v not in allowed:
            raise FieldError(f"must be one of {', '.join(allowed)}")
        return v

    return parse


def pipe_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
