"""The administration and oversight screens in a real browser (Debian's headless Chromium)
against `rtcc up --demo`: a resident's camera approved from the registration queue and found on
the map, a locked account unlocked and a lost authenticator replaced, a suspended technology
approved again with its use policy, a hotlist imported from a CSV file, an auditor paging
through 1,000 audit records and exporting them, the annual report as a PDF whose text holds the
year's figures, and an alert that gives way to the export panel. Screenshots are kept under
test-artifacts/dashboard/ (names starting with `admin-`, `oversight-` and `audit-`)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from playwright.async_api import Page
from pypdf import PdfReader

from rtcc_common.chromium import CHROMIUM
from tests.dashboard_browser import ARTIFACTS, WAIT_MS, account, shot, sign_in
from tests.suite import RTCC, RunningSuite, demo_cameras, demo_suite

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")

PROBE_USER = "audit-probe"
PROBE_RECORDS = 1000
HOTLIST_ROWS = 20_000
PASSWORD = "a long enough password"
TWENTY_FOUR_HOUR = re.compile(r"^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("dashboard-admin") / "data") as running:
        yield running


def _registration(name: str, address: str, lat: float, lon: float) -> dict[str, Any]:
    """What a resident sends through the public form: listed only, footage on request."""
    return {
        "ownership": "resident",
        "owner_name": "Rosa Alvarez",
        "owner_email": "rosa@example.org",
        "owner_phone": "555-0142",
        "camera_name": name,
        "location": {"lat": lat, "lon": lon, "address": address},
        "permissions": {"registry_only": True},
        "terms_version": "2026-03",
        "accepted_terms": True,
    }


def _token_for(demo: RunningSuite, role: str, user: str) -> str:
    argv = [str(RTCC), "token", "--role", role, "--user", user, "--data-dir", str(demo.data_dir)]
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


async def test_a_residents_camera_approved_in_the_queue_is_on_the_map(
    demo: RunningSuite, page: Page
) -> None:
    async with httpx.AsyncClient(base_url=demo.url, timeout=30) as public:
        submitted = await public.post(
            "/v1/registrations",
            json=_registration("Alvarez porch", "318 Elm St, Demo City", 41.8789, -87.6317),
        )
        assert submitted.status_code == 201, submitted.text
        second = await public.post(
            "/v1/registrations",
            json=_registration("Alvarez garage", "320 Elm St, Demo City", 41.8787, -87.6317),
        )
        withdrawn = second.json()
    registration_id = submitted.json()["registration"]["id"]
    await sign_in(page, demo.url, account(demo, "demo-admin"))
    await page.click("#nav a[data-view=admin]")
    card = page.locator(f"article.registration[data-registration='{registration_id}']")
    await card.wait_for(timeout=WAIT_MS)
    # What the owner allows and the terms they accepted, before anyone decides.
    text = await card.inner_text()
    assert "listed only: ask the owner for footage" in text and "terms 2026-03" in text
    assert "318 Elm St, Demo City" in text and "Rosa Alvarez (resident)" in text
    await shot(page, "admin-01-registration-queue")

    # A reject needs a reason; an approval puts the camera in the registry.
    await card.locator("button[name=reject]").click()
    await card.locator(".message.error:has-text('Say why')").wait_for()
    await card.locator("input[name=review_reason]").fill("checked the address with the owner")
    await card.locator("button[name=approve]").click()
    await card.wait_for(state="detached", timeout=WAIT_MS)  # gone from the pending queue

    # The owner of the other camera withdraws consent with their token: the queue shows it.
    async with httpx.AsyncClient(base_url=demo.url, timeout=30) as public:
        reply = await public.post(
            f"/v1/registrations/{withdrawn['registration']['id']}/withdraw",
            json={"withdrawal_token": withdrawn["withdrawal_token"], "reason": "moving away"},
        )
        assert reply.status_code == 200, reply.text
    await page.select_option("select[name=registration_status]", "withdrawn")
    gone = page.locator(
        f"article.registration[data-registration='{withdrawn['registration']['id']}']"
        "[data-status=withdrawn]"
    )
    await gone.wait_for(timeout=WAIT_MS)
    assert "by the owner: moving away" in await gone.inner_text()
    await shot(page, "admin-02-withdrawal-shown")

    await page.select_option("select[name=registration_status]", "approved")
    approved = page.locator(
        f"article.registration[data-registration='{registration_id}'][data-status=approved]"
    )
    await approved.wait_for(timeout=WAIT_MS)
    assert "approved by demo-admin" in await approved.inner_text()
    await approved.locator("a.show-on-map").click()
    with demo.client("admin") as api:
        registration = api.get(f"/v1/registrations/{registration_id}").raise_for_status().json()
    camera_id = registration["camera_id"]
    assert camera_id
    await page.wait_for_selector(f"#camera-map[data-focus='{camera_id}']", timeout=WAIT_MS)
    popup = page.locator(f".camera-popup[data-camera='{camera_id}']")
    await popup.wait_for()
    assert "Alvarez porch" in await popup.inner_text()
    # And an analyst's address search finds it among the cameras there.
    await page.fill("input[name=address]", "318 Elm St")
    await page.press("input[name=address]", "Enter")
    await page.wait_for_selector(f"tr.hit-row[data-camera='{camera_id}']", timeout=WAIT_MS)
    await shot(page, "admin-03-approved-camera-on-the-map")


async def test_a_locked_account_is_unlocked_and_a_lost_authenticator_replaced(
    demo: RunningSuite, page: Page
) -> None:
    with demo.client("admin") as api:
        made = api.post(
            "/v1/users",
            json={"username": "lee", "password": PASSWORD, "role": "analyst"},
        )
        assert made.status_code == 201, made.text
        secret = made.json()["totp_secret"]
    login = {"username": "lee", "password": "not the password"}
    async with httpx.AsyncClient(base_url=demo.url, timeout=30) as anonymous:
        for _ in range(5):
            refused = await anonymous.post("/v1/auth/login", json={**login, "totp": "000000"})
            assert refused.status_code in (401, 423), refused.text
        right = {"username": "lee", "password": PASSWORD}
        locked = await anonymous.post(
            "/v1/auth/login", json={**right, "totp": pyotp.TOTP(secret).now()}
        )
        assert locked.status_code != 200  # locked, even with both factors right

    await sign_in(page, demo.url, account(demo, "demo-admin"))
    await page.goto(f"{demo.url}/#/admin/users")
    row = page.locator("tr.user[data-user=lee]")
    await row.wait_for(timeout=WAIT_MS)
    assert await row.get_attribute("data-locked") == "yes"
    assert "locked until" in await row.locator(".user-state").inner_text()
    await shot(page, "admin-04-locked-account")
    await row.locator("button[name=unlock]").click()
    await page.wait_for_selector("tr.user[data-user=lee][data-locked=no]", timeout=WAIT_MS)
    note = page.locator(".message.note:has-text('lifted; the account may sign in again')")
    await note.wait_for()
    assert (await note.inner_text()).startswith("lee: ")
    await shot(page, "admin-05-unlocked")
    async with httpx.AsyncClient(base_url=demo.url, timeout=30) as anonymous:
        signed = await anonymous.post(
            "/v1/auth/login", json={**right, "totp": pyotp.TOTP(secret).now()}
        )
    assert signed.status_code == 200, signed.text

    # The phone with the authenticator is lost: a new secret, shown once; the old one is refused.
    page.once("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await page.locator("tr.user[data-user=lee] button[name=reset-authenticator]").click()
    shown = page.locator(".secret-once[data-user=lee] code.totp-secret")
    await shown.wait_for(timeout=WAIT_MS)
    new_secret = (await shown.inner_text()).strip()
    assert new_secret and new_secret != secret
    await shot(page, "admin-06-authenticator-reset")
    async with httpx.AsyncClient(base_url=demo.url, timeout=30) as anonymous:
        later = pyotp.TOTP(secret)
        old = await anonymous.post(
            "/v1/auth/login",
            json={**right, "totp": later.at(datetime.now(UTC).timestamp() + later.interval)},
        )
        new = await anonymous.post(
            "/v1/auth/login", json={**right, "totp": pyotp.TOTP(new_secret).now()}
        )
    assert old.status_code == 401 and new.status_code == 200, (old.text, new.text)


async def test_a_suspended_technology_is_approved_again_with_its_use_policy(
    demo: RunningSuite, page: Page
) -> None:
    with demo.client("admin") as api:
        suspended = api.put(
            "/v1/oversight/technologies/partner_sharing",
            json={"status": "suspended", "note": "sharing agreement under review"},
        )
        assert suspended.status_code == 200, suspended.text
    await sign_in(page, demo.url, account(demo, "demo-admin"))
    await page.click("#nav a[data-view=oversight]")
    await page.click(".subnav a[data-page=technologies]")
    card = page.locator("article.technology[data-technology=partner_sharing]")
    await card.wait_for(timeout=WAIT_MS)
    assert await card.get_attribute("data-status") == "suspended"
    assert "sharing agreement under review" in await card.inner_text()
    await card.locator("button[name=decide]").click()
    form = card.locator("form.decision-form")
    assert await form.locator("select[name=status]").input_value() == "approved"
    await form.locator("input[name=ordinance_ref]").fill("Ordinance 2026-31")
    await form.locator("input[name=hearing_ref]").fill("Council hearing of 2026-11-18")
    # Without the use policy, the dashboard says what an approval needs.
    await form.locator("textarea[name=use_policy]").fill("")
    await form.locator("button[type=submit]").click()
    await card.locator(".message.error:has-text('use policy')").wait_for()
    policy = (
        "Partner agencies may query plate hits for a named case only.\n"
        "Queries are audited and reported each year to the council."
    )
    await form.locator("textarea[name=use_policy]").fill(policy)
    await shot(page, "oversight-01-approving-again")
    await form.locator("button[type=submit]").click()
    approved = page.locator(
        "article.technology[data-technology=partner_sharing][data-status=approved]"
    )
    await approved.wait_for(timeout=WAIT_MS)
    await approved.locator("details.use-policy summary").click()
    assert "for a named case only" in await approved.locator("pre.use-policy-text").inner_text()
    assert "Ordinance 2026-31" in await approved.inner_text()
    await shot(page, "oversight-02-approved-with-use-policy")
    with demo.client("auditor") as api:
        listed = api.get("/v1/oversight/technologies").raise_for_status().json()
    sharing = next(t for t in listed if t["key"] == "partner_sharing")
    assert (sharing["status"], sharing["ordinance_ref"]) == ("approved", "Ordinance 2026-31")
    assert sharing["use_policy"] == policy and sharing["decided_by"] == "demo-admin"


async def test_an_auditor_pages_through_1000_audit_records_and_exports_them(
    demo: RunningSuite, page: Page
) -> None:
    # A thousand accesses by one person: each leaves one audit record.
    headers = {"Authorization": f"Bearer {_token_for(demo, 'detective', PROBE_USER)}"}
    async with httpx.AsyncClient(base_url=demo.url, headers=headers, timeout=30) as probe:
        for n in range(PROBE_RECORDS):
            (await probe.get("/v1/cases", params={"number": f"PROBE-{n:04d}"})).raise_for_status()

    auditor = account(demo, "demo-auditor")
    await sign_in(page, demo.url, auditor)
    # An auditor is offered only what the role may use.
    shown = await page.eval_on_selector_all(
        "#nav a", "links => links.filter(a => !a.hidden).map(a => a.dataset.view)"
    )
    assert shown == ["map", "oversight"]
    assert await page.is_hidden("#feed-state")
    await page.click("#nav a[data-view=oversight]")
    await page.wait_for_selector("section.audit-trail tr.audit-row", timeout=WAIT_MS)
    # The readers' ingest is counted in one line, not listed.
    rollup = page.locator(".rollup-item[data-action='lpr.reads.write']")
    await rollup.wait_for(timeout=WAIT_MS)
    assert int(await rollup.get_attribute("data-count") or "0") > 0
    actions = await page.locator("tr.audit-row td:nth-child(4)").all_text_contents()
    assert actions and "lpr.reads.write" not in actions
    since = await page.input_value("input[name=since]")
    assert TWENTY_FOUR_HOUR.match(since), since  # the center's 24-hour form
    await shot(page, "audit-01-ingest-rolled-up")

    await page.fill("input[name=user]", PROBE_USER)
    await page.click("form.audit-filters button[type=submit]")
    first = "tr.audit-row:first-child td.audit-what:has-text('number=PROBE-0000')"
    await page.wait_for_selector(first, timeout=WAIT_MS)
    assert "records 1 to 100" in (await page.text_content(".audit-summary") or "")
    seen: list[str] = []
    for number in range(1, 11):
        await page.wait_for_selector(f"section.audit-trail .scroll[data-page='{number}']")
        seqs = await page.locator("tr.audit-row").evaluate_all(
            "rows => rows.map(r => r.dataset.seq)"
        )
        assert len(seqs) == 100
        seen += seqs
        if number == 3:
            await shot(page, "audit-02-page-3-of-a-person")
        if number < 10:
            await page.click("button[name=next-page]")
    assert len(set(seen)) == PROBE_RECORDS
    assert await page.is_disabled("button[name=next-page]")
    assert "records 901 to 1,000 of those that match, the last page" in (
        await page.text_content(".audit-summary") or ""
    )
    whats = await page.locator("tr.audit-row td.audit-what").all_text_contents()
    assert all("number=PROBE-" in what for what in whats)
    await page.click("button[name=previous-page]")
    await page.wait_for_selector("section.audit-trail .scroll[data-page='9']")

    async with page.expect_download() as caught:
        await page.click("button[name=export-audit]")
    saved = await (await caught.value).path()
    lines = await asyncio.to_thread(lambda: Path(saved).read_text().splitlines())
    assert lines[0].startswith("seq,time,subject,agency,role,action")
    assert len(lines) == PROBE_RECORDS + 1
    assert all(f",{PROBE_USER},," in line and ",cases.list," in line for line in lines[1:])
    await page.wait_for_selector(".message.note:has-text('Exported 1,000 records')")
    await shot(page, "audit-03-exported")


async def test_the_annual_report_renders_to_a_pdf_holding_the_years_figures(
    demo: RunningSuite, page: Page
) -> None:
    year = datetime.now(UTC).year
    with demo.client("detective") as api:
        case = api.post("/v1/cases", json={"number": "RPT-0001", "offense": "auto theft"})
        assert case.status_code == 201, case.text
        outcome = api.post(
            f"/v1/cases/{case.json()['id']}/outcomes",
            json={
                "kind": "arrest",
                "occurred_on": datetime.now(UTC).date().isoformat(),
                "center_assisted": True,
                "assisted_by": ["plate_hit"],
                "arrest_count": 3,
                "charge": "auto theft",
            },
        )
        assert outcome.status_code == 201, outcome.text
    await sign_in(page, demo.url, account(demo, "demo-auditor"))
    await page.click("#nav a[data-view=oversight]")
    await page.click(".subnav a[data-page=report]")
    await page.fill("input[name=year]", str(year))
    await page.click("form:has(button[name=report-pdf]) button[type=submit]")
    frame = page.frame_locator("iframe.report")
    await frame.locator("h1").wait_for(timeout=WAIT_MS)
    await page.locator("iframe.report").scroll_into_view_if_needed()
    await shot(page, "oversight-03-annual-report-page")
    async with page.expect_download() as caught:
        await page.click("button[name=report-pdf]")
    download = await caught.value
    assert download.suggested_filename == f"surveillance-report-{year}.pdf"
    saved = await download.path()
    pdf = await asyncio.to_thread(Path(saved).read_bytes)
    with demo.client("auditor") as api:
        report = api.get("/v1/oversight/report", params={"year": year}).raise_for_status().json()

    assert pdf.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert f"Annual surveillance technology report, {year}" in text
    outcomes = report["outcomes_credited"]
    assert outcomes["arrests"] >= 3
    arrests = outcomes["arrests"]
    vehicles = outcomes.get("vehicles_recovered", 0)
    vehicle_words = f"{vehicles:,} recovered vehicle{'' if vehicles == 1 else 's'}"
    assert f"credited with {arrests:,} arrests and {vehicle_words}" in text
    approved = sum(1 for t in report["technologies"] if t["status"] == "approved")
    assert f"In {year} the center used {approved} surveillance technologies approved" in text
    assert "The audit trail was verified intact" in text
    # Written out for a person to look at beside the screenshots.
    kept = ARTIFACTS / f"oversight-04-annual-report-{year}.pdf"
    await asyncio.to_thread(ARTIFACTS.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(kept.write_bytes, pdf)


async def test_an_alert_gives_way_to_the_export_panel_and_times_read_24_hour(
    demo: RunningSuite, page: Page
) -> None:
    await sign_in(page, demo.url, account(demo, "demo-analyst"))
    camera = demo_cameras(demo)["demo-cam-1"]
    await page.goto(f"{demo.url}/#/timeline/{camera}")
    await page.wait_for_selector("form.export-form", timeout=WAIT_MS)
    jump = await page.input_value("input[name=jump_to]")
    assert TWENTY_FOUR_HOUR.match(jump), jump
    # The demo's stolen plate passes a reader every half minute: a toast opens.
    toast = page.locator(".alert-toast[data-plate='8DMO777']")
    await toast.wait_for(timeout=WAIT_MS)
    if "folded" in (await toast.get_attribute("class") or ""):
        await toast.locator("header .toast-plate").click()
    await page.wait_for_selector(".alert-toast[data-plate='8DMO777']:not(.folded) .toast-body")
    # Open, it would cover the export panel at the bottom right: it stands in another corner,
    # where it covers no form of the page.
    await page.wait_for_selector(
        "#toasts:is(.toasts-left, .toasts-top)[data-covers=no]", state="attached"
    )
    await shot(page, "admin-07-alert-open-beside-the-export-panel")
    # The analyst goes on with the export: the toast folds out of the way at once.
    await page.click("input[name=export_reason]")
    await page.wait_for_selector(".alert-toast[data-plate='8DMO777'].folded")
    await page.fill("input[name=export_start]", "2026-01-01 18:30:00")
    assert await page.input_value("input[name=export_start]") == "2026-01-01 18:30:00"
    await page.wait_for_selector("#toasts[data-covers=no]")
    await page.locator("form.export-form").scroll_into_view_if_needed()
    await shot(page, "admin-08-alert-folded-export-panel-free")


async def test_a_hotlist_is_created_imported_from_csv_and_an_entry_removed(
    demo: RunningSuite, page: Page, tmp_path: Path
) -> None:
    rows = ["plate,state,reason,case_number"]
    rows += [f"HL{n:05d},CA,stolen vehicle,HL-{n % 50:04d}" for n in range(HOTLIST_ROWS)]
    rows.append("HLBAD1,CA,stolen vehicle,,,next tuesday")  # refused, and the file goes on
    csv_file = tmp_path / "county-stolen.csv"
    await asyncio.to_thread(csv_file.write_text, "\n".join(rows) + "\n")

    await sign_in(page, demo.url, account(demo, "demo-admin"))
    await page.goto(f"{demo.url}/#/admin/hotlists")
    await page.fill("input[name=hotlist_name]", "County stolen vehicles")
    await page.fill("input[name=hotlist_source]", "county")
    await page.click("form:has(input[name=hotlist_name]) button[type=submit]")
    panel = page.locator(".hotlist-entries")
    await panel.wait_for(timeout=WAIT_MS)
    await panel.locator("input[name=csv_file]").set_input_files(str(csv_file))
    await panel.locator("form.import-form button[type=submit]").click()
    form = panel.locator(f"form.import-form[data-imported='{HOTLIST_ROWS}']")
    await form.wait_for(timeout=WAIT_MS)
    status = await form.locator(".import-status").inner_text()
    assert f"Imported {HOTLIST_ROWS:,} entries, rejected 1." in status
    assert f"line {HOTLIST_ROWS + 2}: expires_at is not an ISO 8601 time" in status
    bar = form.locator("progress.import-progress")
    assert await bar.is_visible()
    assert await bar.evaluate("bar => bar.value === bar.max")
    listed = page.locator("tr.hotlist:has-text('County stolen vehicles')")
    await page.wait_for_selector(
        f"tr.hotlist[data-entries='{HOTLIST_ROWS}']:has-text('County stolen vehicles')"
    )
    assert await panel.locator("tr.entry").count() == 100  # the first page
    await shot(page, "admin-09-hotlist-imported")

    await panel.locator("input[name=entry_plate]").fill("HL00042")
    await panel.locator("form:has(input[name=entry_plate]) button[type=submit]").click()
    entry = panel.locator("tr.entry[data-plate=HL00042]")
    await page.wait_for_function(
        "() => document.querySelectorAll('.hotlist-entries tr.entry').length === 1"
    )
    assert "HL-0042" in await entry.inner_text()
    await entry.locator("button[name=remove-entry]").click()
    await entry.wait_for(state="detached")
    await page.wait_for_selector(
        f"tr.hotlist[data-entries='{HOTLIST_ROWS - 1}']:has-text('County stolen vehicles')"
    )
    hotlist_id = await listed.get_attribute("data-hotlist")
    with demo.client("admin") as api:
        found = api.get(
            f"/v1/lpr/hotlists/{hotlist_id}/entries", params={"plate": "HL00042"}
        ).raise_for_status()
    assert found.json()["entries"] == []
    await shot(page, "admin-10-hotlist-entry-removed")
