"""The `liantu` command against the test server, as a person would run it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.store import GraphStore, close_store
from liantu.config import get_settings
from tests.builders import uscc, write_chain_dataset


@pytest.fixture
def cli_env(graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI at the test server as an external one (the CLI reads only the environment)."""
    monkeypatch.setenv("LIANTU_NEO4J_URI", graph.info.uri)
    monkeypatch.setenv("LIANTU_NEO4J_USER", graph.info.user)
    monkeypatch.setenv("LIANTU_NEO4J_PASSWORD", graph.info.password)
    get_settings.cache_clear()
    close_store()
    yield
    close_store()
    get_settings.cache_clear()


def test_ingest_then_ask_for_partners(cli_env: None, data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    directory = write_chain_dataset(data_dir)
    (directory / "shareholdings.csv").open("a", encoding="utf-8").write("P,,0.5,bad-person-id,,,,\n")
    result = runner.invoke(app, ["ingest", str(directory), "--rejects-dir", str(tmp_path / "rej")])
    assert result.exit_code == 0, result.output
    assert "payments.csv" in result.output and "rejected rows" in result.output
    assert (tmp_path / "rej" / "rejects.csv").exists()

    result = runner.invoke(app, ["upstream", uscc(3), "--depth", "2"])
    assert result.exit_code == 0, result.output
    assert uscc(2) in result.output and uscc(1) in result.output

    result = runner.invoke(app, ["upstream", "91350100M000100Y44"])
    assert result.exit_code == 1
    assert "check character" in result.output


def test_neo4j_commands_refuse_an_external_server(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["neo4j", "start"])
    assert result.exit_code == 1
    assert "LIANTU_NEO4J_URI is set" in result.output
