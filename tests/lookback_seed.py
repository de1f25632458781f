"""Older footage for the look-back tests, made by the test's own means: a suite started minutes
ago has recorded only minutes, so the recorder's index (its SQLite file under the data dir) is
given back-dated rows, each a hard link to a segment the recorder really wrote. Playback, the
summary and reconciliation treat them as any other segment."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

DAY = 86400.0


@dataclass(frozen=True)
class Seeded:
    camera_id: str
    start_ts: float
    end_ts: float
    segments: int


def _connect(data_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(data_dir / "db" / "recorder.sqlite", timeout=30)
    db.execute("PRAGMA busy_timeout=30000")
    return db


def finished_segment(data_dir: Path, camera_id: str) -> tuple[str, float]:
    """A finished segment of the camera: its path (relative) and duration."""
    with closing(_connect(data_dir)) as db:
        row = db.execute(
            "SELECT path, duration_s FROM segments WHERE camera_id = ? AND duration_s > 5"
            " ORDER BY start_ts LIMIT 1 OFFSET 1",
            (camera_id,),
        ).fetchone()
    if row is None:
        raise LookupError(f"camera {camera_id} has no finished segment yet")
    return row[0], float(row[1])


def seed(
    data_dir: Path, camera_id: str, *, source_camera: str, start_ts: float, count: int
) -> Seeded:
    """`count` back-to-back segments of `camera_id` from `start_ts`, copies of a real segment of
    `source_camera` (hard links: no bytes copied)."""
    source, duration = finished_segment(data_dir, source_camera)
    store = data_dir / "recordings"
    folder = store / camera_id / "backdated"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    session = uuid.uuid4().hex
    for n in range(count):
        start = start_ts + n * duration
        relative = f"{camera_id}/backdated/{camera_id}-{start:.3f}.ts"
        target = store / relative
        if not target.exists():
            os.link(store / source, target)
        rows.append(
            (uuid.uuid4().hex, camera_id, session, relative, start, start + duration, duration,
             target.stat().st_size, time.time())
        )  # fmt: skip
    with closing(_connect(data_dir)) as db, db:
        db.executemany(
            "INSERT INTO segments (id, camera_id, session_id, path, start_ts, end_ts,"
            " duration_s, bytes, created_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return Seeded(camera_id, start_ts, start_ts + count * duration, count)


def gap(data_dir: Path, camera_id: str, start_ts: float, end_ts: float, reason: str) -> None:
    with closing(_connect(data_dir)) as db, db:
        db.execute(
            "INSERT INTO gaps (id, camera_id, start_ts, end_ts, reason, outage_reported)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            (uuid.uuid4().hex, camera_id, start_ts, end_ts, reason),
        )


def seed_month(data_dir: Path, camera_id: str, *, source_camera: str) -> list[Seeded]:
    """Half an hour a day over the last 29 days, and half an hour from two hours ago: what a camera
    kept for its retention period looks like, in outline, on the 30-day timeline."""
    now = time.time()
    seeded = [
        seed(data_dir, camera_id, source_camera=source_camera,
             start_ts=now - day * DAY - 6 * 3600, count=180)
        for day in range(1, 30)
    ]  # fmt: skip
    seeded.append(seed(data_dir, camera_id, source_camera=source_camera,
                       start_ts=now - 2 * 3600, count=180))  # fmt: skip
    return seeded
