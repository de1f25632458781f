"""Signing in as a person (password and TOTP), lockout, idle and ended sessions, and API keys
for devices and partner agencies, through a real gateway and oversight service."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import jwt
import pyotp

PASSWORD = "correct horse battery"


async def _make_user(admin: httpx.AsyncClient, username: str, role: str, **extra: str) -> str:
    reply = await admin.post(
        "/v1/users", json={"username": username, "password": PASSWORD, "role": role, **extra}
    )
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert body["user"]["role"] == role and "password" not in str(body["user"])
    secret: str = body["totp_secret"]
    return secret


async def _login(client: httpx.AsyncClient, username: str, code: str) -> httpx.Response:
    return await client.post(
        "/v1/auth/login", json={"username": username, "password": PASSWORD, "totp": code}
    )


async def test_login_gives_a_short_lived_token_and_five_failures_lock(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(access_token_ttl_s=600) as gateway:
        async with gateway.client("admin", subject="root") as admin:
            secret = await _make_user(admin, "dana", "detective")
        async with gateway.client() as anonymous:
            ok = await _login(anonymous, "dana", pyotp.TOTP(secret).now())
            assert ok.status_code == 200, ok.text
            token = ok.json()["access_token"]
            claims = jwt.decode(token, options={"verify_signature": False})
            assert claims["exp"] - claims["iat"] == 600 and claims["sid"]
            me = await anonymous.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
            seen = me.json()
            assert (seen["subject"], seen["role"], seen["agency"]) == ("dana", "detective", None)
            # What the role's rows allow, for a client to offer no more than that.
            assert {"cases.list", "lpr.reads.search", "live.view"} <= set(seen["may"])
            assert not {"users.list", "oversight.audit.query"} & set(seen["may"])

            assert (await _login(anonymous, "dana", "000000")).status_code == 401
            no_code = await anonymous.post(
                "/v1/auth/login", json={"username": "dana", "password": PASSWORD}
            )
            assert no_code.status_code == 422
            statuses = [(await _login(anonymous, "dana", "111111")).status_code for _ in range(4)]
            assert statuses == [401, 401, 401, 401]
            # Locked: the right password and code get the same answer as a wrong one.
            locked = await _login(anonymous, "dana", pyotp.TOTP(secret).now())
            assert locked.status_code == 401
            assert locked.json()["detail"][0]["msg"] == "invalid username, password or code"

        # A lost authenticator: a new secret, shown once; with the lockout lifted it signs in.
        async with gateway.client("admin", subject="root") as admin:
            reset = await admin.post("/v1/users/dana/authenticator")
            assert reset.status_code == 200, reset.text
            unlocked = await admin.post("/v1/users/dana/unlock")
            assert unlocked.status_code == 200 and unlocked.json()["locks_lifted"] >= 1
            missing = await admin.post("/v1/users/nobody/authenticator")
            assert missing.status_code == 404
        async with gateway.client("analyst") as analyst:
            refused = await analyst.post("/v1/users/dana/authenticator")
            assert refused.status_code == 403
        async with gateway.client() as anonymous:
            new_secret = reset.json()["totp_secret"]
            assert new_secret != secret and reset.json()["totp_uri"].startswith("otpauth://")
            again = await _login(anonymous, "dana", pyotp.TOTP(new_secret).now())
            assert again.status_code == 200, again.text

        async with gateway.client("auditor") as auditor:
            trail = await auditor.get("/v1/oversight/audit", params={"action": "auth.login"})
        results = [(r["subject"], r["result"]) for r in trail.json()["records"]]
        assert results[0] == ("dana", "ok")
        assert results.count(("dana", "bad_credentials")) == 4
        assert results.count(("dana", "locked")) == 2


async def test_sessions_end_on_logout_and_when_idle(oversight_gateway: Any) -> None:
    async with oversight_gateway(
        policy_cache_s=0.0, oversight_settings={"session_idle_s": 1.0}
    ) as gateway:
        async with gateway.client("admin", subject="root") as admin:
            secret = await _make_user(admin, "ana", "analyst")
        totp = pyotp.TOTP(secret)
        async with gateway.client() as client:
            token = (await _login(client, "ana", totp.now())).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            assert (await client.get("/v1/me", headers=headers)).status_code == 200
            await asyncio.sleep(1.5)
            idle = await client.get("/v1/me", headers=headers)
            assert idle.status_code == 401 and "session" in idle.json()["detail"][0]["msg"]

            # A code works once: the next login uses the next step's code.
            again = await _login(client, "ana", totp.at(time.time() + totp.interval))
            token = again.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            # An active session renews its token: same session, same person.
            renewed = await client.post("/v1/auth/refresh", headers=headers)
            assert renewed.status_code == 200, renewed.text
            new_token = renewed.json()["access_token"]
            old, new = (
                jwt.decode(t, options={"verify_signature": False}) for t in (token, new_token)
            )
            assert (new["sid"], new["sub"], new["role"]) == (old["sid"], "ana", "analyst")
            new_headers = {"Authorization": f"Bearer {new_token}"}
            assert (await client.get("/v1/me", headers=new_headers)).status_code == 200
            assert (await client.post("/v1/auth/logout", headers=headers)).status_code == 204
            assert (await client.get("/v1/me", headers=headers)).status_code == 401
            # Ending the session ends every token of it, the renewed one too.
            assert (await client.post("/v1/auth/refresh", headers=new_headers)).status_code == 401

        async with gateway.client("analyst") as script:
            refused = await script.post("/v1/auth/refresh")
            assert refused.status_code == 400 and "password login" in refused.text


async def test_api_keys_carry_role_agency_and_scopes_and_can_be_revoked(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(policy_cache_s=0.0) as gateway:
        async with gateway.client("admin", subject="root") as admin:
            made = await admin.post(
                "/v1/auth/api-keys",
                json={"name": "reader 7", "role": "reader", "scopes": ["lpr.reads.write"]},
            )
            assert made.status_code == 201, made.text
            secret, key_id = made.json()["secret"], made.json()["id"]
            bad_role = await admin.post("/v1/auth/api-keys", json={"name": "x", "role": "admin"})
            assert bad_role.status_code == 400
            listed = (await admin.get("/v1/auth/api-keys")).json()
            assert [k["id"] for k in listed] == [key_id] and "secret" not in listed[0]

        async with httpx.AsyncClient(base_url=gateway.url, headers={"X-API-Key": secret}) as dev:
            me = (await dev.get("/v1/me")).json()
            may = me.pop("may")
            assert me == {"subject": "key:reader 7", "role": "reader", "agency": None}
            # What the key may do is its role narrowed by its scopes.
            assert "lpr.reads.write" in may and not any(op.startswith("cameras.") for op in may)
            # Allowed by role and scope: reaches the (stopped) lpr service.
            assert (await dev.post("/v1/lpr/reads", json={"reads": []})).status_code != 403
            assert (await dev.get("/v1/cameras/cam1")).status_code == 403

        async with gateway.client("admin", subject="root") as admin:
            scoped = await admin.post(
                "/v1/auth/api-keys",
                json={
                    "name": "sheriff",
                    "role": "partner",
                    "agency": "CSO",
                    "scopes": ["lpr.alerts.*"],
                },
            )
            partner_secret = scoped.json()["secret"]
            assert (await admin.delete(f"/v1/auth/api-keys/{key_id}")).status_code == 200
            again = await admin.delete(f"/v1/auth/api-keys/{key_id}")
            assert again.status_code == 400

        bearer = {"Authorization": f"Bearer {partner_secret}"}
        async with httpx.AsyncClient(base_url=gateway.url, headers=bearer) as partner:
            search = await partner.get("/v1/lpr/reads", params={"plate": "A", "reason": "x"})
            assert search.status_code == 403
            assert "scopes do not include lpr.reads.search" in search.json()["detail"][0]["msg"]
            assert (await partner.get("/v1/lpr/alerts")).status_code != 403
        async with httpx.AsyncClient(base_url=gateway.url, headers={"X-API-Key": secret}) as dev:
            assert (await dev.get("/v1/me")).status_code == 401
