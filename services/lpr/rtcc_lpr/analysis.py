"""Analyst queries over many reads: stakeout (who was here) and convoy (who travels with whom)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import InvalidArgument
from rtcc_lpr.area import Area
from rtcc_lpr.models import PlateRead, table
from rtcc_lpr.plates import normalize_plate, normalize_state
from rtcc_lpr.scope import Scope
from rtcc_lpr.search import scoped

MAX_STAKEOUT_PLATES = 10_000
MAX_CONVOY_TARGET_READS = 500
MAX_WINDOW = timedelta(days=31)


@dataclass
class Sighting:
    plate: str
    state: str
    reads: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    reader_ids: set[str] = field(default_factory=set)

    def add(self, reader_id: str, count: int, first: datetime, last: datetime) -> None:
        self.reads += count
        self.first_seen = min(first, self.first_seen) if self.first_seen else first
        self.last_seen = max(last, self.last_seen) if self.last_seen else last
        self.reader_ids.add(reader_id)


def _check_window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    if start is None or end is None:
        raise InvalidArgument("start and end are required")
    if not start < end <= start + MAX_WINDOW:
        raise InvalidArgument("the window must be positive and at most 31 days")
    return start, end


async def stakeout(
    conn: AsyncConnection,
    *,
    area: Area | None,
    reader_ids: tuple[str, ...],
    start: datetime | None,
    end: datetime | None,
    limit: int,
    scope: Scope,
) -> tuple[list[Sighting], bool]:
    """Every plate seen by the readers or in the area during the window, most reads first."""
    start, end = _check_window(start, end)
    if area is None and not reader_ids:
        raise InvalidArgument("give an area or readers")
    if area is not None:
        area.validate()
    reads = table(PlateRead)
    # Grouped by place too: a polygon is tested per reader location, not per read.
    place = (reads.c.reader_id, reads.c.latitude, reads.c.longitude)
    statement = select(
        reads.c.plate_normalized,
        reads.c.state,
        *place,
        func.count(),
        func.min(reads.c.observed_at),
        func.max(reads.c.observed_at),
    ).where(reads.c.observed_at >= start, reads.c.observed_at < end)
    if reader_ids:
        statement = statement.where(reads.c.reader_id.in_(reader_ids))
    if area is not None:
        statement = statement.where(area.sql_filter(reads.c.latitude, reads.c.longitude))
    statement = scoped(statement, scope).group_by(reads.c.plate_normalized, reads.c.state, *place)
    sightings: dict[tuple[str, str], Sighting] = {}
    for plate, state, reader_id, lat, lon, count, first, last in await conn.execute(statement):
        if area is not None and not area.contains(lat, lon):
            continue
        sighting = sightings.setdefault((plate, state), Sighting(plate, state))
        sighting.add(reader_id, count, first, last)
    ranked = sorted(sightings.values(), key=lambda s: (-s.reads, s.plate))
    limit = min(limit or MAX_STAKEOUT_PLATES, MAX_STAKEOUT_PLATES)
    return ranked[:limit], len(ranked) > limit


async def _target_reads(
    conn: AsyncConnection, plate: str, state: str, start: datetime, end: datetime, scope: Scope
) -> list[Any]:
    reads = table(PlateRead)
    statement = select(reads.c.reader_id, reads.c.observed_at).where(
        reads.c.plate_normalized == plate,
        reads.c.state == state,
        reads.c.observed_at >= start,
        reads.c.observed_at < end,
    )
    statement = scoped(statement, scope).order_by(reads.c.observed_at)
    return list(await conn.execute(statement.limit(MAX_CONVOY_TARGET_READS)))


async def convoy(
    conn: AsyncConnection,
    *,
    plate: str,
    state: str,
    start: datetime | None,
    end: datetime | None,
    window_minutes: int,
    min_occurrences: int,
    scope: Scope,
) -> tuple[list[Sighting], int]:
    """Vehicles that passed the target's readers within `window_minutes` of the target, on at
    least `min_occurrences` of the target's passes."""
    start, end = _check_window(start, end)
    plate, state = normalize_plate(plate), normalize_state(state)
    if not plate or not state:
        raise InvalidArgument("plate and state are required")
    if not 0 < window_minutes <= 60 or not 1 <= min_occurrences <= 1000:
        raise InvalidArgument("window_minutes must be 1-60 and min_occurrences 1-1000")
    reads = table(PlateRead)
    window = timedelta(minutes=window_minutes)
    passes = await _target_reads(conn, plate, state, start, end, scope)
    sightings: dict[tuple[str, str], Sighting] = {}
    shared: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, (reader_id, observed_at) in enumerate(passes):
        statement = select(reads.c.plate_normalized, reads.c.state, reads.c.observed_at).where(
            reads.c.reader_id == reader_id,
            reads.c.observed_at >= observed_at - window,
            reads.c.observed_at <= observed_at + window,
        )
        for other_plate, other_state, seen_at in await conn.execute(scoped(statement, scope)):
            key = (other_plate, other_state)
            if key == (plate, state):
                continue
            shared[key].add(number)
            sightings.setdefault(key, Sighting(*key)).add(reader_id, 0, seen_at, seen_at)
    companions = []
    for key, numbers in shared.items():
        if len(numbers) >= min_occurrences:
            sightings[key].reads = len(numbers)
            companions.append(sightings[key])
    companions.sort(key=lambda s: (-s.reads, s.plate))
    return companions, len(passes)
