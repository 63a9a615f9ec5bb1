"""A command that fails prints one line saying what to do, never a traceback."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from cli.common import reports_errors
from liantu.errors import InvalidInput


def _app(error: BaseException) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @reports_errors
    def fail() -> None:
        raise error

    return app


@pytest.mark.parametrize(("error", "said"), [
    (MemoryError("Unable to allocate 127. GiB for an array with shape (130375, 130375)"),
     "ran out of memory (Unable to allocate 127. GiB"),
    (InvalidInput("depth must be between 1 and 4"), "depth must be between 1 and 4"),
])
def test_a_failure_is_one_line_with_no_traceback(error: BaseException, said: str) -> None:
    result = CliRunner().invoke(_app(error), [])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert said in text and "Traceback" not in text
    assert result.exception is None or isinstance(result.exception, SystemExit)
