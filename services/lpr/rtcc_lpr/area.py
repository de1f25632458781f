"""Areas for plate searches: a circle or a GeoJSON polygon, first narrowed by a bounding box
that the database can apply, then tested exactly."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_

from rtcc_common.errors import InvalidArgument

METRES_PER_DEGREE = 111_320.0
MAX_POLYGON_POINTS = 1000


@dataclass(frozen=True)
class Area:
    center: tuple[float, float] | None = None  # (latitude, longitude)
    radius_m: float = 0.0
    polygon: tuple[tuple[float, float], ...] = ()  # (longitude, latitude) as in GeoJSON

    def validate(self) -> None:
        if self.polygon:
            if not 3 <= len(self.polygon) <= MAX_POLYGON_POINTS:
                raise InvalidArgument("a polygon needs 3 to 1000 points")
            for lon, lat in self.polygon:
                _check_point(lat, lon)
        elif self.center is not None:
            _check_point(*self.center)
            if not 0 < self.radius_m <= 100_000:
                raise InvalidArgument("radius_m must be between 0 and 100000")
        else:
            raise InvalidArgument("an area needs a centre and radius or a polygon")

    def bounding_box(self) -> tuple[float, float, float, float]:
        """(min_lat, max_lat, min_lon, max_lon)."""
        if self.polygon:
            lons = [p[0] for p in self.polygon]
            lats = [p[1] for p in self.polygon]
            return min(lats), max(lats), min(lons), max(lons)
        assert self.center is not None
        lat, lon = self.center
        dlat = self.radius_m / METRES_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        return lat - dlat, lat + dlat, lon - dlon, lon + dlon

    def sql_filter(self, latitude: Any, longitude: Any) -> ColumnElement[bool]:
        """A filter the database applies: exact for a circle (equirectangular distance, accurate
        at city scale), the bounding box for a polygon (the rest is `contains`)."""
        min_lat, max_lat, min_lon, max_lon = self.bounding_box()
        box = and_(latitude.between(min_lat, max_lat), longitude.between(min_lon, max_lon))
        if self.polygon:
            return box
        assert self.center is not None
        lat0, lon0 = self.center
        scale = math.cos(math.radians(lat0))
        dy = (latitude - lat0) * METRES_PER_DEGREE
        dx = (longitude - lon0) * (METRES_PER_DEGREE * scale)
        return and_(box, dx * dx + dy * dy <= self.radius_m * self.radius_m)

    def contains(self, latitude: float | None, longitude: float | None) -> bool:
        if latitude is None or longitude is None:
            return False
        if not self.polygon:
            return True  # the SQL filter was exact
        return _point_in_ring(longitude, latitude, self.polygon)


def _check_point(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidArgument("coordinates out of range")


def _point_in_ring(x: float, y: float, ring: tuple[tuple[float, float], ...]) -> bool:
    """Even-odd rule: a ray to the right crosses the ring an odd number of times."""
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside
