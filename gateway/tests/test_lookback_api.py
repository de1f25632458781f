"""The look-back timeline, bookmarks and saved wall layouts through the public API: a real
gateway (uvicorn) in front of a real recorder and oversight service, its index seeded with a
day of older footage, every access in the audit trail."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import rtcc_recorder
from rtcc_common.service_runtime import Database, open_database
from rtcc_common.testing import running_service
from rtcc_recorder.models import Gap, Segment
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import recorder_test_settings

MIGRATIONS = Path(rtcc_recorder.__file__).parent / "migrations"
CAMERA = "cam-lookback"
DEAD = "127.0.0.1:9"  # no camera registry: the recorder records nothing here
HOUR = 3600.0


@pytest.fixture
async def stack(
    database_url: str, data_dir: Path, oversight_gateway: Any
) -> AsyncIterator[tuple[Any, Database]]:
    if database_url.startswith("sqlite"):  # a file of its own; on PostgreSQL, its own schema
        database_url = f"sqlite+aiosqlite:///{data_dir / 'recorder.sqlite'}"
    settings = recorder_test_settings(
        data_dir=data_dir / "recorder", database_url=database_url, registry_addr=DEAD
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as recorder:
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        async with oversight_gateway(recorder_addr=recorder.address) as gateway:
            yield gateway, db
        await db.close()


async def seed_day(db: Database, base: float) -> None:
    """10-second segments over a day, but for a dropped hour (02:00-03:00) with its reason."""
    rows = [
        Segment(camera_id=CAMERA, session_id="s", path=f"{CAMERA}/{n}.ts",
                start_ts=base + n * 10, end_ts=base + n * 10 + 10, duration_s=10, bytes=100)
        for n in range(8640)
        if not 2 * HOUR <= n * 10 < 3 * HOUR
    ]  # fmt: skip
    async with db.sessions() as session:
        session.add_all(rows)
        session.add(Gap(camera_id=CAMERA, start_ts=base + 2 * HOUR, end_ts=base + 3 * HOUR,
                        reason="stalled"))  # fmt: skip
        await session.commit()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


async def audit(gateway: Any, **params: Any) -> list[dict[str, Any]]:
    async with gateway.client("auditor", subject="aud1") as auditor:
        reply = await auditor.get("/v1/oversight/audit", params=params)
    return list(reply.raise_for_status().json()["records"])


async def test_a_month_of_footage_summarised_for_the_timeline(
    stack: tuple[Any, Database],
) -> None:
    gateway, db = stack
    base = (time.time() // 86400) * 86400 - 3 * 86400
    await seed_day(db, base)
    month = {"start": iso(base - 26 * 86400), "end": iso(base + 4 * 86400)}  # on the hour
    async with gateway.client("detective", subject="det1") as det:
        reply = await det.get(
            f"/v1/cameras/{CAMERA}/recordings/summary", params={**month, "buckets": 720}
        )
        assert reply.status_code == 200, reply.text
        summary = reply.json()
        assert summary["bucket_s"] == pytest.approx(3600.0)
        assert summary["recorded_s"] == pytest.approx(23 * HOUR)
        assert [g["reason"] for g in summary["gaps"]] == ["stalled"]
        assert datetime.fromisoformat(summary["first_segment_start"]).timestamp() == base
        full = [b for b in summary["buckets"] if b["recorded_s"] > 0]
        assert len(full) == 23 and {b["segments"] for b in full} == {360}

        # The same day in one-minute buckets, and bad asks refused with the reason.
        day = {"start": iso(base), "end": iso(base + 86400)}
        fine = await det.get(
            f"/v1/cameras/{CAMERA}/recordings/summary", params={**day, "buckets": 1440}
        )
        minutes = [b["recorded_s"] for b in fine.json()["buckets"]]
        assert minutes[119:122] == [60.0, 0.0, 0.0] and minutes[180] == 60.0
        too_long = await det.get(
            f"/v1/cameras/{CAMERA}/recordings/summary",
            params={"start": iso(base - 40 * 86400), "end": iso(base)},
        )
        assert too_long.status_code == 400 and "31 days" in too_long.text
        too_many = await det.get(
            f"/v1/cameras/{CAMERA}/recordings/summary", params={**day, "buckets": 5000}
        )
        assert too_many.status_code == 422
    async with gateway.client("resident", subject="res1") as resident:
        refused = await resident.get(f"/v1/cameras/{CAMERA}/recordings/summary", params=month)
    assert refused.status_code == 403
    records = await audit(gateway, user="det1")
    assert any(CAMERA in r["object_ids"] and r["result"] == "ok" for r in records)


async def test_bookmarks_made_found_linked_and_audited(
    stack: tuple[Any, Database],
) -> None:
    gateway, _ = stack
    now = datetime.now(UTC)
    async with gateway.client("detective", subject="det1") as det:
        moment = await det.post(
            "/v1/bookmarks",
            json={"camera_id": CAMERA, "start": (now - timedelta(hours=2)).isoformat(),
                  "note": "Grey sedan turns onto Elm St"},
        )  # fmt: skip
        assert moment.status_code == 201, moment.text
        span = await det.post(
            "/v1/bookmarks",
            json={"camera_id": CAMERA, "start": (now - timedelta(minutes=30)).isoformat(),
                  "end": (now - timedelta(minutes=29)).isoformat(), "note": "Suspect runs north"},
        )  # fmt: skip
        span_id = span.json()["id"]
        assert moment.json()["end"] == moment.json()["start"]
        found = await det.get("/v1/bookmarks", params={"q": "sedan ELM"})
        assert [b["id"] for b in found.json()["bookmarks"]] == [moment.json()["id"]]
        by_camera = await det.get("/v1/bookmarks", params={"camera_id": CAMERA})
        assert [b["id"] for b in by_camera.json()["bookmarks"]] == [span_id, moment.json()["id"]]
        recent = await det.get(
            "/v1/bookmarks", params={"start": (now - timedelta(hours=1)).isoformat()}
        )
        assert [b["id"] for b in recent.json()["bookmarks"]] == [span_id]

        linked = await det.patch(
            f"/v1/bookmarks/{span_id}", json={"case_id": "case-7", "export_id": "a" * 32}
        )
        assert linked.status_code == 200 and linked.json()["case_id"] == "case-7"
        kept = await det.delete(f"/v1/bookmarks/{span_id}")
        assert kept.status_code == 400 and "evidence" in kept.text

        for bad in (
            {"camera_id": CAMERA, "start": now.isoformat(), "note": ""},
            {"camera_id": CAMERA, "start": now.isoformat(), "note": "x", "colour": "red"},
            {"camera_id": CAMERA, "start": now.isoformat(),
             "end": (now - timedelta(minutes=1)).isoformat(), "note": "backwards"},
        ):  # fmt: skip
            assert (await det.post("/v1/bookmarks", json=bad)).status_code == 422
        half_link = await det.patch(f"/v1/bookmarks/{span_id}", json={"case_id": "c"})
        assert half_link.status_code == 422
        assert (await det.get("/v1/bookmarks/" + "0" * 32)).status_code == 404
    async with gateway.client("analyst", subject="ana2") as other:
        not_theirs = await other.delete(f"/v1/bookmarks/{moment.json()['id']}")
        assert not_theirs.status_code == 403
        mine = await other.get("/v1/bookmarks", params={"mine": "true"})
        assert mine.json()["bookmarks"] == []
    records = await audit(gateway, user="det1")
    made = [r for r in records if span_id in r["object_ids"]]
    # Made, linked to a case, its deletion refused, a half link refused: a record each.
    assert [r["result"] for r in made] == [
        "ok", "ok", "failed: failed_precondition", "failed: invalid_request"
    ]  # fmt: skip
    assert all(r["subject"] == "det1" and r["technology"] == "fixed_video" for r in made)
    assert CAMERA in made[0]["object_ids"]
    assert any(r["query"].get("q") == "sedan ELM" for r in records)


async def test_wall_layouts_are_saved_per_person(
    stack: tuple[Any, Database],
) -> None:
    gateway, _ = stack
    async with gateway.client("analyst", subject="ana1") as ana:
        saved = await ana.put(
            "/v1/me/layouts/Downtown 9", json={"tiles": 9, "camera_ids": ["a", "b", "c"]}
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["camera_ids"] == ["a", "b", "c", "", "", "", "", "", ""]
        await ana.put("/v1/me/layouts/Harbor", json={"tiles": 4, "camera_ids": ["h"]})
        listed = (await ana.get("/v1/me/layouts")).json()["layouts"]
        assert [(x["name"], x["tiles"]) for x in listed] == [("Downtown 9", 9), ("Harbor", 4)]
        assert (await ana.put("/v1/me/layouts/x", json={"tiles": 6})).status_code == 422
        crowded = await ana.put("/v1/me/layouts/x", json={"tiles": 1, "camera_ids": ["a", "b"]})
        assert crowded.status_code == 422
        assert (await ana.delete("/v1/me/layouts/Harbor")).status_code == 204
        assert (await ana.delete("/v1/me/layouts/Harbor")).status_code == 404
        settings = (await ana.get("/v1/dashboard/settings")).json()
        assert settings == {"time_zone": "UTC"}
    async with gateway.client("detective", subject="det9") as other:
        assert (await other.get("/v1/me/layouts")).json()["layouts"] == []
