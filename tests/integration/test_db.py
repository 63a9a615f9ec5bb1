"""`liantu db clear` on a synthetic world, in bounded transactions, and CLI failures as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.admin import clear_data, graph_tokens
from graph.schema import current_version, uniqueness_constraints
from graph.store import GraphStore, close_store
from ingestion.loader import load_directory
from liantu.config import get_settings
from synth import generate


@pytest.fixture
def tiny_loaded(graph: GraphStore, tmp_path: Path) -> GraphStore:
    generate("tiny", 7, tmp_path / "tiny")
    load_directory(graph, tmp_path / "tiny")
    return graph


def test_clear_deletes_everything_in_bounded_batches_and_keeps_the_schema(tiny_loaded: GraphStore) -> None:
    types, labels = graph_tokens(tiny_loaded)
    assert types["TXN"] > 5_000 and labels["Enterprise"] == 300
    seen: list[tuple[str, int, int]] = []
    report = clear_data(tiny_loaded, batch=700, progress=lambda what, done, total: seen.append((what, done, total)))
    assert report.relationships == types
    assert report.nodes == {k: v for k, v in labels.items() if k != "SchemaVersion"}
    # Batches of at most 700: the TXN relationships took many transactions, each reported.
    txn_steps = [done for what, done, _ in seen if what == "relationships TXN"]
    assert len(txn_steps) >= types["TXN"] // 700 and txn_steps[-1] == types["TXN"]
    assert all(b - a <= 700 for a, b in zip([0, *txn_steps], txn_steps, strict=False))
    after_types, after_labels = graph_tokens(tiny_loaded)
    assert after_types == {} and set(after_labels) == {"SchemaVersion"}
    assert current_version(tiny_loaded) is not None
    assert ("Enterprise", "uscc") in uniqueness_constraints(tiny_loaded)
    # Clearing an empty graph is a no-op, not an error (a killed clear is simply run again).
    assert clear_data(tiny_loaded).relationships_deleted == 0


def test_cli_clear_on_a_loaded_world(cli_env: None, tiny_loaded: GraphStore) -> None:
    result = CliRunner().invoke(app, ["db", "clear"])
    assert result.exit_code == 2 and "without --yes" in result.output
    result = CliRunner().invoke(app, ["db", "clear", "--yes", "--batch", "2000"])
    assert result.exit_code == 0, result.output
    assert "Deleted" in result.output and "nodes" in result.output
    assert graph_tokens(tiny_loaded)[0] == {}


def test_cli_failure_of_the_server_is_one_line(graph: GraphStore, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    """Wrong password and nothing listening: one line saying what to do, no traceback."""
    monkeypatch.setenv("LIANTU_NEO4J_URI", graph.info.uri)
    monkeypatch.setenv("LIANTU_NEO4J_USER", graph.info.user)
    monkeypatch.setenv("LIANTU_NEO4J_PASSWORD", "not-the-password")
    monkeypatch.setenv("LIANTU_HOME", str(tmp_path / "home"))
    for uri in (graph.info.uri, "bolt://127.0.0.1:9"):
        monkeypatch.setenv("LIANTU_NEO4J_URI", uri)
        get_settings.cache_clear()
        close_store()
        try:
            result = CliRunner().invoke(app, ["db", "clear", "--yes"])
        finally:
            close_store()
            get_settings.cache_clear()
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.output.startswith("error:")
        assert len(result.output.strip().splitlines()) <= 2  # rich may wrap the one line at 80 columns
