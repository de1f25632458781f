"""The audit chain's anchor outside the database it protects.

A hash chain alone proves nothing to someone who can write the database: they can delete the
newest records, or rewrite one and recompute every hash after it. Two things the database does
not hold close that gap:

- a key, held by this service only (a file in its data dir, or a setting), with which every
  record's chain hash carries an HMAC-SHA256: a rewritten record cannot be given a valid MAC;
- checkpoints of the head (seq, hash, time, MAC) appended to a file outside the database, every
  few seconds while the head moves and after every so many appends: the chain may not end
  before the newest checkpoint, and each checkpointed record must keep its hash.

Records appended after the newest checkpoint can still be deleted undetected: the checkpoint
interval bounds that window. The file is only ever appended to; keep it where the database's
writers cannot write (another volume, `chattr +a`, or a write-once store).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from rtcc_common.logging import get_logger

log = get_logger(__name__)

MIN_KEY_BYTES = 32


class AuditKey:
    """HMAC-SHA256 with the service's audit key; records and checkpoints use distinct labels so
    that one's MAC can never stand for the other's."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_KEY_BYTES:
            raise ValueError(f"the audit key must have at least {MIN_KEY_BYTES} bytes")
        self._secret = secret

    def _mac(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()

    def record_mac(self, seq: int, chain_hash: str) -> str:
        return self._mac(f"rtcc-audit-record:{seq}:{chain_hash}")

    def checkpoint_mac(self, seq: int, chain_hash: str, ts_us: int) -> str:
        return self._mac(f"rtcc-audit-checkpoint:{seq}:{chain_hash}:{ts_us}")


def load_audit_key(*, key: SecretStr | None, key_file: Path, create: bool) -> tuple[AuditKey, bool]:
    """The key from the setting, else from the key file, which is made (random, mode 0600) when
    missing if `create` (development). Returns the key and whether it was just made."""
    if key is not None:
        return AuditKey(key.get_secret_value().encode()), False
    if not key_file.exists():
        if not create:
            raise ValueError(
                f"the audit key file {key_file} does not exist: set RTCC_OVERSIGHT_AUDIT_KEY "
                "or provide the file (e.g. `openssl rand -hex 32 > FILE`) outside development"
            )
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        log.warning("audit_key_created", path=str(key_file))
        made = True
    else:
        made = False
    text = key_file.read_text().strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = text.encode()
    return AuditKey(secret), made


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    ts_us: int
    line: int  # 1-based line number in the file
    authentic: bool


class CheckpointLog:
    """An append-only JSON-lines file of signed head checkpoints."""

    def __init__(self, path: Path, key: AuditKey) -> None:
        self.path = path
        self._key = key

    def exists(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def append(self, seq: int, chain_hash: str, ts_us: int) -> None:
        """Blocking (file write and fsync): call it in a worker thread."""
        line = json.dumps(
            {
                "seq": seq,
                "hash": chain_hash,
                "ts_us": ts_us,
                "mac": self._key.checkpoint_mac(seq, chain_hash, ts_us),
            },
            separators=(",", ":"),
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def read(self, *, up_to_bytes: int | None = None) -> Iterator[Checkpoint]:
        """Every checkpoint in the file (up to the given size, so a verification reads only
        checkpoints written before it began); a line that does not parse or whose MAC is wrong
        comes back with `authentic=False`."""
        if not self.path.exists():
            return
        limit = self.size() if up_to_bytes is None else up_to_bytes
        with self.path.open("rb") as source:
            consumed = 0
            for number, raw in enumerate(source, start=1):
                consumed += len(raw)
                if consumed > limit:
                    return
                yield self._parse(raw, number)

    def last(self) -> Checkpoint | None:
        """The newest authentic checkpoint (reads the whole file: for start-up, not per append)."""
        newest: Checkpoint | None = None
        for checkpoint in self.read():
            if checkpoint.authentic and (newest is None or checkpoint.seq >= newest.seq):
                newest = checkpoint
        return newest

    def _parse(self, raw: bytes, number: int) -> Checkpoint:
        try:
            entry = json.loads(raw)
            seq, chain_hash, ts_us = int(entry["seq"]), str(entry["hash"]), int(entry["ts_us"])
            mac = str(entry["mac"])
        except (ValueError, KeyError, TypeError):
            return Checkpoint(seq=-1, hash="", ts_us=0, line=number, authentic=False)
        expected = self._key.checkpoint_mac(seq, chain_hash, ts_us)
        authentic = hmac.compare_digest(expected, mac)
        return Checkpoint(seq=seq, hash=chain_hash, ts_us=ts_us, line=number, authentic=authentic)


@dataclass(frozen=True)
class AuditAnchor:
    key: AuditKey
    checkpoints: CheckpointLog
    checkpoint_interval_s: float
    checkpoint_every: int
