"""The annual surveillance report, built from the records of the real oversight, lpr and cases
services; the figures of services that are down are reported as unavailable, with the reason."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from pypdf import PdfReader

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases.server import build_server as build_cases
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_common.testing import running_service
from rtcc_lpr.server import build_server as build_lpr
from rtcc_lpr.settings import Settings as LprSettings
from rtcc_lpr.testing import MIGRATIONS as LPR_MIGRATIONS
from rtcc_lpr.testing import read_body

CASES_MIGRATIONS = Path(build_cases.__code__.co_filename).parent / "migrations"
DEAD = "127.0.0.1:9"
WHY = {"reason": "stolen vehicle", "case_number": "24-0777"}


def _own_url(database_url: str, data_dir: Path, name: str) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{data_dir / f'{name}.sqlite'}"
    return database_url


@asynccontextmanager
async def _backends(database_url: str, data_dir: Path) -> AsyncIterator[dict[str, str]]:
    lpr = LprSettings(database_url=_own_url(database_url, data_dir, "lpr"), data_dir=data_dir)
    cases = CasesSettings(
        database_url=_own_url(database_url, data_dir, "cases"),
        data_dir=data_dir,
        recorder_addr=DEAD,
    )
    async with AsyncExitStack() as stack:
        lpr_run = await stack.enter_async_context(
            running_service(lpr, build_lpr, migrations_dir=LPR_MIGRATIONS)
        )
        cases_run = await stack.enter_async_context(
            running_service(cases, build_cases, migrations_dir=CASES_MIGRATIONS)
        )
        yield {"lpr_addr": lpr_run.address, "cases_addr": cases_run.address}


async def _record_a_year(gateway: Any) -> None:
    """Two hotlist hits (one confirmed, one misread), searches by two agencies, an arrest."""
    async with (
        gateway.client("admin") as admin,
        gateway.client("reader") as reader,
        gateway.client("analyst", subject="ana1", agency="CPD") as analyst,
        gateway.client("partner", subject="dep1", agency="county") as partner,
    ):
        hotlist = (await admin.post("/v1/lpr/hotlists", json={"name": "stolen"})).json()
        entries = [{"plate": p, "state": "TX"} for p in ("HOT111", "HOT222")]
        await admin.post(f"/v1/lpr/hotlists/{hotlist['id']}/entries", json={"entries": entries})
        await admin.put(
            "/v1/lpr/agreements/county",
            json={"hotlist_ids": [hotlist["id"]], "max_lookback_days": 7},
        )
        reads = [read_body("r1", "HOT111"), read_body("r2", "HOT222"), read_body("r3", "COLD33")]
        assert (await reader.post("/v1/lpr/reads", json={"reads": reads})).status_code == 200
        alerts = (await analyst.get("/v1/lpr/alerts")).json()["alerts"]
        by_plate = {a["read"]["plate"]: a["id"] for a in alerts}
        for plate, disposition in (("HOT111", "confirmed"), ("HOT222", "misread")):
            reply = await analyst.post(
                f"/v1/lpr/alerts/{by_plate[plate]}/disposition", json={"disposition": disposition}
            )
            assert reply.status_code == 200, reply.text
        await analyst.get("/v1/lpr/reads", params={"plate": "HOT111", **WHY})
        await analyst.get("/v1/lpr/reads", params={"plate": "COLD33", "reason": "canvass"})
        await partner.get("/v1/lpr/reads", params={"plate": "HOT111", **WHY})
        case = await analyst.post("/v1/cases", json={"number": "24-0777", "offense": "theft"})
        assert case.status_code == 201, case.text
        outcome = await analyst.post(
            f"/v1/cases/{case.json()['id']}/outcomes",
            json={
                "kind": "arrest",
                "occurred_on": datetime.now(UTC).date().isoformat(),
                "center_assisted": True,
                "assisted_by": ["plate_hit"],
                "arrest_count": 2,
                "charge": "auto theft",
            },
        )
        assert outcome.status_code == 201, outcome.text


async def _ask_two_owners(cases_addr: str) -> None:
    """A footage request to two camera owners, of whom one declines."""
    async with grpc.aio.insecure_channel(cases_addr) as channel:
        cases = cases_pb2_grpc.CasesServiceStub(channel)
        actor = cases_pb2.Actor(subject="ana1", role="analyst", agency="CPD")
        found = await cases.ListCases(cases_pb2.ListCasesRequest(number="24-0777"))
        start, end = Timestamp(), Timestamp()
        start.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
        end.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
        made = await cases.CreateFootageRequest(
            cases_pb2.CreateFootageRequestRequest(
                case_id=found.cases[0].id,
                actor=actor,
                lat=41.88,
                lon=-87.63,
                radius_m=100,
                start=start,
                end=end,
                reason="theft from a porch",
                targets=[
                    cases_pb2.FootageTarget(camera_id="cam-1", owner_name="Dana"),
                    cases_pb2.FootageTarget(camera_id="cam-2", owner_name="Lee"),
                ],
            )
        )
        await cases.DeclineFootageAsk(cases_pb2.DeclineFootageAskRequest(token=made.links[0].token))


async def test_the_annual_report_counts_what_the_system_recorded(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with _backends(database_url, data_dir) as addresses:
        elsewhere = {"camera_registry_addr": DEAD, "recorder_addr": DEAD, **addresses}
        async with oversight_gateway(oversight_settings=elsewhere, **addresses) as gateway:
            await _record_a_year(gateway)
            await _ask_two_owners(addresses["cases_addr"])
            year = datetime.now(UTC).year
            async with gateway.client("auditor") as auditor:
                reply = await auditor.get("/v1/oversight/report", params={"year": year})
                assert reply.status_code == 200, reply.text
                report = reply.json()
                page = await auditor.get(
                    "/v1/oversight/report", params={"year": year, "format": "html"}
                )
                pdf = await auditor.get(
                    "/v1/oversight/report", params={"year": year, "format": "pdf"}
                )
                bad_year = await auditor.get("/v1/oversight/report", params={"year": 1900})

    sections = {s["key"]: s for s in report["technologies"]}
    assert set(sections) == {
        "fixed_video",
        "resident_video",
        "lpr",
        "live_monitoring",
        "partner_sharing",
    }
    lpr = sections["lpr"]
    assert lpr["status"] == "approved" and lpr["ordinance_ref"] == "Test Ordinance 1"
    assert lpr["accesses"]["by_agency"]["CPD"] >= 4  # two searches, alert list, dispositions
    assert lpr["accesses"]["by_purpose"]["canvass"] == 1
    # By month for the chart: every month of the year, this one holding this year's accesses.
    by_month = lpr["accesses"]["by_month"]
    this_month = datetime.now(UTC).strftime("%Y-%m")
    assert sorted(by_month) == [f"{year}-{m:02d}" for m in range(1, 13)]
    assert by_month[this_month] == lpr["accesses"]["by_agency"]
    assert not any(counts for month, counts in by_month.items() if month != this_month)
    assert lpr["data_collected"]["reads"] == {
        "available": True,
        "reads": 3,
        "by_source": {"reader": 3},
    }
    assert report["hotlist_hits"] == {
        "available": True,
        "alerts": 2,
        "confirmed": 1,
        "misread": 1,
        "not_actionable": 0,
        "not_yet_checked": 0,
    }
    assert report["outcomes_credited"]["arrests"] == 2
    assert report["outcomes_credited"]["by_technology"]["plate_hit"]["arrests"] == 2
    assert report["footage_requests"] == {
        "available": True,
        "requests": 1,
        "owners_asked": 2,
        "by_status": {"sent": 1, "declined": 1, "uploaded": 0, "expired": 0},
    }
    assert report["sharing_with_partners"]["by_agency"] == {"county": 1}
    units = sections["fixed_video"]["units_deployed"]
    assert units["available"] is False and "camera registry" in units["reason"]
    retention = sections["fixed_video"]["retention"]
    assert retention["available"] is False and "recorder" in retention["reason"]
    assert report["audit_findings"]["chain_intact"] is True

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f"Annual surveillance technology report, {year}" in page.text
    assert "unavailable: the camera registry service did not answer" in page.text
    assert "Accesses by month" in page.text and "<svg" in page.text
    assert "for their footage 1 time, 2 owners in all" in page.text
    assert bad_year.status_code == 422
    # The PDF is the same page laid out by a real engine: its text holds the year's figures.
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    pages = PdfReader(BytesIO(pdf.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert f"Annual surveillance technology report, {year}" in text
    assert "credited with 2 arrests" in text and "2 reads matched a hotlist" in text
    assert "a person confirmed 1 (50%)" in text and "Test Ordinance 1" in text
