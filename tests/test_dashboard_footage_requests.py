"""Footage requests in a real browser against `rtcc up --demo`: an analyst asks the owner of a
camera registered for recordings on request, from the case page; the owner opens the link on
the public upload page and uploads a real H.264 clip; the case page then shows it uploaded and
as evidence, with the SHA-256 the owner was shown. Screenshots under test-artifacts/dashboard/."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page

from rtcc_common.chromium import CHROMIUM
from tests.dashboard_browser import VIEWPORT, WAIT_MS, account, shot, sign_in
from tests.suite import RunningSuite, demo_suite

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")

PORCH = {"lat": 41.7001, "lon": -87.7001}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("footage-requests") / "data") as running:
        yield running


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The clip's file, and its SHA-256."""
    path = tmp_path_factory.mktemp("clip") / "porch.mp4"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15",
            "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def register_porch_camera(demo: RunningSuite) -> str:
    """A resident links a doorbell for recordings on request only; a supervisor approves it."""
    with demo.client() as public, demo.client("supervisor") as supervisor:
        submitted = public.post(
            "/v1/registrations",
            json={
                "ownership": "resident",
                "owner_name": "Dana Resident",
                "owner_email": "dana@example.org",
                "camera_name": "Dana's doorbell",
                "technology": "doorbell",
                "location": {**PORCH, "address": "12 Elm St"},
                "permissions": {"recordings_on_request_only": True},
                "terms_version": "2026-01",
                "accepted_terms": True,
            },
        ).raise_for_status()
        registration_id = submitted.json()["registration"]["id"]
        approved = supervisor.post(f"/v1/registrations/{registration_id}/approve", json={})
        camera_id: str = approved.raise_for_status().json()["camera"]["id"]
        return camera_id


async def test_an_analyst_asks_an_owner_who_uploads_a_clip(
    demo: RunningSuite, page: Page, clip: tuple[Path, str]
) -> None:
    clip_path, clip_sha256 = clip
    camera_id = register_porch_camera(demo)
    with demo.client("analyst") as api:
        case = api.post(
            "/v1/cases",
            json={
                "number": "FR-0001",
                "offense": "robbery",
                "incident_lat": PORCH["lat"],
                "incident_lon": PORCH["lon"],
            },
        ).raise_for_status()
    case_id = case.json()["id"]

    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.goto(f"{demo.url}/dashboard/#/cases/{case_id}")
    form = page.locator(".footage-request-form")
    await form.wait_for(timeout=WAIT_MS)
    # The point is the case's incident, filled in.
    assert await form.locator("input[name=lat]").input_value() == str(PORCH["lat"])
    await form.locator("input[name=reason]").fill("robbery on Elm St")
    await form.locator("button[type=submit]").click()
    ask = page.locator('.footage-ask[data-status=sent]:has-text("Dana\'s doorbell")')
    await ask.locator(".upload-link").wait_for(timeout=WAIT_MS)
    assert "Dana Resident" in (await ask.text_content() or "")
    link = await ask.locator(".upload-link").input_value()
    assert link.startswith(f"{demo.url}/dashboard/footage-upload.html#")
    await shot(page, "footage-01-request-sent")

    browser = page.context.browser
    assert browser is not None
    owner_context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        owner = await owner_context.new_page()
        await owner.goto(link)
        await owner.locator(".owner-upload").wait_for(timeout=WAIT_MS)
        assert "FR-0001" in (await owner.text_content("#owner-request") or "")
        assert "robbery on Elm St" in (await owner.text_content("#owner-request") or "")
        await shot(owner, "footage-02-owner-page")
        await owner.set_input_files("input[name=clip]", str(clip_path))
        await owner.click(".owner-upload button[type=submit]")
        await owner.locator(".owner-status[data-status=uploaded]").wait_for(timeout=WAIT_MS)
        shown_hash = await owner.text_content("#owner-request code.sha256")
        await shot(owner, "footage-03-owner-uploaded")
        # The same link again: the page says it is used.
        await owner.reload()
        await owner.locator(".owner-status[data-status=uploaded]").wait_for(timeout=WAIT_MS)
    finally:
        await owner_context.close()
    assert shown_hash == clip_sha256

    await page.click(".refresh-requests")
    done = page.locator(".footage-ask[data-status=uploaded]")
    await done.wait_for(timeout=WAIT_MS)
    assert await done.locator(".upload-link").count() == 0  # a used link is not offered again
    row = page.locator(".evidence-row[data-kind=upload]")
    await row.wait_for(timeout=WAIT_MS)
    assert shown_hash in (await row.text_content() or "")
    await page.locator(".custody-row:has-text('uploaded by owner via request')").wait_for(
        timeout=WAIT_MS
    )
    await shot(page, "footage-04-case-with-clip")
    async with page.expect_download(timeout=WAIT_MS) as downloading:
        await row.locator("button:has-text('Download')").click()
    saved = await (await downloading.value).path()
    assert hashlib.sha256(await asyncio.to_thread(saved.read_bytes)).hexdigest() == clip_sha256

    with demo.client("analyst") as api:
        evidence = api.get(f"/v1/cases/{case_id}/evidence").raise_for_status().json()
    assert [(e["kind"], e["camera_id"], e["sha256"]) for e in evidence] == [
        ("upload", camera_id, shown_hash)
    ]
