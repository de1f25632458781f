"""Reads of the activity index: a camera's spans in a range, at or over a level."""

from __future__ import annotations

import math

from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database
from rtcc_recorder.activity import MERGE_GAP_S, ActivitySpan
from rtcc_recorder.models import ActivitySpanRecord
from rtcc_recorder.recordings import check_range

MAX_SPANS = 10_000


async def list_activity(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float, min_level: float
) -> tuple[list[ActivitySpan], bool]:
    """Spans overlapping [start, end) with a peak at or over min_level, in order; spans of
    consecutive segments that touch are joined. True with them when more were left out."""
    if not camera_id:
        raise InvalidArgument("camera_id is required")
    check_range(start_ts, end_ts)
    if not math.isfinite(min_level) or not 0.0 <= min_level <= 1.0:
        raise InvalidArgument("min_level must be from 0 to 1")
    async with db.sessions() as session:
        rows = await session.execute(
            select(ActivitySpanRecord)
            .where(
                col(ActivitySpanRecord.camera_id) == camera_id,
                col(ActivitySpanRecord.start_ts) < end_ts,
                col(ActivitySpanRecord.end_ts) > start_ts,
                col(ActivitySpanRecord.peak_level) >= min_level,
            )
            .order_by(col(ActivitySpanRecord.start_ts))
            .limit(MAX_SPANS + 1)
        )
        records = list(rows.scalars())
    truncated = len(records) > MAX_SPANS
    spans: list[ActivitySpan] = []
    for record in records[:MAX_SPANS]:
        if spans and record.start_ts - spans[-1].end_ts <= MERGE_GAP_S:
            last = spans[-1]
            spans[-1] = ActivitySpan(
                last.start_ts,
                max(last.end_ts, record.end_ts),
                max(last.peak_level, record.peak_level),
            )
        else:
            spans.append(ActivitySpan(record.start_ts, record.end_ts, record.peak_level))
    return spans, truncated
