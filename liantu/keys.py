"""API keys and the identities behind them.

A key is `lt_<key id>_<secret>`. Only its scrypt hash is stored (`Settings.keys_path`, a JSON file of
mode 0600), with the identity it stands for: a role and, for an RM, its RM id (a branch manager: its
branch). The key id is not secret: it names the key in listings and the audit log.

scrypt (hashlib, RFC 7914) is slow on purpose, ~50 ms a check; so a key that checked once is
remembered in memory by its SHA-256 (never the key itself) for REMEMBER_S seconds or until the file
changes (a revocation rewrites it), and a request pays the scrypt cost about once a minute per key.
Failed keys are remembered too, so a caller repeating a wrong key cannot make the server run scrypt on
every request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from liantu.config import RM_ID, Grant, Role, Settings
from liantu.errors import InvalidInput, NotFound

KEY_FORMAT = re.compile(r"^lt_([0-9a-f]{12})_([A-Za-z0-9_-]{32,64})$")
# RFC 7914 interactive parameters: 16 MiB of memory per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAX_REMEMBERED = 10_000
REMEMBER_S = 60.0


@dataclass(frozen=True)
class Identity:
    """Who is calling: the key id (never the key), its role and its book."""

    key_id: str
    role: Role
    name: str | None = None
    rm_id: str | None = None
    branch: str | None = None


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    name: str | None
    role: str
    rm_id: str | None
    branch: str | None
    created_at: str
    revoked_at: str | None
    hash: str

    def identity(self) -> Identity:
        return Identity(self.key_id, Role(self.role), self.name, self.rm_id, self.branch)


def _scrypt(secret: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_key(key: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(key, salt)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def key_matches(key: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    got = _scrypt(key, base64.b64decode(salt), int(n), int(r), int(p))
    return secrets.compare_digest(got, base64.b64decode(digest))


class KeyStore:
    """The hashed keys in one JSON file. Thread-safe; rereads the file when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._records: dict[str, KeyRecord] = {}
        self._known: dict[bytes, tuple[float, Identity | None]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyStore:
        return cls(settings.keys_path)

    # -- reading ---------------------------------------------------------------------------------
    def _refresh(self) -> None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._records, self._known = None, {}, {}
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            records = {r["key_id"]: KeyRecord(**r) for r in raw.get("keys", [])}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise InvalidInput(f"{self.path}: not a Liantu key file ({type(exc).__name__})") from None
        self._stamp, self._records, self._known = stamp, records, {}

    def records(self) -> list[KeyRecord]:
        with self._lock:
            self._refresh()
            return sorted(self._records.values(), key=lambda r: r.created_at)

    def identify(self, key: str) -> Identity | None:
        """The identity of a live key, or None for an unknown, malformed or revoked one."""
        match = KEY_FORMAT.match(key)
        if not match:
            return None
        fingerprint = hashlib.sha256(key.encode()).digest()
        now = time.monotonic()
        with self._lock:
            self._refresh()
            known = self._known.get(fingerprint)
            if known is not None and known[0] > now:
                return known[1]
            record = self._records.get(match.group(1))
        # scrypt outside the lock: other keys are not held up by this one's check.
        found = None
        if record is not None and record.revoked_at is None and key_matches(key, record.hash):
            found = record.identity()
        with self._lock:
            if len(self._known) >= _MAX_REMEMBERED:
                self._known.clear()
            self._known[fingerprint] = (now + REMEMBER_S, found)
        return found

    # -- writing (the CLI) -----------------------------------------------------------------------
    def _save(self, records: dict[str, KeyRecord]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"keys": [asdict(r) for r in records.values()]}, out, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)
        os.chmod(self.path, 0o600)

    def create(self, role: Role, *, name: str | None = None, rm_id: str | None = None,
               branch: str | None = None) -> tuple[Identity, str]:
        """A new key for an identity; returns it with the key, which is never stored and never shown again."""
        for label, value in (("--rm", rm_id), ("--branch", branch)):
            if value is not None and not RM_ID.match(value):
                raise InvalidInput(f"{label} {value!r}: letters, digits, _ and - only (at most 32)")
        if role != Role.RM and (rm_id or branch):
            raise InvalidInput("--rm and --branch give an RM's book; only role rm has one")
        if role == Role.RM and not (rm_id or branch):
            raise InvalidInput("an rm key needs its book: --rm RM_ID (an RM) or --branch CODE (a branch manager)")
        Grant(role=role, rm_id=rm_id, branch=branch, name=name)
        with self._lock:
            self._refresh()
            key_id = secrets.token_hex(6)
            while key_id in self._records:
                key_id = secrets.token_hex(6)
            key = f"lt_{key_id}_{secrets.token_urlsafe(32)}"
            record = KeyRecord(key_id=key_id, name=name, role=str(role), rm_id=rm_id, branch=branch,
                               created_at=datetime.now(UTC).isoformat(timespec="seconds"), revoked_at=None,
                               hash=hash_key(key))
            self._save({**self._records, key_id: record})
            self._stamp = None
        return record.identity(), key

    def revoke(self, key_id: str) -> KeyRecord:
        with self._lock:
            self._refresh()
            record = self._records.get(key_id)
            if record is None:
                raise NotFound(f"no key with id {key_id!r} in {self.path}")
            if record.revoked_at is None:
                record = KeyRecord(**{**asdict(record),
                                      "revoked_at": datetime.now(UTC).isoformat(timespec="seconds")})
                self._save({**self._records, key_id: record})
                self._stamp = None
            return record


def as_row(record: KeyRecord) -> dict[str, Any]:
    """A listing row: everything but the hash."""
    row = asdict(record)
    del row["hash"]
    return row
