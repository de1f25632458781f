"""A real browser plays the live view: Debian's headless Chromium decodes the relayed H.264."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext

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
