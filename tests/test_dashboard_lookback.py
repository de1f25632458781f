"""The detective's video work in a real browser (Debian's headless Chromium) against
`rtcc up --demo`: look back two hours and over the whole 30 days, zoom and pan the timeline,
bookmark a moment, find it again and send it to a case, play four cameras in sync, and the live
wall of 9 tiles among 2,300 cameras with a saved layout opened again. Older footage is made by
the test's own means (tests/lookback_seed.py). Screenshots go to test-artifacts/dashboard/lb-*.
It runs on a suite of its own: the city of cameras it registers would change the other
dashboard tests' map."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from rtcc_common.chromium import CHROMIUM
from tests import city_cameras, lookback_seed
from tests.dashboard_browser import (
    WAIT_MS,
    account,
    click_into,
    drag,
    shot,
    sign_in,
)
from tests.dashboard_cases import close_the_case_and_release_its_hold
from tests.suite import RunningSuite, demo_cameras, demo_suite, wait_until

pytestmark = pytest.mark.skipif(
    __import__("shutil").which(CHROMIUM) is None, reason="needs Debian's chromium"
)
HOUR = 3600.0
REASON = "robbery at Main St, reviewing the approach"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("lookback") / "data") as running:
        yield running


def recorded(demo: RunningSuite, camera_id: str) -> bool:
    try:
        lookback_seed.finished_segment(demo.data_dir, camera_id)
    except LookupError:
        return False
    return True


@pytest.fixture(scope="module")
def cameras(demo: RunningSuite) -> dict[str, str]:
    """The demo cameras with a month of older footage seeded, and the wall's extra cameras."""
    with demo.client("admin") as admin:
        urls = city_cameras.demo_stream_urls(admin)
        city_cameras.import_cameras(admin, city_cameras.watchable_rows(urls, 6))
    ids = demo_cameras(demo)
    demo_ids = [ids[f"demo-cam-{n}"] for n in (1, 2, 3)]
    wait_until(lambda: all(recorded(demo, c) for c in demo_ids), timeout_s=120)
    lookback_seed.seed_month(demo.data_dir, ids["demo-cam-1"], source_camera=ids["demo-cam-1"])
    two_hours = time.time() - 2 * HOUR
    for camera in (ids["demo-cam-2"], ids["demo-cam-3"], ids["wall-cam-1"]):
        source = camera if camera != ids["wall-cam-1"] else ids["demo-cam-1"]
        lookback_seed.seed(
            demo.data_dir, camera, source_camera=source, start_ts=two_hours, count=180
        )
    three_days = time.time() - 3 * 86400 - 6 * HOUR
    lookback_seed.gap(demo.data_dir, ids["demo-cam-1"], three_days - 600, three_days,
                      "connection_failed")  # fmt: skip
    return ids


def utc_input(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")


async def span_ms(page: Page) -> float:
    return float(await page.get_attribute("svg.timeline", "data-span-ms") or "nan")


async def loaded_after(page: Page, loads: str | None) -> None:
    await page.wait_for_function(
        "(before) => document.querySelector('svg.timeline')?.dataset.loads !== before",
        arg=loads,
        timeout=WAIT_MS,
    )


async def jump_two_hours_back(page: Page, camera_id: str) -> float:
    await page.goto(f"{page.url.split('#')[0]}#/timeline/{camera_id}")
    await page.wait_for_selector("svg.timeline rect.timeline-ground", timeout=WAIT_MS)
    assert "All times UTC." in (await page.text_content("main") or "")
    target = time.time() - 2 * HOUR + 180
    await page.fill("input[name=reason]", REASON)
    await page.fill("input[name=jump_to]", utc_input(target))
    await page.click("form.jump-form button[type=submit]")
    await page.wait_for_function(
        "() => document.querySelector('figure.playback')?.dataset.state === 'playing'"
        " && document.querySelector('figure.playback video').currentTime > 1",
        timeout=WAIT_MS,
    )
    status = await page.text_content("figure.playback .player-status") or ""
    shown = re.search(r"Playing (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", status)
    assert shown, status
    at = datetime.strptime(shown.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp()
    assert target - 1 <= at <= target + 20  # playing at that moment, not at the last hour's
    await shot(page, "lb-01-jumped-two-hours-back")
    return target


async def zoom_out_to_thirty_days_and_back(page: Page, target: float) -> None:
    loads = await page.get_attribute("svg.timeline", "data-loads")
    await page.click("button[name=span-2592000]")
    await loaded_after(page, loads)
    assert await span_ms(page) == pytest.approx(30 * 86400 * 1000, rel=0.01)
    assert await page.get_attribute("svg.timeline", "data-mode") == "summary"
    # One stretch recorded on each of the 29 older days, and today's.
    assert await page.locator("rect.bucket").count() >= 30
    gap = page.locator("rect.gap[data-reason=connection_failed]")
    assert await gap.count() == 1
    assert "connection_failed" in (await gap.locator("title").text_content() or "")
    label = await page.text_content(".timeline-range") or ""
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC \u2013 \d{4}-\d\d-\d\d \d\d:\d\d UTC", label)
    await shot(page, "lb-02-thirty-days")

    # The wheel over the playhead zooms in around it, down to the segments themselves.
    box = await page.locator("svg.timeline").bounding_box()
    assert box is not None
    playhead = page.locator("svg.timeline line.playhead")
    for _ in range(40):
        if await span_ms(page) <= 2 * HOUR * 1000:
            break
        x = float(await playhead.get_attribute("x1") or "500") / 1000 * box["width"] + box["x"]
        await page.mouse.move(x, box["y"] + box["height"] * 0.4)
        await page.mouse.wheel(0, -600)
        await page.wait_for_timeout(150)
    await page.wait_for_function(
        "() => document.querySelector('svg.timeline')?.dataset.mode === 'segments'"
        " && document.querySelectorAll('svg.timeline rect.segment').length > 0",
        timeout=WAIT_MS,
    )
    start = datetime.fromisoformat(await page.get_attribute("svg.timeline", "data-start") or "")
    end = datetime.fromisoformat(await page.get_attribute("svg.timeline", "data-end") or "")
    assert start.timestamp() <= target <= end.timestamp()
    await shot(page, "lb-03-zoomed-in-to-segments")

    # Buttons zoom; a drag to the right moves the view back in time by what was dragged.
    before = await span_ms(page)
    await page.click("button[name=zoom-in]")
    assert await span_ms(page) == pytest.approx(before / 2, rel=0.01)
    first = datetime.fromisoformat(await page.get_attribute("svg.timeline", "data-start") or "")
    y = box["y"] + box["height"] * 0.4
    await drag(page, (box["x"] + 300, y), (box["x"] + 300 + box["width"] / 4, y))
    moved = datetime.fromisoformat(await page.get_attribute("svg.timeline", "data-start") or "")
    assert moved < first
    # Back to the moment to work on it.
    await page.click("form.jump-form button[type=submit]")
    await page.wait_for_function(
        "() => document.querySelector('figure.playback')?.dataset.state === 'playing'",
        timeout=WAIT_MS,
    )


async def bookmark_find_and_attach(page: Page, demo: RunningSuite, camera_id: str) -> None:
    await page.fill("input[name=bookmark_note]", "Grey sedan stops at the corner")
    await page.click("form.bookmark-form button")
    item = page.locator(".bookmark-item:has-text('Grey sedan stops at the corner')")
    await item.wait_for(timeout=WAIT_MS)
    await page.wait_for_selector("svg.timeline g.bookmark", timeout=WAIT_MS)
    bookmark_id = await item.get_attribute("data-bookmark")
    await shot(page, "lb-04-bookmarked")

    await page.click("#nav a[data-view=bookmarks]")
    await page.fill("input[name=q]", "SEDAN corner")
    await page.click("form.bookmark-search button[type=submit]")
    row = page.locator(f"tr.bookmark-row[data-bookmark='{bookmark_id}']")
    await row.wait_for(timeout=WAIT_MS)
    assert await page.locator("tr.bookmark-row").count() == 1
    await shot(page, "lb-05-bookmark-found")
    await row.locator("a.open-footage").click()
    # Back at that moment, playing (the reason typed earlier is kept for this tab).
    await page.wait_for_function(
        "() => document.querySelector('figure.playback')?.dataset.state === 'playing'",
        timeout=WAIT_MS,
    )

    with demo.client("analyst") as api:
        case = (
            api.post("/v1/cases", json={"number": "LB-0001", "offense": "robbery"})
            .raise_for_status()
            .json()
        )
    await page.reload()
    item = page.locator(f".bookmark-item[data-bookmark='{bookmark_id}']")
    await item.wait_for(timeout=WAIT_MS)
    await item.locator("button[name=attach]").click()
    await page.select_option("select[name=case]", label="LB-0001 — robbery")
    await page.click("form.export-form button[type=submit]")
    await page.wait_for_selector(".export-progress[data-state=attached]", timeout=WAIT_MS)
    assert "legal hold" in (await page.text_content(".export-detail") or "")
    await shot(page, "lb-06-bookmark-attached-to-case")
    with demo.client("analyst") as api:
        linked = api.get(f"/v1/bookmarks/{bookmark_id}").raise_for_status().json()
        evidence = api.get(f"/v1/cases/{case['id']}/evidence").raise_for_status().json()
    assert linked["case_id"] == case["id"]
    assert [(e["kind"], e["ref_id"]) for e in evidence] == [("export", linked["export_id"])]
    assert evidence[0]["hold_id"]
    await close_the_case_and_release_its_hold(page, demo, case["id"])


async def test_look_back_a_month_zoom_bookmark_and_attach(
    demo: RunningSuite, cameras: dict[str, str], page: Page
) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    target = await jump_two_hours_back(page, cameras["demo-cam-1"])
    await zoom_out_to_thirty_days_and_back(page, target)
    await bookmark_find_and_attach(page, demo, cameras["demo-cam-1"])
    with demo.client("auditor") as api:
        audit = api.get("/v1/oversight/audit", params={"user": "demo-analyst"})
    records = audit.raise_for_status().json()["records"]
    assert any(cameras["demo-cam-1"] in r["object_ids"] and r["reason"] == REASON for r in records)


async def tile_walls(page: Page) -> list[int]:
    walls = await page.eval_on_selector_all(
        ".sync-tile", "tiles => tiles.map(t => Number(t.dataset.wall || 0))"
    )
    return [int(w) for w in walls]


async def test_four_cameras_in_sync_under_one_scrubber(
    demo: RunningSuite, cameras: dict[str, str], page: Page
) -> None:
    ids = [cameras[n] for n in ("demo-cam-1", "demo-cam-2", "demo-cam-3", "wall-cam-1")]
    moment = datetime.fromtimestamp(time.time() - 2 * HOUR + 120, UTC).isoformat()
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.goto(f"{demo.url}/dashboard/#/sync/{','.join(ids)}/{moment}")
    await page.wait_for_selector(".sync-tile", timeout=WAIT_MS)
    assert await page.locator(".sync-tile").count() == 4
    # Under the scrubber, a lane per camera says what each recorded around the moment.
    await page.wait_for_function(
        "() => document.querySelectorAll('.sync-lane[data-loaded]').length === 4", timeout=WAIT_MS
    )
    lanes = await page.eval_on_selector_all(
        ".sync-lane", "l => l.map(x => [x.dataset.camera, Number(x.dataset.recorded)])"
    )
    assert [camera for camera, _ in lanes] == ids
    assert all(recorded > 0 for _, recorded in lanes), lanes
    await page.fill("input[name=reason]", REASON)
    await page.click("button[name=play]")
    await page.wait_for_function(
        "() => [...document.querySelectorAll('.sync-tile')]"
        ".every(t => t.dataset.state === 'playing')",
        timeout=WAIT_MS,
    )
    master = int(await page.get_attribute(".master-clock", "data-wall") or "0")
    # The four clocks agree within a second, and they move on.
    await page.wait_for_function(
        """(master) => {
            const walls = [...document.querySelectorAll('.sync-tile')]
                .map(t => Number(t.dataset.wall || 0));
            return Math.max(...walls) - Math.min(...walls) <= 1000
                && Math.min(...walls) > master + 1500;
        }""",
        arg=master,
        timeout=WAIT_MS,
    )
    await shot(page, "lb-07-four-cameras-in-sync")

    # Scrub: a click a few minutes on, every tile follows.
    await click_into(page, page.locator("svg.timeline"), 0.6)
    target = int(await page.get_attribute(".master-clock", "data-wall") or "0")
    # Each tile seeks and plays on from there, in step with the scrubber's clock.
    await page.wait_for_function(
        """(target) => {
            const walls = [...document.querySelectorAll('.sync-tile')]
                .map(t => Number(t.dataset.wall || 0));
            const master = Number(document.querySelector('.master-clock').dataset.wall);
            return Math.max(...walls) - Math.min(...walls) <= 1000
                && Math.min(...walls) >= target - 1000 && Math.abs(master - walls[0]) < 2000;
        }""",
        arg=target,
        timeout=WAIT_MS,
    )

    # Paused, one frame forward moves every tile by about a frame; 4x plays four times as fast.
    await page.click("button[name=play]")
    await page.wait_for_timeout(400)  # the clock shown settles on the paused moment
    paused = int(await page.get_attribute(".master-clock", "data-wall") or "0")
    await page.click("button[name=frame-forward]")
    stepped = int(await page.get_attribute(".master-clock", "data-wall") or "0")
    assert 20 <= stepped - paused <= 250
    await page.select_option("select[name=rate]", "4")
    await page.click("button[name=play]")
    began = time.monotonic()
    await page.wait_for_timeout(2000)
    played = int(await page.get_attribute(".master-clock", "data-wall") or "0") - stepped
    # Every tile plays at about 4x (a nudge of speed keeps it in step); the clock runs well past
    # 2x even on a loaded machine, whose timers fire late.
    rates = await page.eval_on_selector_all(".sync-tile video", "vs => vs.map(v => v.playbackRate)")
    assert len(rates) == 4 and all(3.2 <= r <= 4.8 for r in rates), rates
    assert played > 2 * (time.monotonic() - began) * 1000
    await shot(page, "lb-08-sync-at-4x")


async def wall_playing(page: Page, count: int) -> None:
    await page.wait_for_function(
        "(n) => document.querySelectorAll('.wall figure.player[data-state=playing]').length >= n",
        arg=count,
        timeout=WAIT_MS * 2,
    )


async def frames_advance(page: Page, count: int) -> None:
    before = await page.eval_on_selector_all(
        ".wall figure.player", "tiles => tiles.map(t => Number(t.dataset.frames))"
    )
    await page.wait_for_function(
        "(before) => [...document.querySelectorAll('.wall figure.player')]"
        ".filter((t, i) => Number(t.dataset.frames) > before[i] + 5).length >= before.length",
        arg=before,
        timeout=WAIT_MS * 2,
    )
    assert len(before) == count


async def test_live_wall_of_nine_among_2300_cameras(
    demo: RunningSuite, cameras: dict[str, str], page: Page
) -> None:
    with demo.client("admin") as admin:
        city_cameras.import_cameras(admin, city_cameras.registry_rows(2300 - len(cameras)))
        total = len(httpx_all(admin))
    assert total == 2300
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=grid]")
    await page.wait_for_selector(".camera-tree .tree-group", timeout=WAIT_MS)
    assert "2300 cameras" in (await page.text_content(".tree-count") or "")
    await page.click("button[name=layout-9]")
    assert await page.locator(".wall .tile").count() == 9

    # Found in one keystroke's time, among 2,300; a camera whose owner grants no live view is
    # listed but cannot go on the wall.
    await page.fill("input[name=tree_search]", "city-cam-0042")
    hit = page.locator(".tree-results li").first
    assert await hit.get_attribute("draggable") == "false"
    assert "no live view" in (await hit.text_content() or "")
    assert re.search(r" in [0-9.]+ ms", await page.text_content(".tree-count") or "")
    await shot(page, "lb-09-tree-search")

    empty = page.locator(".wall .tile[data-camera='']")
    for n in range(1, 7):
        if not await empty.count():
            break
        await page.fill("input[name=tree_search]", f"Wall test camera {n}")
        source = page.locator(f".tree-results li[data-camera='{cameras[f'wall-cam-{n}']}']")
        if await page.locator(f".wall .tile[data-camera='{cameras[f'wall-cam-{n}']}']").count():
            continue
        target = empty.first
        await source.drag_to(target)
        placed = page.locator(f".wall .tile[data-camera='{cameras[f'wall-cam-{n}']}']")
        try:
            await placed.wait_for(timeout=5_000)
        except PlaywrightTimeout:  # a drag the loaded browser missed: a person drags again
            await source.drag_to(empty.first)
            await placed.wait_for(timeout=WAIT_MS)
    assert await page.locator(".wall figure.player").count() == 9
    # Small tiles take the sub-stream where the registry has one.
    assert await page.get_attribute(
        f".wall figure.player[data-camera='{cameras['wall-cam-2']}']", "data-stream"
    ) == "sub"  # fmt: skip
    await wall_playing(page, 9)
    await frames_advance(page, 9)
    await page.fill("input[name=layout_name]", "Downtown 9")
    await page.click("button[name=save-layout]")
    await page.wait_for_selector(".message.note:has-text('Saved')")
    await shot(page, "lb-10-wall-nine-tiles")

    # Opened again from a fresh page: the same 9 cameras, all moving.
    layout = await page.eval_on_selector_all(".wall .tile", "t => t.map(x => x.dataset.camera)")
    await page.goto(f"{demo.url}/dashboard/#/map")
    await page.click("#nav a[data-view=grid]")
    await page.wait_for_selector(
        "select[name=saved_layout] option[value='Downtown 9']", state="attached"
    )
    await page.select_option("select[name=saved_layout]", "Downtown 9")
    await page.click("button[name=open-layout]")
    await page.wait_for_function(
        "() => document.querySelectorAll('.wall figure.player').length === 9", timeout=WAIT_MS
    )
    assert (
        await page.eval_on_selector_all(".wall .tile", "t => t.map(x => x.dataset.camera)")
        == layout
    )
    await wall_playing(page, 9)
    await frames_advance(page, 9)
    await shot(page, "lb-11-saved-layout-reopened")
    # One large tile takes the main stream.
    await page.click("button[name=layout-1]")
    await wall_playing(page, 1)
    assert await page.get_attribute(".wall figure.player", "data-stream") == "main"


async def test_an_unattended_wall_is_warned_before_its_session_ends(
    demo: RunningSuite, cameras: dict[str, str], page: Page
) -> None:
    """A wall watched with no click or key: warned two minutes before the idle time is up,
    kept with one click, and signed out with a word of why when nobody answers."""
    await page.clock.install()
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=grid]")
    warning = page.locator("#session-warning")
    stored = "() => JSON.parse(sessionStorage.getItem('rtcc.session') || 'null')"
    first = await page.evaluate(stored)

    # Ten and a half minutes on: the token is renewed on the way (the analyst was active within
    # the idle time), nothing is said yet.
    await page.clock.fast_forward("10:30")
    await page.wait_for_function(f"() => ({stored})().token !== {first['token']!r}")
    assert await warning.is_hidden()

    # Thirteen and a half minutes without a click: the warning counts down.
    await page.clock.fast_forward("03:00")
    await warning.wait_for(state="visible")
    assert re.search(r"ends in [01]:\d\d", await warning.text_content() or "")
    await shot(page, "lb-12-idle-session-warning")
    await page.click("#session-warning button")
    await warning.wait_for(state="hidden")
    kept = await page.evaluate(stored)
    assert kept["token"] != first["token"]
    assert await token_status(demo, kept["token"]) == 200

    # Unanswered, the session ends at the idle time: the sign-in page says why, and the token
    # no longer works at the gateway either.
    await page.clock.fast_forward("14:00")
    await warning.wait_for(state="visible")
    last = await page.evaluate(stored)
    await page.clock.fast_forward("01:05")
    await page.wait_for_selector("#login:not([hidden])")
    assert "without activity" in (await page.text_content("#login-error") or "")
    await shot(page, "lb-13-idle-session-signed-out")
    # The gateway asks the oversight service about sessions at most every few seconds.
    for _ in range(15):
        if await token_status(demo, last["token"]) == 401:
            break
        await asyncio.sleep(1)
    else:
        raise AssertionError("the idle session's token still works at the gateway")


async def token_status(demo: RunningSuite, token: str) -> int:
    async with httpx.AsyncClient(base_url=demo.url, timeout=10) as api:
        answer = await api.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        return answer.status_code


def httpx_all(api: httpx.Client) -> list[dict[str, object]]:
    cameras: list[dict[str, object]] = []
    token = None
    while True:
        listed = api.get("/v1/cameras", params={"page_size": 1000, "page_token": token}).json()
        cameras += listed["cameras"]
        token = listed.get("next_page_token")
        if not token:
            return cameras
