"""Keeps the index and the disk in agreement, one camera at a time.

Run when a recorder takes a camera (start-up, lease takeover), after an ffmpeg child had to be
killed, and periodically. Files the index lacks are probed: a readable one is remuxed (which drops
a half-written last packet) and indexed, an unreadable one removed. Rows whose file is gone are
removed and their time becomes a gap. Deleting more than half of a camera's files or rows at once
is refused without an operator's word: an unmounted disk must not empty the index.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import col, select

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.events import record_event
from rtcc_recorder.ingest import camera_dir_name, opened_ts_of
from rtcc_recorder.models import Gap, Segment

log = get_logger(__name__)

BULK_FRACTION = 0.5


@dataclass
class ReconcileResult:
    indexed: int = 0
    removed_files: int = 0
    removed_rows: int = 0
    refused: bool = False
    notes: list[str] = field(default_factory=list)


async def probe_duration(path: Path) -> float | None:
    """Seconds of media ffprobe finds in a file, or None when it is unreadable."""
    process = await asyncio.create_subprocess_exec(
        "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    out, _ = await process.communicate()
    try:
        duration = float(out.decode().strip())
    except ValueError:
        return None
    return duration if process.returncode == 0 and duration > 0 else None


async def _remux(path: Path) -> bool:
    """Rewrite a file by stream copy; what ffmpeg can read of a partial file survives."""
    repaired = path.with_suffix(".repair.ts")
    process = await asyncio.create_subprocess_exec(
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-i", str(path), "-map", "0", "-c", "copy", "-f", "mpegts", str(repaired),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    await process.wait()
    if process.returncode != 0 or not repaired.exists() or repaired.stat().st_size == 0:
        repaired.unlink(missing_ok=True)
        return False
    os.replace(repaired, path)
    return True


def _segment_files(
    root: Path, camera_id: str, session_id: str | None, min_age_s: float
) -> list[Path]:
    """The camera's segment files, leaving out any young enough to be still being written."""
    camera_root = root / camera_dir_name(camera_id)
    if not camera_root.is_dir():
        return []
    pattern = f"*-{session_id}.ts" if session_id else "*.ts"
    newest = time.time() - min_age_s
    return sorted(
        p
        for p in camera_root.rglob(pattern)
        if not p.name.endswith(".repair.ts") and (min_age_s <= 0 or p.stat().st_mtime < newest)
    )


async def _size(path: Path) -> int:
    stat = await asyncio.to_thread(path.stat)
    return stat.st_size


async def _index_orphan(db: Database, root: Path, camera_id: str, path: Path) -> bool:
    """Index a file the index lacks; False when it is unreadable and should go."""
    if await _size(path) == 0 or not await _remux(path):
        return False
    duration = await probe_duration(path)
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
                bytes=await _size(path),
            )
        )
        await session.commit()
    return True


async def reconcile_camera(
    db: Database,
    root: Path,
    camera_id: str,
    *,
    confirm_bulk: bool = False,
    session_id: str | None = None,
    min_age_s: float = 0.0,
) -> ReconcileResult:
    """`min_age_s` > 0 while ffmpeg may be writing this camera's newest file."""
    result = ReconcileResult()
    files = _segment_files(root, camera_id, session_id, min_age_s)
    async with db.sessions() as session:
        rows = (
            await session.execute(
                select(Segment.id, Segment.path, Segment.start_ts, Segment.end_ts).where(
                    col(Segment.camera_id) == camera_id
                )
            )
        ).all()
    indexed_paths = {row.path for row in rows}
    orphans = [p for p in files if str(p.relative_to(root)) not in indexed_paths]
    missing = [] if session_id else [row for row in rows if not (root / row.path).exists()]

    unreadable: list[Path] = []
    for path in orphans:
        if await _index_orphan(db, root, camera_id, path):
            result.indexed += 1
        else:
            unreadable.append(path)

    deletions = len(unreadable) + len(missing)
    population = max(len(files), len(rows))
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
        path.unlink(missing_ok=True)
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


async def _forget_missing(db: Database, camera_id: str, missing: list) -> None:  # type: ignore[type-arg]
    """Rows pointing at nothing go; the time they covered is recorded as a gap."""
    async with db.sessions() as session:
        await session.execute(delete(Segment).where(col(Segment.id).in_([r.id for r in missing])))
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
