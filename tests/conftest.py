from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from rtcc_common.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.dashboard_browser import VIEWPORT, shot
from tests.suite import RunningSuite, start_suite


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    """`rtcc up` with its embedded defaults (SQLite), shared by the tests of one module."""
    running = start_suite(tmp_path_factory.mktemp("suite") / "data")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


@pytest.fixture
def fresh_data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless, shared by the browser tests of one module."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    """A fresh browser context (no session left by another test); on failure, a screenshot."""
    context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    opened = await context.new_page()
    failures = request.session.testsfailed
    try:
        yield opened
    finally:
        if request.session.testsfailed != failures:
            await shot(opened, f"failed-{request.node.name}")
        await context.close()
