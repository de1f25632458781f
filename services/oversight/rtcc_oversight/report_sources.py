"""Figures the annual report takes from the other services, over their gRPC contracts.

Each gatherer returns its figures, or raises `Missing` saying why they could not be had; the
report prints that reason instead of a number, so no figure is ever made up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as cam_pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc as cam_grpc
from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2, recorder_pb2_grpc

MAX_PAGES = 1000
REPORT_SUBJECT = "oversight-annual-report"
# The recorder answers storage figures for a year at most at a time. Legal holds keep footage
# past retention, so the oldest footage held is looked for this many years back.
HELD_YEARS_SEARCHED = 10


class Missing(Exception):
    """A figure the report cannot give, with the reason."""


def _why(service: str, exc: grpc.aio.AioRpcError) -> Missing:
    if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
        return Missing(f"the {service} service does not offer this figure yet")
    return Missing(f"the {service} service did not answer ({exc.code().name})")


async def camera_units(channel: grpc.aio.Channel, deadline_s: float) -> dict[str, Any]:
    """Cameras registered now, by ownership, and how many are in service (active)."""
    stub = cam_grpc.CameraRegistryServiceStub(channel)
    by_owner: Counter[str] = Counter()
    active: Counter[str] = Counter()
    lpr_readers, token = 0, ""
    try:
        for _ in range(MAX_PAGES):
            page = await stub.ListCameras(
                cam_pb.ListCamerasRequest(page_size=500, page_token=token), timeout=deadline_s
            )
            for camera in page.cameras:
                owner = cam_pb.Ownership.Name(camera.ownership).removeprefix("OWNERSHIP_").lower()
                by_owner[owner] += 1
                if camera.lifecycle == cam_pb.LIFECYCLE_ACTIVE:
                    active[owner] += 1
                    lpr_readers += camera.technology == "lpr_reader"
            token = page.next_page_token
            if not token:
                break
    except grpc.aio.AioRpcError as exc:
        raise _why("camera registry", exc) from exc
    return {"registered": dict(by_owner), "active": dict(active), "lpr_readers": lpr_readers}


async def _oldest_footage_day(
    stub: recorder_pb2_grpc.RecorderServiceStub, deadline_s: float, today: dt.date
) -> str | None:
    """The oldest UTC day with footage still held, a year at a time from today backwards."""
    oldest = None
    last = today
    for _ in range(HELD_YEARS_SEARCHED):
        first = last - dt.timedelta(days=365)
        held = await stub.GetStorageStats(
            recorder_pb2.GetStorageStatsRequest(
                first_day=first.isoformat(), last_day=last.isoformat()
            ),
            timeout=deadline_s,
        )
        oldest = min((day.day for day in held.days if day.recorded_s > 0), default=oldest)
        last = first - dt.timedelta(days=1)
    return oldest


async def recorded_footage(
    channel: grpc.aio.Channel, deadline_s: float, year: int
) -> dict[str, Any]:
    """Hours recorded in the year, and the oldest day of footage still held today."""
    stub = recorder_pb2_grpc.RecorderServiceStub(channel)
    today = dt.datetime.now(dt.UTC).date()
    try:
        in_year = await stub.GetStorageStats(
            recorder_pb2.GetStorageStatsRequest(
                first_day=f"{year}-01-01", last_day=f"{year}-12-31"
            ),
            timeout=deadline_s,
        )
        oldest = await _oldest_footage_day(stub, deadline_s, today)
    except grpc.aio.AioRpcError as exc:
        raise _why("recorder", exc) from exc
    age = (today - dt.date.fromisoformat(oldest)).days if oldest else None
    return {
        "hours_recorded": round(sum(d.recorded_s for d in in_year.days) / 3600, 1),
        "bytes_recorded": sum(d.bytes for d in in_year.days),
        "cameras_recorded": len({d.camera_id for d in in_year.days}),
        "oldest_footage_day": oldest,
        "oldest_footage_age_days": age,
    }


async def plate_reads(channel: grpc.aio.Channel, deadline_s: float, year: int) -> dict[str, Any]:
    """Plate reads collected in the year (by day of observation), by source."""
    stub = lpr_pb2_grpc.LprServiceStub(channel)
    try:
        reply = await stub.GetReadCounts(
            lpr_pb2.GetReadCountsRequest(first_day=f"{year}-01-01", last_day=f"{year}-12-31"),
            timeout=deadline_s,
        )
    except grpc.aio.AioRpcError as exc:
        raise _why("lpr", exc) from exc
    by_source: Counter[str] = Counter()
    for day in reply.days:
        by_source[day.source] += day.reads
    return {"reads": sum(by_source.values()), "by_source": dict(by_source)}


async def hotlist_hits(channel: grpc.aio.Channel, deadline_s: float, year: int) -> dict[str, Any]:
    """Alerts raised in the year and what people found when they checked them."""
    stub = lpr_pb2_grpc.LprServiceStub(channel)
    requester = lpr_pb2.Requester(subject=REPORT_SUBJECT)
    dispositions: Counter[str] = Counter()
    token = ""
    try:
        for _ in range(MAX_PAGES):
            page = await stub.ListAlerts(
                lpr_pb2.ListAlertsRequest(page_size=1000, page_token=token, requester=requester),
                timeout=deadline_s,
            )
            for alert in page.alerts:
                if alert.raised_at.ToDatetime().year == year:
                    dispositions[alert.disposition or "not_yet_checked"] += 1
            token = page.next_page_token
            if not token:
                break
    except grpc.aio.AioRpcError as exc:
        raise _why("lpr", exc) from exc
    return {
        "alerts": sum(dispositions.values()),
        "confirmed": dispositions["confirmed"],
        "misread": dispositions["misread"],
        "not_actionable": dispositions["not_actionable"],
        "not_yet_checked": dispositions["not_yet_checked"],
    }


async def outcomes(channel: grpc.aio.Channel, deadline_s: float, year: int) -> dict[str, Any]:
    """Arrests and recovered vehicles credited to the center, in total and per technology."""
    stub = cases_pb2_grpc.CasesServiceStub(channel)
    try:
        reply = await stub.GetAttributionReport(
            cases_pb2.GetAttributionReportRequest(year=year), timeout=deadline_s
        )
    except grpc.aio.AioRpcError as exc:
        raise _why("cases", exc) from exc
    totals = reply.year_totals
    return {
        "arrests": totals.arrests,
        "vehicles_recovered": totals.vehicles_recovered,
        "by_technology": {
            count.key: {"arrests": count.arrests, "vehicles_recovered": count.vehicles_recovered}
            for count in totals.by_technology
        },
    }


async def footage_requests(
    channel: grpc.aio.Channel, deadline_s: float, year: int
) -> dict[str, Any]:
    """Requests to camera owners made in the year, and their owners by what they answered."""
    stub = cases_pb2_grpc.CasesServiceStub(channel)
    try:
        reply = await stub.CountFootageRequests(
            cases_pb2.CountFootageRequestsRequest(year=year), timeout=deadline_s
        )
    except grpc.aio.AioRpcError as exc:
        raise _why("cases", exc) from exc
    return {
        "requests": reply.requests,
        "owners_asked": reply.owners_asked,
        "by_status": {
            "sent": reply.sent,
            "declined": reply.declined,
            "uploaded": reply.uploaded,
            "expired": reply.expired,
        },
    }
