"""`liantu neo4j start|stop|status`: the local Community server."""

from __future__ import annotations

import typer

from cli.common import console, reports_errors, server, settings
from liantu.errors import ConfigurationError

neo4j_app = typer.Typer(help="Manage the local Neo4j Community server (fetched from Maven Central).",
                        no_args_is_help=True)


def _refuse_external() -> None:
    s = settings()
    if not s.uses_local_server:
        raise ConfigurationError(
            f"LIANTU_NEO4J_URI is set ({s.neo4j_uri}); Liantu uses that server and manages no local one"
        )


@neo4j_app.command("start")
@reports_errors
def start() -> None:
    """Fetch (first time), configure and start the local server; wait until it answers."""
    _refuse_external()
    srv = server()
    with console.status("Starting Neo4j (the first run fetches it from Maven Central with Maven)..."):
        status = srv.start(timeout_s=settings().neo4j_start_timeout_s)
    console.print(f"Neo4j {status.version} running (pid {status.pid}) at {status.bolt_uri}; "
                  f"data in {srv.data_dir}")


@neo4j_app.command("fetch")
@reports_errors
def fetch() -> None:
    """Fetch the server's libraries from Maven Central into the cache (start does this on first use)."""
    srv = server()
    with console.status(f"Resolving Neo4j {srv.version} with Maven..."):
        lib = srv.ensure_distribution()
    console.print(f"Neo4j {srv.version} libraries ready in {lib}")


@neo4j_app.command("stop")
@reports_errors
def stop() -> None:
    """Stop the local server cleanly."""
    _refuse_external()
    if server().stop():
        console.print("Neo4j stopped.")
    else:
        console.print("Neo4j was not running.")


@neo4j_app.command("status")
@reports_errors
def status() -> None:
    """Say whether the local server runs, where, and whether its distribution is cached."""
    s = settings()
    if not s.uses_local_server:
        console.print(f"Using the external server at {s.neo4j_uri} (database {s.neo4j_database}).")
        return
    st = server().status()
    state = f"running (pid {st.pid})" if st.running else "stopped"
    console.print(f"Neo4j {st.version}: {state}; bolt {st.bolt_uri}; home {st.home}; "
                  f"distribution {'cached' if st.distribution_ready else 'not fetched yet'}")
    if not st.running:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
