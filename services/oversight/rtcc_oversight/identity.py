"""People who sign in: password (scrypt) and TOTP second factor, lockout, idle sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from enum import Enum

import pyotp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import AlreadyExists, InvalidArgument, NotFound
from rtcc_oversight.models import LoginSession, User
from rtcc_oversight.roles import check_agency, check_role
from rtcc_oversight.sealed import SecretBox

# scrypt at n=2**14, r=8 costs ~16 MiB and tens of milliseconds: slow for a guesser, fine for a
# login.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 12
Sessions = async_sessionmaker[AsyncSession]


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded[0]}${encoded[1]}"


def password_matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


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
) -> NewUser:
    secret = pyotp.random_base32()
    user = User(
        username=_check_username(username),
        display_name=display_name.strip()[:128],
        role=check_role(role),
        agency=check_agency(role, agency),
        password_hash=hash_password(_check_password(password)),
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


async def update_user(
    *,
    sessions: Sessions,
    user_id: str,
    role: str | None,
    agency: str | None,
    disabled: bool | None,
    password: str | None,
    unlock: bool,
) -> User:
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
        if password is not None:
            user.password_hash = hash_password(_check_password(password))
        if unlock:
            user.failed_logins, user.locked_until = 0, 0.0
    return user


class AuthOutcome(Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class AuthResult:
    outcome: AuthOutcome
    user: User | None = None
    session_id: str = ""
    locked_until: float = 0.0


@dataclass(frozen=True)
class LoginPolicy:
    max_failed: int
    lockout_s: float
    box: SecretBox


async def authenticate(
    *, sessions: Sessions, username: str, password: str, totp: str, policy: LoginPolicy
) -> AuthResult:
    """Checks both factors; counts failures and locks the account after too many."""
    now = time.time()
    async with sessions.begin() as session:
        query = select(User).where(col(User.username) == username.strip().lower())
        user = (await session.execute(query.with_for_update())).scalars().first()
        if user is None:
            # Same cost as a real check, so timing does not reveal which usernames exist.
            password_matches(password, hash_password("no-such-user-password"))
            return AuthResult(AuthOutcome.BAD_CREDENTIALS)
        if user.locked_until > now:
            return AuthResult(AuthOutcome.LOCKED, locked_until=user.locked_until)
        step = _accepted_step(policy.box.open(user.totp_secret), totp.strip(), now)
        ok = password_matches(password, user.password_hash) and step > user.totp_last_step
        if not ok:
            user.failed_logins += 1
            if user.failed_logins >= policy.max_failed:
                user.failed_logins, user.locked_until = 0, now + policy.lockout_s
                return AuthResult(AuthOutcome.LOCKED, locked_until=user.locked_until)
            return AuthResult(AuthOutcome.BAD_CREDENTIALS)
        if user.disabled:
            return AuthResult(AuthOutcome.DISABLED)
        user.failed_logins, user.last_login_ts, user.totp_last_step = 0, now, step
        login = LoginSession(id=secrets.token_hex(24), user_id=user.id)
        session.add(login)
    return AuthResult(AuthOutcome.OK, user=user, session_id=login.id)


def _accepted_step(secret: str, code: str, now: float) -> int:
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
