"""A camera's recordings summarised per time bucket, for a timeline zoomed out to days or weeks.

A 30-day view of one camera covers ~260,000 ten-second segments; the database adds them up per
bucket (one row per bucket comes back), so drawing it never loads the segments themselves.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, Integer, cast, func
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Bookmark, Gap, Segment
from rtcc_recorder.recordings import check_range, gaps_between

MAX_BUCKETS = 2000
MIN_BUCKET_S = 1.0
MAX_BOOKMARKS = 500


@dataclass(frozen=True)
class Bucket:
    start_ts: float
    end_ts: float
    recorded_s: float
    segment_count: int


@dataclass
class Summary:
    camera_id: str
    start_ts: float
    end_ts: float
    bucket_s: float
    buckets: list[Bucket]
    gaps: list[Gap] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    first_segment_ts: float | None = None
    last_segment_ts: float | None = None

    @property
    def recorded_s(self) -> float:
        return sum(b.recorded_s for b in self.buckets)


def bucket_count(start_ts: float, end_ts: float, bucket_s: float) -> int:
    if not math.isfinite(bucket_s) or bucket_s < MIN_BUCKET_S:
        raise InvalidArgument(f"bucket_s must be at least {MIN_BUCKET_S:g} second")
    count = math.ceil((end_ts - start_ts) / bucket_s)
    if count > MAX_BUCKETS:
        raise InvalidArgument(f"at most {MAX_BUCKETS} buckets per summary; widen bucket_s")
    return count


def _greatest(dialect: str, a: Any, b: float) -> Any:
    # SQLite's two-argument max() is PostgreSQL's greatest().
    return func.greatest(a, b) if dialect == "postgresql" else func.max(a, b)


def _least(dialect: str, a: Any, b: Any) -> Any:
    return func.least(a, b) if dialect == "postgresql" else func.min(a, b)


def _floor(dialect: str, value: Any) -> Any:
    # The value is never negative here: SQLite's cast truncates, which is floor; PostgreSQL's
    # cast rounds, so it gets floor() itself.
    if dialect == "postgresql":
        return cast(func.floor(value), Integer)
    return cast(value, Integer)


Row = tuple[int, float, float, int]


async def _bucket_rows(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float, bucket_s: float
) -> tuple[list[Row], float | None, float | None]:
    """Per bucket of a segment's (clipped) start: seconds inside that bucket, seconds running
    past its end (they belong to the following buckets), and the number of segments; with the
    first start and last end recorded in the window."""
    dialect = db.engine.dialect.name
    clipped_start = _greatest(dialect, col(Segment.start_ts), start_ts)
    clipped_end = _least(dialect, col(Segment.end_ts), cast(end_ts, Float))
    index = _floor(dialect, (clipped_start - start_ts) / bucket_s)
    bucket_end = start_ts + (index + 1) * bucket_s
    inside = _least(dialect, clipped_end, bucket_end) - clipped_start
    overflow = _greatest(dialect, clipped_end - bucket_end, 0.0)
    sums = (
        index.label("bucket"),
        func.sum(inside),
        func.sum(overflow),
        func.count(),
        func.min(col(Segment.start_ts)),
        func.max(col(Segment.end_ts)),
    )
    # Bounded on both sides by the index on (camera_id, start_ts): segments begun in the window,
    # and apart the one segment running into it from before (segments do not overlap).
    within = (
        sql_select(*sums)
        .where(
            col(Segment.camera_id) == camera_id,
            col(Segment.start_ts) >= start_ts,
            col(Segment.start_ts) < end_ts,
        )
        .group_by("bucket")
    )
    before = (
        select(Segment.id)
        .where(col(Segment.camera_id) == camera_id, col(Segment.start_ts) < start_ts)
        .order_by(col(Segment.start_ts).desc())
        .limit(1)
        .scalar_subquery()
    )
    straddling = (
        sql_select(*sums)
        .where(col(Segment.id) == before, col(Segment.end_ts) > start_ts)
        .group_by("bucket")
    )
    async with db.sessions() as session:
        rows = [
            *(await session.execute(within)).all(),
            *(await session.execute(straddling)).all(),
        ]
    firsts = [r[4] for r in rows if r[4] is not None]
    lasts = [r[5] for r in rows if r[5] is not None]
    return (
        [(int(b), float(i or 0), float(o or 0), int(n)) for b, i, o, n, _, _ in rows],
        max(start_ts, min(firsts)) if firsts else None,
        min(end_ts, max(lasts)) if lasts else None,
    )


def spread(rows: list[Row], count: int, bucket_s: float) -> list[float]:
    """Seconds recorded per bucket: each bucket's own seconds, plus what segments begun in
    earlier buckets ran into it (segments do not overlap, so no bucket holds more than it
    lasts)."""
    recorded = [0.0] * count
    carry = [0.0] * (count + 1)
    for bucket, inside, overflow, _ in rows:
        if 0 <= bucket < count:
            recorded[bucket] += inside
            carry[bucket + 1] += overflow
    running = 0.0
    for bucket in range(count):
        running += carry[bucket]
        if running > 0:
            taken = min(running, bucket_s - recorded[bucket])
            recorded[bucket] += max(0.0, taken)
            running -= max(0.0, taken)
    return [min(bucket_s, r) for r in recorded]


async def bookmarks_between(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float
) -> list[Bookmark]:
    query = (
        select(Bookmark)
        .where(
            col(Bookmark.camera_id) == camera_id,
            col(Bookmark.start_ts) <= end_ts,
            col(Bookmark.end_ts) >= start_ts,
        )
        .order_by(col(Bookmark.start_ts))
        .limit(MAX_BOOKMARKS)
    )
    async with db.sessions() as session:
        return list((await session.execute(query)).scalars())


async def summarize(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float, bucket_s: float
) -> Summary:
    if not camera_id:
        raise InvalidArgument("camera_id is required")
    check_range(start_ts, end_ts)
    count = bucket_count(start_ts, end_ts, bucket_s)
    rows, first, last = await _bucket_rows(
        db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts, bucket_s=bucket_s
    )
    recorded = spread(rows, count, bucket_s)
    counts = [0] * count
    for bucket, _, _, segments in rows:
        if 0 <= bucket < count:
            counts[bucket] += segments
    now = time.time()
    buckets = []
    for n in range(count):
        b_start = start_ts + n * bucket_s
        b_end = min(end_ts, b_start + bucket_s)
        if b_start >= now and not counts[n]:
            break  # the future has no recordings; the timeline draws it empty
        buckets.append(Bucket(b_start, b_end, recorded[n], counts[n]))
    return Summary(
        camera_id=camera_id,
        start_ts=start_ts,
        end_ts=end_ts,
        bucket_s=bucket_s,
        buckets=buckets,
        gaps=await gaps_between(db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts),
        bookmarks=await bookmarks_between(
            db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts
        ),
        first_segment_ts=first,
        last_segment_ts=last,
    )
