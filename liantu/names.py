"""Deterministic name matching of enterprises: the rules shared by ingestion and document linking.

Rules, tried in order, and recorded on the loaded fact as `match_rule`:
  uscc             the row carries a valid USCC
  exact_name       the name equals a registered name character for character
  normalised_name  equal after folding full-/half-width forms, brackets, spaces and case
  former_name      equal (normalised) to a former name (曾用名)
A name that fits more than one enterprise under the first rule that matches is ambiguous: ingestion
rejects such a row rather than guess; the document linker (nlp/linking.py) adds fuzzy matching after
these rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from liantu.ids import normalise_name


class Unresolved(ValueError):
    pass


class NameResolver:
    def __init__(self) -> None:
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._norm: dict[str, set[str]] = defaultdict(set)
        self._former: dict[str, set[str]] = defaultdict(set)

    def add(self, uscc: str, name: str, former_names: Iterable[str] | None = None) -> None:
        self._exact[name].add(uscc)
        self._norm[normalise_name(name)].add(uscc)
        for former in former_names or ():
            if former.strip():
                self._former[normalise_name(former)].add(uscc)

    def match(self, name: str) -> tuple[str, set[str]] | None:
        """(rule, usccs) of the first rule that finds anything, or None."""
        norm = normalise_name(name)
        for rule, table, key in (("exact_name", self._exact, name), ("normalised_name", self._norm, norm),
                                 ("former_name", self._former, norm)):
            found = table.get(key)
            if found:
                return rule, set(found)
        return None

    def resolve(self, name: str) -> tuple[str, str]:
        """Return (uscc, rule) for exactly one enterprise, or raise Unresolved saying why."""
        found = self.match(name)
        if found is None:
            raise Unresolved("no enterprise with this name, normalised name or former name")
        rule, usccs = found
        if len(usccs) > 1:
            raise Unresolved(f"ambiguous name: {rule} matches {len(usccs)} enterprises "
                             f"({', '.join(sorted(usccs)[:3])})")
        return next(iter(usccs)), rule

    def __len__(self) -> int:
        return len(self._exact)
