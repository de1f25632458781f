"""Keeps the index and the disk in agreement, one camera at a time.

Run when a recorder takes a camera (start-up, lease takeover), after an ffmpeg child had to be
killed, and periodically. Files the index lacks are probed: a readable one is remuxed (which drops
a half-written last packet) and indexed, an unreadable one removed. Rows whose file is gone are
removed and their time becomes a gap. Deleting more than half of a camera's files or rows at once
is refused without an operator's word: an unmounted disk must not empty the index.

At 30 days a camera has ~260,000 files: the folders are walked in a worker thread (names only)
and the index read in pages, so the event loop that records every other camera is never held.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Row, delete
from sqlmodel import col, select

from rtcc_common.child_process import run_to_end
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.activity_index import forget_activity_of
from rtcc_recorder.events import record_event
from rtcc_recorder.ingest import camera_dir_name, opened_ts_of
from rtcc_recorder.models import Gap, Segment

log = get_logger(__name__)

BULK_FRACTION = 0.5
PROBE_TIMEOUT_S = 30.0
REMUX_TIMEOUT_S = 120.0
# Index rows read per query: each page is a short step of the event loop.
ROW_PAGE = 5000


@dataclass(frozen=True)
class MediaTools:
    """The programs that read and rewrite segment files (the settings ffmpeg and ffprobe)."""

    ffmpeg: str
    ffprobe: str


@dataclass
class ReconcileResult:
    indexed: int = 0
    removed_files: int = 0
    removed_rows: int = 0
    refused: bool = False
    notes: list[str] = field(default_factory=list)


async def probe_duration(path: Path, *, ffprobe: str) -> float | None:
    """Seconds of media ffprobe finds in a file, or None when it is unreadable."""
    done = await run_to_end(
        [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        name="ffprobe_segment",
        timeout_s=PROBE_TIMEOUT_S,
    )
    try:
        duration = float(done.stdout.decode().strip())
    except ValueError:
        return None
    return duration if done.ok and duration > 0 else None


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


async def _remux(path: Path, *, ffmpeg: str) -> bool:
    """Rewrite a file by stream copy; what ffmpeg can read of a partial file survives."""
    repaired = path.with_suffix(".repair.ts")
    done = await run_to_end(
        [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
         "-i", str(path), "-map", "0", "-c", "copy", "-f", "mpegts", str(repaired)],
        name="ffmpeg_repair", timeout_s=REMUX_TIMEOUT_S, capture_stdout=False,
    )  # fmt: skip
    if not done.ok or await asyncio.to_thread(_size_or_zero, repaired) == 0:
        await asyncio.to_thread(repaired.unlink, missing_ok=True)
        return False
    await asyncio.to_thread(os.replace, repaired, path)
    return True


def walk_segment_names(root: Path, camera_id: str) -> list[str]:
    """A camera's segment files, as paths relative to the store, by names alone (no stat per
    file). Blocking: run it in a thread."""
    camera_root = root / camera_dir_name(camera_id)
    found: list[str] = []
    pending = [(camera_root, camera_root.name)]
    while pending:
        folder, relative = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{relative}/{entry.name}"))
            elif entry.name.endswith(".ts") and not entry.name.endswith(".repair.ts"):
                found.append(f"{relative}/{entry.name}")
    return found


@dataclass(frozen=True)
class _DiskPicture:
    orphans: list[Path]  # files the index lacks, old enough not to be still written
    missing: list[Row[Any]]  # rows whose file is gone
    files: int  # the files looked at (of the session, when one is named)


def _look_at_disk(
    root: Path, camera_id: str, rows: list[Row[Any]], session_id: str | None, min_age_s: float
) -> _DiskPicture:
    """Blocking (a worker thread): the folders walked by name and compared with the index rows;
    only the files the index lacks are stat'ed, for their age."""
    indexed = {row.path for row in rows}
    names = walk_segment_names(root, camera_id)
    on_disk = set(names)
    missing = [] if session_id else [row for row in rows if row.path not in on_disk]
    suffix = f"-{session_id}.ts" if session_id else ".ts"
    considered = [name for name in names if name.endswith(suffix)]
    newest = time.time() - min_age_s
    orphans = []
    for name in sorted(n for n in considered if n not in indexed):
        path = root / name
        try:
            if min_age_s <= 0 or path.stat().st_mtime < newest:
                orphans.append(path)
        except FileNotFoundError:
            continue  # removed meanwhile (retention)
    return _DiskPicture(orphans=orphans, missing=missing, files=len(considered))


async def _indexed_rows(db: Database, camera_id: str) -> list[Row[Any]]:
    """The camera's index rows, read in pages so that no single step holds the event loop."""
    rows: list[Row[Any]] = []
    after = ""
    while True:
        async with db.sessions() as session:
            page = (
                await session.execute(
                    select(Segment.id, Segment.path, Segment.start_ts, Segment.end_ts)
                    .where(col(Segment.camera_id) == camera_id, col(Segment.path) > after)
                    .order_by(col(Segment.path))
                    .limit(ROW_PAGE)
                )
            ).all()
        rows.extend(page)  # type: ignore[arg-type]  # Row's type arguments differ by version
        if len(page) < ROW_PAGE:
            return rows
        after = page[-1].path
        await asyncio.sleep(0)


async def _index_orphan(
    db: Database, root: Path, camera_id: str, path: Path, tools: MediaTools
) -> bool:
    """Index a file the index lacks; False when it is unreadable and should go."""
    if await asyncio.to_thread(_size_or_zero, path) == 0:
        return False
    if not await _remux(path, ffmpeg=tools.ffmpeg):
        return False
    duration = await probe_duration(path, ffprobe=tools.ffprobe)
    opened = opened_ts_of(path.name)
    if duration is None or opened is None:
        return False
    session_id = path.stem.rsplit("-", 1)[-1]
    async with db.sessions() as session:
        session.add(
            Segment(
                camera_id=camera_id,
                session_id=session_id[:32],
                path=str(path.relative_to(root)),
                start_ts=opened,
                end_ts=opened + duration,
                duration_s=duration,
                bytes=await asyncio.to_thread(_size_or_zero, path),
            )
        )
        await session.commit()
    return True


async def reconcile_camera(
    db: Database,
    root: Path,
    camera_id: str,
    *,
    tools: MediaTools,
    confirm_bulk: bool = False,
    session_id: str | None = None,
    min_age_s: float = 0.0,
) -> ReconcileResult:
    """`min_age_s` > 0 while ffmpeg may be writing this camera's newest file."""
    result = ReconcileResult()
    rows = await _indexed_rows(db, camera_id)
    disk = await asyncio.to_thread(_look_at_disk, root, camera_id, rows, session_id, min_age_s)
    missing = disk.missing

    unreadable: list[Path] = []
    for path in disk.orphans:
        if await _index_orphan(db, root, camera_id, path, tools):
            result.indexed += 1
        else:
            unreadable.append(path)

    deletions = len(unreadable) + len(missing)
    population = max(disk.files, len(rows))
    if deletions > 1 and deletions > BULK_FRACTION * population and not confirm_bulk:
        result.refused = True
        await record_event(
            db,
            kind="reconcile_refused",
            camera_id=camera_id,
            message=f"would delete {deletions} of {population} files or rows; needs confirmation",
        )
        return result

    for path in unreadable:
        await asyncio.to_thread(path.unlink, missing_ok=True)
        result.removed_files += 1
    if missing:
        await _forget_missing(db, camera_id, missing)
        result.removed_rows = len(missing)
    if result.indexed or result.removed_files or result.removed_rows:
        log.info(
            "camera_reconciled",
            camera_id=camera_id,
            indexed=result.indexed,
            removed_files=result.removed_files,
            removed_rows=result.removed_rows,
        )
    return result


async def _forget_missing(db: Database, camera_id: str, missing: list[Row[Any]]) -> None:
    """Rows pointing at nothing go; the time they covered is recorded as a gap."""
    async with db.sessions() as session:
        ids = [r.id for r in missing]
        await session.execute(forget_activity_of(ids))
        await session.execute(delete(Segment).where(col(Segment.id).in_(ids)))
        for row in missing:
            session.add(
                Gap(
                    camera_id=camera_id,
                    start_ts=row.start_ts,
                    end_ts=row.end_ts,
                    reason="file_missing",
                )
            )
        await session.commit()
