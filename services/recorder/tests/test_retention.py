"""Retention against a real database and real files: expiry per camera, the size cap and the
free-space floor take the oldest unheld footage first, and never footage under a hold."""

from __future__ import annotations

import time
from pathlib import Path

from sqlmodel import col, select

from rtcc_common.service_runtime import Database, open_database
from rtcc_recorder.holds import place_hold, release_hold
from rtcc_recorder.models import ActivitySpanRecord, CameraPolicy, RecorderEvent, Segment
from rtcc_recorder.retention import sweep
from rtcc_recorder.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
DAY = 86400.0


async def _seed(db: Database, root: Path, camera_id: str, starts: list[float]) -> list[Segment]:
    segments = []
    async with db.sessions() as session:
        for start in starts:
            path = f"{camera_id}/{int(start)}.ts"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(b"\x47" * 1000)
            segment = Segment(
                camera_id=camera_id, session_id="s", path=path, start_ts=start,
                end_ts=start + 10, duration_s=10, bytes=1000,
            )  # fmt: skip
            session.add(segment)
            segments.append(segment)
        await session.commit()
    return segments


async def _left(db: Database, camera_id: str) -> list[float]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Segment.start_ts)
            .where(col(Segment.camera_id) == camera_id)
            .order_by(col(Segment.start_ts))
        )
        return list(rows.scalars())


async def test_expiry_spares_held_footage_until_the_hold_is_released(
    database_url: str, data_dir: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=database_url, min_free_bytes=0)
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    try:
        now = time.time()
        old = [now - 40 * DAY + i * 10 for i in range(4)]
        await _seed(db, settings.recordings_path, "a", [*old, now - 60])
        await _seed(db, settings.recordings_path, "b", [now - 8 * DAY])
        async with db.sessions() as session:
            session.add(CameraPolicy(camera_id="b", retention_days=7))
            await session.commit()
        hold = await place_hold(
            db, case_id="case-1", camera_id="a", start_ts=old[1] + 1, end_ts=old[1] + 2,
            reason="evidence", placed_by="sgt",
        )  # fmt: skip
        result = await sweep(db, settings)
        assert result.expired == 4  # a: three old unheld; b: past its own 7 days
        assert await _left(db, "a") == [old[1], now - 60]
        assert await _left(db, "b") == []
        assert (settings.recordings_path / f"a/{int(old[1])}.ts").exists()
        assert not (settings.recordings_path / f"a/{int(old[0])}.ts").exists()

        await release_hold(db, hold_id=hold.id, released_by="lt", reason="case closed")
        await sweep(db, settings)
        assert await _left(db, "a") == [now - 60]
    finally:
        await db.close()


async def test_disk_pressure_and_size_cap_take_the_oldest_unheld_first(
    database_url: str, data_dir: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=database_url, min_free_bytes=0)
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    try:
        now = time.time()
        await _seed(db, settings.recordings_path, "a", [now - 500, now - 400, now - 300])
        await _seed(db, settings.recordings_path, "b", [now - 450, now - 350])
        await place_hold(
            db, case_id="c", camera_id="a", start_ts=now - 500, end_ts=now - 495,
            reason="evidence", placed_by="sgt",
        )  # fmt: skip
        settings.max_bytes_per_camera = 2000
        capped = await sweep(db, settings)
        assert capped.over_cap == 1  # a had 3000 bytes: its oldest unheld segment went
        assert await _left(db, "a") == [now - 500, now - 300]

        settings.max_bytes_per_camera = 0
        settings.min_free_bytes = 2**62  # more than any disk: everything unheld must go
        pressed = await sweep(db, settings)
        assert pressed.pressure == 3
        assert await _left(db, "a") == [now - 500]  # held footage stays
        assert await _left(db, "b") == []
        async with db.sessions() as session:
            kinds = set((await session.execute(select(RecorderEvent.kind))).scalars())
        assert {"disk_pressure", "disk_full"} <= kinds
    finally:
        await db.close()


async def test_activity_goes_with_its_segment_and_stays_under_a_hold(
    database_url: str, data_dir: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=database_url, min_free_bytes=0)
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    try:
        now = time.time()
        starts = [now - 40 * DAY, now - 40 * DAY + 10, now - 60]
        segments = await _seed(db, settings.recordings_path, "a", starts)
        async with db.sessions() as session:
            for segment in segments:
                session.add(
                    ActivitySpanRecord(
                        camera_id="a", segment_id=segment.id, start_ts=segment.start_ts + 2,
                        end_ts=segment.start_ts + 5, peak_level=0.8,
                    )
                )  # fmt: skip
            await session.commit()
        await place_hold(
            db, case_id="case-1", camera_id="a", start_ts=starts[1] + 1, end_ts=starts[1] + 2,
            reason="evidence", placed_by="sgt",
        )  # fmt: skip
        await sweep(db, settings)
        async with db.sessions() as session:
            kept = await session.execute(
                select(ActivitySpanRecord.segment_id).order_by(col(ActivitySpanRecord.start_ts))
            )
            assert list(kept.scalars()) == [segments[1].id, segments[2].id]
    finally:
        await db.close()
