"""Live view as a viewer meets it: aiortc peers watch simulated cameras through the gateway."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.oversight.v1 import oversight_pb2
from rtcc_cli.camsim import CameraSimulator

Viewers = Callable[..., Any]
WaitUntil = Callable[[Callable[[], Awaitable[bool]]], Awaitable[None]]


async def upstream_sessions(cameras: CameraSimulator, mount: str) -> int:
    return await asyncio.to_thread(cameras.sessions, mount)


async def test_viewer_receives_and_decodes_the_camera_as_it_came(
    http: httpx.AsyncClient,
    tokens: Any,
    viewers: Viewers,
    camera_ids: dict[str, str],
    shared_oversight: Any,
) -> None:
    viewer = viewers()
    reply = await viewer.watch(camera_ids["front"])
    assert reply.status_code == 201, reply.text
    assert reply.headers["content-type"].startswith("application/sdp")
    assert reply.headers["location"].startswith(f"/v1/cameras/{camera_ids['front']}/whep/")
    assert "H264/90000" in reply.text
    await viewer.wait_frames(20)
    assert set(viewer.frames) == {(640, 360)}
    session_id = viewer.location.rsplit("/", 1)[1]
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    [mine] = [s for s in sessions["open"] if s["id"] == session_id]
    assert (mine["subject"], mine["camera_id"], mine["transport"]) == (
        "ana",
        camera_ids["front"],
        "passthrough",
    )
    assert (await viewer.hang_up()).status_code == 200
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    assert session_id not in {s["id"] for s in sessions["open"]}
    [ended] = [s for s in sessions["ended"] if s["id"] == session_id]
    assert ended["ended_at"] >= ended["started_at"]
    assert ended["end_reason"] == "viewer_hung_up"
    # The audit trail holds the session: who, which camera, from when to when.
    trail = await shared_oversight.stub.QueryAudit(
        oversight_pb2.QueryAuditRequest(object_id=session_id, action_prefix="live.")
    )
    by_result = {r.result: r for r in trail.records}
    assert set(by_result) == {"started", "ended"}
    assert by_result["ended"].subject == "ana" and by_result["ended"].role == "analyst"
    assert list(by_result["ended"].object_ids) == [camera_ids["front"], session_id]
    assert by_result["ended"].technology == "live_monitoring"
    span = json.loads(by_result["ended"].query_json)
    assert (span["started_at"], span["ended_at"]) == (ended["started_at"], ended["ended_at"])


async def test_two_viewers_share_one_upstream_that_closes_after_the_last_leaves(
    viewers: Viewers,
    camera_ids: dict[str, str],
    cameras: CameraSimulator,
    wait_until: WaitUntil,
) -> None:
    first, second = viewers(subject="ana"), viewers(subject="bo")
    assert (await first.watch(camera_ids["lobby"])).status_code == 201
    assert (await second.watch(camera_ids["lobby"])).status_code == 201
    await first.wait_frames(10)
    await second.wait_frames(10)
    assert await upstream_sessions(cameras, "lobby") == 1
    await first.hang_up()
    await second.wait_frames(10)
    assert await upstream_sessions(cameras, "lobby") == 1
    await second.hang_up()

    async def upstream_closed() -> bool:
        return await upstream_sessions(cameras, "lobby") == 0

    await wait_until(upstream_closed)


async def test_grid_view_uses_the_sub_stream(
    viewers: Viewers, camera_ids: dict[str, str], cameras: CameraSimulator
) -> None:
    viewer = viewers()
    assert (await viewer.watch(camera_ids["front"], stream="sub")).status_code == 201
    await viewer.wait_frames(10)
    assert set(viewer.frames) == {(320, 180)}
    assert await upstream_sessions(cameras, "front-sub") == 1
    await viewer.hang_up()


async def test_viewer_without_h264_gets_a_transcoded_stream(
    viewers: Viewers, camera_ids: dict[str, str]
) -> None:
    viewer = viewers(codec="VP8")
    reply = await viewer.watch(camera_ids["front"])
    assert reply.status_code == 201, reply.text
    assert "VP8/90000" in reply.text and "H264" not in reply.text
    await viewer.wait_frames(10)
    assert set(viewer.frames) == {(640, 360)}
    await viewer.hang_up()


async def test_roles_and_owner_consent_decide_who_watches(
    viewers: Viewers, camera_ids: dict[str, str]
) -> None:
    reply = await viewers(role="auditor").watch(camera_ids["front"])
    assert reply.status_code == 403
    assert "live.view" in reply.json()["detail"][0]["msg"]
    reply = await viewers().watch(camera_ids["garage"])
    assert reply.status_code == 403
    assert "not granted live access" in reply.json()["detail"][0]["msg"]
    assert (await viewers().watch("no-such-camera")).status_code == 404


async def test_bad_offers_get_a_clear_4xx(
    http: httpx.AsyncClient, tokens: Any, camera_ids: dict[str, str]
) -> None:
    url = f"/v1/cameras/{camera_ids['front']}/whep"
    headers = tokens.bearer()
    reply = await http.post(url, content="v=0", headers={**headers, "content-type": "text/plain"})
    assert reply.status_code == 415
    for body in (b"not sdp", b"v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n", b"v=0\r\n\xff"):
        reply = await http.post(
            url, content=body, headers={**headers, "content-type": "application/sdp"}
        )
        assert reply.status_code == 400, body
        assert reply.json()["detail"][0]["msg"]
    assert (await http.delete(f"{url}/not-a-session", headers=headers)).status_code == 404
    assert (await http.get("/v1/live/sessions", headers=headers)).status_code == 403
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    assert not [s for s in sessions["open"] if s["camera_id"] == camera_ids["front"]]


async def test_owner_taking_back_live_access_ends_live_sessions_at_once(
    http: httpx.AsyncClient,
    tokens: Any,
    viewers: Viewers,
    camera_ids: dict[str, str],
    registry_stub: Any,
) -> None:
    viewer = viewers()
    assert (await viewer.watch(camera_ids["porch"])).status_code == 201
    await viewer.wait_frames(5)
    await registry_stub.UpdateCamera(
        pb.UpdateCameraRequest(
            id=camera_ids["porch"],
            camera=pb.CameraInput(permissions=pb.Permissions(live=False, record=True)),
            update_mask=["permissions"],
        )
    )
    await asyncio.wait_for(viewer.track_ended.wait(), 60)
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    assert camera_ids["porch"] not in {s["camera_id"] for s in sessions["open"]}
    [ended] = [s for s in sessions["ended"] if viewer.location.endswith(s["id"])]
    assert ended["end_reason"] == "live_access_not_granted"
    assert (await viewers().watch(camera_ids["porch"])).status_code == 403


async def test_resident_withdrawing_consent_ends_live_sessions_at_once(
    http: httpx.AsyncClient,
    tokens: Any,
    viewers: Viewers,
    cameras: CameraSimulator,
    registry_stub: Any,
) -> None:
    submitted = await registry_stub.SubmitRegistration(
        pb.SubmitRegistrationRequest(
            registration=pb.RegistrationInput(
                ownership=pb.OWNERSHIP_RESIDENT,
                owner_name="Rita Resident",
                owner_email="rita@example.org",
                camera_name="doorbell",
                technology="doorbell",
                location=pb.Location(lat=41.89, lon=-87.62, address="2 Elm St"),
                stream_url=cameras.url("doorbell"),
                permissions=pb.Permissions(live=True),
                terms_version="2026-01",
                accepted_terms=True,
            )
        )
    )
    approved = await registry_stub.ApproveRegistration(
        pb.ApproveRegistrationRequest(id=submitted.registration.id, reviewer="sgt-lee")
    )
    camera_id = approved.camera.id
    viewer = viewers()
    assert (await viewer.watch(camera_id)).status_code == 201
    await viewer.wait_frames(5)
    await registry_stub.WithdrawConsent(
        pb.WithdrawConsentRequest(
            id=submitted.registration.id, withdrawal_token=submitted.withdrawal_token
        )
    )
    await asyncio.wait_for(viewer.track_ended.wait(), 60)
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    [ended] = [s for s in sessions["ended"] if viewer.location.endswith(s["id"])]
    assert ended["end_reason"] == "consent_withdrawn"
    reply = await viewers().watch(camera_id)
    assert reply.status_code == 403
    assert "withdrew consent" in reply.json()["detail"][0]["msg"]


async def test_viewers_stay_on_through_a_camera_restart(
    viewers: Viewers, camera_ids: dict[str, str], cameras: CameraSimulator
) -> None:
    viewer = viewers()
    assert (await viewer.watch(camera_ids["front"])).status_code == 201
    await viewer.wait_frames(5)
    await asyncio.to_thread(cameras.stop)
    await asyncio.to_thread(cameras.start)
    await viewer.wait_frames(30)
    assert viewer.peer.connectionState == "connected"
    assert set(viewer.frames) == {(640, 360)}
