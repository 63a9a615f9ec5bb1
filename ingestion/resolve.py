"""Entity resolution for enterprise references given by name instead of USCC.

Rules, tried in order, and recorded on the loaded fact as `match_rule`:
  uscc             the row carries a valid USCC
  exact_name       the name equals a registered name character for character
  normalised_name  equal after folding full-/half-width forms, brackets, spaces and case
  former_name      equal (normalised) to a former name (曾用名)
A name that fits more than one enterprise under the first rule that matches is ambiguous and the row is
rejected rather than guessed.
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
            self._former[normalise_name(former)].add(uscc)

    def resolve(self, name: str) -> tuple[str, str]:
        """Return (uscc, rule) or raise Unresolved saying why."""
        norm = normalise_name(name)
        for rule, table, key in (("exact_name", self._exact, name), ("normalised_name", self._norm, norm),
                                 ("former_name", self._former, norm)):
            found = table.get(key)
            if found:
                if len(found) > 1:
                    raise Unresolved(f"ambiguous name: {rule} matches {len(found)} enterprises "
                                     f"({', '.join(sorted(found)[:3])})")
                return next(iter(found)), rule
        raise Unresolved("no enterprise with this name, normalised name or former name")

    def __len__(self) -> int:
        return len(self._exact)
