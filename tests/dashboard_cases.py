"""The case page's steps that the dashboard's walks share: closing a case and releasing the
footage it held."""

from __future__ import annotations

from playwright.async_api import Page

from tests.dashboard_browser import VIEWPORT, WAIT_MS, account, shot, sign_in
from tests.suite import RunningSuite


async def close_the_case_and_release_its_hold(page: Page, demo: RunningSuite, case_id: str) -> None:
    """The analyst closes the case, which asks for its hold's release; an administrator (a
    supervisor, not the one who asked) confirms it on the same page."""
    await page.goto(f"{demo.url}/#/cases/{case_id}")
    await page.wait_for_selector("tr.hold[data-status=active]", timeout=WAIT_MS)
    await page.fill("input[name=close_reason]", "suspect charged, footage in the DA's file")
    await page.click("button[name=close-case]")
    asked = page.locator("tr.hold[data-status=release_requested]")
    await asked.wait_for(timeout=WAIT_MS)
    await page.wait_for_selector("tr.evidence-row td.hold:has-text('release asked')")
    assert "release of its hold is asked" in (await page.text_content(".message.note") or "")
    assert "demo-analyst" in (await asked.text_content() or "")
    # Who asked may not confirm: the analyst is not offered it.
    assert await page.locator("button[name=confirm-release]").count() == 0
    assert await page.locator("button[name=close-case]").count() == 0
    await shot(page, "lb-06b-case-closed-release-asked")

    browser = page.context.browser
    assert browser is not None
    context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        admin = await context.new_page()
        await sign_in(admin, demo.url, account(demo, "demo-admin"))
        await admin.goto(f"{demo.url}/#/cases/{case_id}")
        await admin.fill("input[name=confirm_reason]", "case closed; DA holds its own copy")
        await admin.click("button[name=confirm-release]")
        await admin.wait_for_selector("tr.hold[data-status=released]", timeout=WAIT_MS)
        await admin.wait_for_selector("tr.evidence-row td.hold:has-text('hold released')")
        await shot(admin, "lb-06c-hold-released-by-a-supervisor")
    finally:
        await context.close()
    with demo.client("analyst") as api:
        holds = api.get(f"/v1/cases/{case_id}/holds").raise_for_status().json()
        record = api.get(f"/v1/cases/{case_id}").raise_for_status().json()
    assert [h["status"] for h in holds] == ["released"] and holds[0]["released_by"]
    assert record["status"] == "closed"
