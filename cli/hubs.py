"""`liantu hubs compute|top|core` and `liantu communities compute|list|show`: the payment graph's structure."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, reports_errors, store
from graph.analytics.communities import Community, compute_communities, get_community, list_communities
from graph.analytics.core import ORDERS, core_enterprises
from graph.analytics.hubs import ALGORITHMS, RULES, Algorithm, Hub, compute_hubs, ranked_hubs
from liantu.errors import InvalidInput

hubs_app = typer.Typer(help="Supply-chain hubs: PageRank, ArticleRank, betweenness and degree on the payment "
                       "graph; core enterprises of an industry or region.", no_args_is_help=True)
communities_app = typer.Typer(help="Communities (industrial clusters) of the payment graph, by Leiden.",
                              no_args_is_help=True)


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _algorithm(name: str) -> Algorithm:
    if name not in ALGORITHMS:
        raise InvalidInput(f"unknown algorithm {name!r}; choose from {', '.join(ALGORITHMS)}")
    return name


@hubs_app.command("compute")
@reports_errors
def hubs_compute(
    algorithm: list[str] = typer.Option(
        ["all"], "--algorithm", "-a",
        help=f"One of {', '.join(ALGORITHMS)} or all; repeat the option for several."),
) -> None:
    """Compute hub scores in memory on the payment projection and write them onto each enterprise."""
    chosen = list(ALGORITHMS) if "all" in algorithm else [_algorithm(a) for a in algorithm]
    with console.status(f"Reading the payment projection and computing {', '.join(chosen)}..."):
        run = compute_hubs(store(), chosen)
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in (run.seconds or {}).items())
    console.print(f"{', '.join(run.algorithms)} over {run.nodes:,} enterprises and {run.edges:,} payment edges "
                  f"({timings or 'nothing to compute'}); {run.written:,} enterprises written.")
    if run.betweenness_sampled:
        console.print("betweenness is a sampled-source estimate (the graph is above the exact-size limit).")


def hubs_table(title: str, found: list[Hub]) -> Table:
    table = Table(title=title)
    for col in ("rank", "USCC", "name", "score", "PageRank", "counterparties", "buyers", "suppliers",
                "received (CNY)", "paid (CNY)"):
        table.add_column(col, justify="left" if col in {"USCC", "name"} else "right")
    for h in found:
        table.add_row(str(h.rank), h.uscc, h.name, f"{h.score:.5g}",
                      f"{h.pagerank:.5f}" if h.pagerank is not None else "-", str(h.counterparties),
                      str(h.buyers), str(h.suppliers), _money(h.paid_in_total), _money(h.paid_out_total))
    return table


@hubs_app.command("top")
@reports_errors
def hubs_top(
    limit: int = typer.Option(10, min=1, max=1000),
    algorithm: str = typer.Option("pagerank", "--algorithm", "-a", help=", ".join(ALGORITHMS)),
) -> None:
    """The top hubs by one algorithm, with the figures behind each score."""
    chosen = _algorithm(algorithm)
    console.print(hubs_table(f"Top hubs by {chosen}", ranked_hubs(store(), chosen, limit)))
    console.print(f"[dim]rule: {RULES[chosen]}[/]")


@hubs_app.command("core")
@reports_errors
def hubs_core(
    industry: str | None = typer.Option(None, help="GB/T 4754 section (C) or code prefix (C36, 36)."),
    region: str | None = typer.Option(None, help="GB/T 2260 region code prefix (41, 4101, 410102)."),
    order: str = typer.Option("pagerank", help=", ".join(ORDERS)),
    limit: int = typer.Option(20, min=1, max=1000),
) -> None:
    """Core enterprises (核心企业) of an industry and/or region, ranked with their figures."""
    if order not in ORDERS:
        raise InvalidInput(f"order must be one of {', '.join(ORDERS)}")
    result = core_enterprises(store(), industry=industry, region=region, order=order, limit=limit)
    table = Table(title=f"Core enterprises (industry {industry or 'any'}, region {region or 'any'}) by {order}; "
                  f"{result.candidates:,} candidates")
    for col in ("rank", "USCC", "name", "industry", "region", "score", "global PR rank", "counterparties",
                "received (CNY)", "share of income", "largest buyer"):
        table.add_column(col, justify="left" if col in {"USCC", "name", "industry", "largest buyer"} else "right")
    for c in result.enterprises:
        buyer = f"{c.top_buyers[0].name} {_money(c.top_buyers[0].total)}" if c.top_buyers else "-"
        table.add_row(str(c.rank), c.uscc, c.name, c.industry_code or "-", c.region_code or "-", f"{c.score:.5g}",
                      str(c.pagerank_rank or "-"), str(c.counterparties), _money(c.paid_in_total),
                      f"{c.share_of_income:.1%}" if c.share_of_income is not None else "-", buyer)
    console.print(table)
    if result.scores_missing:
        console.print(f"[yellow]no {order} scores yet: run `liantu hubs compute` first[/]")
    console.print(f"[dim]rule: {result.rule}[/]")


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
                      f"{m.pagerank:.5f}" if m.pagerank is not None else "-", _money(m.paid_in_total))
    console.print(table)
    if c.flows is not None:
        cohesion = f"{c.flows.cohesion:.1%}" if c.flows.cohesion is not None else "-"
        console.print(f"paid inside {_money(c.flows.internal)} over {c.flows.internal_ties} ties; in from outside "
                      f"{_money(c.flows.inbound)}; out to outside {_money(c.flows.outbound)}; cohesion {cohesion}")
    console.print(f"[dim]rule: {c.rule}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(hubs_app, name="hubs")
    app.add_typer(communities_app, name="communities")
