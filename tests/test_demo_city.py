"""The demo city's basemap: the file the dashboard ships is what `rtcc_cli.demo_city` makes, and
every demo camera and reader stands on the streets its address names."""

from __future__ import annotations

import json

import rtcc_cli.demo as demo
import rtcc_cli.demo_city as demo_city
import rtcc_cli.demo_fleet as demo_fleet
from rtcc_gateway.routes.dashboard import find_static

# 15 m: a camera on a pole or a porch beside the street's centre line.
ON_STREET_DEG = 0.00015


def test_the_shipped_basemap_is_the_generators_output() -> None:
    shipped = find_static("basemap/demo-city.geojson")
    assert shipped is not None and shipped.read_text() == demo_city.render()
    style = find_static("basemap/demo-city-style.json")
    assert style is not None
    assert json.loads(style.read_text())["sources"]["demo-city"]["data"] == "demo-city.geojson"


def street_lines() -> dict[str, list[list[float]]]:
    return {
        f["properties"]["name"]: f["geometry"]["coordinates"]
        for f in demo_city.demo_city()["features"]
        if f["properties"]["kind"] == "street"
    }


def test_every_demo_address_lies_on_the_streets_or_the_plaza_it_names() -> None:
    features = demo_city.demo_city()["features"]
    streets = street_lines()
    areas = {
        f["properties"]["name"]: f["geometry"]["coordinates"][0]
        for f in features
        if f["properties"]["kind"] in ("park", "plaza")
    }
    for _, address, _, (lat, lon) in demo.CAMERAS:
        on_streets = [name for name in streets if name in address]
        in_areas = [name for name in areas if address.startswith(name)]
        assert on_streets or in_areas, f"no street or plaza of the demo city in {address!r}"
        for name in on_streets:
            (lon1, lat1), (lon2, _) = streets[name]
            off = abs(lon - lon1) if lon1 == lon2 else abs(lat - lat1)
            assert off < ON_STREET_DEG, f"{address} is {off:.5f}° off {name}"
        for name in in_areas:
            lons = [x for x, _ in areas[name]]
            lats = [y for _, y in areas[name]]
            # At the plaza: inside it, or on the street along its edge.
            assert min(lons) - ON_STREET_DEG < lon < max(lons) + ON_STREET_DEG
            assert min(lats) - 2 * ON_STREET_DEG < lat < max(lats) + 2 * ON_STREET_DEG
    for _, (lat, lon) in demo.READERS:
        assert demo_city.SOUTH < lat < demo_city.NORTH
        assert demo_city.WEST < lon < demo_city.EAST


def test_a_city_of_demo_cameras_stands_on_the_streets_it_names() -> None:
    urls = ["rtsp://127.0.0.1:8554/a", "rtsp://127.0.0.1:8554/b"]
    rows = demo_fleet.fleet_rows(2300, urls)
    assert rows == demo_fleet.fleet_rows(2300, urls)  # the same cameras on every run
    assert len({r["external_id"] for r in rows}) == 2300
    streets = street_lines()
    for row in rows:
        place = row["location"]
        name = place["address"].split(" ", 1)[1]
        (lon1, lat1), (lon2, _) = streets[name]
        off = abs(place["lon"] - lon1) if lon1 == lon2 else abs(place["lat"] - lat1)
        assert off < ON_STREET_DEG, row
    owners = [r["ownership"] for r in rows]
    assert 0.4 < owners.count("city") / len(rows) < 0.6
    live = [r for r in rows if r["permissions"].get("live")]
    assert 0.4 < len(live) / len(rows) < 0.9
    assert all(r["stream_url"] in urls for r in live)
    assert not any(r["permissions"].get("record") for r in rows)
    assert {t for r in rows for t in r["tags"] if t.startswith("area:")} == {
        "area:downtown", "area:harbor", "area:north-side", "area:west-end"
    }  # fmt: skip
