"""The oversight service over gRPC, on SQLite and PostgreSQL: sign-in with lockout and idle
sessions, API keys, the audit chain and its verification, technology decisions."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pyotp
import pytest
from sqlalchemy import text

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_common.db import create_engine
from rtcc_oversight.settings import Settings
from rtcc_oversight.testing import Oversight, running_oversight

PASSWORD = "correct horse battery"


def _next_code(secret: str) -> str:
    """The code of the next 30 s step: accepted (one step of drift) after the current one."""
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + totp.interval)


@pytest.fixture
async def oversight(database_url: str, data_dir: Path) -> AsyncIterator[Oversight]:
    settings = Settings(database_url=database_url, data_dir=data_dir, session_idle_s=1.0)
    async with running_oversight(settings) as running:
        yield running


async def _user(oversight: Oversight, username: str = "ana") -> pb.CreateUserResponse:
    return await oversight.stub.CreateUser(
        pb.CreateUserRequest(username=username, password=PASSWORD, role="analyst")
    )


async def _login(oversight: Oversight, code: str, username: str = "ana") -> pb.AuthenticateResponse:
    return await oversight.stub.Authenticate(
        pb.AuthenticateRequest(username=username, password=PASSWORD, totp=code)
    )


async def test_login_needs_both_factors_and_five_failures_lock(oversight: Oversight) -> None:
    made = await _user(oversight)
    assert made.totp_uri.startswith("otpauth://totp/")
    engine = create_engine(oversight.settings.database_url, schema="oversight")
    async with engine.connect() as conn:
        stored = (await conn.execute(text("SELECT * FROM users"))).mappings().one()
    await engine.dispose()
    # Neither the password nor the TOTP secret is kept as given.
    assert made.totp_secret not in str(dict(stored)) and PASSWORD not in str(dict(stored))
    code = pyotp.TOTP(made.totp_secret).now()
    ok = await _login(oversight, code)
    assert ok.outcome == pb.AUTH_OUTCOME_OK and ok.user.role == "analyst" and ok.session_id
    wrong_password = await oversight.stub.Authenticate(
        pb.AuthenticateRequest(username="ana", password="not the password", totp=code)
    )
    assert wrong_password.outcome == pb.AUTH_OUTCOME_BAD_CREDENTIALS
    outcomes = [(await _login(oversight, "000000")).outcome for _ in range(4)]
    assert outcomes[:3] == [pb.AUTH_OUTCOME_BAD_CREDENTIALS] * 3
    assert outcomes[3] == pb.AUTH_OUTCOME_LOCKED  # the fifth failure in a row
    locked = await _login(oversight, pyotp.TOTP(made.totp_secret).now())
    assert locked.outcome == pb.AUTH_OUTCOME_LOCKED
    assert 590 < locked.locked_until - time.time() <= 600
    await oversight.stub.UpdateUser(pb.UpdateUserRequest(id=made.user.id, unlock=True))
    replayed = await _login(oversight, code)
    assert replayed.outcome == pb.AUTH_OUTCOME_BAD_CREDENTIALS  # a code works once
    again = await _login(oversight, _next_code(made.totp_secret))
    assert again.outcome == pb.AUTH_OUTCOME_OK


async def test_unknown_user_and_bad_accounts_are_refused(oversight: Oversight) -> None:
    assert (await _login(oversight, "123456", "nobody")).outcome == pb.AUTH_OUTCOME_UNKNOWN_USER
    for request, message in (
        (pb.CreateUserRequest(username="x", password="short", role="analyst"), "password"),
        (pb.CreateUserRequest(username="x", password=PASSWORD, role="mayor"), "role"),
        (pb.CreateUserRequest(username="p", password=PASSWORD, role="partner"), "agency"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await oversight.stub.CreateUser(request)
        assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert message in (error.value.details() or "")
    await _user(oversight)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await _user(oversight, "ANA")
    assert error.value.code() == grpc.StatusCode.ALREADY_EXISTS


async def test_sessions_end_when_idle_or_ended(oversight: Oversight) -> None:
    made = await _user(oversight)
    first = await _login(oversight, pyotp.TOTP(made.totp_secret).now())
    touch = pb.TouchSessionRequest(session_id=first.session_id)
    assert (await oversight.stub.TouchSession(touch)).active
    await asyncio.sleep(1.5)  # the fixture's idle limit is 1 s
    assert not (await oversight.stub.TouchSession(touch)).active
    second = await _login(oversight, _next_code(made.totp_secret))
    await oversight.stub.EndSession(pb.EndSessionRequest(session_id=second.session_id))
    assert not (
        await oversight.stub.TouchSession(pb.TouchSessionRequest(session_id=second.session_id))
    ).active


async def test_a_reset_authenticator_replaces_the_old_secret_and_ends_sessions(
    oversight: Oversight,
) -> None:
    made = await _user(oversight)
    opened = await _login(oversight, pyotp.TOTP(made.totp_secret).now())
    assert opened.outcome == pb.AUTH_OUTCOME_OK
    reset = await oversight.stub.ResetAuthenticator(pb.ResetAuthenticatorRequest(username="Ana"))
    assert reset.totp_secret != made.totp_secret and reset.user.username == "ana"
    assert reset.totp_uri.startswith("otpauth://totp/")
    touch = pb.TouchSessionRequest(session_id=opened.session_id)
    assert not (await oversight.stub.TouchSession(touch)).active
    # The old authenticator's next code is refused; the new one's is accepted.
    old = await _login(oversight, _next_code(made.totp_secret))
    assert old.outcome == pb.AUTH_OUTCOME_BAD_CREDENTIALS
    new = await _login(oversight, pyotp.TOTP(reset.totp_secret).now())
    assert new.outcome == pb.AUTH_OUTCOME_OK
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await oversight.stub.ResetAuthenticator(pb.ResetAuthenticatorRequest(username="nobody"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


async def test_api_keys_are_hashed_scoped_and_revocable(oversight: Oversight) -> None:
    made = await oversight.stub.CreateApiKey(
        pb.CreateApiKeyRequest(
            name="county sheriff", role="partner", agency="CSO", scopes=["lpr.reads.search"]
        )
    )
    assert made.secret.startswith("rtcc_") and made.key.prefix == made.secret[:12]
    verified = await oversight.stub.VerifyApiKey(pb.VerifyApiKeyRequest(secret=made.secret))
    assert verified.valid and verified.key.agency == "CSO"
    assert list(verified.key.scopes) == ["lpr.reads.search"]
    engine = create_engine(oversight.settings.database_url, schema="oversight")
    async with engine.connect() as conn:
        stored = (await conn.execute(text("SELECT * FROM api_keys"))).mappings().one()
    await engine.dispose()
    assert made.secret not in json.dumps(dict(stored), default=str)
    await oversight.stub.RevokeApiKey(pb.RevokeApiKeyRequest(id=made.key.id))
    after = await oversight.stub.VerifyApiKey(pb.VerifyApiKeyRequest(secret=made.secret))
    assert not after.valid
    guessed = await oversight.stub.VerifyApiKey(pb.VerifyApiKeyRequest(secret="rtcc_guess"))
    assert not guessed.valid


def _record(n: int) -> pb.AuditRecord:
    return pb.AuditRecord(
        subject=f"user{n % 3}",
        role="analyst",
        action="lpr.reads.search",
        query_json=json.dumps({"plate": f"ABC{n}"}),
        reason="burglary follow-up",
        case_number=f"24-{n % 2}",
        result="ok",
        source="127.0.0.1",
        request_id=f"req-{n}",
    )


async def test_audit_chain_holds_under_concurrency_and_names_the_altered_record(
    oversight: Oversight,
) -> None:
    replies = await asyncio.gather(
        *(oversight.stub.AppendAudit(pb.AppendAuditRequest(record=_record(n))) for n in range(60))
    )
    assert sorted(r.seq for r in replies) == list(range(1, 61))
    intact = await oversight.stub.VerifyAudit(pb.VerifyAuditRequest())
    assert intact.intact and intact.records_checked == 60
    page = await oversight.stub.QueryAudit(
        pb.QueryAuditRequest(subject="user1", case_number="24-1", limit=5)
    )
    assert [r.subject for r in page.records] == ["user1"] * 5 and page.next_after_seq
    assert all(r.case_number == "24-1" for r in page.records)

    engine = create_engine(oversight.settings.database_url, schema="oversight")
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE audit_log SET reason = 'nothing' WHERE seq = 23"))
    broken = await oversight.stub.VerifyAudit(pb.VerifyAuditRequest())
    assert not broken.intact and broken.first_bad_seq == 23
    assert "altered" in broken.problem and broken.records_checked == 22
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM audit_log WHERE seq IN (20, 23)"))
    await engine.dispose()
    removed = await oversight.stub.VerifyAudit(pb.VerifyAuditRequest())
    assert not removed.intact and removed.first_bad_seq == 21 and "20 is missing" in removed.problem


async def test_technologies_start_proposed_and_decisions_need_their_references(
    oversight: Oversight,
) -> None:
    listed = await oversight.stub.ListTechnologies(pb.ListTechnologiesRequest())
    assert {t.key: t.status for t in listed.technologies} == {
        "fixed_video": "proposed",
        "resident_video": "proposed",
        "lpr": "proposed",
        "live_monitoring": "proposed",
        "partner_sharing": "proposed",
    }
    for request in (
        pb.DecideTechnologyRequest(key="lpr", status="approved", use_policy="policy"),
        pb.DecideTechnologyRequest(key="lpr", status="approved", ordinance_ref="Ord. 12"),
        pb.DecideTechnologyRequest(key="lpr", status="suspended"),
        pb.DecideTechnologyRequest(key="lpr", status="banned"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await oversight.stub.DecideTechnology(request)
        assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    approved = await oversight.stub.DecideTechnology(
        pb.DecideTechnologyRequest(
            key="lpr",
            status="approved",
            ordinance_ref="Ord. 2024-12",
            use_policy="Plate data kept 30 days.",
            decided_by="clerk",
        )
    )
    assert approved.status == "approved" and approved.ordinance_ref == "Ord. 2024-12"
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await oversight.stub.DecideTechnology(
            pb.DecideTechnologyRequest(key="drones", status="suspended", note="no")
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
