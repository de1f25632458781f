"""Live view of cameras the gateway was not first written against: H.264 High profile with
B-frames (WebRTC decoders take none: passed through, Chromium showed ~1 picture a second),
Motion JPEG, and a camera that offers RTSP over UDP only (TCP refused with 461, as VLC's server
does). aiortc viewers decode what the gateway sends; Chromium plays the B-frame camera at the
camera's rate."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_cli.camsim import CameraSimulator, CameraSpec

Viewers = Any
FPS = 15


@pytest.fixture(scope="module")
def field_cameras() -> Iterator[CameraSimulator]:
    def spec(name: str, **variant: Any) -> CameraSpec:
        fields: dict[str, Any] = dict(
            name=name, width=320, height=176, fps=FPS, bitrate_kbps=300, keyframe_interval=30
        )
        fields.update(variant)
        return CameraSpec(**fields)

    specs = [
        spec("high-bframes", b_frames=3),
        spec("mjpeg", codec="mjpeg"),
        spec("udp-only", transports="udp"),
    ]
    with CameraSimulator(specs, host="127.0.0.1", port=0) as sim:
        yield sim


@pytest.fixture(scope="module")
async def field_ids(registry_stub: Any, field_cameras: CameraSimulator) -> dict[str, str]:
    ids = {}
    for spec in field_cameras.cameras:
        camera = pb.CameraInput(
            name=spec.name,
            ownership=pb.OWNERSHIP_CITY,
            technology="fixed",
            location=pb.Location(lat=41.88, lon=-87.63, address="1 Main St"),
            stream_url=field_cameras.url(spec.name),
            permissions=pb.Permissions(live=True, record=True),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        reply = await registry_stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
        ids[spec.name] = reply.camera.id
    return ids


def answered_profiles(sdp: str) -> set[str]:
    return set(re.findall(r"profile-level-id=([0-9a-fA-F]{6})", sdp))


async def _transport(http: httpx.AsyncClient, tokens: Any, location: str) -> str:
    session_id = location.rsplit("/", 1)[1]
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    [mine] = [s for s in sessions["open"] if s["id"] == session_id]
    return str(mine["transport"])


@pytest.mark.parametrize("name", ["high-bframes", "mjpeg"])
async def test_b_frames_and_mjpeg_are_transcoded_and_the_sdp_says_what_is_sent(
    viewers: Viewers, field_ids: dict[str, str], http: httpx.AsyncClient, tokens: Any, name: str
) -> None:
    viewer = viewers()
    reply = await viewer.watch(field_ids[name])
    assert reply.status_code == 201, reply.text
    # What the viewer gets is aiortc's constrained baseline, never High under its name.
    profiles = answered_profiles(reply.text)
    assert profiles and profiles <= {"42001f", "42e01f"}, profiles
    await viewer.wait_frames(20)
    assert set(viewer.frames) == {(320, 176)}
    assert await _transport(http, tokens, reply.headers["location"]) == "transcode"
    assert (await viewer.hang_up()).status_code == 200


async def test_a_udp_only_camera_is_watched_over_udp(
    viewers: Viewers, field_ids: dict[str, str], http: httpx.AsyncClient, tokens: Any
) -> None:
    """The gateway asks for TCP first, is refused with 461, and reads the camera over UDP."""
    viewer = viewers()
    reply = await viewer.watch(field_ids["udp-only"])
    assert reply.status_code == 201, reply.text
    await viewer.wait_frames(20)
    assert set(viewer.frames) == {(320, 176)}
    assert await _transport(http, tokens, reply.headers["location"]) == "passthrough"
    await viewer.hang_up()


async def test_chromium_plays_a_b_frame_camera_at_its_own_rate(
    browser: BrowserContext, gateway: tuple[str, bytes], tokens: Any, field_ids: dict[str, str]
) -> None:
    page = await browser.new_page()
    camera = field_ids["high-bframes"]
    await page.goto(f"{gateway[0]}/live/player#camera={camera}&token={tokens.token()}")
    await page.wait_for_function(
        "window.liveStats.frames >= 10 || window.liveStats.error !== null", timeout=60_000
    )
    assert await page.evaluate("window.liveStats.error") is None
    start_frames, started = await page.evaluate("window.liveStats.frames"), time.monotonic()
    await asyncio.sleep(6)
    frames = await page.evaluate("window.liveStats.frames") - start_frames
    fps = frames / (time.monotonic() - started)
    print(f"chromium_b_frame_camera_fps={fps:.1f} (camera {FPS} fps)")
    assert fps >= FPS * 0.6, fps
    assert await page.evaluate("document.getElementById('video').videoWidth") == 320
