"""A real browser plays the live view: Debian's headless Chromium decodes the relayed H.264."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, async_playwright

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    # Real host addresses in the offer, as on a closed network without mDNS.
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
WAIT_MS = 60_000

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
        )
        try:
            yield context
        finally:
            await context.close()


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
