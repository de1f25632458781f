"""The demo city's streets, drawn by the dashboard's map with no internet: a small downtown grid
whose street names are the ones in the demo cameras' addresses (`rtcc_cli.demo.CAMERAS`).

`python -m rtcc_cli.demo_city` writes the GeoJSON the dashboard ships
(gateway/rtcc_gateway/dashboard/static/basemap/demo-city.geojson); a test checks the shipped
file is this module's output and that every demo address lies on the streets it names.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

# North-south streets by longitude, east-west streets by latitude (about 125 m and 145 m apart).
NORTH_SOUTH = (
    ("Pine St", -87.6347, "residential"),
    ("Oak St", -87.6332, "residential"),
    ("Elm St", -87.6317, "residential"),
    ("Main St", -87.6302, "primary"),
    ("Market St", -87.6287, "secondary"),
    ("Harbor Blvd", -87.6272, "secondary"),
    ("Water St", -87.6257, "residential"),
)
EAST_WEST = (
    ("North Ave", 41.8811, "secondary"),
    ("Church St", 41.8798, "residential"),
    ("1st Ave", 41.8785, "primary"),
    ("2nd Ave", 41.8772, "residential"),
    ("3rd Ave", 41.8759, "residential"),
    ("4th Ave", 41.8746, "residential"),
    ("5th Ave", 41.8733, "secondary"),
)
SOUTH, NORTH = 41.8722, 41.8822
WEST, EAST = -87.6358, -87.6248
LAKE_EAST = -87.6200
# A block's buildings stand back this far (degrees, about 15 m) from the street's centre line.
SETBACK_LAT, SETBACK_LON = 0.000135, 0.00018
PARKS = {("Oak St", "3rd Ave"): "Elm Park"}
PLAZAS = {("Market St", "2nd Ave"): "Harbor Plaza"}
OUTPUT = (
    Path(__file__).resolve().parents[2]
    / "gateway/rtcc_gateway/dashboard/static/basemap/demo-city.geojson"
)


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _ring(south: float, west: float, north: float, east: float) -> list[list[list[float]]]:
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return [[[round(lon, 6), round(lat, 6)] for lon, lat in corners]]


def streets() -> list[dict[str, Any]]:
    features = [
        _feature(
            {"type": "LineString", "coordinates": [[lon, SOUTH], [lon, NORTH]]},
            kind="street",
            name=name,
            rank=rank,
        )
        for name, lon, rank in NORTH_SOUTH
    ]
    features += [
        _feature(
            {"type": "LineString", "coordinates": [[WEST, lat], [EAST, lat]]},
            kind="street",
            name=name,
            rank=rank,
        )
        for name, lat, rank in EAST_WEST
    ]
    return features


def blocks() -> list[dict[str, Any]]:
    """City blocks between the streets: built-up, a park or a plaza. A block is named by the
    streets at its south-west corner."""
    features = []
    ns = sorted(NORTH_SOUTH, key=lambda s: s[1])
    ew = sorted(EAST_WEST, key=lambda s: s[1])
    for (west_name, west, _), (_, east, _) in itertools.pairwise(ns):
        for (south_name, south, _), (_, north, _) in itertools.pairwise(ew):
            corner = (west_name, south_name)
            ring = _ring(
                south + SETBACK_LAT, west + SETBACK_LON, north - SETBACK_LAT, east - SETBACK_LON
            )
            if corner in PARKS:
                features.append(
                    _feature(
                        {"type": "Polygon", "coordinates": ring}, kind="park", name=PARKS[corner]
                    )
                )
            elif corner in PLAZAS:
                features.append(
                    _feature(
                        {"type": "Polygon", "coordinates": ring}, kind="plaza", name=PLAZAS[corner]
                    )
                )
            else:
                features.append(
                    _feature({"type": "Polygon", "coordinates": ring}, kind="block", name="")
                )
    return features


def lake() -> dict[str, Any]:
    return _feature(
        {
            "type": "Polygon",
            "coordinates": _ring(SOUTH - 0.002, EAST + 0.0003, NORTH + 0.002, LAKE_EAST),
        },
        kind="water",
        name="Lake Harbor",
    )


def intersections() -> list[dict[str, Any]]:
    """Each corner as a named point ("Main St & 1st Ave"), the way the demo addresses read."""
    return [
        _feature(
            {"type": "Point", "coordinates": [lon, lat]},
            kind="intersection",
            name=f"{ns_name} & {ew_name}",
        )
        for ns_name, lon, _ in NORTH_SOUTH
        for ew_name, lat, _ in EAST_WEST
    ]


def demo_city() -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [lake(), *blocks(), *streets(), *intersections()],
    }


def render() -> str:
    return json.dumps(demo_city(), separators=(",", ":")) + "\n"


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render())
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
