"""The `liantu` command. Each area registers its commands from its own module."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="liantu",
    help="Liantu (链图): enterprise-relationship knowledge graph for Chinese banks.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

# Each module exposes register(app); order is the order of `liantu --help`.
COMMAND_MODULES = (
    "liantu.cli.neo4j_cmd",
    "liantu.cli.db_cmd",
    "liantu.cli.ingest_cmd",
    "liantu.cli.synth_cmd",
    "liantu.cli.nlp_cmd",
    "liantu.cli.documents_cmd",
    "liantu.cli.analytics_cmd",
    "liantu.cli.control_cmd",
    "liantu.cli.risk_structures_cmd",
    "liantu.cli.structure_cmd",
    "liantu.cli.risk_cmd",
    "liantu.cli.serve_cmd",
    "liantu.cli.demo_cmd",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


if __name__ == "__main__":
    app()
