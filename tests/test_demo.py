"""`rtcc up --demo` as a newcomer meets it: cameras registered, recording, plate alerts coming."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.suite import RunningSuite, demo_suite, start_suite, wait_until

DEMO_CAMERAS = {"demo-cam-1", "demo-cam-2", "demo-cam-3"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("demo") / "data") as running:
        yield running


def test_demo_cameras_are_registered_and_recorded(demo: RunningSuite) -> None:
    with demo.client("analyst") as analyst:
        cameras = analyst.get("/v1/cameras").raise_for_status().json()
        listed = cameras["cameras"] if isinstance(cameras, dict) else cameras
        demo_cameras = {c["external_id"]: c for c in listed if c["external_id"] in DEMO_CAMERAS}
        assert set(demo_cameras) == DEMO_CAMERAS
        assert all("@" not in c["stream_url"] for c in demo_cameras.values())
        camera_id = demo_cameras["demo-cam-1"]["id"]

        def recorded_segments() -> list[dict[str, Any]]:
            now = datetime.now(UTC)
            window = {
                "start": (now - timedelta(minutes=10)).isoformat(),
                "end": (now + timedelta(minutes=1)).isoformat(),
            }
            reply = analyst.get(f"/v1/cameras/{camera_id}/recordings", params=window)
            return list(reply.raise_for_status().json()["segments"])

        segments = wait_until(recorded_segments, timeout_s=120, every_s=2)
    assert segments[0]["bytes"] > 0


def test_demo_plate_feed_raises_an_alert_for_the_stolen_plate(demo: RunningSuite) -> None:
    with demo.client("analyst") as analyst:

        def stolen_alerts() -> list[dict[str, Any]]:
            alerts = analyst.get("/v1/lpr/alerts").raise_for_status().json()["alerts"]
            return [a for a in alerts if a["read"]["plate_normalized"] == "8DMO777"]

        alerts = wait_until(stolen_alerts, timeout_s=120, every_s=2)
    assert alerts[0]["hotlist_name"] == "Demo stolen vehicles"
    assert alerts[0]["entry"]["state"] == "CA"


def test_demo_data_dir_can_be_reused(demo: RunningSuite) -> None:
    """Stopping and starting the demo again on the same data dir registers nothing twice; with
    `--cameras N` it holds N cameras in all, the extra ones along the demo city's streets."""
    demo.stop()
    again = start_suite(demo.data_dir, demo=True, options=("--cameras", "40"))
    try:
        again.wait_ready()
        wait_until(lambda: "Demo: simulated cameras" in again.log(), timeout_s=120)
        with again.client("analyst") as analyst:
            listed = analyst.get("/v1/cameras", params={"page_size": 1000}).raise_for_status()
        cameras = listed.json()["cameras"]
        ids = [c["external_id"] for c in cameras]
        assert len(ids) == len(set(ids)) == 40
        assert DEMO_CAMERAS <= set(ids)
        fleet = [c for c in cameras if c["external_id"] not in DEMO_CAMERAS]
        assert {c["ownership"] for c in fleet} == {"city", "business", "resident"}
        watchable = [c for c in fleet if c["permissions"]["live"]]
        assert watchable and all(c["stream_url"] for c in watchable)
        assert not any(c["permissions"]["record"] for c in fleet)
    finally:
        again.stop()
