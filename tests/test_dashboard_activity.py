"""Where to look, in a real browser (Debian's headless Chromium) against `rtcc up --demo`: the
recorder's activity index of a demo camera (camsim's vehicles) drawn as a strip under the
recorded spans, and "next / previous activity" playing from one span to the next. Screenshots
go to test-artifacts/dashboard/act-*."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.async_api import Page

from rtcc_common.chromium import CHROMIUM
from tests.dashboard_browser import WAIT_MS, account, shot, sign_in
from tests.suite import RunningSuite, demo_cameras, demo_suite, wait_until

pytestmark = [
    pytest.mark.skipif(
        __import__("shutil").which(CHROMIUM) is None, reason="needs Debian's chromium"
    ),
    # The suite starts, records, and the index waits for 30 s of each camera's quiet.
    pytest.mark.timeout(600),
]
REASON = "hit and run on Main St, looking for the car"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("activity") / "data") as running:
        yield running


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def utc_input(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def spans(demo: RunningSuite, camera_id: str) -> list[dict[str, Any]]:
    with demo.client("detective") as api:
        reply = api.get(
            f"/v1/cameras/{camera_id}/activity",
            params={"start": iso(time.time() - 3600), "end": iso(time.time()), "reason": REASON},
        )
    return list(reply.raise_for_status().json()["spans"])


async def moved_from(page: Page, moment: str) -> str:
    """The moment in the jump field (as utc_input writes it) once it shows another."""
    await page.wait_for_function(
        "(at) => document.querySelector('input[name=jump_to]').value.replace(' ', 'T') !== at",
        arg=moment,
        timeout=WAIT_MS,
    )  # fmt: skip
    return (await page.input_value("input[name=jump_to]")).replace(" ", "T")


async def test_activity_strip_and_stepping_from_span_to_span(
    demo: RunningSuite, page: Page
) -> None:
    camera = demo_cameras(demo)["demo-cam-1"]
    found = wait_until(lambda: (s := spans(demo, camera)) and len(s) >= 4 and s, timeout_s=300)
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.goto(f"{demo.url}/#/timeline/{camera}")
    await page.wait_for_selector("svg.timeline rect.timeline-ground", timeout=WAIT_MS)
    await page.fill("input[name=reason]", REASON)
    await page.click("button[name=span-300]")
    await page.click("button[name=now]")  # the last five minutes
    await page.wait_for_selector("svg.timeline rect.activity", timeout=WAIT_MS)
    await shot(page, "act-01-strip")

    # From just before the second span, next plays from the start of a span after that moment
    # (the one next to wherever playback has got to); previous from one before it.
    before_second = datetime.fromisoformat(found[1]["start"]).timestamp() - 1.5
    await page.fill("input[name=jump_to]", utc_input(before_second))
    await page.click("form.jump-form button[type=submit]")
    await page.click("button[name=next_activity]")
    after = await moved_from(page, utc_input(before_second))
    starts = {
        utc_input(datetime.fromisoformat(s["start"]).timestamp()) for s in spans(demo, camera)
    }
    assert after in starts and after > utc_input(before_second), (after, sorted(starts))
    await shot(page, "act-02-next")
    await page.click("button[name=previous_activity]")
    back = await moved_from(page, after)
    assert back in starts and back < after, (back, after, sorted(starts))
    await shot(page, "act-03-previous")

    with demo.client("auditor") as api:
        audit = api.get("/v1/oversight/audit", params={"user": "demo-analyst"})
    records = audit.raise_for_status().json()["records"]
    assert any(
        r["action"] == "recordings.activity" and r["reason"] == REASON and camera in r["object_ids"]
        for r in records
    )
