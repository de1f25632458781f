"""Cameras near a point or inside a box, through the grid-cell index."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from rtcc_camera_registry.camera_input import Location, check_location
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.geo.grid import Box, box_around, cell_ranges, haversine_m
from rtcc_camera_registry.models import Camera
from rtcc_camera_registry.service import page_size_of, session
from rtcc_common.errors import InvalidArgument

MAX_RADIUS_M = 200_000.0
FIRST_RING_M = 300.0
RING_GROWTH = 3.0


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    radius_m: float


@dataclass(frozen=True)
class Hit:
    camera: Camera
    distance_m: float | None


def _box_condition(box: Box) -> ColumnElement[bool]:
    inside = and_(
        col(Camera.lat).between(box.min_lat, box.max_lat),
        col(Camera.lon).between(box.min_lon, box.max_lon),
    )
    ranges = cell_ranges(box)
    if ranges is None:
        return inside  # an area wider than a city: reading every row is the cheaper plan
    return and_(or_(*(col(Camera.geo_cell).between(lo, hi) for lo, hi in ranges)), inside)


def _filters(exclude_withdrawn: bool, lifecycles: Sequence[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if exclude_withdrawn:
        conditions.append(col(Camera.consent_withdrawn_at).is_(None))
    if lifecycles:
        conditions.append(col(Camera.lifecycle).in_(lifecycles))
    return conditions


def check_near(near: Near) -> Near:
    check_location(Location(lat=near.lat, lon=near.lon))
    if not math.isfinite(near.radius_m) or not 0 < near.radius_m <= MAX_RADIUS_M:
        raise InvalidArgument(f"radius_m must be above 0 and at most {MAX_RADIUS_M:g}")
    return near


def boxes_of_bbox(box: Box) -> list[Box]:
    """The box as given; a west edge east of the east edge means it crosses 180°."""
    check_location(Location(lat=box.min_lat, lon=box.min_lon))
    check_location(Location(lat=box.max_lat, lon=box.max_lon))
    if box.min_lat > box.max_lat:
        raise InvalidArgument("bbox: min_lat is above max_lat")
    if box.min_lon <= box.max_lon:
        return [box]
    return [
        Box(box.min_lat, box.min_lon, box.max_lat, 180.0),
        Box(box.min_lat, -180.0, box.max_lat, box.max_lon),
    ]


def near_candidates(
    near: Near, *, exclude_withdrawn: bool = False, lifecycles: Sequence[str] = ()
) -> Select[str, float, float]:
    """Ids and coordinates of the cameras in the boxes around the circle, read off the index."""
    area = or_(*(_box_condition(b) for b in box_around(near.lat, near.lon, near.radius_m)))
    return select(Camera.id, Camera.lat, Camera.lon).where(
        area, *_filters(exclude_withdrawn, lifecycles)
    )


async def _ranked_within(
    db: AsyncSession,
    near: Near,
    exclude_withdrawn: bool,
    lifecycles: Sequence[str],
) -> list[tuple[float, str]]:
    """(distance, id) of every camera within near.radius_m, nearest first."""
    query = near_candidates(near, exclude_withdrawn=exclude_withdrawn, lifecycles=lifecycles)
    candidates = (await db.exec(query)).all()
    return sorted(
        (d, camera_id)
        for camera_id, lat, lon in candidates
        if (d := haversine_m(near.lat, near.lon, lat, lon)) <= near.radius_m
    )


async def search_near(
    registry: Registry,
    *,
    near: Near,
    limit: int,
    exclude_withdrawn: bool,
    lifecycles: Sequence[str],
) -> list[Hit]:
    """Nearest first. The search widens ring by ring and stops once a ring holds `limit`
    cameras: everything within a ring is found, so those are the nearest of the whole radius.
    A wide radius in a dense city then costs little more than a narrow one."""
    near = check_near(near)
    size = page_size_of(limit)
    async with session(registry) as db:
        reach = min(near.radius_m, FIRST_RING_M)
        while True:
            ring = Near(near.lat, near.lon, reach)
            ranked = await _ranked_within(db, ring, exclude_withdrawn, lifecycles)
            if len(ranked) >= size or reach >= near.radius_m:
                break
            reach = min(reach * RING_GROWTH, near.radius_m)
        ranked = ranked[:size]
        if not ranked:
            return []
        rows = await db.exec(select(Camera).where(col(Camera.id).in_([i for _, i in ranked])))
        by_id = {camera.id: camera for camera in rows.all()}
    return [Hit(by_id[i], d) for d, i in ranked if i in by_id]


async def search_box(
    registry: Registry,
    *,
    box: Box,
    limit: int,
    exclude_withdrawn: bool,
    lifecycles: Sequence[str],
) -> list[Hit]:
    size = page_size_of(limit)
    area = or_(*(_box_condition(b) for b in boxes_of_bbox(box)))
    query = (
        select(Camera)
        .where(area, *_filters(exclude_withdrawn, lifecycles))
        .order_by(col(Camera.id))
        .limit(size)
    )
    async with session(registry) as db:
        return [Hit(camera, None) for camera in (await db.exec(query)).all()]
