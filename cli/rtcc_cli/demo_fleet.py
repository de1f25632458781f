"""`rtcc up --demo --cameras N`: a city's worth of cameras in the demo city, so the camera tree,
its search, the map's clusters and the live wall are tried at the size a center runs.

The extra cameras stand along the demo city's own streets (`rtcc_cli.demo_city`), with
addresses on the street they name, owned as a city's cameras are (about half the city's, the
rest businesses' and residents'), tagged by area. They show one of the demo's few simulated
streams: the city's and businesses' may be watched live (every other one with a sub-stream),
residents' mostly not, and some are known to the registry only, shared on request. None is
recorded or read for plates: a few simulated streams recorded 2,300 times over would measure
the disk, not the screens.
"""

from __future__ import annotations

import random
from typing import Any

from rtcc_cli.demo_city import EAST, EAST_WEST, NORTH, NORTH_SOUTH, SOUTH, WEST

# The demo's three cameras are the first of the N.
FLEET_PREFIX = "demo-fleet-"
SEED = 2300
OWNERSHIP = (("city", 0.5), ("business", 0.3), ("resident", 0.2))
# Share of each owner's cameras that may be watched live; the rest are registry-only.
LIVE_SHARE = {"city": 0.9, "business": 0.6, "resident": 0.25}
MIDDLE_LAT = (SOUTH + NORTH) / 2
MIDDLE_LON = (WEST + EAST) / 2


def _area(lat: float, lon: float) -> str:
    if lon > MIDDLE_LON + 0.002:
        return "harbor"
    if lat > MIDDLE_LAT + 0.002:
        return "north-side"
    if lon < MIDDLE_LON - 0.003:
        return "west-end"
    return "downtown"


def _place(rng: random.Random) -> tuple[float, float, str]:
    """A point on one of the demo city's streets, and its street address there."""
    fraction = rng.random()
    if rng.random() < 0.5:
        street, lon, _kind = rng.choice(NORTH_SOUTH)
        lat = SOUTH + fraction * (NORTH - SOUTH)
    else:
        street, lat, _kind = rng.choice(EAST_WEST)
        lon = WEST + fraction * (EAST - WEST)
    number = 100 + 2 * int(fraction * 450) + rng.randint(0, 1)
    return round(lat, 6), round(lon, 6), f"{number} {street}"


def fleet_rows(count: int, stream_urls: list[str]) -> list[dict[str, Any]]:
    """`count` cameras for the registry's import, the same ones on every run (by external id)."""
    rng = random.Random(SEED)
    owners = [name for name, _ in OWNERSHIP]
    weights = [share for _, share in OWNERSHIP]
    rows = []
    for n in range(count):
        ownership = rng.choices(owners, weights)[0]
        lat, lon, address = _place(rng)
        live = rng.random() < LIVE_SHARE[ownership]
        url = stream_urls[n % len(stream_urls)]
        row: dict[str, Any] = {
            "external_id": f"{FLEET_PREFIX}{n + 1:04d}",
            "name": f"{address} ({ownership})",
            "ownership": ownership,
            "technology": "fixed",
            "location": {"lat": lat, "lon": lon, "address": address},
            "lifecycle": "active",
            "tags": ["demo-fleet", f"area:{_area(lat, lon)}"],
        }
        if live:
            row["stream_url"] = url
            row["substream_url"] = url if n % 2 else ""
            row["permissions"] = {"live": True, "record": False, "plate_reading": False}
        else:
            row["permissions"] = {"registry_only": True}
        rows.append(row)
    return rows
