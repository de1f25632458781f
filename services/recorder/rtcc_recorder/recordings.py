"""What was recorded when: segments and gaps in a range, coverage, and storage per day."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, or_, select

from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Gap, Segment

MAX_RANGE_S = 31 * 86400.0
MAX_STATS_DAYS = 366


def check_range(start_ts: float, end_ts: float) -> None:
    if not end_ts > start_ts:
        raise InvalidArgument("end must be after start")
    if end_ts - start_ts > MAX_RANGE_S:
        raise InvalidArgument("a range covers at most 31 days")


async def segments_in(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float
) -> list[Segment]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Segment)
            .where(
                col(Segment.camera_id) == camera_id,
                col(Segment.start_ts) < end_ts,
                col(Segment.end_ts) > start_ts,
            )
            .order_by(col(Segment.start_ts))
        )
        return list(rows.scalars())


async def gaps_between(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float
) -> list[Gap]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Gap)
            .where(
                col(Gap.camera_id) == camera_id,
                col(Gap.start_ts) < end_ts,
                or_(col(Gap.end_ts).is_(None), col(Gap.end_ts) > start_ts),
            )
            .order_by(col(Gap.start_ts))
        )
        return list(rows.scalars())


def recorded_seconds(segments: list[Segment], start_ts: float, end_ts: float) -> float:
    """Seconds of [start, end) that segments cover, each clipped to the window."""
    return sum(max(0.0, min(s.end_ts, end_ts) - max(s.start_ts, start_ts)) for s in segments)


@dataclass
class Coverage:
    camera_id: str
    recorded_s: float
    window_s: float
    segment_count: int
    gaps: list[Gap] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.recorded_s / self.window_s if self.window_s > 0 else 0.0


async def coverage(
    db: Database, *, camera_ids: list[str], start_ts: float, end_ts: float
) -> list[Coverage]:
    check_range(start_ts, end_ts)
    if len(camera_ids) > 1000:
        raise InvalidArgument("at most 1000 cameras per coverage query")
    # The part of the window still in the future cannot have been recorded yet.
    window_end = min(end_ts, max(start_ts, time.time()))
    result = []
    for camera_id in camera_ids:
        segments = await segments_in(db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts)
        gaps = await gaps_between(db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts)
        result.append(
            Coverage(
                camera_id=camera_id,
                recorded_s=recorded_seconds(segments, start_ts, end_ts),
                window_s=max(0.0, window_end - start_ts),
                segment_count=len(segments),
                gaps=gaps,
            )
        )
    return result


@dataclass(frozen=True)
class DailyStorage:
    camera_id: str
    day: date
    bytes: int
    recorded_s: float
    availability: float


def parse_day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidArgument(f"{name} must be a date YYYY-MM-DD") from exc


async def storage_stats(
    db: Database, *, camera_id: str, first_day: date, last_day: date
) -> list[DailyStorage]:
    """Bytes and availability (share of the day's elapsed seconds recorded) per camera per day."""
    if last_day < first_day or (last_day - first_day).days >= MAX_STATS_DAYS:
        raise InvalidArgument("last_day must be on or after first_day, within a year")
    start = datetime.combine(first_day, datetime.min.time(), UTC).timestamp()
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), UTC).timestamp()
    query = select(Segment).where(col(Segment.start_ts) < end, col(Segment.end_ts) > start)
    if camera_id:
        query = query.where(col(Segment.camera_id) == camera_id)
    async with db.sessions() as session:
        segments = list((await session.execute(query)).scalars())
    by_day: dict[tuple[str, date], list[Segment]] = {}
    for segment in segments:
        day = datetime.fromtimestamp(segment.start_ts, UTC).date()
        by_day.setdefault((segment.camera_id, day), []).append(segment)
    now = time.time()
    stats = []
    for (camera, day), day_segments in sorted(by_day.items()):
        day_start = datetime.combine(day, datetime.min.time(), UTC).timestamp()
        day_end = min(day_start + 86400.0, now)
        recorded = recorded_seconds(day_segments, day_start, day_start + 86400.0)
        elapsed = max(1.0, day_end - day_start)
        stats.append(
            DailyStorage(
                camera_id=camera,
                day=day,
                bytes=sum(s.bytes for s in day_segments),
                recorded_s=recorded,
                availability=min(1.0, recorded / elapsed),
            )
        )
    return stats
