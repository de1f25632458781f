"""Tables of the oversight service.

Times are UTC seconds since the epoch (floats), as in the other services. The audit trail keeps
its time in integer microseconds instead, so that the hashed text of a record reads the same
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

TECHNOLOGY_STATUSES = ("proposed", "approved", "suspended")


def new_id() -> str:
    return uuid.uuid4().hex


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("username", name="uq_users_username"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    # Lower-cased, so "Ana" and "ana" are one account.
    username: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=128)
    role: str = Field(max_length=32)
    agency: str = Field(default="", max_length=64)
    password_hash: str = Field(max_length=256)
    # Sealed with the service's secrets key (see sealed.py).
    totp_secret: str = Field(max_length=256)
    # The last 30-second step whose code was accepted: a code works once.
    totp_last_step: int = 0
    disabled: bool = False
    created_ts: float = Field(default_factory=time.time)
    last_login_ts: float = 0.0


class LoginFailures(SQLModel, table=True):
    """Recent failed sign-ins under one username as typed (whether or not such a user exists,
    so that known and unknown names cost the same) from one source address, or from every
    address together (`source` "*"). The lockout is decided from these rows (login.py)."""

    __tablename__ = "login_failures"

    username: str = Field(primary_key=True, max_length=64)
    source: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    window_start_ts: float = 0.0
    locked_until: float = 0.0
    last_attempt_ts: float = 0.0


class LoginSession(SQLModel, table=True):
    __tablename__ = "sessions"

    id: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(max_length=32, index=True)
    created_ts: float = Field(default_factory=time.time)
    last_seen_ts: float = Field(default_factory=time.time)
    ended_ts: float = 0.0


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("secret_sha256", name="uq_api_keys_secret"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=128)
    prefix: str = Field(max_length=16)
    # The secret has 256 random bits, so one SHA-256 is as hard to reverse as a slow hash.
    secret_sha256: str = Field(max_length=64)
    role: str = Field(max_length=32)
    agency: str = Field(default="", max_length=64)
    scopes_json: str = Field(default="[]", sa_type=Text)
    created_by: str = Field(default="", max_length=128)
    created_ts: float = Field(default_factory=time.time)
    expires_ts: float = 0.0
    revoked_ts: float = 0.0
    last_used_ts: float = 0.0


class AuditRow(SQLModel, table=True):
    """One access. Rows are only ever inserted; `hash` chains each to the one before."""

    __tablename__ = "audit_log"

    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    ts_us: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    subject: str = Field(default="", max_length=128, index=True)
    agency: str = Field(default="", max_length=64, index=True)
    role: str = Field(default="", max_length=32)
    action: str = Field(max_length=64, index=True)
    technology: str = Field(default="", max_length=32)
    object_ids_json: str = Field(default="[]", sa_type=Text)
    query_json: str = Field(default="{}", sa_type=Text)
    reason: str = Field(default="", sa_type=Text)
    case_number: str = Field(default="", max_length=64, index=True)
    result: str = Field(max_length=32)
    source: str = Field(default="", max_length=64)
    request_id: str = Field(default="", max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # HMAC-SHA256 of `hash` with the service's audit key, which the database does not hold.
    mac: str = Field(default="", max_length=64)


class Technology(SQLModel, table=True):
    __tablename__ = "technologies"

    key: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=128)
    description: str = Field(default="", sa_type=Text)
    status: str = Field(default="proposed", max_length=16)
    ordinance_ref: str = Field(default="", max_length=128)
    hearing_ref: str = Field(default="", max_length=128)
    use_policy: str = Field(default="", sa_type=Text)
    decided_by: str = Field(default="", max_length=128)
    decided_ts: float = 0.0
    note: str = Field(default="", sa_type=Text)


class TechnologyDecision(SQLModel, table=True):
    """Every change of a technology's status, kept for the annual report."""

    __tablename__ = "technology_decisions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    key: str = Field(max_length=32, index=True)
    status: str = Field(max_length=16)
    ordinance_ref: str = Field(default="", max_length=128)
    hearing_ref: str = Field(default="", max_length=128)
    note: str = Field(default="", sa_type=Text)
    decided_by: str = Field(default="", max_length=128)
    decided_ts: float = Field(default_factory=time.time)
