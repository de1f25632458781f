"""What the dashboard's browser tests share: Debian's headless Chromium, screenshots kept under
test-artifacts/dashboard/, and signing in as a demo account."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pyotp
from playwright.async_api import Locator, Page

from rtcc_cli.demo_accounts import DemoAccount, load_accounts
from tests.suite import RunningSuite

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "dashboard"
WAIT_MS = 60_000
VIEWPORT = {"width": 1400, "height": 900}
# The camera map has drawn its basemap and every camera.
MAP_READY = "#camera-map[data-ready]"


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


# The last authenticator step each account signed in with: the gateway takes each code once.
_used_steps: dict[str, int] = {}


async def unused_code(account: DemoAccount) -> str:
    """The current code, or the next one (accepted for clock drift) when the current one was
    used already, as a person waits for the authenticator to show a new code."""
    totp = pyotp.TOTP(account.totp_secret)
    while True:
        now = int(time.time() // totp.interval)
        for step in (now, now + 1):
            if step > _used_steps.get(account.username, -1):
                _used_steps[account.username] = step
                return totp.at(step * totp.interval)
        await asyncio.sleep(1)


def wait_for_unused_step(account: DemoAccount) -> None:
    """Before something else types the current code (`rtcc demo-login` prints it): wait until no
    sign-in here has used it yet."""
    interval = pyotp.TOTP(account.totp_secret).interval
    while int(time.time() // interval) <= _used_steps.get(account.username, -1):
        time.sleep(1)


def note_code_used(account: DemoAccount, code: str) -> None:
    totp = pyotp.TOTP(account.totp_secret)
    now = int(time.time() // totp.interval)
    used = [step for step in (now - 1, now, now + 1) if totp.at(step * totp.interval) == code]
    _used_steps[account.username] = max([*used, _used_steps.get(account.username, -1)])


async def sign_in(page: Page, url: str, account: DemoAccount) -> None:
    """Password and an authenticator code, as a person types them."""
    await page.goto(f"{url}/")
    await page.fill("input[name=username]", account.username)
    await page.fill("input[name=password]", account.password)
    await page.fill("input[name=totp]", await unused_code(account))
    await page.click("#login-form button")
    await page.wait_for_selector(MAP_READY, timeout=WAIT_MS)
    assert await page.text_content("#who") == f"{account.username} ({account.role})"


async def click_into(page: Page, target: Locator, fraction: float) -> None:
    box = await target.bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


async def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    await page.mouse.move(*start)
    await page.mouse.down()
    await page.mouse.move(*end, steps=6)
    await page.mouse.up()


async def map_pixel(
    page: Page, lat: float, lon: float, selector: str = "#camera-map"
) -> tuple[float, float]:
    """Where a place is on the screen, as a map of the dashboard draws it now."""
    point = await page.evaluate(
        "([lat, lon, selector]) => { const map = document.querySelector(selector).rtccMap;"
        " const box = map.getContainer().getBoundingClientRect();"
        " const p = map.project([lon, lat]); return [box.left + p.x, box.top + p.y]; }",
        [lat, lon, selector],
    )
    return float(point[0]), float(point[1])


async def click_map_at(page: Page, lat: float, lon: float, selector: str = "#camera-map") -> None:
    await page.mouse.click(*await map_pixel(page, lat, lon, selector))


def account(demo: RunningSuite, username: str) -> DemoAccount:
    """One of the accounts `rtcc up --demo` made."""
    return load_accounts(demo.data_dir)[username]
