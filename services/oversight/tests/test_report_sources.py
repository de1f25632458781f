"""The annual report's footage figures, asked of a real recorder: hours recorded in the year and
the oldest footage still held, even when a legal hold keeps it for years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import grpc
from sqlalchemy import text

from rtcc_common.db import create_engine
from rtcc_common.testing import running_service
from rtcc_oversight.report_sources import recorded_footage
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import recorder_test_settings

RECORDER_MIGRATIONS = Path(build_server.__code__.co_filename).parent / "migrations"
NO_REGISTRY = "127.0.0.1:9"
HOUR = 3600.0


async def _index_segment(database_url: str, camera_id: str, start: dt.datetime) -> None:
    """One hour of footage in the recorder's index, as ingest would have written it."""
    engine = create_engine(database_url, schema="recorder")
    begins = start.timestamp()
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO segments (id, camera_id, session_id, path, start_ts, end_ts,"
                " duration_s, bytes, created_ts) VALUES (:id, :camera, 's1', :path, :start,"
                " :end, :duration, 1000000, :start)"
            ),
            {
                "id": f"{camera_id}{int(begins)}"[:32],
                "camera": camera_id,
                "path": f"{camera_id}/{int(begins)}.ts",
                "start": begins,
                "end": begins + HOUR,
                "duration": HOUR,
            },
        )
    await engine.dispose()


async def test_footage_figures_cover_the_year_and_the_oldest_held_day(
    database_url: str, data_dir: Path
) -> None:
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=NO_REGISTRY,
        reconcile_interval_s=3600.0,
    )  # fmt: skip
    async with running_service(settings, build_server, migrations_dir=RECORDER_MIGRATIONS) as rec:
        async with grpc.aio.insecure_channel(rec.address) as channel:
            year = dt.datetime.now(dt.UTC).year
            empty = await recorded_footage(channel, 10.0, year)
            assert empty["hours_recorded"] == 0 and empty["oldest_footage_day"] is None

            today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            held_since = today - dt.timedelta(days=800)  # kept by a legal hold, past a year
            await _index_segment(database_url, "cam1", today)
            await _index_segment(database_url, "cam2", held_since)
            figures = await recorded_footage(channel, 10.0, year)

    assert figures["hours_recorded"] == 1.0 and figures["cameras_recorded"] == 1
    assert figures["oldest_footage_day"] == held_since.date().isoformat()
    assert figures["oldest_footage_age_days"] == 800
