"""`liantu serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import typer

from cli.common import console, ensure_local_server, reports_errors, settings


@reports_errors
def serve(
    host: str = typer.Option(None, help="Interface to bind (default LIANTU_API_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default LIANTU_API_PORT, 8000)."),
) -> None:
    """Serve the API. Every endpoint but /health, /ready, /metrics and /docs needs an X-API-Key (from
    `liantu keys create`, or LIANTU_API_KEYS in development); every request is written to the audit log."""
    # Imported here so other commands do not wait for uvicorn.
    import uvicorn

    s = settings()
    ensure_local_server()
    if not s.api_keys and not s.keys_path.exists():
        console.print("[yellow]No API keys (no `liantu keys create` yet, LIANTU_API_KEYS empty): every "
                      "endpoint but /health, /ready, /metrics and /docs will answer 401.[/]")
    console.print(f"Audit log: {s.audit_path}")
    # By name, as a factory: the command line and the API are two front doors side by side, and neither
    # imports the other. The factory reads the same settings from the environment.
    # uvicorn's access log would repeat each request without who made it; the audit log has it all.
    uvicorn.run("api.app:create_app", factory=True, host=host or s.api_host, port=port or s.api_port,
                log_level="info", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
