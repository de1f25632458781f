"""Live view of cameras as they come in the field: H.264 parameter sets only in the SDP, an
audio track beside the pictures, RTSP digest authentication, H.265. aiortc viewers decode
what the gateway relays; Chromium plays the camera whose parameter sets are out of band."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import structlog
from playwright.async_api import BrowserContext

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_gateway.webrtc.upstream import Upstream

Viewers = Any
PASSWORD = "p@ss:w/rd#1"


def _spec(name: str, **variant: Any) -> CameraSpec:
    return CameraSpec(
        name=name, width=320, height=180, fps=15, bitrate_kbps=300, keyframe_interval=30, **variant
    )


@pytest.fixture(scope="module")
def variant_cameras() -> Iterator[CameraSimulator]:
    specs = [
        _spec("sprop-only", parameter_sets="out_of_band"),
        _spec("with-aac", audio="aac"),
        _spec("with-pcmu", audio="pcmu", parameter_sets="out_of_band"),
        _spec("with-digest", username="admin", password=PASSWORD),
        _spec("hevc", codec="h265"),
        _spec("changing"),
    ]
    with CameraSimulator(specs, host="127.0.0.1", port=0) as sim:
        yield sim


@pytest.fixture(scope="module")
async def variant_ids(registry_stub: Any, variant_cameras: CameraSimulator) -> dict[str, str]:
    ids = {}
    for spec in variant_cameras.cameras:
        camera = pb.CameraInput(
            name=spec.name,
            ownership=pb.OWNERSHIP_CITY,
            technology="fixed",
            location=pb.Location(lat=41.88, lon=-87.63, address="1 Main St"),
            stream_url=variant_cameras.url(spec.name),
            permissions=pb.Permissions(live=True, record=True),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        reply = await registry_stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
        ids[spec.name] = reply.camera.id
    return ids


@pytest.mark.parametrize("name", ["sprop-only", "with-aac", "with-pcmu", "with-digest"])
async def test_viewer_decodes_the_camera(
    viewers: Viewers, variant_ids: dict[str, str], name: str
) -> None:
    """aiortc's decoder has only what the gateway sends: without SPS/PPS before the keyframe
    (the camera sends them in its SDP only) it would decode nothing."""
    viewer = viewers()
    reply = await viewer.watch(variant_ids[name])
    assert reply.status_code == 201, reply.text
    assert "H264/90000" in reply.text
    await viewer.wait_frames(20)
    assert set(viewer.frames) == {(320, 180)}
    assert (await viewer.hang_up()).status_code == 200


@pytest.mark.parametrize("codec", ["H264", "VP8"])
async def test_an_h265_camera_is_transcoded_for_the_browser(
    viewers: Viewers,
    variant_ids: dict[str, str],
    http: httpx.AsyncClient,
    tokens: Any,
    codec: str,
) -> None:
    """Browsers cannot be sent H.265 over WebRTC: the viewer gets the pictures re-encoded in
    the codec it negotiated, and the session says so."""
    viewer = viewers(codec=codec)
    reply = await viewer.watch(variant_ids["hevc"])
    assert reply.status_code == 201, reply.text
    assert f"{codec}/90000" in reply.text
    await viewer.wait_frames(10)
    assert set(viewer.frames) == {(320, 180)}
    session_id = reply.headers["location"].rsplit("/", 1)[1]
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    [mine] = [s for s in sessions["open"] if s["id"] == session_id]
    assert mine["transport"] == "transcode"
    await viewer.hang_up()


async def test_chromium_plays_a_camera_whose_parameter_sets_are_only_in_its_sdp(
    browser: BrowserContext, gateway: tuple[str, bytes], tokens: Any, variant_ids: dict[str, str]
) -> None:
    page = await browser.new_page()
    camera = variant_ids["sprop-only"]
    await page.goto(f"{gateway[0]}/live/player#camera={camera}&token={tokens.token()}")
    await page.wait_for_function(
        "window.liveStats.frames >= 20 || window.liveStats.error !== null", timeout=60_000
    )
    assert await page.evaluate("window.liveStats.error") is None
    assert await page.evaluate("document.getElementById('video').videoWidth") == 320


async def test_a_refused_password_stays_out_of_the_logs(
    variant_cameras: CameraSimulator, wait_until: Any
) -> None:
    """PyAV's error quotes the URL it could not open, password and all."""
    url = variant_cameras.url("with-digest").replace("p%40ss", "wrong")
    with structlog.testing.capture_logs() as logs:
        upstream = Upstream(url, label="with-digest/main", loop=asyncio.get_running_loop())
        upstream.start()

        async def refused() -> bool:
            return any(entry["event"] == "upstream_failed" for entry in logs)

        await wait_until(refused)
        await upstream.close()
    [failure, *_] = [entry for entry in logs if entry["event"] == "upstream_failed"]
    assert "401" in failure["error"] and "rtsp://***@127.0.0.1:" in failure["error"]
    assert "wrong" not in repr(logs) and "admin" not in repr(logs)


async def test_chromium_plays_on_through_a_new_size_and_clock_jumps(
    browser: BrowserContext,
    gateway: tuple[str, bytes],
    tokens: Any,
    variant_ids: dict[str, str],
    variant_cameras: CameraSimulator,
) -> None:
    """The camera changes under the live view without ending its RTSP session: its
    timestamps leap an hour ahead, then step back, then its pictures double in size. The
    browser must go on showing new pictures through each."""
    page = await browser.new_page()
    camera = variant_ids["changing"]
    await page.goto(f"{gateway[0]}/live/player#camera={camera}&token={tokens.token()}")

    async def frames_advance(by: int) -> None:
        shown = await page.evaluate("window.liveStats.frames")
        await page.wait_for_function(
            f"window.liveStats.frames >= {shown + by} || window.liveStats.error !== null",
            timeout=30_000,
        )
        assert await page.evaluate("window.liveStats.error") is None

    await frames_advance(15)
    await asyncio.to_thread(variant_cameras.jump_clock, "changing", 3600)
    await frames_advance(30)
    await asyncio.to_thread(variant_cameras.jump_clock, "changing", -2)
    await frames_advance(30)
    await asyncio.to_thread(variant_cameras.resize, "changing", 640, 360)
    await frames_advance(30)
    await page.wait_for_function(
        "document.getElementById('video').videoWidth === 640", timeout=30_000
    )


async def test_a_viewer_of_a_camera_that_refuses_the_gateway_is_let_go(
    viewers: Viewers,
    registry_stub: Any,
    variant_cameras: CameraSimulator,
    session_end_reason: Any,
) -> None:
    """The registry holds a password the camera no longer takes: the viewer is answered
    before the camera is asked, and must not wait for pictures for ever."""
    url = variant_cameras.url("with-digest").replace("p%40ss", "changed")
    camera = pb.CameraInput(
        name="password-changed",
        ownership=pb.OWNERSHIP_CITY,
        technology="fixed",
        location=pb.Location(lat=41.88, lon=-87.63, address="1 Main St"),
        stream_url=url,
        permissions=pb.Permissions(live=True, record=True),
        lifecycle=pb.LIFECYCLE_ACTIVE,
    )
    created = await registry_stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
    viewer = viewers()
    reply = await viewer.watch(created.camera.id)
    assert reply.status_code == 201, reply.text
    assert await session_end_reason(reply.headers["location"]) == "camera_unavailable"
    assert not viewer.frames
