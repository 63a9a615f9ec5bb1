"""`liantu control penetrate|controller|group USCC`: equity penetration, actual controller, group client."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import AS_OF, checked_uscc, console, reports_errors, short_id, store
from graph.analytics.control import actual_controller, beneficial_owners, group_of
from graph.analytics.ownership import penetrate

control_app = typer.Typer(help="Equity penetration, actual controllers, beneficial owners and groups.",
                          no_args_is_help=True)


@control_app.command("penetrate")
@reports_errors
def penetrate_cmd(uscc: str, min_stake: float = typer.Option(0.01, min=0.0, max=1.0,
                                                             help="Hide holders below this integrated stake."),
                  as_of: str | None = AS_OF) -> None:
    """Integrated (direct + indirect) stakes of every holder, cross-holdings solved exactly."""
    pen = penetrate(store(), checked_uscc(uscc), min_stake=min_stake, as_of=as_of)
    table = Table(title=f"股权穿透 {pen.name} ({pen.uscc}) as of {pen.as_of}")
    for col in ("kind", "id", "name", "direct", "integrated", "best path (product)"):
        table.add_column(col, justify="right" if col in {"direct", "integrated"} else "left")
    for h in pen.holders:
        best = h.paths[0] if h.paths else None
        path = " > ".join(short_id(n) for n in best.nodes) + f" ({best.product:.2%})" if best else "-"
        table.add_row(h.kind, short_id(h.id), h.name, f"{h.direct:.2%}", f"{h.integrated:.2%}", path)
    console.print(table)
    console.print(f"persons' total {pen.persons_total:.2%}; self-stake through loops {pen.self_stake:.2%}")
    for w in pen.warnings:
        console.print(f"[yellow]warning[/]: {w}")


@control_app.command("controller")
@reports_errors
def controller_cmd(uscc: str, as_of: str | None = AS_OF) -> None:
    """The actual controller (实际控制人) with its control chain, and the beneficial owners."""
    code = checked_uscc(uscc)
    r = actual_controller(store(), code, as_of)
    who = f"{r.controller.name} ({r.controller.kind} {short_id(r.controller.id)})" if r.controller else "none"
    console.print(f"[bold]{r.name}[/] actual controller on {r.as_of}: {who}; rule {r.rule}; "
                  f"integrated stake {r.integrated_stake:.2%}")
    console.print(r.explanation)
    table = Table(title="control chain")
    for col in ("company", "controlled by", "rule", "bloc share", "holdings"):
        table.add_column(col)
    for link in r.chain:
        table.add_row(link.company.name, link.controlled_by.name, link.rule, f"{link.share:.2%}",
                      ", ".join(f"{h.holder.name} {h.ratio:.1%}" for h in link.holdings))
    console.print(table)
    owners = beneficial_owners(store(), code, r.as_of)
    for o in owners.owners:
        console.print(f"受益所有人 {o.person.name} ({short_id(o.person.id)}): {o.rule}, stake {o.stake:.2%}"
                      + (f", {o.role}" if o.role else ""))
    console.print(f"[dim]{r.basis}[/]")


@control_app.command("group")
@reports_errors
def group_cmd(uscc: str, as_of: str | None = AS_OF) -> None:
    """The group client (集团客户) the enterprise belongs to."""
    g = group_of(store(), checked_uscc(uscc), as_of)
    table = Table(title=f"集团客户 of {g.name} on {g.as_of}: controller {g.controller.name} "
                        f"({len(g.members)} enterprises)")
    for col in ("USCC", "name", "rule", "controlled by", "share"):
        table.add_column(col)
    for m in g.members:
        table.add_row(m.uscc, m.name, m.rule, m.controlled_by.name if m.controlled_by else "-", f"{m.share:.2%}")
    console.print(table)
    console.print(f"[dim]{g.note}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(control_app, name="control")
