"""`liantu audit tail|search`: read the API's audit log (one JSON line per request)."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from cli.common import console, reports_errors, settings
from liantu.audit import read_lines, tail

audit_app = typer.Typer(help="The API's audit log: who called which route with what, and what came back.",
                        no_args_is_help=True)


def _table(entries: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    for column in ("time", "key id", "role", "method", "route", "params", "status", "rows", "ms", "persons",
                   "request id"):
        table.add_column(column)
    for e in entries:
        params = json.dumps(e.get("params") or {}, ensure_ascii=False, separators=(",", ":"))
        table.add_row(str(e.get("time", "")), str(e.get("key_id") or ""), str(e.get("role") or ""),
                      str(e.get("method", "")), str(e.get("route", "")), params, str(e.get("status", "")),
                      str(e.get("rows") if e.get("rows") is not None else ""), str(e.get("latency_ms", "")),
                      "yes" if e.get("person_data") else "", str(e.get("request_id", "")))
    return table


def _print(entries: list[dict[str, Any]], as_json: bool, title: str) -> None:
    if as_json:
        for e in entries:
            print(json.dumps(e, ensure_ascii=False))
    else:
        console.print(_table(entries, title))


@audit_app.command("tail")
@reports_errors
def audit_tail(
    lines: int = typer.Option(20, "-n", "--lines", min=1, help="How many of the latest requests."),
    as_json: bool = typer.Option(False, "--json", help="The JSON lines as they are stored."),
) -> None:
    """The latest requests."""
    path = settings().audit_path
    _print(tail(path, lines), as_json, f"Last {lines} requests in {path}")


@audit_app.command("search")
@reports_errors
def audit_search(
    key_id: str = typer.Option(None, "--key", help="Only this key id."),
    role: str = typer.Option(None, "--role", help="Only this role."),
    route: str = typer.Option(None, "--route", help="Routes containing this text, e.g. /enterprises/{uscc}."),
    param: str = typer.Option(None, "--param", help="A parameter value, e.g. a USCC someone looked up."),
    status: int = typer.Option(None, "--status", help="Only this HTTP status."),
    since: str = typer.Option(None, "--since", help="From this time on (ISO, e.g. 2026-12-01 or 2026-12-01T08)."),
    until: str = typer.Option(None, "--until", help="Before this time (ISO)."),
    persons: bool = typer.Option(False, "--persons", help="Only requests that returned person data."),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many, the latest."),
    as_json: bool = typer.Option(False, "--json", help="The JSON lines as they are stored."),
) -> None:
    """Requests matching every filter given, oldest first."""
    found: list[dict[str, Any]] = []
    for e in read_lines(settings().audit_path):
        when = str(e.get("time", ""))
        if ((key_id and e.get("key_id") != key_id) or (role and e.get("role") != role)
                or (route and route not in str(e.get("route", ""))) or (status and e.get("status") != status)
                or (since and when < since) or (until and when >= until) or (persons and not e.get("person_data"))
                or (param and param not in (e.get("params") or {}).values())):
            continue
        found.append(e)
    _print(found[-limit:], as_json, f"{len(found[-limit:])} of {len(found)} matching requests")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
