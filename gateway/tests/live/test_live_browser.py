"""A real browser plays the live view: Debian's headless Chromium decodes the relayed H.264."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WAIT_MS = 60_000


async def test_chromium_plays_the_live_view_and_its_frames_advance(
    browser: BrowserContext, gateway: tuple[str, bytes], tokens: Any, camera_ids: dict[str, str]
) -> None:
    page = await browser.new_page()
    player = f"{gateway[0]}/live/player#camera={camera_ids['front']}&token={tokens.token()}"
    await page.goto(player)
    await page.wait_for_function(
        "window.liveStats.frames >= 10 || window.liveStats.error !== null", timeout=WAIT_MS
    )
    stats = await page.evaluate("window.liveStats")
    assert stats["error"] is None
    assert await page.evaluate("document.getElementById('video').videoWidth") == 640
    played = await page.evaluate("document.getElementById('video').currentTime")
    await page.wait_for_function(
        f"document.getElementById('video').currentTime > {played} + 1"
        f" && window.liveStats.frames > {stats['frames']} + 10",
        timeout=WAIT_MS,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "live_view_chromium.png"))


async def test_chromium_player_says_why_a_live_view_failed(
    browser: BrowserContext, gateway: tuple[str, bytes], tokens: Any, registry_stub: Any
) -> None:
    """A camera that answers nothing: the player was answered 201 and its connection is up,
    and the session's Location tells it that the gateway let it go, and why."""
    with socket.socket() as nothing_listens:
        nothing_listens.bind(("127.0.0.1", 0))
        camera = pb.CameraInput(
            name="unreachable",
            ownership=pb.OWNERSHIP_CITY,
            technology="fixed",
            location=pb.Location(lat=41.88, lon=-87.63, address="1 Main St"),
            stream_url=f"rtsp://127.0.0.1:{nothing_listens.getsockname()[1]}/stream",
            permissions=pb.Permissions(live=True, record=True),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        created = await registry_stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
        page = await browser.new_page()
        await page.goto(
            f"{gateway[0]}/live/player#camera={created.camera.id}&token={tokens.token()}"
        )
        await page.wait_for_function("window.liveStats.error !== null", timeout=WAIT_MS)
    stats = await page.evaluate("window.liveStats")
    assert stats["session"] is not None and stats["connectedAt"] is not None
    assert "camera sent no picture" in stats["error"] and "(camera_unavailable)" in stats["error"]
    assert "camera sent no picture" in (await page.text_content("#status") or "")
