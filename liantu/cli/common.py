"""What every command shares: the console, settings, the store, and error reporting."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from graph.connection import local_server
from graph.server import LocalNeo4j
from graph.store import GraphStore, get_store
from liantu.config import Settings, get_settings
from liantu.errors import LiantuError

console = Console()
err_console = Console(stderr=True)

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
