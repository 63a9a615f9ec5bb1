"""The API's audit log: one JSON line per request, appended to one file, read back by `liantu audit`.

A line holds: time (UTC), request_id, key_id, role, rm_id/branch (an RM's book), method, route (the
template, e.g. /enterprises/{uscc}), path, params (path and query; never headers, so never a key),
status, code (the error code of a failed request), rows (rows in the answer), latency_ms, and
person_data (true when the route's answer may name persons).
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

_SECRET_PARAM = ("key", "token", "secret", "password", "auth")


def redact(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as logged: one that looks like a credential by its name is never written."""
    return {k: ("(redacted)" if any(s in k.lower() for s in _SECRET_PARAM) else v) for k, v in params.items()}


class AuditLog:
    """Appends lines; thread-safe. The file is created 0600: it tells who looked at whom."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._out: TextIO | None = None

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        with self._lock:
            if self._out is None:
                # Opened at the first request, not when the app is built: an app that never serves
                # leaves no file handle behind.
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                self._out = os.fdopen(fd, "a", encoding="utf-8", buffering=1)
            self._out.write(line)

    def close(self) -> None:
        with self._lock:
            if self._out is not None:
                self._out.close()
                self._out = None


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Every entry, oldest first; a line that is not JSON (a torn write) is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def tail(path: Path, n: int) -> list[dict[str, Any]]:
    return list(deque(read_lines(path), maxlen=n))
