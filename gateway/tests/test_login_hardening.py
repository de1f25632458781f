"""Signing in as an attacker meets it, through a real gateway and oversight service: unknown,
wrong and locked get one answer (the audit trail keeps the true cause); a guesser locks out
only the address they guess from, not the analyst's workstation; one address that keeps failing
is throttled; an administrator lifts a lockout, and that is audited.

Clients come from different loopback addresses (127.0.0.2, 127.0.0.3, ...), so the gateway sees
each as its own source, as it would see two machines."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx
import pyotp

PASSWORD = "correct horse battery"
ATTACKER, WORKSTATION, THIRD = "127.0.0.2", "127.0.0.3", "127.0.0.4"
INVALID = {"detail": [{"msg": "invalid username, password or code", "type": "unauthenticated"}]}


def _from(gateway: Any, address: str) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=gateway.url, transport=transport, timeout=30)


async def _make_user(gateway: Any, username: str) -> str:
    async with gateway.client("admin", subject="root") as admin:
        reply = await admin.post(
            "/v1/users", json={"username": username, "password": PASSWORD, "role": "analyst"}
        )
    assert reply.status_code == 201, reply.text
    secret: str = reply.json()["totp_secret"]
    return secret


async def _login(
    client: httpx.AsyncClient, username: str, password: str = "wrong password", code: str = ""
) -> httpx.Response:
    return await client.post(
        "/v1/auth/login",
        json={"username": username, "password": password, "totp": code or "000000"},
    )


async def _login_results(gateway: Any) -> list[tuple[str, str, str]]:
    async with gateway.client("auditor") as auditor:
        trail = await auditor.get(
            "/v1/oversight/audit", params={"action": "auth.login", "limit": 1000}
        )
    return [(r["subject"], r["source"], r["result"]) for r in trail.json()["records"]]


async def test_unknown_wrong_and_locked_get_the_same_answer(oversight_gateway: Any) -> None:
    async with oversight_gateway() as gateway:
        secret = await _make_user(gateway, "dana")
        async with _from(gateway, ATTACKER) as attacker:
            unknown = await _login(attacker, "nobody")
            wrong = await _login(attacker, "dana")
            for _ in range(4):
                await _login(attacker, "dana")
            locked = await _login(attacker, "dana", PASSWORD, pyotp.TOTP(secret).now())
        for reply in (unknown, wrong, locked):
            assert (reply.status_code, reply.json()) == (401, INVALID)
            assert "retry-after" not in reply.headers
        results = await _login_results(gateway)
        assert ("nobody", ATTACKER, "unknown_user") in results
        assert results.count(("dana", ATTACKER, "bad_credentials")) == 4
        assert results[-2:] == [("dana", ATTACKER, "locked")] * 2  # the fifth failure, then


async def test_a_guesser_does_not_lock_the_analyst_out_of_their_workstation(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway() as gateway:
        totp = pyotp.TOTP(await _make_user(gateway, "ana"))
        async with _from(gateway, ATTACKER) as attacker:
            for _ in range(8):
                assert (await _login(attacker, "ana")).status_code == 401
            refused = await _login(attacker, "ana", PASSWORD, totp.now())
            assert refused.status_code == 401
        async with _from(gateway, WORKSTATION) as workstation:
            signed_in = await _login(workstation, "ana", PASSWORD, totp.now())
            assert signed_in.status_code == 200, signed_in.text
            assert signed_in.json()["role"] == "analyst"
        results = await _login_results(gateway)
        assert ("ana", WORKSTATION, "ok") in results
        assert ("ana", ATTACKER, "locked") in results


async def test_an_address_that_keeps_failing_is_throttled_whatever_name_it_tries(
    oversight_gateway: Any,
) -> None:
    settings = {"login_throttle_burst": 5, "login_throttle_refill_s": 60.0}
    async with oversight_gateway(oversight_settings=settings) as gateway:
        totp = pyotp.TOTP(await _make_user(gateway, "ana"))
        async with _from(gateway, ATTACKER) as attacker:
            for n in range(5):
                assert (await _login(attacker, f"user{n}")).status_code == 401
            throttled = await _login(attacker, "ana", PASSWORD, totp.now())
            assert throttled.status_code == 429
            assert "too many failed sign-ins" in throttled.json()["detail"][0]["msg"]
            assert 50 <= int(throttled.headers["Retry-After"]) <= 60
        async with _from(gateway, WORKSTATION) as workstation:
            assert (await _login(workstation, "ana", PASSWORD, totp.now())).status_code == 200
        assert ("ana", ATTACKER, "throttled") in await _login_results(gateway)


async def test_an_administrator_lifts_a_lockout_and_it_is_audited(
    oversight_gateway: Any,
) -> None:
    settings = {"account_max_failed_logins": 10}
    async with oversight_gateway(oversight_settings=settings) as gateway:
        totp = pyotp.TOTP(await _make_user(gateway, "ana"))
        for address in (ATTACKER, THIRD):
            async with _from(gateway, address) as client:
                for _ in range(5):
                    await _login(client, "ana")
        async with _from(gateway, WORKSTATION) as workstation:
            # Ten failures from two addresses: locked everywhere, the workstation too.
            assert (await _login(workstation, "ana", PASSWORD, totp.now())).status_code == 401
        async with gateway.client("admin", subject="root") as admin:
            listed = {u["username"]: u for u in (await admin.get("/v1/users")).json()}
            locked_until = datetime.fromisoformat(listed["ana"]["locked_until"])
            assert locked_until.timestamp() > time.time()
            unlocked = await admin.post("/v1/users/ana/unlock")
            assert unlocked.status_code == 200, unlocked.text
            body = unlocked.json()
            assert body["username"] == "ana" and body["locks_lifted"] == 3
            assert body["locked_until"] is None
            assert (await admin.post("/v1/users/nobody/unlock")).status_code == 404
        async with gateway.client("supervisor") as supervisor:
            assert (await supervisor.post("/v1/users/ana/unlock")).status_code == 403
        async with _from(gateway, WORKSTATION) as workstation:
            assert (await _login(workstation, "ana", PASSWORD, totp.now())).status_code == 200
        async with gateway.client("auditor") as auditor:
            trail = await auditor.get("/v1/oversight/audit", params={"action": "users.unlock"})
        records = [(r["subject"], r["result"], r["object_ids"]) for r in trail.json()["records"]]
        assert ("root", "unlocked", ["ana"]) in records
        assert any(result == "denied" for _, result, _ in records)
