"""Seconds of each part of a long run, for the reports that say where a night's minutes went."""

from __future__ import annotations

import time


class Laps:
    """Call with a part's name when that part ends: `seconds` holds each part's wall time, in run order."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._clock = time.perf_counter()

    def __call__(self, part: str) -> None:
        now = time.perf_counter()
        self.seconds[part] = now - self._clock
        self._clock = now
