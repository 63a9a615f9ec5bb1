"""What every command shares: the console, settings, the store, and error reporting."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.measure import Measurement
from rich.table import Column, Table

from graph.connection import local_server
from graph.server import LocalNeo4j
from graph.store import GraphStore, get_store
from liantu.config import Settings, get_settings
from liantu.errors import InvalidInput, LiantuError
from liantu.ids import InvalidUSCC, validate_uscc

_ID_HEADER = re.compile(r"\b(USCC|id|customer|RM)\b", re.IGNORECASE)
# In a terminal a text column (a Chinese name, a path) may wrap, but not below this many cells: ten
# Chinese characters keep most trade names on one or two lines.
_TEXT_MIN_CELLS = 20
# Wide enough for any table we print: the measure of a table's natural width, not a real width.
_UNBOUNDED = 100_000


def _widest(column: Column) -> int:
    """The widest cell of the column, its header included (a header does not wrap in a no-wrap column)."""
    return max((cell_len(str(cell)) for cell in [column.header, *column.cells]), default=0)


def _protect_columns(table: Table) -> None:
    """Identifiers and figures are never cut or wrapped; text wraps onto more lines instead of ending in "…"."""
    for column in table.columns:
        if _ID_HEADER.search(str(column.header)):
            # A truncated USCC is useless to the person reading it.
            column.no_wrap = True
            column.min_width = max(column.min_width or 0, _widest(column))
        elif column.justify == "right":
            # "7,145,…" is no amount.
            column.no_wrap = True
            column.min_width = max(column.min_width or 0, _widest(column))
        else:
            column.overflow = "fold"
            column.min_width = max(column.min_width or 0, min(_widest(column), _TEXT_MIN_CELLS))


def _least_width(table: Table) -> int:
    """The narrowest the table can be with every column at its protected minimum (borders and padding too)."""
    _, pad_right, _, pad_left = table.padding
    return sum((c.min_width or 1) + pad_left + pad_right for c in table.columns) + table._extra_width


class LiantuConsole(Console):
    """A console whose tables stay readable in a terminal, a file and a pipe.

    In a terminal a table fits the window: identifiers and figures keep their full width and text wraps;
    when even that cannot fit, the table is printed wider than the window rather than dropping columns
    (Rich's last resort). A file or a pipe has no window (Rich would assume 80 columns, wrapping Chinese
    names every few characters and dropping columns), so there every table gets its natural width, one
    line per row, and plain lines are not wrapped: the output can be read, grepped and compared.
    """

    # The width of the print under way when it is not the window's: Console.print caps a `width=`
    # argument at the console's own width, so a wider table needs the console itself to be wider.
    _print_width: int | None = None

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        return size if self._print_width is None else ConsoleDimensions(self._print_width, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self.width, self.height = new_size

    def print(self, *objects: Any, **kwargs: Any) -> None:
        tables = [obj for obj in objects if isinstance(obj, Table)]
        for table in tables:
            _protect_columns(table)
        width: int | None = None
        if self.is_terminal:
            least = max((_least_width(t) for t in tables), default=0)
            width = least if least > self.width else None
        elif tables:
            options = self.options.update_width(_UNBOUNDED)
            width = max(self.width, *(Measurement.get(self, options, t).maximum for t in tables))
        else:
            kwargs.setdefault("soft_wrap", True)
        self._print_width = width
        try:
            super().print(*objects, **kwargs)
        finally:
            self._print_width = None


console = LiantuConsole()
err_console = LiantuConsole(stderr=True)

# One --as-of option for every command that reads ownership, officers, guarantees or payments.
AS_OF: Any = typer.Option(None, "--as-of", help="Read the graph as it stood on this date, YYYY-MM-DD "
                          "(default: the business date of the latest load).")

P = ParamSpec("P")
R = TypeVar("R")


# What to do about the server's own failures, by (a part of) their Neo4j status code.
_ADVICE = (
    ("MemoryPoolOutOfMemoryError", "one transaction needed more memory than the server allows: give Neo4j "
     "more (LIANTU_NEO4J_HEAP, restart with `liantu neo4j stop` and `start`) or use smaller batches "
     "(LIANTU_BATCH_SIZE, or --batch where the command has it)"),
    ("OutOfMemoryError", "the server ran out of memory: give Neo4j more (LIANTU_NEO4J_HEAP) and restart it"),
    ("Security.", "check LIANTU_NEO4J_USER and LIANTU_NEO4J_PASSWORD (or the local server's auth.json)"),
    ("DatabaseNotFound", "check LIANTU_NEO4J_DATABASE"),
    ("TransientError", "the server was busy or restarting; run the command again"),
    ("ClientError.Schema", "the schema is not what this version expects; run `liantu db init`"),
)


def _driver_failure(exc: BaseException) -> str | None:
    """One line for a Neo4j driver error (raised, or the cause of one of ours), with what to do."""
    cause = exc if isinstance(exc, (Neo4jError, DriverError)) else exc.__cause__
    if isinstance(cause, Neo4jError):
        code = cause.code or type(cause).__name__
        advice = next((text for key, text in _ADVICE if key in code), "see the Neo4j log (`liantu neo4j status`)")
        first = (cause.message or "").strip().splitlines()[0] if cause.message else ""
        return f"Neo4j refused the work ({code}{': ' + first[:160] if first else ''}); {advice}"
    if isinstance(cause, DriverError):
        return (f"Neo4j could not be reached ({type(cause).__name__}); start it with `liantu neo4j start` "
                "or check LIANTU_NEO4J_URI")
    return None


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Print a LiantuError, or a failure of the Neo4j driver, as one clear line and exit 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except LiantuError as exc:
            detail = _driver_failure(exc)
            # A memory failure reaches us as "busy; try again", which would only fail again: say why.
            if detail is not None and "OutOfMemory" in detail:
                err_console.print(f"[bold red]error[/]: {detail}")
            else:
                err_console.print(f"[bold red]error[/]: {exc}")
            raise typer.Exit(1) from None
        except (Neo4jError, DriverError) as exc:
            err_console.print(f"[bold red]error[/]: {_driver_failure(exc)}")
            raise typer.Exit(1) from None
        except MemoryError as exc:
            # numpy names the array it could not allocate: enough to report, a traceback adds nothing.
            err_console.print(f"[bold red]error[/]: this process ran out of memory ({exc or 'no detail'}); "
                              "run it on a smaller scope (fewer enterprises, a shorter window) or with more memory")
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


def checked_uscc(value: str) -> str:
    """The USCC normalised, or an InvalidInput naming the value and what is wrong with it."""
    try:
        return validate_uscc(value)
    except InvalidUSCC as exc:
        raise InvalidInput(f"{value}: {exc}") from None


def money(value: float) -> str:
    return f"{value:,.0f}"


def uscc_tails(members: list[str]) -> str:
    """A path of enterprises as the last six characters of each USCC: short enough for one table cell."""
    return " > ".join(m[-6:] for m in members)


def short_id(node_id: str) -> str:
    """A USCC as is; a longer id (a hashed person id) cut to its first eight characters."""
    return node_id if len(node_id) <= 18 else node_id[:8] + "…"
