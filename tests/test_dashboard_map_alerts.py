"""The map, alerts and search screens in a real browser (Debian's headless Chromium) against
`rtcc up --demo`, with the city's geocoder played by a small local Nominatim-speaking server:
find an address and the cameras within 300 m of it, draw an area and send its cameras to the
wall, 2,300 cameras clustered, an alert reaching the analyst on another page. Screenshots are kept
under test-artifacts/dashboard/ (names starting with `map-` and `alert-`)."""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page

from rtcc_common.chromium import CHROMIUM
from rtcc_gateway.testing import LocalGeocoder, local_geocoder
from tests.dashboard_browser import WAIT_MS, account, click_map_at, shot, sign_in
from tests.suite import RunningSuite, demo_cameras, demo_suite

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")

# The city's geocoder knows an address no camera has.
GAZETTEER = {"Harbor Plaza, 200 Market St, Demo City": (41.87785, -87.62795)}
DEMO_CAMERAS = 3
BULK_CAMERAS = 2300


@pytest.fixture(scope="module")
def geocoder() -> Iterator[LocalGeocoder]:
    with local_geocoder(GAZETTEER) as running:
        yield running


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, geocoder: LocalGeocoder
) -> Iterator[RunningSuite]:
    env = {"RTCC_GATEWAY_GEOCODER_URL": geocoder.url, "RTCC_GATEWAY_GEOCODER_TIMEOUT_S": "3"}
    with demo_suite(tmp_path_factory.mktemp("dashboard-map") / "data", env=env) as running:
        yield running


async def found_ids(page: Page) -> list[str]:
    rows = page.locator("tr.hit-row")
    return [await rows.nth(i).get_attribute("data-camera") or "" for i in range(await rows.count())]


async def test_an_address_finds_the_cameras_within_300_m(
    demo: RunningSuite, page: Page, geocoder: LocalGeocoder
) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    # The basemap is the demo city's own streets, named as the cameras' addresses are.
    names = await page.evaluate(
        "() => document.querySelector('#camera-map').rtccMap"
        ".queryRenderedFeatures({layers: ['street-names']}).map(f => f.properties.name)"
    )
    assert {"Main St", "1st Ave", "Elm St"} <= set(names)
    await shot(page, "map-01-demo-city")

    # A camera's own address, from the registry.
    await page.fill("input[name=address]", "Main St & 1st Ave")
    await page.press("input[name=address]", "Enter")
    await page.wait_for_selector("p.found-summary:has-text('within 300 m of Main St & 1st Ave')")
    ids = demo_cameras(demo)
    assert set(await found_ids(page)) == {ids["demo-cam-1"], ids["demo-cam-2"], ids["demo-cam-3"]}
    assert (await found_ids(page))[0] == ids["demo-cam-1"]  # nearest first: the one there

    # An address only the city's geocoder knows, picked among the places found.
    await page.fill("input[name=radius_m]", "150")
    await page.fill("input[name=address]", "harbor plaza")
    await page.press("input[name=address]", "Enter")
    choice = page.locator("button.place[data-source=geocoder]")
    await choice.wait_for(timeout=WAIT_MS)
    assert await page.locator("button.place[data-source=camera]").count() == 1  # the garage
    await shot(page, "map-02-address-choices")
    await choice.click()
    await page.wait_for_selector("p.found-summary:has-text('within 150 m of Harbor Plaza')")
    assert await found_ids(page) == [ids["demo-cam-2"]]
    assert geocoder.queries and geocoder.queries[-1]["q"] == ["harbor plaza"]
    await shot(page, "map-03-cameras-near-geocoded-address")


async def test_an_area_drawn_sends_its_cameras_to_the_live_wall(
    demo: RunningSuite, page: Page
) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    ids = demo_cameras(demo)
    await page.click("button[name=draw-area]")
    # Around the Main St & 1st Ave and Elm St cameras, not the Harbor Plaza garage.
    corners = [(41.8805, -87.6325), (41.8805, -87.6293), (41.8778, -87.6293), (41.8778, -87.6325)]
    for lat, lon in corners:
        await click_map_at(page, lat, lon)
    await shot(page, "map-04-drawing-an-area")
    await page.click("button[name=finish-area]")
    await page.wait_for_selector("p.found-summary:has-text('inside the area drawn')")
    assert set(await found_ids(page)) == {ids["demo-cam-1"], ids["demo-cam-3"]}
    await shot(page, "map-05-area-found")
    await page.click("button[name=send-to-wall]")
    await page.wait_for_function("() => location.hash.startsWith('#/grid/')")
    # The wall (another screen) shows the cameras handed to it, each on a tile.
    tiles = page.locator("main figure.player[data-camera]")
    await page.wait_for_function(
        "() => document.querySelectorAll('main figure.player[data-camera]').length === 2",
        timeout=WAIT_MS,
    )
    shown = {await tiles.nth(i).get_attribute("data-camera") for i in range(2)}
    assert shown == {ids["demo-cam-1"], ids["demo-cam-3"]}


async def unfold(toast: Locator) -> None:
    """A toast folds to its header line after a while; a click on it opens it again."""
    if "folded" in (await toast.get_attribute("class") or ""):
        await toast.locator("header .toast-plate").click()


async def test_an_alert_reaches_the_analyst_on_the_cases_page_and_counts_repeats(
    demo: RunningSuite, page: Page
) -> None:
    """The demo's stolen plate passes a reader every half minute: one toast, on whatever page
    the analyst is, whose count goes up; from it, the footage at the moment of the read."""
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=cases]")
    toast = page.locator(".alert-toast[data-plate='8DMO777']")
    await toast.wait_for(timeout=WAIT_MS)
    assert await toast.get_attribute("data-sound") == "played"
    await unfold(toast)
    text = await toast.inner_text()
    assert "stolen vehicle (demo)" in text and "case DEMO-0001" in text
    assert "reader demo-reader-" in text  # where, by name
    # The nearest camera, by name, and the footage at the moment of the read.
    live = toast.locator("a.toast-live")
    await live.wait_for()
    assert "(demo-cam-" in (await live.inner_text())
    await page.wait_for_function(
        "() => document.querySelector('.alert-toast .toast-minimap').rtccMap?.loaded()"
    )
    await shot(page, "alert-01-toast-on-the-cases-page")
    repeats = int(await toast.get_attribute("data-repeats") or "0")
    await page.wait_for_function(
        "n => Number(document.querySelector(\".alert-toast[data-plate='8DMO777']\")"
        "?.dataset.repeats) > n",
        arg=repeats,
        timeout=WAIT_MS,
    )
    assert await toast.count() == 1  # the same toast, counting
    await shot(page, "alert-02-repeat-counted")
    with demo.client("analyst") as api:
        listed = api.get("/v1/lpr/alerts", params={"open_only": True}).raise_for_status().json()
    stolen = [a for a in listed["alerts"] if a["entry"]["plate"] == "8DMO777"]
    assert len(stolen) == 1 and stolen[0]["repeats"] > repeats
    assert stolen[0]["id"] == await toast.get_attribute("data-alert")

    # The footage at that moment: the look-back of that camera, at the read.
    lookback = toast.locator("a.toast-lookback")
    href = await lookback.get_attribute("href") or ""
    await unfold(toast)
    await lookback.click()
    await page.wait_for_function("() => location.hash.startsWith('#/timeline/')")
    camera_id, moment = href.removeprefix("#/timeline/").split("/")
    assert camera_id in demo_cameras(demo).values() and moment.startswith("20")
    await page.wait_for_selector("main[data-view=timeline] h2", timeout=WAIT_MS)
    await shot(page, "alert-03-footage-at-the-moment")


async def test_a_plate_search_by_area_shows_points_on_the_map_and_exports_csv(
    demo: RunningSuite, page: Page
) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    await page.click("#nav a[data-view=plates]")
    await page.wait_for_selector("#reads-map[data-ready]", timeout=WAIT_MS)
    # Every read within 150 m of the north reader (the nearest camera is 280 m away).
    await page.fill("input[name=area_radius_m]", "150")
    await page.dispatch_event("input[name=area_radius_m]", "change")
    await click_map_at(page, 41.8810, -87.6298, "#reads-map")
    await page.wait_for_selector(".area-text:has-text('within 150 m')")
    await page.fill("input[name=reason]", "reads near the north reader, robbery DASH-0002")
    await page.click("form.plate-form button[type=submit]")
    await page.wait_for_selector("p.found-summary", timeout=WAIT_MS)
    rows = page.locator("tr.read")
    count = await rows.count()
    assert count > 0
    sources = set(await page.locator("tr.read td:nth-child(6)").all_text_contents())
    assert sources == {"demo-reader-north"}
    points = int(await page.get_attribute("#reads-map", "data-points") or "0")
    assert points == count
    await shot(page, "plates-01-search-by-area")
    async with page.expect_download() as caught:
        await page.click("button[name=export-csv]")
    download = await caught.value
    saved = await download.path()
    lines = await asyncio.to_thread(lambda: Path(saved).read_text().splitlines())
    assert lines[0].startswith("read_id,plate,state,observed_at,source,latitude,longitude")
    assert len(lines) == count + 1
    assert all(",demo-reader-north," in line for line in lines[1:])
    # Two of them added to a case: kept as its evidence.
    for i in range(2):
        await rows.nth(i).locator("input[type=checkbox]").check()
    await page.fill("input[name=attach_case]", "DASH-0002")
    await page.click("button[name=attach-reads]")
    await page.wait_for_selector(".message.note:has-text('2 read(s) added to case DASH-0002')")
    with demo.client("analyst") as api:
        kept = (
            api.get(
                "/v1/lpr/reads",
                params={"reader_id": "demo-reader-north", "reason": "check", "page_size": 1000},
            )
            .raise_for_status()
            .json()["reads"]
        )
    assert sum(1 for r in kept if r["case_number"] == "DASH-0002") == 2


def bulk_cameras(count: int) -> list[dict[str, object]]:
    """A city's inventory spread over about 8 km, a third of them with a known heading."""
    rng = random.Random(2300)
    rows: list[dict[str, object]] = []
    for i in range(count):
        location: dict[str, object] = {
            "lat": round(41.8778 + rng.gauss(0, 0.015), 6),
            "lon": round(-87.6300 + rng.gauss(0, 0.02), 6),
            "address": f"{100 + 2 * i} W Block {i % 60}",
        }
        if i % 3 == 0:
            location["heading_deg"] = round(rng.uniform(0, 359), 1)
            location["field_of_view_deg"] = rng.choice([60, 90, 110])
        rows.append(
            {
                "external_id": f"inventory-{i:04d}",
                "name": f"Inventory camera {i:04d}",
                "ownership": rng.choice(["city", "business", "resident"]),
                "technology": "fixed",
                "location": location,
                "permissions": {"registry_only": True},
                "lifecycle": "active",
            }
        )
    return rows


async def test_2300_cameras_are_clustered_with_view_cones(demo: RunningSuite, page: Page) -> None:
    rows = bulk_cameras(BULK_CAMERAS)
    with demo.client("admin", timeout=120) as api:
        # In batches, as an integrator would: each call has the gateway's deadline.
        for start in range(0, len(rows), 250):
            report = api.post("/v1/cameras/import", json=rows[start : start + 250])
            assert report.status_code == 200, report.text
            assert report.json()["failed"] == 0, report.text
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    ready = page.locator("#camera-map")
    assert await ready.get_attribute("data-cameras") == str(BULK_CAMERAS + DEMO_CAMERAS)
    timing = {k: await ready.get_attribute(f"data-{k}") for k in ("render-ms", "total-ms")}
    print(f"map with {BULK_CAMERAS + DEMO_CAMERAS} cameras: {timing} ms")
    counted = await page.evaluate(
        "() => { const map = document.querySelector('#camera-map').rtccMap;"
        " const clusters = map.queryRenderedFeatures({layers: ['camera-clusters']});"
        " const points = map.queryRenderedFeatures({layers: ['camera-points']});"
        " return [clusters.length, points.length,"
        " clusters.reduce((n, f) => n + f.properties.point_count, 0)]; }"
    )
    clusters, points, clustered = counted
    assert clusters >= 5 and clusters + points < 400  # grouped, not 2,303 dots
    assert clustered + points >= BULK_CAMERAS  # every camera on screen is counted
    await shot(page, "map-06-2300-cameras-clustered")
    # Close in on one camera with a heading: its cone is drawn.
    await page.evaluate(
        "() => document.querySelector('#camera-map').rtccMap"
        ".jumpTo({center: [-87.6300, 41.8778], zoom: 16.5})"
    )
    await page.wait_for_function(
        "() => { const map = document.querySelector('#camera-map').rtccMap;"
        " return !map.isMoving() && map.areTilesLoaded()"
        " && map.queryRenderedFeatures({layers: ['camera-cones']}).length > 0; }",
        timeout=WAIT_MS,
    )
    await shot(page, "map-07-view-cones")
