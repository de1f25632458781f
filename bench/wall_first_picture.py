"""Live wall benchmark: time from opening a saved 9-tile layout until every tile shows a picture,
in headless Chromium against `rtcc up --demo` (the real gateway, registry, recorder and
simulated cameras), p50 and p95.

Two cases: "warm", opened again at once, so the gateway still holds the cameras' upstream RTSP
sessions; and "cold", opened after those sessions were closed for want of viewers, so every
tile waits for its camera's handshake and next keyframe. With `--cameras 2300` the registry
also holds a city's worth of cameras (not on the wall), as the camera tree then lists them.

    uv run --frozen python bench/wall_first_picture.py [--samples 10] [--cameras 2300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

# The suite and the browser are started as the tests start them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rtcc_common.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests import city_cameras
from tests.suite import RunningSuite, demo_cameras, demo_suite

LAYOUT = "Bench 9"
TILES = 9
WAIT_MS = 120_000
# The gateway closes an upstream this long after its last viewer left (live_idle_close_s).
UPSTREAM_IDLE_S = 10.0

# Time of each tile's first presented frame, from the click that opens the layout.
WATCH = """() => {
  window.__wall = { t0: performance.now(), first: {} };
  new MutationObserver((changes) => {
    for (const change of changes) {
      const tile = change.target;
      if (tile.dataset.state === "playing" && !(tile.dataset.camera in window.__wall.first)) {
        window.__wall.first[tile.dataset.camera] = performance.now() - window.__wall.t0;
      }
    }
  }).observe(document.querySelector(".wall"),
             { subtree: true, attributes: true, attributeFilter: ["data-state"] });
}"""


SETTLED = """(tiles) => {
  for (const tile of document.querySelectorAll(".wall figure.player[data-state=playing]")) {
    if (!(tile.dataset.camera in window.__wall.first)) {
      window.__wall.first[tile.dataset.camera] = performance.now() - window.__wall.t0;
    }
  }
  return Object.keys(window.__wall.first).length >= tiles;
}"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def prepare(demo: RunningSuite, extra_cameras: int) -> list[str]:
    """Nine watchable cameras on the demo's streams, saved as the analyst's 9-tile layout."""
    with demo.client("admin") as admin:
        urls = city_cameras.demo_stream_urls(admin)
        city_cameras.import_cameras(admin, city_cameras.watchable_rows(urls, TILES - 3))
        if extra_cameras:
            city_cameras.import_cameras(admin, city_cameras.registry_rows(extra_cameras))
    ids = demo_cameras(demo)
    wall = [ids[f"demo-cam-{n}"] for n in (1, 2, 3)] + [
        ids[f"wall-cam-{n}"] for n in range(1, TILES - 2)
    ]
    with demo.client("analyst") as analyst:
        analyst.put(
            f"/v1/me/layouts/{LAYOUT}", json={"tiles": TILES, "camera_ids": wall}
        ).raise_for_status()
    return wall


async def open_wall(page: Page, url: str) -> dict[str, float]:
    await page.goto(f"{url}/dashboard/#/grid")
    await page.wait_for_selector(
        f"select[name=saved_layout] option[value='{LAYOUT}']", state="attached", timeout=WAIT_MS
    )
    await page.select_option("select[name=saved_layout]", LAYOUT)
    await page.evaluate(WATCH)
    await page.click("button[name=open-layout]")
    try:
        # A tile that kept playing through the change of layout (the same camera in the same
        # place) never changes state: it shows a picture from the start.
        await page.wait_for_function(SETTLED, arg=TILES, timeout=WAIT_MS)
    except PlaywrightTimeout:
        # Which tiles never showed a picture, and what each says: the sample counts as failed.
        tiles = await page.eval_on_selector_all(
            ".wall figure.player",
            "tiles => tiles.filter(t => !(t.dataset.camera in window.__wall.first))"
            ".map(t => `${t.dataset.camera}: ${t.dataset.state} `"
            " + t.innerText.replace(/\\s+/g, ' '))",
        )
        raise WallFailed(tiles) from None
    first: dict[str, float] = await page.evaluate("() => window.__wall.first")
    return first


class WallFailed(Exception):
    def __init__(self, tiles: list[str]) -> None:
        super().__init__(f"{len(tiles)} tiles without a picture after {WAIT_MS} ms: {tiles}")
        self.tiles = tiles


async def run(samples: int, extra_cameras: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="rtcc-wall-bench-") as tmp,
        demo_suite(Path(tmp) / "data") as demo,
    ):
        prepare(demo, extra_cameras)
        session = {"token": demo.token("analyst"), "role": "analyst", "agency": None,
                   "subject": "bench", "expiresAt": time.time() * 1000 + 8 * 3600_000}  # fmt: skip
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_FLAGS
            )
            context = await browser.new_context(viewport={"width": 1600, "height": 1000})
            await context.add_init_script(
                f"sessionStorage.setItem('rtcc.session', {json.dumps(json.dumps(session))})"
            )
            results: dict[str, list[float]] = {"warm": [], "cold": []}
            failures: dict[str, list[list[str]]] = {"warm": [], "cold": []}
            # The first opening starts the upstreams; it is neither case.
            page = await context.new_page()
            await open_wall(page, demo.url)
            await page.close()
            for n in range(samples):
                for case in ("warm", "cold"):
                    if case == "cold":
                        await asyncio.sleep(UPSTREAM_IDLE_S + 3)
                    page = await context.new_page()
                    try:
                        first = await open_wall(page, demo.url)
                        results[case].append(max(first.values()))
                    except WallFailed as failed:
                        failures[case].append(failed.tiles)
                        print(f"sample {n + 1} {case}: {failed}", file=sys.stderr)
                    await page.close()
                print(f"sample {n + 1}/{samples}: warm {results['warm'][-1:]} ms, "
                      f"cold {results['cold'][-1:]} ms", file=sys.stderr)  # fmt: skip
            await browser.close()
    return {
        case: {
            "samples": len(values),
            "failed_samples": len(failures[case]),
            "tiles_without_picture": failures[case],
            **(
                {
                    "p50_ms": round(statistics.median(values)),
                    "p95_ms": round(percentile(values, 0.95)),
                    "max_ms": round(max(values)),
                }
                if values
                else {}
            ),
        }
        for case, values in results.items()
    }


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        # Other work on the machine skews every figure; the load says how much there was.
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument(
        "--cameras", type=int, default=0, help="cameras in the registry in all (e.g. 2300)"
    )
    args = parser.parse_args()
    before = machine()
    figures = asyncio.run(run(args.samples, max(0, args.cameras - TILES)))
    print(json.dumps({"time_to_every_tile_first_picture": figures, "tiles": TILES,
                      "registered_cameras": max(args.cameras, TILES),
                      "machine_before": before, "machine_after": machine()}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
