"""Signed access tokens (HS256). The key is generated once and kept in the data dir."""

from __future__ import annotations

import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import jwt

ALGORITHM = "HS256"
ISSUER = "open-rtcc"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token."""

    subject: str
    role: str
    agency: str | None
    token_id: str
    # Set for a token issued at login: the session it belongs to, which can expire when idle.
    session_id: str | None = None
    # Set for an API key limited to some actions; None: everything the role allows.
    scopes: frozenset[str] | None = None
    # When the credential stops working (epoch seconds); None: when it is revoked.
    expires_at: float | None = None


def load_or_create_signing_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def issue_token(
    key: bytes,
    *,
    role: str,
    subject: str,
    agency: str | None = None,
    ttl_s: int = 8 * 3600,
    session_id: str | None = None,
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": ISSUER,
        "sub": subject,
        "role": role,
        "iat": now,
        "exp": now + ttl_s,
        "jti": uuid.uuid4().hex,
    }
    if agency:
        claims["agency"] = agency
    if session_id:
        claims["sid"] = session_id
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def verify_token_until(key: bytes, token: str) -> tuple[Principal, int]:
    """The caller, and the time (epoch seconds) at which the token expires."""
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    role = claims.get("role")
    if not isinstance(role, str) or not role:
        raise InvalidToken("token has no role")
    principal = Principal(
        subject=str(claims["sub"]),
        role=role,
        agency=claims.get("agency"),
        token_id=str(claims.get("jti", "")),
        session_id=claims.get("sid") or None,
        expires_at=float(claims["exp"]),
    )
    return principal, int(claims["exp"])
