"""Password hashing (scrypt), off the event loop.

scrypt at n=2**14, r=8 costs ~16 MiB and tens of milliseconds: slow for a guesser, fine for a
login, and far too long to run on the loop that also appends every audit record. Hashes run in
a small pool of their own (hashlib releases the GIL while it works), which also bounds the
memory that a burst of logins can take.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from concurrent.futures import ThreadPoolExecutor

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def _scrypt(password: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    """The one place a password is hashed (tests count the calls through it)."""
    return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password.encode(), salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded[0]}${encoded[1]}"


def password_matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = _scrypt(password.encode(), base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


class PasswordHasher:
    """Hashes and checks passwords in worker threads. `dummy_hash` is a hash of a random
    password, made once: an unknown username is checked against it, so it costs one scrypt
    with the same parameters as a real account."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scrypt")
        self.dummy_hash = hash_password(secrets.token_urlsafe(24))

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, hash_password, password)

    async def matches(self, password: str, stored: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, password_matches, password, stored)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
