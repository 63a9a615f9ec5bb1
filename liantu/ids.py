"""Identifiers the whole product agrees on: USCC, hashed person ids, normalised names.

The USCC rule is GB 32100-2015: 18 characters from a 31-letter alphabet (no I, O, S, V, Z);
the 18th is a check character over the first 17.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}


class InvalidUSCC(ValueError):
    """A string that is not a well-formed USCC; the message says which rule it broke."""


def uscc_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a USCC."""
    if len(first17) != 17:
        raise InvalidUSCC(f"need 17 characters to compute a check digit, got {len(first17)}")
    total = 0
    for pos, (ch, weight) in enumerate(zip(first17, USCC_WEIGHTS, strict=True), start=1):
        value = _USCC_VALUE.get(ch)
        if value is None:
            raise InvalidUSCC(f"character {ch!r} at position {pos} is not in the USCC alphabet")
        total += value * weight
    return USCC_ALPHABET[(31 - total % 31) % 31]


@lru_cache(maxsize=1 << 20)
def validate_uscc(value: str) -> str:
    """Return the canonical (upper-case, trimmed) USCC or raise InvalidUSCC saying why.

    Cached: a payments file names the same few thousand enterprises millions of times.
    """
    code = unicodedata.normalize("NFKC", value).strip().upper()
    if len(code) != 18:
        raise InvalidUSCC(f"USCC must have 18 characters, got {len(code)}")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise InvalidUSCC(f"USCC check character is {code[17]!r}, expected {expected!r}")
    return code


def is_valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
    except InvalidUSCC:
        return False
    return True


def make_uscc(registry_dept: str, org_type: str, region6: str, org_code9: str) -> str:
    """Build a USCC from its parts (1 + 1 + 6 + 9 characters) and append the check character."""
    body = f"{registry_dept}{org_type}{region6}{org_code9}".upper()
    return body + uscc_check_char(body)


def hash_id_number(id_number: str, salt: str = "") -> str:
    """Hash a resident ID number so the raw number is never stored.

    The salt is the bank's secret; the same salt must be used by every export that feeds one graph.
    """
    canonical = unicodedata.normalize("NFKC", id_number).strip().upper()
    return hashlib.sha256((salt + canonical).encode("utf-8")).hexdigest()


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "〔": "[", "〕": "]"})
_SPACE_RE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Canonical form of an organisation name for matching.

    Full-width forms fold to half-width (NFKC), brackets unify, whitespace goes, Latin letters
    upper-case. Two names that differ only in those ways are the same registered name.
    """
    folded = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    return _SPACE_RE.sub("", folded).upper()
