"""The analyst dashboard in a real browser (Debian's headless Chromium) against `rtcc up --demo`:
sign in with password and TOTP, find cameras near a point and move the map, watch live and a
live grid, play recorded footage, export a clip to a case and see it on the case board, search
plates (refused without a reason), confirm a plate alert from the live feed, and the oversight
pages. Screenshots of each step are kept under test-artifacts/dashboard/."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page

from rtcc_cli.demo_accounts import DemoAccount
from rtcc_common.chromium import CHROMIUM
from tests.dashboard_browser import (
    MAP_READY,
    WAIT_MS,
    account,
    click_into,
    click_map_at,
    drag,
    map_pixel,
    note_code_used,
    shot,
    sign_in,
    unused_code,
    wait_for_unused_step,
)
from tests.suite import RTCC, RunningSuite, demo_suite

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("dashboard") / "data") as running:
        yield running


async def sign_in_after_a_refusal(page: Page, url: str, analyst: DemoAccount) -> None:
    await page.goto(f"{url}/")
    await page.fill("input[name=username]", analyst.username)
    await page.fill("input[name=password]", "not the password")
    await page.fill("input[name=totp]", "000000")
    await page.click("#login-form button")
    # The gateway's own words, not a generic failure.
    await page.wait_for_selector("#login-error:has-text('invalid username, password or code')")
    await shot(page, "01-login-refused")
    await page.fill("input[name=password]", analyst.password)
    await page.fill("input[name=totp]", await unused_code(analyst))
    await page.click("#login-form button")
    await page.wait_for_selector(MAP_READY, timeout=WAIT_MS)
    assert await page.text_content("#who") == "demo-analyst (analyst)"
    # An analyst has no oversight role: the tab is not offered.
    assert await page.is_hidden("#nav a[data-view=oversight]")


async def find_cameras_near_a_point(page: Page) -> None:
    await shot(page, "02-map")
    # A click on the corner of Main St and 2nd Ave: every demo camera is within 300 m of it.
    await click_map_at(page, 41.8772, -87.6302)
    await page.wait_for_selector("tr.hit-row", timeout=WAIT_MS)
    rows = page.locator("tr.hit-row")
    assert await rows.count() == 3
    distances = [
        await rows.nth(i).locator("td.distance").text_content() for i in range(await rows.count())
    ]
    metres = [float(re.sub(r"[^0-9.]", "", d or "")) for d in distances]
    assert metres == sorted(metres) and all(d.endswith(" m") for d in distances if d)
    assert all(m <= 300 for m in metres)
    await shot(page, "03-cameras-near-point")


async def pan_and_zoom_the_map(page: Page) -> None:
    """Dragging moves the cameras with the pointer; the wheel zooms in around it."""
    box = await page.locator("#camera-map").bounding_box()
    assert box is not None
    camera = (41.8785, -87.6302)  # Main St & 1st Ave
    x1, y1 = await map_pixel(page, *camera)
    start = (box["x"] + 60, box["y"] + 60)
    await drag(page, start, (start[0] + 120, start[1] + 50))
    await page.wait_for_function("() => !document.querySelector('#camera-map').rtccMap.isMoving()")
    assert await map_pixel(page, *camera) == pytest.approx((x1 + 120, y1 + 50), abs=3)
    zoom = await page.evaluate("() => document.querySelector('#camera-map').rtccMap.getZoom()")
    # The scale bar follows the zoom: its label, or its length for the same label.
    scale_js = (
        "() => { const s = document.querySelector('.maplibregl-ctrl-scale');"
        " return s.textContent + '|' + s.style.width; }"
    )
    scale = await page.evaluate(scale_js)
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.mouse.wheel(0, -400)
    await page.wait_for_function(
        "zoom => document.querySelector('#camera-map').rtccMap.getZoom() > zoom + 0.5", arg=zoom
    )
    await page.wait_for_function(
        "scale => { const s = document.querySelector('.maplibregl-ctrl-scale');"
        " return s.textContent + '|' + s.style.width !== scale; }",
        arg=scale,
    )
    await shot(page, "03b-map-panned-and-zoomed")


async def watch_live(page: Page) -> str:
    await page.locator("tr.hit-row a").first.click()
    player = page.locator("figure.player")
    camera_id = await player.get_attribute("data-camera")
    assert camera_id
    await page.wait_for_selector("figure.player[data-state=playing]", timeout=WAIT_MS)
    frames = int(await player.get_attribute("data-frames") or "0")
    played = await page.evaluate("document.querySelector('figure.player video').currentTime")
    # A function (not an expression string): the page's CSP forbids eval.
    await page.wait_for_function(
        "([frames, played]) => Number(document.querySelector('figure.player').dataset.frames)"
        " > frames + 10 && document.querySelector('figure.player video').currentTime > played + 1",
        arg=[frames, played],
        timeout=WAIT_MS,
    )
    assert await page.evaluate("document.querySelector('figure.player video').videoWidth") == 1280
    await shot(page, "04-live")
    return camera_id


async def open_case(page: Page, number: str) -> None:
    await page.click("#nav a[data-view=cases]")
    await page.fill("input[name=number]", number)
    await page.fill("input[name=offense]", "robbery")
    await page.fill("input[name=incident_place]", "Main St & 1st Ave")
    await page.click("form.new-case button")
    await page.wait_for_selector(f"h2:has-text('Case {number}')")
    await shot(page, "05-case-opened")


async def finished_segment(page: Page) -> Locator:
    """The segment before the latest: recorded in full, well inside the timeline."""
    segments = page.locator("rect.segment")
    return segments.nth(await segments.count() - 2)


async def wait_for_segments(page: Page, count: int) -> None:
    """Until the timeline draws `count` recorded segments (it is brought up to now meanwhile)."""
    for _ in range(60):
        if await page.locator("rect.segment").count() >= count:
            return
        await page.click("button[name=now]")
        await page.wait_for_timeout(1000)
    raise AssertionError(f"fewer than {count} segments on the timeline")


async def look_back_and_play(page: Page, camera_id: str) -> None:
    await page.goto(f"{page.url.split('#')[0]}#/timeline/{camera_id}")
    await page.wait_for_selector("svg.timeline rect.timeline-ground", timeout=WAIT_MS)
    await wait_for_segments(page, 3)
    # Without a reason, footage is not shown, and the page says why.
    await click_into(page, await finished_segment(page), 0.3)
    await page.wait_for_selector(".message.error:has-text('reason is required')")
    await page.fill("input[name=reason]", "robbery at Main St, reviewing the approach")
    await click_into(page, await finished_segment(page), 0.3)
    await page.wait_for_function(
        "() => document.querySelector('figure.playback video').currentTime > 1.5"
        " && document.querySelector('figure.playback')?.dataset.state === 'playing'",
        timeout=WAIT_MS,
    )
    await shot(page, "06-playback")


async def export_refused_in_the_gateways_words(page: Page, number: str) -> None:
    """A range the camera did not record: the recorder's own reason, at the step it stopped."""
    await page.fill("input[name=export_start]", "2020-01-01T10:00:00")
    await page.fill("input[name=export_end]", "2020-01-01T10:05:00")
    await page.select_option("select[name=case]", label=f"{number} — robbery")
    await page.fill("input[name=export_reason]", "evidence of the robbery")
    await page.click("form.export-form button[type=submit]")
    await page.wait_for_selector(".export-progress[data-state=failed]", timeout=WAIT_MS)
    detail = await page.text_content(".export-progress .export-detail") or ""
    assert "no recording of this camera in that range" in detail
    assert await page.get_attribute(".export-stages li.failed", "data-stage") == "requested"
    await shot(page, "07a-export-refused")


async def export_to_case(page: Page) -> str:
    # The last five minutes, so that a segment is wide enough to drag across.
    await page.click("button[name=span-300]")
    await page.click("button[name=now]")
    await wait_for_segments(page, 3)
    segment = await (await finished_segment(page)).bounding_box()
    assert segment is not None
    y = segment["y"] + segment["height"] / 2
    # A shift-drag chooses a range (a plain drag moves the timeline).
    await page.keyboard.down("Shift")
    await drag(page, (segment["x"] + 1, y), (segment["x"] + segment["width"] - 1, y))
    await page.keyboard.up("Shift")
    assert await page.input_value("input[name=export_start]") != "2020-01-01T10:00:00"
    await page.click("form.export-form button[type=submit]")
    await page.wait_for_selector(".export-progress:not([data-state=failed])")
    await shot(page, "07-export-progress")
    await page.wait_for_selector(".export-progress[data-state=attached]", timeout=WAIT_MS)
    # Every step passed, and the bar says so.
    stages = page.locator(".export-stages li")
    assert await stages.count() == 5
    assert await page.locator(".export-stages li.passed").count() == 5
    bar = page.locator(".export-progress progress")
    assert await bar.get_attribute("value") == await bar.get_attribute("max")
    assert "legal hold" in (await page.text_content(".export-detail") or "")
    digest = (await page.text_content(".export-progress code.sha256") or "").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    await shot(page, "08-export-done")
    return digest


async def case_board_shows_evidence_and_custody(page: Page, number: str, digest: str) -> None:
    await page.click(f".export-progress a:has-text('Open case {number}')")
    row = page.locator("tr.evidence-row[data-kind=export]")
    await row.wait_for(timeout=WAIT_MS)
    assert (await row.locator("code.sha256").text_content() or "").strip() == digest
    assert await row.locator("td.hold").text_content() == "on legal hold"
    custody = page.locator("tr.custody-row")
    actions = [
        await custody.nth(i).get_attribute("data-action") for i in range(await custody.count())
    ]
    assert "attached" in actions
    assert "demo-analyst (analyst)" in (await custody.first.text_content() or "")
    # Downloading the export is a link of its chain of custody, and the file is the one hashed.
    async with page.expect_download() as caught:
        await row.locator("button:has-text('Download')").click()
    saved = await (await caught.value).path()
    data = await asyncio.to_thread(Path(saved).read_bytes)
    assert hashlib.sha256(data).hexdigest() == digest
    await page.locator("tr.custody-row[data-action=downloaded]").wait_for(timeout=WAIT_MS)
    # The arrest the footage helped make is credited to the center.
    await page.fill("input[name=charge]", "robbery")
    await page.check("input[name=assisted_by][value=lookback_footage]")
    await page.click("form.outcome-form button[type=submit]")
    outcome = page.locator("tr.outcome-row[data-kind=arrest]")
    await outcome.wait_for(timeout=WAIT_MS)
    assert "1 \u00d7 robbery" in (await outcome.text_content() or "")  # 1 times robbery
    assert "look-back footage" in (await outcome.text_content() or "")
    await shot(page, "09-case-board")


async def confirm_a_live_alert(page: Page, number: str) -> str:
    await page.click("#nav a[data-view=alerts]")
    card = page.locator(".alert-card[data-source=stream][data-plate='8DMO777']").first
    await card.wait_for(timeout=WAIT_MS)
    await shot(page, "10-alert-received")
    alert_id = await card.get_attribute("data-alert")
    assert alert_id
    await card.locator("button[data-disposition=confirmed]").click()
    await page.wait_for_selector(
        f".alert-card[data-alert='{alert_id}'] .disposition:has-text('confirmed by demo-analyst')"
    )
    # The confirmed alert goes into the case with its reads.
    confirmed = page.locator(f".alert-card[data-alert='{alert_id}']")
    await confirmed.locator("input[name=alert_case]").fill(number)
    await confirmed.locator("input[name=alert_case_reason]").fill("the robbery's getaway car")
    await confirmed.locator("button[name=alert-to-case]").click()
    await confirmed.locator(f".message.note:has-text('Added to case {number}')").wait_for()
    await shot(page, "11-alert-confirmed")
    return alert_id


def test_demo_login_prints_the_password_and_a_code_that_signs_in(demo: RunningSuite) -> None:
    admin = account(demo, "demo-admin")
    wait_for_unused_step(admin)  # a code signs in once
    printed = subprocess.run(
        [str(RTCC), "demo-login", "--user", "demo-admin", "--data-dir", str(demo.data_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fields = dict(re.findall(r"^(username|password|code):\s+(\S+)", printed, re.MULTILINE))
    assert fields["username"] == "demo-admin" and fields["password"] == admin.password
    with demo.client() as anonymous:
        reply = anonymous.post(
            "/v1/auth/login",
            json={"username": "demo-admin", "password": fields["password"], "totp": fields["code"]},
        )
    note_code_used(admin, fields["code"])
    assert reply.status_code == 200, reply.text
    assert reply.json()["role"] == "admin"
    assert f"dashboard:      {demo.url}/dashboard/" in demo.log_path.read_text()


async def test_an_analyst_finds_watches_exports_and_confirms(
    demo: RunningSuite, page: Page
) -> None:
    number = "DASH-0001"
    await sign_in_after_a_refusal(page, demo.url, account(demo, "demo-analyst"))
    await find_cameras_near_a_point(page)
    await pan_and_zoom_the_map(page)
    camera_id = await watch_live(page)
    await open_case(page, number)
    await look_back_and_play(page, camera_id)
    await export_refused_in_the_gateways_words(page, number)
    digest = await export_to_case(page)
    await case_board_shows_evidence_and_custody(page, number, digest)
    alert_id = await confirm_a_live_alert(page, number)

    # What the dashboard showed is what the system recorded.
    with demo.client("analyst") as api:
        cases = api.get("/v1/cases", params={"number": number}).raise_for_status().json()
        case_id = cases["cases"][0]["id"]
        evidence = api.get(f"/v1/cases/{case_id}/evidence").raise_for_status().json()
        outcomes = api.get(f"/v1/cases/{case_id}/outcomes").raise_for_status().json()
        alerts = api.get("/v1/lpr/alerts").raise_for_status().json()["alerts"]
    assert [(e["kind"], e["sha256"], e["camera_id"]) for e in evidence] == [
        ("export", digest, camera_id),
        ("alert", "", ""),
    ]
    assert evidence[0]["hold_id"] and evidence[1]["ref_id"] == alert_id
    assert [(o["kind"], o["charge"], o["assisted_by"]) for o in outcomes] == [
        ("arrest", "robbery", ["lookback_footage"])
    ]
    disposed = next(a for a in alerts if a["id"] == alert_id)
    assert (disposed["disposition"], disposed["disposed_by"]) == ("confirmed", "demo-analyst")


async def test_the_live_grid_shows_several_cameras_moving(demo: RunningSuite, page: Page) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=grid]")
    tiles = page.locator(".wall figure.player")
    await page.wait_for_function(
        "() => document.querySelectorAll('.wall figure.player[data-state=playing]').length >= 2",
        timeout=WAIT_MS,
    )
    assert await tiles.count() == 3  # every demo camera, in the wall's first tiles
    before = [int(await tiles.nth(i).get_attribute("data-frames") or "0") for i in range(3)]
    # Frames keep coming in at least two tiles at once, not one tile after the other.
    await page.wait_for_function(
        "(before) => [...document.querySelectorAll('.wall figure.player')]"
        ".filter((tile, i) => Number(tile.dataset.frames) > before[i] + 10).length >= 2",
        arg=before,
        timeout=WAIT_MS,
    )
    await shot(page, "12-live-grid")
    # Taking a camera off the wall empties its tile.
    first = await tiles.first.get_attribute("data-camera")
    await page.click(f".wall .tile[data-camera='{first}'] button.tile-clear")
    assert await tiles.count() == 2


async def test_a_plate_search_is_refused_without_a_reason(demo: RunningSuite, page: Page) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=plates]")
    await page.fill("input[name=plate]", "8DMO777")
    await page.click("form.plate-form button[type=submit]")
    # The gateway refuses it, and the page says so in the gateway's own words.
    refusal = page.locator(".message.error")
    await refusal.wait_for()
    assert await refusal.get_attribute("data-status") == "400"
    assert "a reason is required" in (await refusal.text_content() or "")
    assert await page.locator("tr.read").count() == 0
    await shot(page, "13-plate-search-refused")

    reason = "stolen vehicle 8DMO777, checking where it was seen"
    await page.fill("input[name=reason]", reason)
    await page.click("form.plate-form button[type=submit]")
    await page.wait_for_selector("tr.read", timeout=WAIT_MS)
    assert await refusal.is_hidden()
    plates = await page.locator("tr.read td.plate").all_text_contents()
    assert plates and set(plates) == {"8DMO777"}
    await shot(page, "14-plate-search")
    with demo.client("auditor") as api:
        audit = api.get(
            "/v1/oversight/audit", params={"action": "lpr.reads.search", "user": "demo-analyst"}
        )
    assert reason in [record["reason"] for record in audit.raise_for_status().json()["records"]]


async def test_oversight_pages_for_an_administrator(demo: RunningSuite, page: Page) -> None:
    await sign_in(page, demo.url, account(demo, "demo-admin"))
    await page.click("#nav a[data-view=oversight]")
    await page.click(".subnav a[data-page=technologies]")
    approvals = page.locator("article.technology[data-technology]")
    await approvals.first.wait_for(timeout=WAIT_MS)
    # The demo records the council's approval of each technology it uses.
    statuses = await page.eval_on_selector_all(
        "article.technology[data-technology]", "cards => cards.map(card => card.dataset.status)"
    )
    assert len(statuses) == 5 and set(statuses) == {"approved"}
    await page.click(".subnav a[data-page=audit]")
    await page.locator(".audit-row").first.wait_for(timeout=WAIT_MS)

    await page.click("button:has-text('Verify the chain')")
    verdict = page.locator(".verdict")
    await verdict.wait_for(timeout=WAIT_MS)
    assert await verdict.get_attribute("class") == "verdict intact"
    assert re.match(r"Intact: \d+ records checked", await verdict.text_content() or "")
    await verdict.scroll_into_view_if_needed()
    await shot(page, "15-audit-verified")

    year = dt.datetime.now(dt.UTC).year
    await page.click(".subnav a[data-page=report]")
    await page.fill("input[name=year]", str(year))
    await page.click("button:has-text('Show report')")
    report = page.frame_locator("iframe.report")
    await report.locator("h1").wait_for(timeout=WAIT_MS)
    assert (
        await report.locator("h1").text_content()
        == f"Annual surveillance technology report, {year}"
    )
    # Figures come from the services themselves: every one of them answers while they all run
    # (a figure a service does not offer yet is named as such, never made up).
    assert await report.locator("text=did not answer").all_text_contents() == []
    assert await report.locator("text=hours recorded").count() >= 1
    await page.locator("iframe.report").scroll_into_view_if_needed()
    await shot(page, "16-annual-report")
