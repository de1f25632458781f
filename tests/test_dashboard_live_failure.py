"""The dashboard's live player when the gateway lets a session go: WHEP answered 201 and the
browser's connection is up, but the camera sends nothing; the player reads its session at the
WHEP location and says why, instead of spinning for ever. Against `rtcc up --demo` in Debian's
headless Chromium, with a camera added at an address where nothing listens."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator

import pytest
from playwright.async_api import Page

from rtcc_common.chromium import CHROMIUM
from tests.dashboard_browser import WAIT_MS, account, shot, sign_in
from tests.suite import RunningSuite, demo_suite

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    # A viewer without pictures from a failing camera is let go after this long.
    env = {"RTCC_GATEWAY_LIVE_CONNECT_TIMEOUT_S": "5"}
    with demo_suite(tmp_path_factory.mktemp("live-failure") / "data", env=env) as running:
        yield running


async def test_the_live_player_says_why_the_camera_cannot_be_watched(
    demo: RunningSuite, page: Page
) -> None:
    with socket.socket() as nothing_listens:
        nothing_listens.bind(("127.0.0.1", 0))
        body = {
            "name": "Unreachable corner",
            "ownership": "city",
            "technology": "fixed",
            "location": {"lat": 41.88, "lon": -87.63, "address": "1 Main St"},
            "stream_url": f"rtsp://127.0.0.1:{nothing_listens.getsockname()[1]}/stream",
            "permissions": {"live": True, "record": False},
            "lifecycle": "active",
        }
        with demo.client("admin") as api:
            camera = api.post("/v1/cameras", json=body).raise_for_status().json()
        await sign_in(page, demo.url, account(demo, "demo-analyst"))
        await page.goto(f"{demo.url}/#/grid/{camera['id']}")
        player = f"figure.player[data-camera='{camera['id']}']"
        await page.wait_for_selector(f"{player}[data-state=error]", timeout=WAIT_MS)
    message = await page.text_content(f"{player} .overlay .error") or ""
    assert message.startswith("Live view failed:"), message
    assert "the camera sent no picture and keeps failing" in message
    await shot(page, "live-failed-with-reason")
