"""The analyst dashboard in a real browser (Debian's headless Chromium) against `rtcc up --demo`:
sign in with password and TOTP, find cameras near a point, watch live, play recorded footage,
export a clip to a case, and confirm a plate alert from the live feed. Screenshots of each step
are kept under test-artifacts/dashboard/."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.async_api import Locator, Page, async_playwright

from rtcc_cli.demo_accounts import DemoAccount, load_accounts
from tests.suite import RTCC, RunningSuite, start_suite
from tests.test_demo import wait_until

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "dashboard"
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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # this run's screenshots only
    running = start_suite(tmp_path_factory.mktemp("dashboard") / "data", demo=True)
    try:
        running.wait_ready()
        wait_until(lambda: "Demo: simulated cameras" in running.log(), timeout_s=120)
        yield running
    finally:
        running.stop()


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield await browser.new_page(viewport={"width": 1400, "height": 900})
        finally:
            await browser.close()


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def sign_in(page: Page, url: str, account: DemoAccount) -> None:
    await page.goto(f"{url}/")
    await page.fill("input[name=username]", account.username)
    await page.fill("input[name=password]", "not the password")
    await page.fill("input[name=totp]", "000000")
    await page.click("#login-form button")
    # The gateway's own words, not a generic failure.
    await page.wait_for_selector("#login-error:has-text('wrong username, password or code')")
    await shot(page, "01-login-refused")
    await page.fill("input[name=password]", account.password)
    await page.fill("input[name=totp]", pyotp.TOTP(account.totp_secret).now())
    await page.click("#login-form button")
    await page.wait_for_selector("svg.map .map-camera", timeout=WAIT_MS)
    assert await page.text_content("#who") == "demo-analyst (analyst)"
    # An analyst has no oversight role: the tab is not offered.
    assert await page.is_hidden("#nav a[data-view=oversight]")


async def find_cameras_near_a_point(page: Page) -> None:
    await shot(page, "02-map")
    box = await page.locator("svg.map").bounding_box()
    assert box is not None
    # The map is fitted to the cameras: its centre is among them.
    await page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.wait_for_selector("tr.hit-row", timeout=WAIT_MS)
    rows = page.locator("tr.hit-row")
    assert await rows.count() == 3
    distances = [
        await rows.nth(i).locator("td.distance").text_content() for i in range(await rows.count())
    ]
    metres = [float(re.sub(r"[^0-9.]", "", d or "")) for d in distances]
    assert metres == sorted(metres) and all(d.endswith(" m") for d in distances if d)
    await shot(page, "03-cameras-near-point")


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


async def click_into(page: Page, target: Locator, fraction: float) -> None:
    box = await target.bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


async def look_back_and_play(page: Page, camera_id: str) -> None:
    await page.goto(f"{page.url.split('#')[0]}#/timeline/{camera_id}")
    await page.wait_for_selector("svg.timeline rect.timeline-ground", timeout=WAIT_MS)
    for _ in range(60):
        if await page.locator("rect.segment").count() >= 3:
            break
        await page.click("button:has-text('Refresh')")
        await page.wait_for_timeout(1000)
    # Without a reason, footage is not shown, and the page says why.
    await click_into(page, await finished_segment(page), 0.3)
    await page.wait_for_selector(".message.error:has-text('reason is required')")
    await page.fill("input[name=reason]", "robbery at Main St, reviewing the approach")
    await click_into(page, await finished_segment(page), 0.3)
    await page.wait_for_function(
        "() => document.querySelector('figure.playback video').currentTime > 1.5"
        " && document.querySelector('figure.playback').dataset.state === 'playing'",
        timeout=WAIT_MS,
    )
    await shot(page, "06-playback")


async def export_to_case(page: Page, number: str) -> str:
    segment = await (await finished_segment(page)).bounding_box()
    assert segment is not None
    y = segment["y"] + segment["height"] / 2
    await page.mouse.move(segment["x"] + 1, y)
    await page.mouse.down()
    await page.mouse.move(segment["x"] + segment["width"] - 1, y, steps=5)
    await page.mouse.up()
    assert await page.input_value("input[name=export_start]")
    await page.select_option("select[name=case]", label=f"{number} — robbery")
    await page.fill("input[name=export_reason]", "evidence of the robbery")
    await page.click("form.export-form button[type=submit]")
    await page.wait_for_selector(".export-progress:not([hidden])")
    await shot(page, "07-export-progress")
    await page.wait_for_selector(".export-progress[data-state=done]", timeout=WAIT_MS)
    digest = (await page.text_content(".export-progress code.sha256") or "").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    await shot(page, "08-export-done")
    return digest


async def confirm_a_live_alert(page: Page) -> str:
    await page.click("#nav a[data-view=alerts]")
    card = page.locator(".alert-card[data-source=stream][data-plate='8DMO777']").first
    await card.wait_for(timeout=WAIT_MS)
    await shot(page, "09-alert-received")
    alert_id = await card.get_attribute("data-alert")
    assert alert_id
    await card.locator("button[data-disposition=confirmed]").click()
    await page.wait_for_selector(
        f".alert-card[data-alert='{alert_id}'] .disposition:has-text('confirmed by demo-analyst')"
    )
    await shot(page, "10-alert-confirmed")
    return alert_id


async def test_an_analyst_finds_watches_exports_and_confirms(
    demo: RunningSuite, page: Page
) -> None:
    analyst = load_accounts(demo.data_dir)["demo-analyst"]
    number = "DASH-0001"
    try:
        await sign_in(page, demo.url, analyst)
        await find_cameras_near_a_point(page)
        camera_id = await watch_live(page)
        await open_case(page, number)
        await look_back_and_play(page, camera_id)
        digest = await export_to_case(page, number)
        alert_id = await confirm_a_live_alert(page)
    except BaseException:
        await shot(page, "failed-here")
        raise

    # What the dashboard showed is what the system recorded.
    with demo.client("analyst") as api:
        cases = api.get("/v1/cases", params={"number": number}).raise_for_status().json()
        case_id = cases["cases"][0]["id"]
        evidence = api.get(f"/v1/cases/{case_id}/evidence").raise_for_status().json()
        alerts = api.get("/v1/lpr/alerts").raise_for_status().json()["alerts"]
    assert [(e["kind"], e["sha256"], e["camera_id"]) for e in evidence] == [
        ("export", digest, camera_id)
    ]
    assert evidence[0]["hold_id"]
    disposed = next(a for a in alerts if a["id"] == alert_id)
    assert (disposed["disposition"], disposed["disposed_by"]) == ("confirmed", "demo-analyst")


def test_demo_login_prints_the_password_and_a_code_that_signs_in(demo: RunningSuite) -> None:
    printed = subprocess.run(
        [str(RTCC), "demo-login", "--user", "demo-admin", "--data-dir", str(demo.data_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fields = dict(re.findall(r"^(username|password|code):\s+(\S+)", printed, re.MULTILINE))
    account = load_accounts(demo.data_dir)["demo-admin"]
    assert fields["username"] == "demo-admin" and fields["password"] == account.password
    with demo.client() as anonymous:
        reply = anonymous.post(
            "/v1/auth/login",
            json={"username": "demo-admin", "password": fields["password"], "totp": fields["code"]},
        )
    assert reply.status_code == 200, reply.text
    assert reply.json()["role"] == "admin"
    assert f"dashboard:      {demo.url}/dashboard/" in demo.log_path.read_text()
