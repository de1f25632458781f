"""API keys for devices, integrators and partner agencies: hashed at rest, scoped, revocable."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_oversight.models import ApiKey
from rtcc_oversight.roles import check_agency, check_role

SECRET_PREFIX = "rtcc_"
# Roles that sign in as people; a key is for a machine or an agency's system.
KEY_ROLES = ("reader", "integrator", "partner", "analyst", "detective", "supervisor")
Sessions = async_sessionmaker[AsyncSession]


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def scopes_of(key: ApiKey) -> list[str]:
    scopes: list[str] = json.loads(key.scopes_json)
    return scopes


def _check_scopes(scopes: list[str]) -> list[str]:
    clean = sorted({s.strip() for s in scopes if s.strip()})
    for scope in clean:
        if len(scope) > 64 or not all(c.isalnum() or c in "._*" for c in scope):
            raise InvalidArgument(f"scope '{scope[:64]}' is not an action name")
    return clean


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str


async def create_key(
    *,
    sessions: Sessions,
    name: str,
    role: str,
    agency: str,
    scopes: list[str],
    created_by: str,
    expires_ts: float,
) -> NewKey:
    if not name.strip() or len(name) > 128:
        raise InvalidArgument("a key needs a name of at most 128 characters")
    if check_role(role) not in KEY_ROLES:
        raise InvalidArgument(f"an API key's role is one of {', '.join(KEY_ROLES)}")
    if expires_ts and expires_ts <= time.time():
        raise InvalidArgument("expires_at is in the past")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name.strip(),
        prefix=secret[:12],
        secret_sha256=secret_digest(secret),
        role=role,
        agency=check_agency(role, agency),
        scopes_json=json.dumps(_check_scopes(scopes)),
        created_by=created_by,
        expires_ts=expires_ts,
    )
    async with sessions.begin() as session:
        session.add(key)
    return NewKey(key=key, secret=secret)


async def list_keys(*, sessions: Sessions) -> list[ApiKey]:
    async with sessions() as session:
        query = select(ApiKey).order_by(col(ApiKey.created_ts))
        return list((await session.execute(query)).scalars())


async def revoke_key(*, sessions: Sessions, key_id: str) -> ApiKey:
    async with sessions.begin() as session:
        key = await session.get(ApiKey, key_id)
        if key is None:
            raise NotFound(f"API key {key_id} not found")
        if key.revoked_ts:
            raise FailedPrecondition(f"API key {key_id} is already revoked")
        key.revoked_ts = time.time()
    return key


async def verify_key(*, sessions: Sessions, secret: str) -> ApiKey | None:
    """The key in force that this secret belongs to; marks it used."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 128:
        return None
    now = time.time()
    async with sessions.begin() as session:
        query = select(ApiKey).where(col(ApiKey.secret_sha256) == secret_digest(secret))
        key = (await session.execute(query)).scalars().first()
        if key is None or key.revoked_ts or (key.expires_ts and key.expires_ts <= now):
            return None
        # Once a minute is enough to show a key is in use, and spares a write per request.
        if now - key.last_used_ts > 60:
            key.last_used_ts = now
    return key
