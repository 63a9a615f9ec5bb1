"""Independent random streams per component, derived from the one user seed.

Each component gets its own stream keyed by a stable name, so adding draws in one component never
shifts the numbers another component sees (and so never changes its output bytes).
"""

from __future__ import annotations

import zlib

import numpy as np


def rng_for(seed: int, component: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(component.encode("utf-8"))])
