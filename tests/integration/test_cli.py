"""The `liantu` command against the test server, as a person would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from graph.analytics.hubs import compute_hubs, ranked_hubs
from graph.store import GraphStore
from ingestion.loader import load_directory
from tests.builders import CHAIN_NAMES, uscc, write_chain_dataset

REPO = Path(__file__).resolve().parents[2]


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


def test_a_wide_table_piped_to_a_file_keeps_one_line_per_row(cli_env: None, graph: GraphStore, data_dir: Path,
                                                               tmp_path: Path) -> None:
    """`liantu hubs top > file`: ten columns and Chinese names, far wider than the 80 columns Rich assumes
    off a terminal; every row must stay one line with every column whole."""
    load_directory(graph, write_chain_dataset(data_dir))
    compute_hubs(graph)
    hubs = ranked_hubs(graph, "pagerank", 10)
    assert len(hubs) >= 5 and {h.name for h in hubs} <= set(CHAIN_NAMES.values())
    assert any(len(h.name) >= 12 for h in hubs)  # 24 cells: Rich wrapped such names every four characters
    # As a person would run it: a fresh process whose stdout is a file, with a narrow COLUMNS that a
    # terminal-sized layout would obey; no variable that makes Rich pretend to be a terminal.
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE"}} | {"COLUMNS": "80"}
    out = tmp_path / "hubs.txt"
    with out.open("w", encoding="utf-8") as f:
        done = subprocess.run([sys.executable, "-m", "cli.main", "hubs", "top", "--limit", "10"], cwd=REPO, env=env,
                              stdout=f, stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if "rank" in line and "USCC" in line)
    for title in ("name", "score", "PageRank", "counterparties", "buyers", "suppliers", "received (CNY)",
                  "paid (CNY)"):
        assert title in header, (title, header)
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == len(hubs), "\n".join(lines)  # no row continues on a second line
    for h, line in zip(hubs, body, strict=True):
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        assert cells == [str(h.rank), h.uscc, h.name,
                         f"{h.score:.5g}", f"{h.pagerank:.5f}", str(h.counterparties), str(h.buyers),
                         str(h.suppliers), f"{h.paid_in_total:,.0f}", f"{h.paid_out_total:,.0f}"], line
