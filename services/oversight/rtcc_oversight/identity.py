"""People who sign in: accounts with a password (scrypt) and a TOTP second factor, their
lockouts, and idle sessions. Signing in itself is in login.py."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import AlreadyExists, InvalidArgument, NotFound
from rtcc_oversight.models import LoginFailures, LoginSession, User
from rtcc_oversight.passwords import PasswordHasher
from rtcc_oversight.roles import check_agency, check_role
from rtcc_oversight.sealed import SecretBox

MIN_PASSWORD_LENGTH = 12
Sessions = async_sessionmaker[AsyncSession]


def normalized_username(username: str) -> str:
    """As accounts are stored: "Ana" and " ana" are one account."""
    return username.strip().lower()[:64]


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH or len(password) > 256:
        raise InvalidArgument(f"a password has {MIN_PASSWORD_LENGTH} to 256 characters")
    return password


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise InvalidArgument("a username has 1 to 64 letters, digits or . _ - @")
    return name


@dataclass(frozen=True)
class NewUser:
    user: User
    totp_secret: str
    totp_uri: str


async def create_user(
    *,
    sessions: Sessions,
    username: str,
    password: str,
    role: str,
    agency: str,
    display_name: str,
    issuer: str,
    box: SecretBox,
    hasher: PasswordHasher,
) -> NewUser:
    secret = pyotp.random_base32()
    name, role, agency = _check_username(username), check_role(role), check_agency(role, agency)
    user = User(
        username=name,
        display_name=display_name.strip()[:128],
        role=role,
        agency=agency,
        password_hash=await hasher.hash(_check_password(password)),
        totp_secret=box.seal(secret),
    )
    try:
        async with sessions.begin() as session:
            session.add(user)
    except IntegrityError as exc:
        raise AlreadyExists(f"user '{user.username}' already exists") from exc
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)
    return NewUser(user=user, totp_secret=secret, totp_uri=uri)


async def list_users(*, sessions: Sessions) -> list[User]:
    async with sessions() as session:
        return list((await session.execute(select(User).order_by(col(User.username)))).scalars())


async def lockouts(*, sessions: Sessions, usernames: list[str]) -> dict[str, float]:
    """For each of these accounts locked anywhere (at one address or at all), until when."""
    query = (
        select(LoginFailures.username, func.max(LoginFailures.locked_until))
        .where(col(LoginFailures.username).in_(usernames))
        .where(col(LoginFailures.locked_until) > time.time())
        .group_by(col(LoginFailures.username))
    )
    async with sessions() as session:
        return {name: until for name, until in (await session.execute(query)).all()}


async def _lift_lockouts(session: AsyncSession, username: str) -> int:
    """Forgets every failure counted under the account; returns how many lockouts were on."""
    now = time.time()
    forgotten = delete(LoginFailures).where(col(LoginFailures.username) == username)
    result = await session.execute(forgotten.returning(col(LoginFailures.locked_until)))
    return sum(1 for until in result.scalars() if until > now)


async def unlock_user(*, sessions: Sessions, username: str) -> tuple[User, int]:
    """An administrator lifts the account's lockouts, at every address and account-wide."""
    name = normalized_username(username)
    async with sessions.begin() as session:
        lifted = await _lift_lockouts(session, name)  # written first (see login._decide)
        user = (await session.execute(select(User).where(col(User.username) == name))).scalar()
        if user is None:
            raise NotFound(f"user '{username}' not found")  # rolls the deletion back
    return user, lifted


async def reset_authenticator(
    *, sessions: Sessions, username: str, issuer: str, box: SecretBox
) -> NewUser:
    """A lost or compromised authenticator: a new secret replaces the old, whose codes stop
    working at once, and the account's sessions end (they were opened with the old factor)."""
    secret = pyotp.random_base32()
    name = normalized_username(username)
    now = time.time()
    async with sessions.begin() as session:
        user = (await session.execute(select(User).where(col(User.username) == name))).scalar()
        if user is None:
            raise NotFound(f"user '{username}' not found")
        user.totp_secret, user.totp_last_step = box.seal(secret), 0
        await session.execute(
            update(LoginSession)
            .where(col(LoginSession.user_id) == user.id, col(LoginSession.ended_ts) == 0)
            .values(ended_ts=now)
        )
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)
    return NewUser(user=user, totp_secret=secret, totp_uri=uri)


async def update_user(
    *,
    sessions: Sessions,
    user_id: str,
    role: str | None,
    agency: str | None,
    disabled: bool | None,
    password: str | None,
    unlock: bool,
    hasher: PasswordHasher,
) -> User:
    new_hash = await hasher.hash(_check_password(password)) if password is not None else None
    async with sessions.begin() as session:
        user = await session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id} not found")
        if role is not None:
            user.role = check_role(role)
        if role is not None or agency is not None:
            user.agency = check_agency(user.role, user.agency if agency is None else agency)
        if disabled is not None:
            user.disabled = disabled
        if new_hash is not None:
            user.password_hash = new_hash
        if unlock:
            await _lift_lockouts(session, user.username)
    return user


def accepted_step(secret: str, code: str, now: float) -> int:
    """The time step the code belongs to (one step of clock drift either way), or -1."""
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return -1


@dataclass(frozen=True)
class SessionPolicy:
    idle_s: float
    max_s: float


async def touch_session(*, sessions: Sessions, session_id: str, policy: SessionPolicy) -> bool:
    """True while the session is in use and its user may sign in; marks it used."""
    now = time.time()
    async with sessions.begin() as session:
        login = await session.get(LoginSession, session_id)
        if login is None or login.ended_ts:
            return False
        if now - login.last_seen_ts > policy.idle_s or now - login.created_ts > policy.max_s:
            login.ended_ts = now
            return False
        user = await session.get(User, login.user_id)
        if user is None or user.disabled:
            login.ended_ts = now
            return False
        login.last_seen_ts = now
    return True


async def end_session(*, sessions: Sessions, session_id: str) -> None:
    async with sessions.begin() as session:
        login = await session.get(LoginSession, session_id)
        if login is not None and not login.ended_ts:
            login.ended_ts = time.time()
