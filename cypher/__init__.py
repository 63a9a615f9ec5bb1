"""Every Cypher statement of the product lives in a `.cypher` file here, one purpose per file.

`load("chains/get_upstream")` returns the text of `cypher/chains/get_upstream.cypher`. Files open with
`//` comments naming their parameters. Values always travel as parameters, never in the text.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from liantu.errors import CypherNotFound

_ROOT = resources.files("cypher")


def _walk(node: Traversable, prefix: str) -> list[str]:
    found: list[str] = []
    for child in node.iterdir():
        if child.is_dir() and not child.name.startswith("__"):
            found.extend(_walk(child, f"{prefix}{child.name}/"))
        elif child.name.endswith(".cypher"):
            found.append(prefix + child.name.removesuffix(".cypher"))
    return found


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    """All query names, sorted (e.g. 'schema/V001__core_constraints')."""
    return tuple(sorted(_walk(_ROOT, "")))


@cache
def load(name: str) -> str:
    """The text of one query, by name without the extension."""
    if name not in names():
        raise CypherNotFound(f"no Cypher file named {name!r} under cypher/")
    return _ROOT.joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """Split a multi-statement file (schema migrations only) on ';' at line ends, dropping comments."""
    body = "\n".join(
        line for line in load(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [s.strip().rstrip(";").strip() for s in body.split(";\n") if s.strip().rstrip(";").strip()]
