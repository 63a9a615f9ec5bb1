"""`liantu communities compute|list|show`: industrial clusters of the payment graph, by Leiden."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, money, reports_errors, store
from graph.analytics.communities import Community, compute_communities, get_community, list_communities

communities_app = typer.Typer(help="Communities (industrial clusters) of the payment graph, by Leiden.",
                              no_args_is_help=True)


@communities_app.command("compute")
@reports_errors
def communities_compute(
    resolution: float = typer.Option(1.0, min=0.01, help="Leiden resolution: higher gives smaller communities."),
    seed: int = typer.Option(20240601, help="Random seed of the Leiden run."),
) -> None:
    """Leiden communities and connected components of the payment graph, written onto enterprises."""
    with console.status("Reading the payment projection and running Leiden..."):
        run = compute_communities(store(), resolution=resolution, seed=seed)
    console.print(f"{run.communities:,} communities (largest {run.largest:,}, modularity {run.modularity:.4f}) and "
                  f"{run.components:,} connected components over {run.nodes:,} enterprises and {run.edges:,} "
                  f"payment edges in {run.seconds:.2f}s.")


def communities_table(found: list[Community]) -> Table:
    table = Table(title="Communities of the payment graph (1 = largest)")
    for col in ("id", "size", "sections", "cities", "top members by PageRank"):
        table.add_column(col, justify="right" if col in {"id", "size"} else "left")
    for c in found:
        table.add_row(str(c.id), str(c.size), " ".join(f"{s.key}:{s.count}" for s in c.sections),
                      " ".join(f"{r.key}:{r.count}" for r in c.regions), "; ".join(m.name for m in c.members))
    return table


@communities_app.command("list")
@reports_errors
def communities_list(limit: int = typer.Option(20, min=1, max=1000),
                     members: int = typer.Option(3, min=1, max=100)) -> None:
    """The largest communities with their top members."""
    console.print(communities_table(list_communities(store(), limit, members)))


@communities_app.command("show")
@reports_errors
def communities_show(community_id: int, members: int = typer.Option(20, min=1, max=1000)) -> None:
    """One community: its members by hub score and how much of its payments stay inside."""
    c = get_community(store(), community_id, members)
    console.print(communities_table([c]))
    table = Table(title=f"Members of community {c.id} by PageRank")
    for col in ("USCC", "name", "industry", "region", "PageRank", "received (CNY)"):
        table.add_column(col)
    for m in c.members:
        table.add_row(m.uscc, m.name, m.industry_code or "-", m.region_code or "-",
                      f"{m.pagerank:.5f}" if m.pagerank is not None else "-", money(m.paid_in_total))
    console.print(table)
    if c.flows is not None:
        cohesion = f"{c.flows.cohesion:.1%}" if c.flows.cohesion is not None else "-"
        console.print(f"paid inside {money(c.flows.internal)} over {c.flows.internal_ties} ties; in from outside "
                      f"{money(c.flows.inbound)}; out to outside {money(c.flows.outbound)}; cohesion {cohesion}")
    console.print(f"[dim]rule: {c.rule}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(communities_app, name="communities")
