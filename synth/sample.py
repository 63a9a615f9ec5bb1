"""The demo's sample: a tiny synthetic bank world, generated once into the cache and reused."""

from __future__ import annotations

import shutil
from pathlib import Path

SAMPLE_SCALE = "tiny"
SAMPLE_SEED = 20261123


def ensure_sample(cache_dir: Path, *, seed: int = SAMPLE_SEED) -> Path:
    """Return the sample directory, generating it first if it is missing or incomplete."""
    from synth import generate

    target = cache_dir / f"sample-{SAMPLE_SCALE}-seed{seed}"
    if (target / ".complete").exists():
        return target
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    generate(SAMPLE_SCALE, seed, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    (target / ".complete").write_text("ok", encoding="utf-8")
    return target
