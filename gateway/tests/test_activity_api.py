"""A camera's activity spans through the public API: a real gateway in front of a real recorder
and oversight service, the recorder's index seeded with segments and their activity; viewing it
needs a reason and is audited as footage access."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import rtcc_recorder
from rtcc_common.service_runtime import Database, open_database
from rtcc_common.testing import running_service
from rtcc_recorder.models import ActivitySpanRecord, Segment
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import recorder_test_settings

MIGRATIONS = Path(rtcc_recorder.__file__).parent / "migrations"
CAMERA = "cam-activity"
DEAD = "127.0.0.1:9"  # no camera registry: the recorder records nothing here


@pytest.fixture
async def stack(
    database_url: str, data_dir: Path, oversight_gateway: Any
) -> AsyncIterator[tuple[Any, Database]]:
    if database_url.startswith("sqlite"):
        database_url = f"sqlite+aiosqlite:///{data_dir / 'recorder.sqlite'}"
    settings = recorder_test_settings(
        data_dir=data_dir / "recorder", database_url=database_url, registry_addr=DEAD
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as recorder:
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        async with oversight_gateway(recorder_addr=recorder.address) as gateway:
            yield gateway, db
        await db.close()


async def seed(db: Database, base: float) -> None:
    """Three 10-second segments; a passage crossing the first two, a faint one in the third."""
    segments = [
        Segment(camera_id=CAMERA, session_id="s", path=f"{CAMERA}/{n}.ts", start_ts=base + n * 10,
                end_ts=base + n * 10 + 10, duration_s=10, bytes=100)
        for n in range(3)
    ]  # fmt: skip
    spans = [(0, 7.0, 10.0, 0.8), (1, 10.0, 12.0, 0.6), (2, 24.0, 25.0, 0.52)]
    async with db.sessions() as session:
        session.add_all(segments)
        for n, start, end, peak in spans:
            session.add(
                ActivitySpanRecord(camera_id=CAMERA, segment_id=segments[n].id,
                                   start_ts=base + start, end_ts=base + end, peak_level=peak)
            )  # fmt: skip
        await session.commit()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


async def test_activity_spans_need_a_reason_and_are_audited(
    stack: tuple[Any, Database],
) -> None:
    gateway, db = stack
    base = float(int(time.time()) - 3600)
    await seed(db, base)
    window = {"start": iso(base), "end": iso(base + 60)}
    path = f"/v1/cameras/{CAMERA}/activity"
    async with gateway.client("detective", subject="det1") as det:
        no_reason = await det.get(path, params=window)
        assert no_reason.status_code == 400
        assert "reason" in no_reason.json()["detail"][0]["msg"]

        reply = await det.get(path, params={**window, "min_level": 0, "reason": "robbery"})
        assert reply.status_code == 200, reply.text
        found = reply.json()
        # The passage across two segments is one span, with the stronger peak.
        assert [(s["start"], s["end"], s["peak_level"]) for s in found["spans"]] == [
            (iso(base + 7), iso(base + 12), 0.8),
            (iso(base + 24), iso(base + 25), 0.52),
        ]
        assert found["truncated"] is False

        strong = await det.get(path, params={**window, "min_level": 0.7, "reason": "robbery"})
        assert [s["start"] for s in strong.json()["spans"]] == [iso(base + 7)]
        bad_level = await det.get(path, params={**window, "min_level": 2, "reason": "robbery"})
        assert bad_level.status_code == 422
        backwards = {"start": window["end"], "end": window["start"], "reason": "robbery"}
        assert (await det.get(path, params=backwards)).status_code == 400
    async with gateway.client("resident", subject="res1") as resident:
        refused = await resident.get(path, params={**window, "reason": "curious"})
    assert refused.status_code == 403

    async with gateway.client("auditor", subject="aud1") as auditor:
        listed = await auditor.get("/v1/oversight/audit", params={"user": "det1"})
    records = [r for r in listed.raise_for_status().json()["records"]
               if r["action"] == "recordings.activity"]  # fmt: skip
    assert {r["result"] for r in records} >= {"ok", "denied"}
    ok = [r for r in records if r["result"] == "ok"]
    assert all(CAMERA in r["object_ids"] and r["reason"] == "robbery" for r in ok)
    assert ok[0]["technology"] == "fixed_video" and "min_level" in ok[0]["query"]
