"""Signing in: both factors, the lockout, and answers that do not tell which usernames exist.

Every attempt that is not throttled does the same work whatever the username: one scrypt (an
unknown name against a dummy hash, a locked account against its own), one short read before
the hash and one short write after it, under the username as typed. The caller learns the true
cause (for the audit record) and must answer unknown, locked and wrong alike.

The lockout is kept per (username, source address): five failures from one address within ten
minutes lock the account *at that address* for ten minutes (CJIS 5.5.3 allows locking the
account or the node). So an attacker who knows a username locks out only the address they try
from, and the analyst at their own workstation still signs in. Failures from every address
together also count: `account_max_failed` of them within the window (more than one address can
make, while locked ones add nothing) lock the account everywhere, against guessing spread over
many addresses. Attempts while locked are refused without counting, and an administrator can
lift every lockout of an account at once (identity.unlock_user).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from enum import Enum

import pyotp
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from rtcc_oversight.identity import Sessions, accepted_step, normalized_username
from rtcc_oversight.login_throttle import LoginThrottle, source_key
from rtcc_oversight.metrics import LOCKOUTS
from rtcc_oversight.models import LoginFailures, LoginSession, User
from rtcc_oversight.passwords import PasswordHasher
from rtcc_oversight.sealed import SecretBox

ALL_SOURCES = "*"
# Checked against for an unknown name, so that it costs a TOTP check like a real account.
_DUMMY_TOTP_SECRET = pyotp.random_base32()


class AuthOutcome(Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    UNKNOWN_USER = "unknown_user"
    LOCKED = "locked"
    DISABLED = "disabled"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class AuthResult:
    outcome: AuthOutcome
    user: User | None = None
    session_id: str = ""
    locked_until: float = 0.0
    retry_after: float = 0.0


@dataclass(frozen=True)
class LoginPolicy:
    max_failed: int  # from one source address, within the window
    account_max_failed: int  # from every address together, within the window
    window_s: float
    lockout_s: float
    box: SecretBox
    hasher: PasswordHasher
    throttle: LoginThrottle


async def authenticate(
    *, sessions: Sessions, username: str, password: str, totp: str, source: str, policy: LoginPolicy
) -> AuthResult:
    """Checks both factors; counts failures and locks as the module docstring says."""
    name, where, now = normalized_username(username), source_key(source), time.time()
    wait_s = policy.throttle.take(where, now)
    if wait_s:
        return AuthResult(AuthOutcome.THROTTLED, retry_after=wait_s)
    async with sessions() as session:
        user = (await session.execute(select(User).where(col(User.username) == name))).scalar()
    stored = user.password_hash if user is not None else policy.hasher.dummy_hash
    password_ok = await policy.hasher.matches(password, stored)
    secret = policy.box.open(user.totp_secret) if user is not None else _DUMMY_TOTP_SECRET
    step = accepted_step(secret, totp.strip(), time.time())
    result = await _decide(sessions, name, where, password_ok, step, policy)
    if result.outcome == AuthOutcome.OK:
        policy.throttle.give_back(where, time.time())
    return result


async def _decide(
    sessions: Sessions, name: str, where: str, password_ok: bool, step: int, policy: LoginPolicy
) -> AuthResult:
    """The write after the hash: one short transaction, whatever the outcome."""
    now = time.time()
    async with sessions.begin() as session:
        # The write comes first, so that on SQLite the transaction starts as the writer and waits
        # its turn, instead of reading first and failing to upgrade after another commit.
        at_source, everywhere = await _failure_rows(session, name, where)
        query = select(User).where(col(User.username) == name).with_for_update()
        user = (await session.execute(query)).scalar()
        at_source.last_attempt_ts = now
        locked_until = max(at_source.locked_until, everywhere.locked_until)
        if locked_until > now:
            return AuthResult(AuthOutcome.LOCKED, locked_until=locked_until)
        if user is None or not (password_ok and step > user.totp_last_step):
            # An unknown name fails, counts and locks exactly as a wrong password does.
            _count_failure(at_source, everywhere, now, policy)
            locked_until = max(at_source.locked_until, everywhere.locked_until)
            if locked_until > now:
                return AuthResult(AuthOutcome.LOCKED, locked_until=locked_until)
            if user is None:
                return AuthResult(AuthOutcome.UNKNOWN_USER)
            return AuthResult(AuthOutcome.BAD_CREDENTIALS)
        if user.disabled:
            return AuthResult(AuthOutcome.DISABLED)
        at_source.failures, at_source.window_start_ts = 0, 0.0
        user.last_login_ts, user.totp_last_step = now, step
        login = LoginSession(id=secrets.token_hex(24), user_id=user.id)
        session.add(login)
    return AuthResult(AuthOutcome.OK, user=user, session_id=login.id)


def _count_failure(
    at_source: LoginFailures, everywhere: LoginFailures, now: float, policy: LoginPolicy
) -> None:
    rows = (
        (at_source, policy.max_failed, "source"),
        (everywhere, policy.account_max_failed, "account"),
    )
    for row, limit, scope in rows:
        if now - row.window_start_ts > policy.window_s:
            row.failures, row.window_start_ts = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.failures, row.window_start_ts = 0, 0.0
            row.locked_until = now + policy.lockout_s
            LOCKOUTS.labels(scope).inc()


async def _failure_rows(
    session: AsyncSession, name: str, where: str
) -> tuple[LoginFailures, LoginFailures]:
    """The (username, source) row and the (username, every source) row, made if missing and
    locked for this transaction (two attempts at once must both count)."""
    keys = [(name, where), (name, ALL_SOURCES)]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(LoginFailures).on_conflict_do_nothing()
    fresh = {"failures": 0, "window_start_ts": 0.0, "locked_until": 0.0, "last_attempt_ts": 0.0}
    await session.execute(statement, [{"username": u, "source": s, **fresh} for u, s in keys])
    query = (
        select(LoginFailures)
        .where(col(LoginFailures.username) == name)
        .where(col(LoginFailures.source).in_([where, ALL_SOURCES]))
        .with_for_update()
    )
    rows = {row.source: row for row in (await session.execute(query)).scalars()}
    return rows[where], rows[ALL_SOURCES]


async def forget_old_failures(*, sessions: Sessions, window_s: float) -> int:
    """Rows with no lockout in force and no attempt within the window count nothing any more
    (most are names that never existed)."""
    cutoff = time.time() - window_s
    stale = (
        delete(LoginFailures)
        .where(col(LoginFailures.locked_until) < time.time())
        .where(col(LoginFailures.last_attempt_ts) < cutoff)
        .where(col(LoginFailures.window_start_ts) < cutoff)
    )
    async with sessions.begin() as session:
        result = await session.execute(stale)
    return int(getattr(result, "rowcount", 0) or 0)
