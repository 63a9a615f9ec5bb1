"""The `liantu` command. Each area registers its commands from its own module."""

from __future__ import annotations

import importlib
import warnings

import typer

# PyTorch Geometric calls torch.jit.script at import; torch 2.9+ warns that it is deprecated. The
# warning is about the library, not the user's command, so it is kept out of every command's output.
warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.* is deprecated", category=FutureWarning)

app = typer.Typer(
    name="liantu",
    help="Liantu (链图): enterprise-relationship knowledge graph for Chinese banks.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

# Each module exposes register(app); order is the order of `liantu --help`.
COMMAND_MODULES = (
    "cli.server",
    "cli.db",
    "cli.ingest",
    "cli.nightly",
    "cli.synth",
    "cli.extract",
    "cli.documents",
    "cli.chains",
    "cli.control",
    "cli.related",
    "cli.paths",
    "cli.guarantees",
    "cli.fund_flows",
    "cli.hubs",
    "cli.core",
    "cli.communities",
    "cli.model",
    "cli.churn",
    "cli.recommendations",
    "cli.risk",
    "cli.leads",
    "cli.tags",
    "cli.alerts",
    "cli.campaign",
    "cli.suspected_links",
    "cli.serve",
    "cli.keys",
    "cli.audit",
    "cli.demo",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


if __name__ == "__main__":
    app()
