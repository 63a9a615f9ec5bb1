"""What every command shares: the console, settings, the store, and error reporting."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from graph.connection import local_server
from graph.server import LocalNeo4j
from graph.store import GraphStore, get_store
from liantu.config import Settings, get_settings
from liantu.errors import LiantuError

_ID_HEADER = re.compile(r"\b(USCC|id|customer|RM)\b", re.IGNORECASE)


class LiantuConsole(Console):
    """A console that never cuts identifiers: a truncated USCC is useless to the person reading it.

    Columns headed USCC/id keep their full width; other columns wrap or shrink instead.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        for obj in objects:
            if isinstance(obj, Table):
                for column in obj.columns:
                    if _ID_HEADER.search(str(column.header)):
                        column.no_wrap = True
                        column.min_width = max(column.min_width or 0, 18)
                        column.overflow = "fold"
                    elif column.justify == "right":
                        # Figures are never cut either ("7,145,…" is no amount); text columns give way.
                        widest = max((len(str(cell)) for cell in column.cells), default=0)
                        column.no_wrap = True
                        column.min_width = max(column.min_width or 0, widest)
                    else:
                        # Text (Chinese names) wraps onto more lines rather than ending in "…".
                        column.overflow = "fold"
                        column.min_width = max(column.min_width or 0, 8)
        super().print(*objects, **kwargs)


console = LiantuConsole()
err_console = LiantuConsole(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Print a LiantuError as one clear line and exit 1, instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except LiantuError as exc:
            err_console.print(f"[bold red]error[/]: {exc}")
            raise typer.Exit(1) from None

    return wrapper


def settings() -> Settings:
    return get_settings()


def server() -> LocalNeo4j:
    return local_server(settings())


def ensure_local_server() -> None:
    """Start the local server if the settings point at it and it is not running yet."""
    s = settings()
    if not s.uses_local_server:
        return
    srv = local_server(s)
    if srv.pid() is None:
        with console.status("Starting the local Neo4j (first run fetches it from Maven Central)..."):
            srv.start(timeout_s=s.neo4j_start_timeout_s)
        console.print(f"Neo4j {srv.version} is running at {srv.bolt_uri}")


def store(*, start: bool = False) -> GraphStore:
    if start:
        ensure_local_server()
    st = get_store(settings())
    st.verify()
    return st
