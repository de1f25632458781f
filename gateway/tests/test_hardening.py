"""The holes found by attacking the suite, each closed: one credential per request, open streams
held to the policy, bodies limited as they arrive, playback links tied to their session, and
X-Forwarded-For believed only from a configured proxy. Real gateway (uvicorn), real oversight
service, and the lpr service where a test needs one."""

from __future__ import annotations

import asyncio
import json
import resource
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pyotp

from rtcc_gateway import playback_grants as grants
from rtcc_gateway.auth.tokens import Principal
from rtcc_lpr.testing import read_body, running_lpr

PASSWORD = "correct horse battery"
WHY = {"reason": "stolen vehicle report", "case_number": "24-0009"}


async def _person(gateway: Any, username: str, role: str) -> str:
    """A person who signs in; returns a token of a fresh login session."""
    async with gateway.client("admin", subject="root") as admin:
        made = await admin.post(
            "/v1/users", json={"username": username, "password": PASSWORD, "role": role}
        )
        assert made.status_code == 201, made.text
        secret = made.json()["totp_secret"]
    async with httpx.AsyncClient(base_url=gateway.url) as anonymous:
        login = await anonymous.post(
            "/v1/auth/login",
            json={"username": username, "password": PASSWORD, "totp": pyotp.TOTP(secret).now()},
        )
        assert login.status_code == 200, login.text
        token: str = login.json()["access_token"]
        return token


async def test_a_junk_api_key_never_switches_off_the_session_check(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(policy_cache_s=0.0) as gateway:
        token = await _person(gateway, "ada", "admin")
        bearer = {"Authorization": f"Bearer {token}"}
        audit = "/v1/oversight/audit"
        async with httpx.AsyncClient(base_url=gateway.url) as http:
            assert (await http.get(audit, params={"limit": 1}, headers=bearer)).status_code == 200
            # Two credentials, or a key that is not one, are refused outright.
            both = await http.get(audit, params={"limit": 1}, headers={**bearer, "X-API-Key": "x"})
            assert both.status_code == 401
            assert "exactly one credential" in both.json()["detail"][0]["msg"]
            junk = await http.get(audit, headers={"X-API-Key": "x"})
            assert junk.status_code == 401 and "malformed" in junk.json()["detail"][0]["msg"]
            basic = await http.get(audit, headers={"Authorization": "Basic YTpi"})
            assert basic.status_code == 401

            assert (await http.post("/v1/auth/logout", headers=bearer)).status_code == 204
            for headers in (bearer, {**bearer, "X-API-Key": "x"}, {**bearer, "X-API-Key": ""}):
                after = await http.get(audit, params={"limit": 1}, headers=headers)
                assert after.status_code == 401, (headers.keys(), after.text)
                renewed = await http.post("/v1/auth/refresh", headers=headers)
                assert renewed.status_code == 401


async def _sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    event, data = "", ""
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and event:
            yield event, data
            event, data = "", ""


async def test_an_open_alert_stream_ends_with_its_session(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with running_lpr(database_url, data_dir) as lpr:
        async with oversight_gateway(
            lpr_addr=lpr.address, policy_cache_s=0.0, alert_stream_keepalive_s=0.3
        ) as gateway:
            token = await _person(gateway, "ana", "analyst")
            bearer = {"Authorization": f"Bearer {token}"}
            async with (
                gateway.client("admin") as admin,
                gateway.client("reader") as reader,
                httpx.AsyncClient(base_url=gateway.url, headers=bearer, timeout=30) as analyst,
            ):
                hotlist = (await admin.post("/v1/lpr/hotlists", json={"name": "stolen"})).json()
                await admin.post(
                    f"/v1/lpr/hotlists/{hotlist['id']}/entries",
                    json={"entries": [{"plate": "HOT777", "state": "TX"}]},
                )
                async with analyst.stream("GET", "/v1/lpr/alerts/stream") as stream:
                    events = _sse_events(stream)
                    await reader.post("/v1/lpr/reads", json={"reads": [read_body("a", "HOT777")]})
                    kind, _ = await asyncio.wait_for(anext(events), timeout=20)
                    assert kind == "alert"
                    await analyst.post("/v1/auth/logout")
                    await reader.post("/v1/lpr/reads", json={"reads": [read_body("b", "HOT777")]})
                    kind, data = await asyncio.wait_for(anext(events), timeout=20)
                    assert kind == "end", data
                    assert "session" in json.loads(data)["reason"]


async def test_a_large_body_is_cut_off_as_it_arrives(oversight_gateway: Any) -> None:
    """300 MB sent in chunks, with no token and no Content-Length: refused without the gateway
    holding it (before, the gateway grew from 137 MB to over 1 GB)."""

    async def chunks() -> AsyncIterator[bytes]:
        block = b"x" * (1 << 20)
        for _ in range(300):
            yield block

    async with oversight_gateway() as gateway, httpx.AsyncClient(base_url=gateway.url) as http:
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            reply = await http.post(
                "/v1/cases", content=chunks(), headers={"content-type": "application/json"}
            )
            assert reply.status_code == 413, reply.text
            assert "larger than" in reply.json()["detail"][0]["msg"]
        except httpx.HTTPError:
            pass  # the gateway may close the connection once it has read enough
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024
        assert grown_mb < 100, f"peak memory grew {grown_mb:.0f} MB"
        public = await http.post("/v1/registrations", json={"x": "y" * 70_000})
        assert public.status_code == 413


async def test_a_playback_link_dies_with_the_session_that_asked_for_it(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(policy_cache_s=0.0) as gateway:
        token = await _person(gateway, "dee", "detective")
        bearer = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=gateway.url) as http:
            me = (await http.get("/v1/me", headers=bearer)).json()
            assert me["subject"] == "dee"
            session_id = gateway.app.state.verified_tokens.verify(token).session_id
            grant = grants.issue(
                Principal(
                    subject="dee", role="detective", agency=None, token_id="", session_id=session_id
                )
            )
            segment = "ab" * 16
            link = f"/v1/recordings/segments/{segment}.ts?{grant.query(gateway.key, segment)}"
            # While the session lasts the link is honoured (the recorder is down here: 503).
            assert (await http.get(link)).status_code == 503
            forged = link.replace("sub=dee", "sub=eve")
            assert (await http.get(forged)).status_code == 403
            await http.post("/v1/auth/logout", headers=bearer)
            ended = await http.get(link)
            assert ended.status_code == 403 and "session" in ended.json()["detail"][0]["msg"]


async def test_x_forwarded_for_is_believed_only_from_a_configured_proxy(
    oversight_gateway: Any,
) -> None:
    """The public registration form allows a burst of 5 per address: a client cannot get more
    by claiming other addresses."""
    async with oversight_gateway() as gateway, httpx.AsyncClient(base_url=gateway.url) as http:
        codes = []
        for n in range(7):
            reply = await http.post(
                "/v1/registrations", json={}, headers={"X-Forwarded-For": f"198.51.100.{n}"}
            )
            codes.append(reply.status_code)
        assert codes[:5] == [422] * 5 and codes[5:] == [429, 429]
    async with (
        oversight_gateway(trusted_proxies=["127.0.0.1"]) as gateway,
        httpx.AsyncClient(base_url=gateway.url) as http,
    ):
        codes = []
        for n in range(7):
            reply = await http.post(
                "/v1/registrations", json={}, headers={"X-Forwarded-For": f"198.51.100.{n}"}
            )
            codes.append(reply.status_code)
        assert codes == [422] * 7  # behind a trusted proxy, each forwarded client has its own


async def test_errors_have_one_shape_and_out_of_range_numbers_are_422(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway() as gateway, gateway.client("auditor") as auditor:
        huge = await auditor.get("/v1/oversight/audit", params={"after_seq": 2**63})
        assert huge.status_code == 422
        for reply in (
            await auditor.get("/v1/no-such-route"),
            await auditor.delete("/v1/oversight/audit"),
            await auditor.post(
                "/v1/cases", content=b"{not json", headers={"content-type": "application/json"}
            ),
        ):
            assert reply.status_code in (404, 405, 422), reply.text
            detail = reply.json()["detail"]
            assert isinstance(detail, list) and {"msg", "type"} <= set(detail[0]), reply.text


async def test_an_open_live_session_is_held_to_its_viewers_session_and_approvals(
    oversight_gateway: Any,
) -> None:
    from aiortc import RTCPeerConnection

    from rtcc_gateway.webrtc.policy_watch import why_not_allowed
    from rtcc_gateway.webrtc.sessions import LiveSession

    async with oversight_gateway(policy_cache_s=0.0) as gateway:
        token = await _person(gateway, "vic", "analyst")
        principal = gateway.app.state.verified_tokens.verify(token)
        peer = RTCPeerConnection()
        session = LiveSession(
            id="s1", camera_id="cam1", variant="main", subject="vic", role="analyst",
            agency=None, transport="passthrough", peer=peer, principal=principal,
        )  # fmt: skip
        cache = gateway.app.state.policy_cache
        assert await why_not_allowed(cache, session) is None
        async with gateway.client("admin") as admin:
            suspended = await admin.put(
                "/v1/oversight/technologies/live_monitoring",
                json={"status": "suspended", "note": "council review"},
            )
            assert suspended.status_code == 200, suspended.text
        assert await why_not_allowed(cache, session) == "approval_withdrawn"
        async with httpx.AsyncClient(base_url=gateway.url) as http:
            await http.post("/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert await why_not_allowed(cache, session) == "session_ended"
        await peer.close()
