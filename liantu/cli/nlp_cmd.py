"""Placeholder until this area lands."""

import typer


def register(app: typer.Typer) -> None:
    del app
