"""Reconciling a camera with many segment files leaves the event loop free for the others."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest

from rtcc_common.service_runtime import open_database
from rtcc_recorder.reconcile import MediaTools, reconcile_camera
from rtcc_recorder.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
BENCH = Path(__file__).parents[3] / "bench" / "recorder_reconcile.py"
FILES = 20_000


def _bench():  # type: ignore[no-untyped-def]
    """The benchmark's fixtures and its loop-bound baseline (the walk reconcile used to do)."""
    spec = importlib.util.spec_from_file_location("recorder_reconcile_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_reconcile_of_many_files_does_not_hold_the_event_loop(
    database_url: str, data_dir: Path
) -> None:
    bench = _bench()
    settings = Settings(data_dir=data_dir, database_url=database_url)
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    try:
        rows = await asyncio.to_thread(bench.write_files, settings.recordings_path, FILES)
        await bench.index_rows(db, rows)
        tools = MediaTools(ffmpeg=settings.ffmpeg, ffprobe=settings.ffprobe)
        root = settings.recordings_path
        on_loop, _ = await bench.longest_stall(lambda: bench.walk_on_loop(db, root))
        result = None

        async def reconcile() -> None:
            nonlocal result
            result = await reconcile_camera(db, settings.recordings_path, bench.CAMERA, tools=tools)

        # The best of three: a loaded machine's own pauses land on one run, not on all of them.
        stall = min([(await bench.longest_stall(reconcile))[0] for _ in range(3)])
    finally:
        await db.close()
    assert result is not None and (result.indexed, result.removed_rows) == (0, 0)
    # Relative to the same walk done on the loop, on the same (possibly loaded) machine.
    assert stall < on_loop / 2, (stall, on_loop)
