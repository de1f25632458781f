"""The annual report reads as a document: sentences and figures with their units, not the
records' field names and raw values."""

from __future__ import annotations

import re
from typing import Any

from rtcc_gateway.routes.oversight_report_html import data_size, render_report


def report(**changes: Any) -> dict[str, Any]:
    footage = {
        "available": True,
        "bytes_recorded": 184286060,
        "hours_recorded": 1512,
        "cameras_recorded": 3,
        "oldest_footage_day": "2026-11-04",
    }
    base: dict[str, Any] = {
        "year": 2026,
        "generated_on": "2026-12-31T23:00:00+00:00",
        "technologies": [
            {
                "key": "fixed_video",
                "name": "Fixed video",
                "status": "approved",
                "ordinance_ref": "ORD-2024-17",
                "hearing_ref": "",
                "decided_at": "2024-03-02T10:00:00+00:00",
                "units_deployed": {"available": True, "units": 2300},
                "data_collected": footage,
                "retention": {
                    "available": True,
                    "policy_days": 30,
                    "oldest_held_age_days": 29,
                    "within_policy": True,
                },
                "accesses": {"total": 1250, "by_agency": {"(own center)": 1250}, "by_purpose": {}},
            },
            {
                "key": "lpr",
                "name": "Licence plate readers",
                "status": "suspended",
                "units_deployed": {"available": False, "reason": "the registry did not answer"},
                "data_collected": {
                    "reads": {"available": True, "reads": 2117000, "by_source": {"reader": 2e6}},
                    "hotlist_hits": {"available": True, "alerts": 40, "confirmed": 30},
                },
            },
        ],
        "hotlist_hits": {"available": True, "alerts": 40, "confirmed": 30, "misread": 6},
        "outcomes_credited": {"available": True, "arrests": 604, "vehicles_recovered": 431},
        "sharing_with_partners": {"total": 0, "by_agency": {}, "by_purpose": {}},
        "audit_findings": {"records_checked": 98765, "chain_intact": True, "refused_accesses": 3},
    }
    base.update(changes)
    return base


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html)))


def test_figures_are_said_with_their_units_in_sentences() -> None:
    page = text(render_report(report()))
    assert "184 MB of footage recorded, 1,512 hours in all, from 3 cameras" in page
    assert "Retention policy: 30 days" in page and "within policy: yes" in page
    assert "credited with 604 arrests and 431 recovered vehicles" in page
    assert "2,117,000 plate reads collected" in page
    assert "40 reads matched a hotlist and raised an alert; a person confirmed 30 (75%)" in page
    assert "The audit trail's 98,765 records were verified: the chain is intact." in page
    assert "Council decision: approved (ordinance ORD-2024-17) on 2024-03-02." in page
    assert "Units deployed: unavailable: the registry did not answer" in page
    # Not the records as stored.
    for raw in ("184286060", "True", "bytes recorded", "within_policy", "by_agency"):
        assert raw not in page


def test_a_broken_chain_is_said_plainly() -> None:
    findings = {"records_checked": 10, "chain_intact": False, "first_altered_record": 7}
    page = text(render_report(report(audit_findings=findings)))
    assert "the chain is broken at record 7" in page
    assert "The audit trail was verified BROKEN." in page


def test_sizes_read_as_people_write_them() -> None:
    assert [data_size(n) for n in (0, 999, 184286060, 2.5e9, 3.1e13)] == [
        "0 bytes",
        "999 bytes",
        "184 MB",
        "2.5 GB",
        "31.0 TB",
    ]


def test_accesses_are_charted_by_month_and_agency() -> None:
    months: dict[str, dict[str, int]] = {f"2026-{m:02d}": {} for m in range(1, 13)}
    months["2026-03"] = {"(own center)": 120, "CSO": 30}
    months["2026-11"] = {"(own center)": 80}
    accesses = {"total": 230, "by_agency": {"(own center)": 200, "CSO": 30}, "by_month": months}
    tech = {**report()["technologies"][0], "accesses": accesses}
    html = render_report(report(technologies=[tech]))
    chart = html[html.index("<svg") : html.index("</svg>")]
    # A bar per agency and month that had accesses, each titled with its count.
    assert re.findall(r"<rect[^>]*><title>([^<]+)</title>", chart) == [
        "(own center), 2026-03: 120",
        "CSO, 2026-03: 30",
        "(own center), 2026-11: 80",
    ]
    labels = re.findall(r">(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)<", chart)
    assert labels == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    assert ">150<" in chart and ">80<" in chart  # the month's total over its bar
    # The taller bar is March's, scaled to the chart's height.
    heights = [float(h) for h in re.findall(r"<rect[^>]*height='([\d.]+)'", chart)]
    assert heights[0] + heights[1] > heights[2] > 0
    assert "CSO" in text(html[html.index("class='legend'") :])


def test_a_year_without_accesses_has_no_empty_chart() -> None:
    months: dict[str, dict[str, int]] = {f"2026-{m:02d}": {} for m in range(1, 13)}
    tech = {**report()["technologies"][0], "accesses": {"total": 0, "by_month": months}}
    html = render_report(report(technologies=[tech]))
    assert "<svg" not in html and "Accesses by month and agency: none." in text(html)


def test_no_footage_held_is_said_so() -> None:
    tech = report()["technologies"][0]
    retention = {**tech["retention"], "oldest_held_age_days": None}
    page = text(render_report(report(technologies=[{**tech, "retention": retention}])))
    assert "Retention policy: 30 days; no footage is held; within policy: yes." in page
    assert "None" not in page
