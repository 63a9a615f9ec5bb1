"""How answers are written: money in yuan to the fen, and for an `rm` no person's name or id.

Every route answers through `AnswerJSON` (the app's default response class), so this holds for routes
added later without their authors doing anything:

- money: the value of a money field (amount, total, balance, fine, capital, ...) is rounded to two
  places, so a total of 18262952.360000003 yuan is written 18262952.36;
- masking (routes the role table marks `persons`, for an `rm`): a person's name keeps its first and last
  characters (张*明, 欧**明, 李*), and person ids (64 hex characters, the SHA-256 of an ID number) and
  what is derived from them are left out;
- the answer's rows (the length of its longest list) are noted for the audit log.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from api.context import current

MONEY_KEYS = frozenset({
    "amount", "amount_at_risk", "amount_back", "amount_out", "amount_in", "best_balance", "balance",
    "inflow_total", "outflow_total", "min_amount", "paid_in_total", "paid_out_total", "total", "total_amount",
    "total_at_risk", "registered_capital", "fine_amount", "party_fine", "fine", "confiscation", "month_totals",
    "amount_total",
})
_MONEY_SUFFIX = re.compile(r"(^|_)(amount|balance|yuan)s?$")
PERSON_ID = re.compile(r"^[0-9a-f]{64}$")
PERSON_NAME_KEYS = frozenset({"legal_representative", "person_name", "controller_name", "representative",
                              "responsible_person", "individual"})
_PERSON_KINDS = frozenset({"P", "person", "Person", "PERSON", "natural_person"})
_KIND_KEYS = ("kind", "party_kind", "type", "label", "holder_kind", "node_kind")
MASKED_ID = "(masked)"


def mask_name(name: str) -> str:
    """张三明 → 张*明, 欧阳小明 → 欧**明, 李四 → 李*; a single character → *."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _money(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _money(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_money(v) for v in value]
    return value


def _is_person(obj: dict[str, Any]) -> bool:
    if any(obj.get(k) in _PERSON_KINDS for k in _KIND_KEYS):
        return True
    # An object whose own id is a person id; a person_id beside other fields (an enterprise's legal
    # representative) does not make the object a person.
    return any(isinstance(v, str) and PERSON_ID.match(v) is not None
               for k, v in obj.items() if k in ("id", "uscc", "party_id"))


@functools.cache
def _is_money_key(key: str) -> bool:
    # Answers reuse a few dozen keys: decided once per key, not once per value.
    return key in MONEY_KEYS or _MONEY_SUFFIX.search(key) is not None


def tidy(value: Any, mask: bool) -> Any:
    """Round money; when `mask`, mask persons' names and replace person ids."""
    return _masked(value) if mask else _rounded(value)


def _rounded(value: Any) -> Any:
    # The answer of every unmasked request passes here: kept to the money rule, and leaves are handled
    # in place (a call per string or int was half the time of a hundred-partner answer).
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if _is_money_key(key):
                out[key] = _money(item)
            elif isinstance(item, (dict, list)):
                out[key] = _rounded(item)
            elif isinstance(item, float) and not math.isfinite(item):
                out[key] = None  # JSON has no NaN; an undefined figure is null
            else:
                out[key] = item
        return out
    if isinstance(value, list):
        return [_rounded(v) if isinstance(v, (dict, list, float)) else v for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        person = _is_person(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if _is_money_key(key):
                out[key] = _money(item)
            elif isinstance(item, str) and (key in PERSON_NAME_KEYS or (person and key == "name")):
                out[key] = mask_name(item)
            elif key in ("person_id", "id_hash", "person_ids"):
                out[key] = None if not isinstance(item, list) else []
            else:
                out[key] = _masked(item)
        return out
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str) and PERSON_ID.match(value):
        return MASKED_ID
    return value


def rows_of(value: Any) -> int:
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return max((len(v) for v in value.values() if isinstance(v, list)), default=1)
    return 1


class AnswerJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        info = current()
        content = tidy(content, mask=info is not None and info.mask)
        if info is not None and self.status_code < 400:
            info.rows = rows_of(content)
        # orjson writes UTF-8 directly and several times faster than json on a hundred-partner answer.
        return orjson.dumps(content)
