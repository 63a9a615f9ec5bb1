"""`liantu alerts run|list|ack|close`: tier-drop and change alerts between two business dates."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.analytics.alerts import Alert, list_alerts, run_alerts, set_alert_status

alerts_app = typer.Typer(help="Customer tier drops and change alerts (预警), with their status.", no_args_is_help=True)


def _table(title: str, alerts: list[Alert]) -> Table:
    table = Table(title=title)
    for col in ("id", "rule", "severity", "to", "RM", "customer", "status", "message"):
        table.add_column(col)
    for a in alerts:
        table.add_row(a.alert_id, a.rule, a.severity, a.recipient, a.rm_id or "-", a.customer_no, a.status, a.message)
    return table


@alerts_app.command("run")
@reports_errors
def run_cmd(since: str = typer.Option(..., help="The earlier business date (YYYY-MM-DD), e.g. the previous load's."),
            until: str | None = typer.Option(None, help="The later date (default: the business date of the latest "
                                             "load).")) -> None:
    """Compare the graph on two dates and raise the alerts of every rule (nothing is raised twice)."""
    run = run_alerts(store(), since, until)
    console.print(_table(f"Alerts {run.since} → {run.until}", run.alerts))
    console.print(f"{run.customers:,} enterprise customers compared: {run.raised} new, "
                  f"{len(run.alerts) - run.raised} raised before")
    console.print("  ".join(f"{rule}: {n}" for rule, n in sorted(run.found.items())) or "no change found")


@alerts_app.command("list")
@reports_errors
def list_cmd(rm: str | None = None, status: str | None = typer.Option(None, help="open, acknowledged or closed"),
             recipient: str | None = typer.Option(None, help="rm or risk"),
             limit: int = typer.Option(100, min=1, max=1000)) -> None:
    """Alerts, newest first, filtered by RM, status and recipient."""
    result = list_alerts(store(), rm=rm, status=status, recipient=recipient, limit=limit)  # type: ignore[arg-type]
    console.print(_table(f"{len(result.alerts)} alerts", result.alerts))


def _set(alert_id: str, status: str, by: str) -> None:
    a = set_alert_status(store(), alert_id, status, by)  # type: ignore[arg-type]
    console.print(f"{a.alert_id}: {a.status} (acknowledged by {a.acknowledged_by or '-'} at "
                  f"{a.acknowledged_at or '-'}; closed by {a.closed_by or '-'} at {a.closed_at or '-'})")


@alerts_app.command("ack")
@reports_errors
def ack_cmd(alert_id: str, by: str = typer.Option(..., help="Who acknowledges, e.g. the RM id.")) -> None:
    """Acknowledge an alert."""
    _set(alert_id, "acknowledged", by)


@alerts_app.command("close")
@reports_errors
def close_cmd(alert_id: str, by: str = typer.Option(..., help="Who closes it.")) -> None:
    """Close an alert."""
    _set(alert_id, "closed", by)


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
