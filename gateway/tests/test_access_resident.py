"""A resident sees their own cameras and nothing else, with the real camera registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_camera_registry.testing import running_registry


def _form(email: str, camera: str) -> dict[str, object]:
    return {
        "ownership": "resident",
        "owner_name": "A Resident",
        "owner_email": email,
        "owner_phone": "+1 312 555 0100",
        "camera_name": camera,
        "technology": "doorbell",
        "location": {"lat": 41.8801, "lon": -87.6301, "address": "12 Elm St"},
        "stream_url": "rtsp://u:pw@192.0.2.7:554/live",
        "permissions": {"live": True, "record": True},
        "terms_version": "2026-01",
        "accepted_terms": True,
    }


async def test_a_resident_sees_only_their_own_cameras(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    if database_url.startswith("sqlite"):
        registry_url = f"sqlite+aiosqlite:///{data_dir / 'registry.sqlite'}"
    else:
        registry_url = database_url
    async with (
        running_registry(registry_url, data_dir) as registry,
        oversight_gateway(camera_registry_addr=registry.address) as gateway,
        gateway.client() as public,
        gateway.client("supervisor") as supervisor,
        gateway.client("resident", subject="Dana@Example.org") as dana,
        gateway.client("resident", subject="lee@example.org") as lee,
    ):
        ids = {}
        for email, camera in (
            ("dana@example.org", "porch"),
            ("dana@example.org", "garage"),
            ("lee@example.org", "driveway"),
        ):
            submitted = await public.post("/v1/registrations", json=_form(email, camera))
            assert submitted.status_code == 201, submitted.text
            ids[camera] = submitted.json()["registration"]["id"]
        approved = await supervisor.post(
            f"/v1/registrations/{ids['porch']}/approve", json={"reason": "checked"}
        )
        camera_id = approved.json()["camera"]["id"]

        mine = (await dana.get("/v1/me/cameras")).json()["registrations"]
        assert {r["camera_name"] for r in mine} == {"porch", "garage"}
        assert {r["camera_id"] for r in mine if r["camera_id"]} == {camera_id}
        theirs = (await lee.get("/v1/me/cameras")).json()["registrations"]
        assert [r["camera_name"] for r in theirs] == ["driveway"]
        for path in (f"/v1/cameras/{camera_id}", "/v1/cameras", "/v1/registrations"):
            assert (await dana.get(path)).status_code == 403, path

        await gateway.oversight.stub.DecideTechnology(
            pb.DecideTechnologyRequest(
                key="resident_video", status="suspended", note="council review"
            )
        )
        gateway.app.state.policy_cache.forget_approvals()
        suspended = await dana.get("/v1/me/cameras")
        assert suspended.status_code == 403 and "resident_video" in suspended.text
