"""`liantu control penetrate|controller|group USCC` and `liantu relations related|path|derive-contacts`."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.analytics.control import actual_controller, beneficial_owners, group_of
from graph.analytics.ownership import penetrate
from graph.analytics.paths import MAX_HOPS, TIE_KINDS, derive_contact_nodes, shortest_paths
from graph.analytics.related import related_parties
from liantu.errors import InvalidInput
from liantu.ids import InvalidUSCC, validate_uscc

control_app = typer.Typer(help="Equity penetration, actual controllers, beneficial owners and groups.",
                          no_args_is_help=True)
relations_app = typer.Typer(help="Related parties and shortest relationship paths (找关系).", no_args_is_help=True)


def _uscc(value: str) -> str:
    try:
        return validate_uscc(value)
    except InvalidUSCC as exc:
        raise InvalidInput(f"{value}: {exc}") from None


def _short(node_id: str) -> str:
    return node_id if len(node_id) <= 18 else node_id[:8] + "…"


@control_app.command("penetrate")
@reports_errors
def penetrate_cmd(uscc: str, min_stake: float = typer.Option(0.01, min=0.0, max=1.0,
                                                             help="Hide holders below this integrated stake.")) -> None:
    """Integrated (direct + indirect) stakes of every holder, cross-holdings solved exactly."""
    pen = penetrate(store(), _uscc(uscc), min_stake=min_stake)
    table = Table(title=f"股权穿透 {pen.name} ({pen.uscc})")
    for col in ("kind", "id", "name", "direct", "integrated", "best path (product)"):
        table.add_column(col, justify="right" if col in {"direct", "integrated"} else "left")
    for h in pen.holders:
        best = h.paths[0] if h.paths else None
        path = " > ".join(_short(n) for n in best.nodes) + f" ({best.product:.2%})" if best else "-"
        table.add_row(h.kind, _short(h.id), h.name, f"{h.direct:.2%}", f"{h.integrated:.2%}", path)
    console.print(table)
    console.print(f"persons' total {pen.persons_total:.2%}; self-stake through loops {pen.self_stake:.2%}")
    for w in pen.warnings:
        console.print(f"[yellow]warning[/]: {w}")


@control_app.command("controller")
@reports_errors
def controller_cmd(uscc: str) -> None:
    """The actual controller (实际控制人) with its control chain, and the beneficial owners."""
    code = _uscc(uscc)
    r = actual_controller(store(), code)
    who = f"{r.controller.name} ({r.controller.kind} {_short(r.controller.id)})" if r.controller else "none"
    console.print(f"[bold]{r.name}[/] actual controller: {who}; rule {r.rule}; "
                  f"integrated stake {r.integrated_stake:.2%}")
    console.print(r.explanation)
    table = Table(title="control chain")
    for col in ("company", "controlled by", "rule", "bloc share", "holdings"):
        table.add_column(col)
    for link in r.chain:
        table.add_row(link.company.name, link.controlled_by.name, link.rule, f"{link.share:.2%}",
                      ", ".join(f"{h.holder.name} {h.ratio:.1%}" for h in link.holdings))
    console.print(table)
    owners = beneficial_owners(store(), code)
    for o in owners.owners:
        console.print(f"受益所有人 {o.person.name} ({_short(o.person.id)}): {o.rule}, stake {o.stake:.2%}"
                      + (f", {o.role}" if o.role else ""))
    console.print(f"[dim]{r.basis}[/]")


@control_app.command("group")
@reports_errors
def group_cmd(uscc: str) -> None:
    """The group client (集团客户) the enterprise belongs to."""
    g = group_of(store(), _uscc(uscc))
    table = Table(title=f"集团客户 of {g.name}: controller {g.controller.name} ({len(g.members)} enterprises)")
    for col in ("USCC", "name", "rule", "controlled by", "share"):
        table.add_column(col)
    for m in g.members:
        table.add_row(m.uscc, m.name, m.rule, m.controlled_by.name if m.controlled_by else "-", f"{m.share:.2%}")
    console.print(table)
    console.print(f"[dim]{g.note}[/]")


@relations_app.command("related")
@reports_errors
def related_cmd(uscc: str) -> None:
    """Related parties (关联方), each with the rules that make it related."""
    rp = related_parties(store(), _uscc(uscc))
    table = Table(title=f"关联方 of {rp.name} ({len(rp.parties)})")
    for col in ("kind", "id", "name", "rules", "stake", "evidence"):
        table.add_column(col)
    for p in rp.parties:
        table.add_row(p.party.kind, _short(p.party.id), p.party.name, ", ".join(p.rules),
                      f"{p.stake:.2%}" if p.stake is not None else "-", p.evidence[0])
    console.print(table)
    console.print(f"[dim]{rp.note}[/]")


@relations_app.command("path")
@reports_errors
def path_cmd(
    source: str,
    target: str,
    max_hops: int = typer.Option(4, min=1, max=MAX_HOPS),
    tie: list[str] = typer.Option([], help=f"Tie kinds to follow (repeatable): {', '.join(TIE_KINDS)}."),
    limit: int = typer.Option(10, min=1, max=50),
) -> None:
    """Shortest relationship paths between two parties (USCC or person id)."""
    result = shortest_paths(store(), source, target, max_hops=max_hops, ties=tie or None, limit=limit)
    if not result.paths:
        console.print(f"no path of at most {max_hops} hops over {', '.join(result.ties)}")
    for i, p in enumerate(result.paths, start=1):
        steps = [p.nodes[0].name]
        for tie_, node in zip(p.ties, p.nodes[1:], strict=True):
            steps.append(f"-[{tie_.type}]- {node.name}")
        console.print(f"{i}. ({p.hops} hops) " + " ".join(steps))


@relations_app.command("derive-contacts")
@reports_errors
def derive_contacts_cmd() -> None:
    """Derive shared Phone and Address nodes from enterprises' contacts (idempotent)."""
    with console.status("Linking enterprises to normalised phones and addresses..."):
        run = derive_contact_nodes(store())
    console.print(f"{run.enterprises:,} enterprises; {run.phones:,} phones ({run.shared_phones:,} shared), "
                  f"{run.addresses:,} addresses ({run.shared_addresses:,} shared)")


def register(app: typer.Typer) -> None:
    app.add_typer(control_app, name="control")
    app.add_typer(relations_app, name="relations")
