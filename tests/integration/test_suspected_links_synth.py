"""`liantu synth --suspected-share`: the withheld ties switched on from the command line write exactly what
the generator writes, and without the option (or at 0) every file is the one the world always had."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from synth.suspected_links import TRUTH_FILE
from synth.world import generate


def _digests(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_synth_suspected_share_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--scale", "tiny", "--seed", "17", "--out", str(tmp_path / "cli"),
                                 "--suspected-share", "0.5"])
    assert result.exit_code == 0, result.output
    assert TRUTH_FILE in result.output
    generate("tiny", 17, tmp_path / "direct", suspected_share=0.5)
    with_ties = _digests(tmp_path / "cli")
    assert TRUTH_FILE in with_ties and with_ties == _digests(tmp_path / "direct")

    result = runner.invoke(app, ["synth", "--scale", "tiny", "--seed", "17", "--out", str(tmp_path / "plain")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["synth", "--scale", "tiny", "--seed", "17", "--out", str(tmp_path / "zero"),
                                 "--suspected-share", "0"])
    assert result.exit_code == 0 and TRUTH_FILE not in result.output, result.output
    generate("tiny", 17, tmp_path / "default")
    plain = _digests(tmp_path / "plain")
    assert TRUTH_FILE not in plain and plain == _digests(tmp_path / "zero") == _digests(tmp_path / "default")
    # The withheld ties change the input files (the hidden holdings and guarantees are missing from them).
    assert with_ties["shareholdings.csv"] != plain["shareholdings.csv"]

    result = runner.invoke(app, ["synth", "--out", str(tmp_path / "bad"), "--suspected-share", "1.5"])
    assert result.exit_code == 1 and "--suspected-share must be between 0 and 1, not 1.5" in result.output
