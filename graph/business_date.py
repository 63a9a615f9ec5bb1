"""The business date: the day the loaded data describe, one default `as_of` for every analytic.

A bank's extract of 2024-12-31 loaded on 2025-01-03 describes 2024-12-31; asking "who controls X" on
the load's wall-clock day would mix the two. So when a load ends (`record_load`, called by the loader
and the bulk path) the latest date its facts reach is stored on a (:DataLoad {business_date}) node,
and `resolve_as_of(store, None)` returns the latest one. An explicit `as_of` is checked and used as is.

The date is the latest of: payments, balance months (a month counts as its last day), customer
`since`, registrations, the start or end of shareholdings, officers and legal representatives, and
guarantee start dates (not their end dates, which lie ahead of the data). A graph with no load
recorded (loaded before this existed, or built by hand) gets the same figure computed on the spot;
only an empty graph falls back to today.
"""

from __future__ import annotations

import calendar
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import date

from graph.store import GraphStore
from liantu.errors import InvalidInput


@dataclass(frozen=True)
class DataLoad:
    business_date: str
    ended_at: str | None
    source: str | None


def parse_day(value: str, name: str = "as_of") -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def data_date(store: GraphStore) -> date | None:
    """The latest date the graph's dated facts reach, or None for a graph without any."""
    row = store.read("business_date/read_data_dates")[0]
    days = [date.fromisoformat(str(row[k])[:10]) for k in
            ("payment", "customer", "established", "tie_end", "tie_start", "guarantee") if row[k]]
    if row["month"]:
        year, month = (int(x) for x in str(row["month"]).split("-")[:2])
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return max(days, default=None)


# The business date moves only when a load ends, yet every analytic asks for it: an API request would
# pay a round trip (and on a graph with no load recorded, a scan of every dated fact) for the same
# answer each time. A server (api/app.py) turns on `remember_business_date` for its store: the date is
# then kept CACHE_S seconds; a load in this process forgets it at once, a load by another process
# (`liantu ingest` beside `liantu serve`) is seen within CACHE_S. Batch jobs and tests, which change the
# graph between questions, do not turn it on.
CACHE_S = 30.0
_cached: weakref.WeakKeyDictionary[GraphStore, tuple[float, str] | None] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def remember_business_date(store: GraphStore, on: bool = True) -> None:
    """Keep this store's business date for CACHE_S seconds (on) or ask the graph every time (off)."""
    with _cache_lock:
        if on:
            _cached[store] = None
        else:
            _cached.pop(store, None)


def forget_business_date(store: GraphStore) -> None:
    with _cache_lock:
        if store in _cached:
            _cached[store] = None


def record_load(store: GraphStore, source: str | None = None) -> str | None:
    """Store the business date of the data now in the graph; returns it (None for an empty graph)."""
    forget_business_date(store)
    day = data_date(store)
    if day is None:
        return None
    store.write("business_date/merge_data_load", {"business_date": day.isoformat(), "source": source})
    return day.isoformat()


def data_loads(store: GraphStore, limit: int = 20) -> list[DataLoad]:
    return [DataLoad(r["business_date"], r["ended_at"], r["source"])
            for r in store.read("business_date/list_data_loads", {"limit": limit})]


def business_date(store: GraphStore) -> str:
    """The latest load's business date; computed from the data when no load was recorded; else today.
    Remembered for CACHE_S seconds (see above)."""
    now = time.monotonic()
    with _cache_lock:
        caching = store in _cached
        hit = _cached.get(store)
    if hit is not None and hit[0] > now:
        return hit[1]
    loads = data_loads(store, 1)
    found = loads[0].business_date if loads else (data_date(store) or date.today()).isoformat()
    if caching:
        with _cache_lock:
            if store in _cached:
                _cached[store] = (now + CACHE_S, found)
    return found


def resolve_as_of(store: GraphStore, as_of: str | date | None) -> str:
    """The ISO date an analytic should read the graph at: `as_of` checked, or the business date."""
    if as_of is None:
        return business_date(store)
    if isinstance(as_of, date):
        return as_of.isoformat()
    return parse_day(as_of).isoformat()
