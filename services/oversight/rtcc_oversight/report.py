"""The annual surveillance report, assembled from the system's own records.

Approvals, accesses and audit findings come from this service; units, footage, hotlist hits and
outcomes come from the services that own them. A figure that cannot be had is reported as
unavailable, with the reason, rather than left out or guessed.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import grpc

from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database
from rtcc_oversight import report_sources as sources
from rtcc_oversight.audit_query import AccessCounts, access_counts, month_starts
from rtcc_oversight.audit_verify import Verification
from rtcc_oversight.technologies import decisions_in, list_technologies


@dataclass
class ReportChannels:
    camera_registry: grpc.aio.Channel
    recorder: grpc.aio.Channel
    lpr: grpc.aio.Channel
    cases: grpc.aio.Channel
    deadline_s: float
    video_retention_days: int = 30


async def _figure(gather: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    try:
        return {"available": True, **await gather}
    except sources.Missing as missing:
        return {"available": False, "reason": str(missing)}


def _iso(ts: float) -> str | None:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if ts else None


def _year_bounds(year: int) -> tuple[float, float]:
    if not 2000 <= year <= 2100:
        raise InvalidArgument("year must be between 2000 and 2100")
    start = calendar.timegm((year, 1, 1, 0, 0, 0))
    return float(start), float(calendar.timegm((year + 1, 1, 1, 0, 0, 0)))


def _accesses(
    counts: AccessCounts, technology: str, months: list[tuple[str, float]]
) -> dict[str, Any]:
    # Every month of the period, those without accesses too: a chart shows the quiet months.
    by_month: dict[str, dict[str, int]] = {name: {} for name, _ in months}
    for (tech, agency, month), n in counts.by_technology_agency_month.items():
        if tech == technology and month in by_month:
            by_month[month][agency or "(own center)"] = n
    by_agency = {
        agency or "(own center)": n
        for (tech, agency), n in counts.by_technology_agency.items()
        if tech == technology
    }
    by_purpose = {
        reason: n for (tech, reason), n in counts.by_technology_reason.items() if tech == technology
    }
    return {
        "total": sum(by_agency.values()),
        "by_agency": by_agency,
        "by_purpose": by_purpose,
        "by_month": by_month,
    }


def _units(cameras: dict[str, Any], key: str) -> dict[str, Any]:
    if not cameras["available"]:
        return cameras
    active = cameras["active"]
    counts = {
        "fixed_video": active.get("city", 0) + active.get("business", 0),
        "resident_video": active.get("resident", 0),
        "lpr": cameras["lpr_readers"],
        "live_monitoring": sum(active.values()),
    }
    if key not in counts:
        return {"available": False, "reason": "this technology has no deployed units to count"}
    return {"available": True, "units": counts[key]}


def _retention(footage: dict[str, Any], policy_days: int) -> dict[str, Any]:
    if not footage["available"]:
        return footage
    age = footage["oldest_footage_age_days"]
    return {
        "available": True,
        "policy_days": policy_days,
        "oldest_held_day": footage["oldest_footage_day"],
        "oldest_held_age_days": age,
        # Footage under a legal hold is kept past the policy on purpose; the recorder's holds
        # list says which.
        "within_policy": age is None or age <= policy_days + 1,
    }


async def build_report(
    *, db: Database, channels: ReportChannels, year: int, chain: Verification
) -> dict[str, Any]:
    """`chain` is a verification of the audit chain made for this report."""
    start, end = _year_bounds(year)
    deadline = channels.deadline_s
    cameras, footage, reads, hits, credited, asked = await asyncio.gather(
        _figure(sources.camera_units(channels.camera_registry, deadline)),
        _figure(sources.recorded_footage(channels.recorder, deadline, year)),
        _figure(sources.plate_reads(channels.lpr, deadline, year)),
        _figure(sources.hotlist_hits(channels.lpr, deadline, year)),
        _figure(sources.outcomes(channels.cases, deadline, year)),
        _figure(sources.footage_requests(channels.cases, deadline, year)),
    )
    counts = await access_counts(sessions=db.sessions, start=start, end=end)
    months = month_starts(start, end)
    technologies = await list_technologies(sessions=db.sessions)
    decisions = await decisions_in(sessions=db.sessions, start=start, end=end)
    data_collected = {
        "fixed_video": footage,
        "resident_video": footage,
        "lpr": {"reads": reads, "hotlist_hits": hits},
    }
    sections = []
    for tech in technologies:
        sections.append(
            {
                "key": tech.key,
                "name": tech.name,
                "status": tech.status,
                "ordinance_ref": tech.ordinance_ref,
                "hearing_ref": tech.hearing_ref,
                "decided_at": _iso(tech.decided_ts),
                "units_deployed": _units(cameras, tech.key),
                "data_collected": data_collected.get(tech.key),
                "retention": _retention(footage, channels.video_retention_days)
                if tech.key in ("fixed_video", "resident_video")
                else None,
                "accesses": _accesses(counts, tech.key, months),
            }
        )
    return {
        "year": year,
        "generated_on": _iso(time.time()),
        "technologies": sections,
        "hotlist_hits": hits,
        "outcomes_credited": credited,
        "footage_requests": asked,
        "sharing_with_partners": _accesses(counts, "partner_sharing", months),
        "audit_findings": {
            "chain_intact": chain.intact,
            "records_checked": chain.checked,
            "first_altered_record": chain.first_bad_seq or None,
            "problem": chain.problem or None,
            "results": dict(counts.by_result),
            "refused_accesses": counts.by_result.get("denied", 0),
            "approval_decisions": [
                {
                    "technology": d.key,
                    "status": d.status,
                    "ordinance_ref": d.ordinance_ref,
                    "hearing_ref": d.hearing_ref,
                    "decided_by": d.decided_by,
                    "decided_at": _iso(d.decided_ts),
                    "note": d.note,
                }
                for d in decisions
            ],
        },
    }
