"""Reports counted from the system's own records: the center's attribution."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas import reports as r

router = APIRouter(tags=["reports"])

CSV = "text/csv"
CSV_COLUMNS = (
    "period",
    "first_day",
    "last_day",
    "dimension",
    "key",
    "arrests",
    "vehicles_recovered",
)


def _period(period: pb.AttributionPeriod) -> r.AttributionPeriod:
    return r.AttributionPeriod(
        first_day=date.fromisoformat(period.first_day) if period.first_day else None,
        last_day=date.fromisoformat(period.last_day),
        arrests=period.arrests,
        vehicles_recovered=period.vehicles_recovered,
        by_offense=[
            r.OffenseCount(
                offense=c.key, arrests=c.arrests, vehicles_recovered=c.vehicles_recovered
            )
            for c in period.by_offense
        ],
        by_technology=[
            r.TechnologyCount(
                technology=c.key, arrests=c.arrests, vehicles_recovered=c.vehicles_recovered
            )
            for c in period.by_technology
        ],
    )


def _csv_rows(name: str, period: r.AttributionPeriod) -> list[tuple[Any, ...]]:
    span = (period.first_day or "", period.last_day)
    rows: list[tuple[Any, ...]] = [
        (name, *span, "total", "", period.arrests, period.vehicles_recovered)
    ]
    rows += [
        (name, *span, "offense", c.offense, c.arrests, c.vehicles_recovered)
        for c in period.by_offense
    ]
    rows += [
        (name, *span, "technology", c.technology, c.arrests, c.vehicles_recovered)
        for c in period.by_technology
    ]
    return rows


def as_csv(report: r.AttributionReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_rows("year", report.year_totals))
    writer.writerows(_csv_rows("since_inception", report.since_inception))
    return out.getvalue()


@router.get(
    "/v1/reports/attribution",
    response_model=r.AttributionReport,
    responses={200: {"content": {CSV: {}}, "description": "JSON, or CSV on request"}},
)
async def attribution_report(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("reports.attribution")],
    year: Annotated[int | None, Query(ge=1970, le=9999)] = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
) -> Any:
    """Arrests and recovered vehicles the center assisted, by offense and by technology, for
    `year` (default: this year) and since inception. Computed from case outcomes.
    CSV with `?format=csv` or `Accept: text/csv`."""
    year = year or datetime.now(UTC).year
    wants_csv = format == "csv" or (format is None and CSV in request.headers.get("accept", ""))
    call.query.update(year=year, csv=wants_csv)
    reply = await backends.cases.GetAttributionReport(pb.GetAttributionReportRequest(year=year))
    since = reply.since_inception
    report = r.AttributionReport(
        year=reply.year,
        year_totals=_period(reply.year_totals),
        since_inception=_period(since),
        statement=f"The center has aided in {since.arrests:,} arrests and the recovery of"
        f" {since.vehicles_recovered:,} stolen vehicles since it began.",
    )
    if wants_csv:
        disposition = f'attachment; filename="attribution-{year}.csv"'
        return Response(
            as_csv(report),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": disposition},
        )
    return report
