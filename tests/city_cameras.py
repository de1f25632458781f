"""A city's worth of cameras for the live-wall tests, registered through the public import API:
a few more views of the demo's simulated streams (some with a sub-stream), and ~2,300 cameras
the registry knows of without a stream the center may watch, as a city's registry holds."""

from __future__ import annotations

from typing import Any

import httpx

STREETS = ("Main St", "Market St", "Harbor Blvd", "Elm St", "Oak St", "Pine St", "Water St")
AREAS = ("downtown", "harbor", "north-side", "west-end")


def watchable_rows(stream_urls: list[str], count: int) -> list[dict[str, Any]]:
    """`count` live-viewable cameras on the demo's streams; every other one with a sub-stream."""
    rows = []
    for n in range(count):
        url = stream_urls[n % len(stream_urls)]
        rows.append(
            {
                "external_id": f"wall-cam-{n + 1}",
                "name": f"Wall test camera {n + 1}",
                "ownership": "city",
                "location": {"lat": 41.878 + n * 0.0002, "lon": -87.630,
                             "address": f"{100 + n} {STREETS[n % len(STREETS)]}"},
                "stream_url": url,
                "substream_url": url if n % 2 else "",
                "permissions": {"live": True, "record": False},
                "lifecycle": "active",
                "tags": ["wall-test", f"area:{AREAS[n % len(AREAS)]}"],
            }
        )  # fmt: skip
    return rows


def registry_rows(count: int) -> list[dict[str, Any]]:
    """Cameras known to the registry only: businesses and residents who share on request."""
    return [
        {
            "external_id": f"city-cam-{n:04d}",
            "name": f"{'Store' if n % 3 else 'Porch'} camera {n:04d}",
            "ownership": "business" if n % 3 else "resident",
            "location": {"lat": 41.86 + (n % 50) * 0.0008, "lon": -87.65 + (n // 50) * 0.0008,
                         "address": f"{n % 900 + 1} {STREETS[n % len(STREETS)]}"},
            "permissions": {"registry_only": True},
            "lifecycle": "active",
            "tags": [f"area:{AREAS[n % len(AREAS)]}"],
        }
        for n in range(count)
    ]  # fmt: skip


def import_cameras(admin: httpx.Client, rows: list[dict[str, Any]]) -> None:
    reply = admin.post("/v1/cameras/import", json=rows, timeout=300)
    reply.raise_for_status()
    report = reply.json()
    assert report["failed"] == 0, report["errors"][:3]


def demo_stream_urls(api: httpx.Client) -> list[str]:
    cameras = api.get("/v1/cameras", params={"page_size": 1000}).raise_for_status().json()
    return [c["stream_url"] for c in cameras["cameras"] if c["external_id"].startswith("demo-cam")]
