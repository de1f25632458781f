"""How long the recorder's reconciliation of one camera holds the event loop, at 30 days' scale.

    uv run --frozen python bench/recorder_reconcile.py [--files 260000]

Writes `--files` empty segment files of one camera in dated folders with an index row for each
(SQLite, the embedded default), then reconciles the camera twice while a ticker task measures
the longest the event loop went without running it: once as the recorder did before (the
folders walked, every file stat'ed and every row's file checked, on the loop), once with
`reconcile_camera` (walk in a worker thread, index read in pages). Prints both, and the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import col, select

import rtcc_recorder
from rtcc_common.service_runtime import Database, open_database
from rtcc_recorder.models import Segment
from rtcc_recorder.reconcile import MediaTools, reconcile_camera
from rtcc_recorder.settings import Settings

MIGRATIONS = Path(rtcc_recorder.__file__).parent / "migrations"
CAMERA = "bench-cam"


def write_files(root: Path, count: int) -> list[dict[str, object]]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for n in range(count):
        opened = start + timedelta(seconds=10 * n)
        relative = f"{CAMERA}/{opened:%Y/%m/%d}/{CAMERA}-{opened:%Y%m%dT%H%M%S}Z-abcdef.ts"
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        ts = opened.timestamp()
        rows.append(
            {
                "id": f"{n:032x}", "camera_id": CAMERA, "session_id": "abcdef",
                "path": relative, "start_ts": ts, "end_ts": ts + 10, "duration_s": 10.0,
                "bytes": 1, "created_ts": ts,
            }
        )  # fmt: skip
    return rows


async def index_rows(db: Database, rows: list[dict[str, object]]) -> None:
    async with db.sessions() as session:
        for first in range(0, len(rows), 20_000):
            await session.execute(insert(Segment), rows[first : first + 20_000])
        await session.commit()


async def walk_on_loop(db: Database, root: Path) -> None:
    """What reconcile did on the loop before: rglob and stat every file, check every row."""
    files = sorted(p for p in (root / CAMERA).rglob("*.ts") if p.stat().st_mtime > 0)
    async with db.sessions() as session:
        rows = (
            await session.execute(
                select(Segment.id, Segment.path).where(col(Segment.camera_id) == CAMERA)
            )
        ).all()
    indexed = {row.path for row in rows}
    orphans = [p for p in files if str(p.relative_to(root)) not in indexed]
    missing = [row for row in rows if not (root / row.path).exists()]
    assert not orphans and not missing


async def longest_stall(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """(longest time the loop did not run a 10 ms ticker, seconds the work took)."""
    longest = 0.0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            longest = max(longest, now - last - 0.01)
            last = now

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    await work()
    took = time.perf_counter() - started
    done.set()
    await ticker
    return longest, took


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=260_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        settings = Settings(data_dir=base, database_url=f"sqlite+aiosqlite:///{base / 'r.db'}")
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        try:
            began = time.perf_counter()
            rows = await asyncio.to_thread(write_files, settings.recordings_path, args.files)
            await index_rows(db, rows)
            print(f"{args.files} files and rows written in {time.perf_counter() - began:.1f} s")
            tools = MediaTools(ffmpeg=settings.ffmpeg, ffprobe=settings.ffprobe)
            stall, took = await longest_stall(lambda: walk_on_loop(db, settings.recordings_path))
            print(f"before (on the loop):   longest stall {stall:.3f} s, took {took:.2f} s")
            stall, took = await longest_stall(
                lambda: reconcile_camera(db, settings.recordings_path, CAMERA, tools=tools)
            )
            print(f"reconcile_camera:       longest stall {stall:.3f} s, took {took:.2f} s")
        finally:
            await db.close()
    load = os.getloadavg()
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
