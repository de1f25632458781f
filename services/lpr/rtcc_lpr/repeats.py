"""Repeats: the same vehicle read again for the same hotlist entry, at the same or a nearby
reader, soon after, is one alert that counts its reads, not a new alert for every pass.

A car parked beside a reader, or driving past two readers a block apart, would otherwise ring
the analyst's alarm every few seconds. Only an alert nobody has disposed of yet takes repeats:
once a person has confirmed or dismissed it, the next read is news again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.models import Alert, PlateRead, table

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class RepeatRule:
    window: timedelta  # from the alert's latest read
    radius_m: float  # between the latest read's place and the new one's


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def is_nearby(latest: dict[str, Any], read: dict[str, Any], radius_m: float) -> bool:
    """Same reader or camera, or both placed within `radius_m` of each other."""
    if read["reader_id"] and latest["reader_id"] == read["reader_id"]:
        return True
    if read["camera_id"] and latest["camera_id"] == read["camera_id"]:
        return True
    places = (latest["latitude"], latest["longitude"], read["latitude"], read["longitude"])
    if any(value is None for value in places):
        return False
    return distance_m(*places) <= radius_m


async def open_alert_repeated(
    conn: AsyncConnection, *, entry_id: int, read: dict[str, Any], rule: RepeatRule
) -> str | None:
    """The open alert for `entry_id` that this read repeats, or None."""
    alerts, reads = table(Alert), table(PlateRead)
    observed: datetime = read["observed_at"]
    query = (
        select(
            alerts.c.id,
            reads.c.reader_id,
            reads.c.camera_id,
            reads.c.latitude,
            reads.c.longitude,
        )
        .join(reads, reads.c.id == func.coalesce(alerts.c.last_read_pk, alerts.c.read_pk))
        .where(
            alerts.c.entry_id == entry_id,
            alerts.c.disposition.is_(None),
            alerts.c.historical.is_(False),
            alerts.c.last_seen_at >= observed - rule.window,
            alerts.c.last_seen_at <= observed + rule.window,
        )
        .order_by(alerts.c.last_seen_at.desc())
        .limit(20)
    )
    for row in await conn.execute(query):
        if is_nearby(dict(row._mapping), read, rule.radius_m):
            return str(row.id)
    return None


async def count_repeat(
    conn: AsyncConnection, *, alert_id: str, read_pk: int, observed_at: datetime
) -> None:
    """One more read on the alert; it becomes the alert's latest unless it is older."""
    alerts = table(Alert)
    await conn.execute(
        update(alerts).where(alerts.c.id == alert_id).values(repeat_count=alerts.c.repeat_count + 1)
    )
    await conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.last_seen_at <= observed_at)
        .values(last_read_pk=read_pk, last_seen_at=observed_at)
    )
