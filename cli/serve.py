"""`liantu serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import typer

from cli.common import console, ensure_local_server, reports_errors, settings


@reports_errors
def serve(
    host: str = typer.Option(None, help="Interface to bind (default LIANTU_API_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default LIANTU_API_PORT, 8000)."),
) -> None:
    """Serve the API. Every endpoint but /health needs an X-API-Key from LIANTU_API_KEYS."""
    # Imported here so other commands do not wait for uvicorn.
    import uvicorn

    s = settings()
    ensure_local_server()
    if not s.api_keys:
        console.print("[yellow]LIANTU_API_KEYS is empty: every endpoint but /health will answer 401.[/]")
    # By name, as a factory: the command line and the API are two front doors side by side, and neither
    # imports the other. The factory reads the same settings from the environment.
    uvicorn.run("api.app:create_app", factory=True, host=host or s.api_host, port=port or s.api_port,
                log_level="info")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
