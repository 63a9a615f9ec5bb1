"""`liantu relations path A B` and `liantu relations derive-contacts`: shortest relationship paths (找关系).

derive-contacts builds the shared Phone and Address nodes that paths may cross, so it lives with paths
(graph/analytics/paths.py, cypher/paths/) though both join the `relations` group created by cli/related.py.
"""

from __future__ import annotations

import typer

from cli.common import AS_OF, console, reports_errors, store
from cli.related import relations_app
from graph.analytics.paths import MAX_HOPS, TIE_KINDS, derive_contact_nodes, shortest_paths


@reports_errors
def path_cmd(
    source: str,
    target: str,
    max_hops: int = typer.Option(4, min=1, max=MAX_HOPS),
    tie: list[str] = typer.Option([], help=f"Tie kinds to follow (repeatable): {', '.join(TIE_KINDS)}."),
    limit: int = typer.Option(10, min=1, max=50),
    as_of: str | None = AS_OF,
) -> None:
    """Shortest relationship paths between two parties (USCC or person id)."""
    result = shortest_paths(store(), source, target, max_hops=max_hops, ties=tie or None, limit=limit, as_of=as_of)
    if not result.paths:
        console.print(f"no path of at most {max_hops} hops over {', '.join(result.ties)} on {result.as_of}")
    for i, p in enumerate(result.paths, start=1):
        steps = [p.nodes[0].name]
        for tie_, node in zip(p.ties, p.nodes[1:], strict=True):
            steps.append(f"-[{tie_.type}]- {node.name}")
        console.print(f"{i}. ({p.hops} hops) " + " ".join(steps))


@reports_errors
def derive_contacts_cmd() -> None:
    """Derive shared Phone and Address nodes from enterprises' contacts (idempotent)."""
    with console.status("Linking enterprises to normalised phones and addresses..."):
        run = derive_contact_nodes(store())
    console.print(f"{run.enterprises:,} enterprises; {run.phones:,} phones ({run.shared_phones:,} shared), "
                  f"{run.addresses:,} addresses ({run.shared_addresses:,} shared)")


def register(app: typer.Typer) -> None:
    relations_app.command("path")(path_cmd)
    relations_app.command("derive-contacts")(derive_contacts_cmd)
