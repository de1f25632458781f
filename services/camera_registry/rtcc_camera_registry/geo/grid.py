"""Cameras live in fixed cells of CELL_DEG degrees; a cell id is indexed on both databases.

The cells a search area covers form one contiguous range of ids per row of latitude, so a search
is a handful of `cell BETWEEN a AND b` index range scans, then an exact distance check in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
CELL_DEG = 0.01  # about 1.1 km of latitude: a city block search touches 1 to 4 cells
_LON_CELLS = round(360 / CELL_DEG)
# Beyond this many rows of cells (about 70 km) an area holds most of a city: a scan is cheaper.
MAX_CELL_ROWS = 64


@dataclass(frozen=True)
class Box:
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float


def _row(lat: float) -> int:
    return min(math.floor((lat + 90) / CELL_DEG), round(180 / CELL_DEG) - 1)


def _col(lon: float) -> int:
    return min(math.floor((lon + 180) / CELL_DEG), _LON_CELLS - 1)


def cell_of(lat: float, lon: float) -> int:
    return _row(lat) * _LON_CELLS + _col(lon)


def cell_ranges(box: Box) -> list[tuple[int, int]] | None:
    """Cell-id ranges covering the box, or None when the box spans too many rows to be worth it."""
    first, last = _row(box.min_lat), _row(box.max_lat)
    if last - first + 1 > MAX_CELL_ROWS:
        return None
    west, east = _col(box.min_lon), _col(box.max_lon)
    return [(row * _LON_CELLS + west, row * _LON_CELLS + east) for row in range(first, last + 1)]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def box_around(lat: float, lon: float, radius_m: float) -> list[Box]:
    """Boxes that contain every point within radius_m; two where the circle crosses 180°."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat < 1e-9 or radius_m / EARTH_RADIUS_M / cos_lat >= math.pi:
        return [Box(min_lat, -180.0, max_lat, 180.0)]  # the circle reaches a pole
    dlon = math.degrees(radius_m / EARTH_RADIUS_M / cos_lat)
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return [Box(min_lat, west + 360, max_lat, 180.0), Box(min_lat, -180.0, max_lat, east)]
    if east > 180:
        return [Box(min_lat, west, max_lat, 180.0), Box(min_lat, -180.0, max_lat, east - 360)]
    return [Box(min_lat, west, max_lat, east)]
