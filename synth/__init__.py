"""The deterministic synthetic regional-bank world: `generate(scale, seed, out)`.

Same scale and seed give byte-identical files. The format of every file is in docs/data-formats.md;
the planted facts are in ground_truth.json beside the tables.
"""

from synth.scales import SCALES
from synth.world import Summary, generate

__all__ = ["SCALES", "Summary", "generate"]
