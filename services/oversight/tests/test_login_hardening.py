"""Signing in against someone who guesses: unknown, locked and known accounts cost the same one
hash; the lockout holds at the guessing address but not at the user's own; failures spread over
many addresses lock the account everywhere; one address is throttled whatever name it tries;
an administrator lifts every lockout; audit appends go on while passwords hash."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pyotp
import pytest
from sqlalchemy import text

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_common.db import create_engine, session_factory
from rtcc_oversight import passwords
from rtcc_oversight.login import forget_old_failures
from rtcc_oversight.settings import Settings
from rtcc_oversight.testing import Oversight, running_oversight

PASSWORD = "correct horse battery"
ATTACKER, WORKSTATION, ELSEWHERE = "203.0.113.9", "10.20.0.15", "198.51.100.4"


@pytest.fixture
async def oversight(database_url: str, data_dir: Path) -> AsyncIterator[Oversight]:
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        account_max_failed_logins=10,
        login_throttle_burst=40,
    )
    async with running_oversight(settings) as running:
        yield running


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every scrypt the service runs (the real one still runs)."""
    calls: list[int] = []
    real = passwords._scrypt

    def counting(*args: Any) -> bytes:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(passwords, "_scrypt", counting)
    return calls


async def _user(oversight: Oversight, username: str = "ana") -> str:
    made = await oversight.stub.CreateUser(
        pb.CreateUserRequest(username=username, password=PASSWORD, role="analyst")
    )
    return made.totp_secret


def _codes(secret: str) -> tuple[str, str]:
    """Two codes that each sign in once: this step's and the next (one step of drift)."""
    totp = pyotp.TOTP(secret)
    return totp.now(), totp.at(time.time() + totp.interval)


async def _login(
    oversight: Oversight,
    source: str,
    *,
    username: str = "ana",
    password: str = "wrong",
    code: str = "",
) -> pb.AuthenticateResponse:
    return await oversight.stub.Authenticate(
        pb.AuthenticateRequest(
            username=username, password=password, totp=code or "000000", source=source
        )
    )


async def test_unknown_wrong_and_locked_each_cost_one_scrypt(
    oversight: Oversight, scrypt_calls: list[int]
) -> None:
    await _user(oversight)
    for username in ("nobody", "ana"):  # unknown, then a wrong password
        scrypt_calls.clear()
        reply = await _login(oversight, ELSEWHERE, username=username)
        assert reply.outcome in (pb.AUTH_OUTCOME_UNKNOWN_USER, pb.AUTH_OUTCOME_BAD_CREDENTIALS)
        assert len(scrypt_calls) == 1, username
    for _ in range(5):
        await _login(oversight, ATTACKER)
    scrypt_calls.clear()
    locked = await _login(oversight, ATTACKER)
    assert locked.outcome == pb.AUTH_OUTCOME_LOCKED and len(scrypt_calls) == 1


async def test_a_lockout_holds_at_the_guessing_address_not_at_the_users_own(
    oversight: Oversight,
) -> None:
    first, second = _codes(await _user(oversight))
    outcomes = [(await _login(oversight, ATTACKER)).outcome for _ in range(5)]
    assert outcomes == [pb.AUTH_OUTCOME_BAD_CREDENTIALS] * 4 + [pb.AUTH_OUTCOME_LOCKED]
    # Locked at the attacker's address, even with the right password and code ...
    right = await _login(oversight, ATTACKER, password=PASSWORD, code=first)
    assert right.outcome == pb.AUTH_OUTCOME_LOCKED
    assert 590 < right.locked_until - time.time() <= 600
    # ... while the analyst at their workstation signs in.
    own = await _login(oversight, WORKSTATION, password=PASSWORD, code=first)
    assert own.outcome == pb.AUTH_OUTCOME_OK and own.session_id
    # Attempts at a locked address add nothing to the account-wide count (10 here).
    for _ in range(15):
        assert (await _login(oversight, ATTACKER)).outcome == pb.AUTH_OUTCOME_LOCKED
    again = await _login(oversight, WORKSTATION, password=PASSWORD, code=second)
    assert again.outcome == pb.AUTH_OUTCOME_OK


async def test_failures_from_many_addresses_lock_everywhere_until_an_admin_unlocks(
    oversight: Oversight,
) -> None:
    first, _ = _codes(await _user(oversight))
    for source in ("198.51.100.1", "198.51.100.2"):
        for _ in range(5):
            await _login(oversight, source)
    # Ten failures in all: locked at every address, the analyst's own too.
    own = await _login(oversight, WORKSTATION, password=PASSWORD, code=first)
    assert own.outcome == pb.AUTH_OUTCOME_LOCKED
    listed = await oversight.stub.ListUsers(pb.ListUsersRequest())
    assert listed.users[0].locked_until > time.time()

    lifted = await oversight.stub.UnlockUser(pb.UnlockUserRequest(username="ANA"))
    assert lifted.user.username == "ana" and lifted.locks_lifted == 3  # two addresses, and all
    assert lifted.user.locked_until == 0
    after = await _login(oversight, "198.51.100.1", password=PASSWORD, code=first)
    assert after.outcome == pb.AUTH_OUTCOME_OK
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await oversight.stub.UnlockUser(pb.UnlockUserRequest(username="nobody"))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_unknown_names_fail_and_lock_like_known_ones(oversight: Oversight) -> None:
    await _user(oversight)
    unknown = [(await _login(oversight, ATTACKER, username="ghost")).outcome for _ in range(6)]
    known = [(await _login(oversight, ELSEWHERE)).outcome for _ in range(6)]
    as_seen = {
        pb.AUTH_OUTCOME_UNKNOWN_USER: "refused",
        pb.AUTH_OUTCOME_BAD_CREDENTIALS: "refused",
        pb.AUTH_OUTCOME_LOCKED: "locked",
    }
    assert [as_seen[o] for o in unknown] == [as_seen[o] for o in known]
    assert unknown[-1] == known[-1] == pb.AUTH_OUTCOME_LOCKED


async def test_one_address_is_throttled_whatever_name_it_tries(
    database_url: str, data_dir: Path, scrypt_calls: list[int]
) -> None:
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        login_throttle_burst=6,
        login_throttle_refill_s=60.0,
    )
    async with running_oversight(settings) as oversight:
        first, second = _codes(await _user(oversight))
        # A successful sign-in costs the address nothing.
        ok = await _login(oversight, ATTACKER, password=PASSWORD, code=first)
        assert ok.outcome == pb.AUTH_OUTCOME_OK
        for n in range(6):  # spraying: a new name each time, so no lockout comes into it
            reply = await _login(oversight, ATTACKER, username=f"user{n}")
            assert reply.outcome == pb.AUTH_OUTCOME_UNKNOWN_USER
        scrypt_calls.clear()
        throttled = await _login(oversight, ATTACKER, username="ana", password=PASSWORD)
        assert throttled.outcome == pb.AUTH_OUTCOME_THROTTLED
        assert 50 < throttled.retry_after <= 60 and not scrypt_calls  # refused before hashing
        elsewhere = await _login(oversight, WORKSTATION, password=PASSWORD, code=second)
        assert elsewhere.outcome == pb.AUTH_OUTCOME_OK


async def test_audit_appends_go_on_while_logins_hash(oversight: Oversight) -> None:
    await _user(oversight)
    # The service's first append sets up the chain's head; it is not what is measured here.
    warm = pb.AuditRecord(action="test.append", result="ok")
    await oversight.stub.AppendAudit(pb.AppendAuditRequest(record=warm))
    started = time.perf_counter()
    passwords.password_matches("x", passwords.hash_password("y"))
    one_hash_s = (time.perf_counter() - started) / 2  # hash_password and password_matches

    async def append_latencies(stop: asyncio.Event) -> list[float]:
        latencies = []
        while not stop.is_set():
            record = pb.AuditRecord(action="test.append", result="ok")
            begun = time.perf_counter()
            await oversight.stub.AppendAudit(pb.AppendAuditRequest(record=record))
            latencies.append(time.perf_counter() - begun)
        return latencies

    async def logins(stop: asyncio.Event) -> None:
        # Eight wrong passwords at once, from eight addresses: eight hashes of work.
        await asyncio.gather(*(_login(oversight, f"10.9.0.{n}") for n in range(8)))
        stop.set()

    stop = asyncio.Event()
    latencies, _ = await asyncio.gather(append_latencies(stop), logins(stop))
    # With the hashes on the event loop, an append waited for several of them in a row.
    assert len(latencies) >= 5, latencies
    assert max(latencies) < 3 * one_hash_s, (max(latencies), one_hash_s)


async def test_old_failures_are_forgotten_but_lockouts_in_force_are_kept(
    oversight: Oversight,
) -> None:
    await _user(oversight)
    for _ in range(5):
        await _login(oversight, ATTACKER)  # locked at this address
    for n in range(3):
        await _login(oversight, ELSEWHERE, username=f"ghost{n}")
    engine = create_engine(oversight.settings.database_url, schema="oversight")
    try:
        forgotten = await forget_old_failures(sessions=session_factory(engine), window_s=0.0)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT username, source FROM login_failures"))).all()
    finally:
        await engine.dispose()
    # Three unknown names at one address, each with its every-address row; ana's count of all
    # addresses has no lockout either. Only the lockout at the attacker's address stays.
    assert forgotten == 7 and [tuple(r) for r in rows] == [("ana", ATTACKER)]
    assert (await _login(oversight, ATTACKER)).outcome == pb.AUTH_OUTCOME_LOCKED
