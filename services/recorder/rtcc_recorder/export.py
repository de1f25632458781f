"""Exports: a time range of one camera stream-copied into one MP4, with its SHA-256 and a manifest
(segments used, gaps, who asked and why) that lets a court check the file."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import col, select

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Export, Gap, Segment
from rtcc_recorder.recordings import gaps_between, segments_in
from rtcc_recorder.settings import Settings

log = get_logger(__name__)

MAX_EXPORT_S = 24 * 3600.0
HASH_CHUNK = 1024 * 1024


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


async def create_export(
    db: Database,
    *,
    camera_id: str,
    start_ts: float,
    end_ts: float,
    reason: str,
    case_number: str,
    requested_by: str,
) -> Export:
    if not camera_id:
        raise InvalidArgument("camera_id is required")
    if not reason.strip():
        raise InvalidArgument("a reason is required for an export")
    if not requested_by.strip():
        raise InvalidArgument("requested_by is required")
    if not end_ts > start_ts:
        raise InvalidArgument("end must be after start")
    if end_ts - start_ts > MAX_EXPORT_S:
        raise InvalidArgument("an export covers at most 24 hours")
    if not await segments_in(db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts):
        raise FailedPrecondition("no recording of this camera in that range")
    export = Export(
        camera_id=camera_id,
        start_ts=start_ts,
        end_ts=end_ts,
        reason=reason.strip(),
        case_number=case_number.strip(),
        requested_by=requested_by.strip(),
    )
    async with db.sessions() as session:
        session.add(export)
        await session.commit()
    return export


async def get_export(db: Database, export_id: str) -> Export:
    async with db.sessions() as session:
        export = await session.get(Export, export_id)
    if export is None:
        raise NotFound(f"export {export_id} not found")
    return export


def _concat_list(root: Path, segments: list[Segment]) -> str:
    """ffmpeg concat script of whole segments: a stream copy can only cut on keyframes, so the
    file covers the range asked from the start of its first segment to the end of its last."""
    lines = ["ffconcat version 1.0"]
    for segment in segments:
        lines.append(f"file '{(root / segment.path).as_posix()}'")
        if segment.media_start_s is not None and segment.media_end_s is not None:
            # The span to the next keyframe, which a probe of the file alone misses by a frame:
            # without it the next file's timestamps would overlap this one's last frame.
            lines.append(f"duration {segment.media_end_s - segment.media_start_s:.6f}")
    return "\n".join(lines) + "\n"


def _segment_entry(segment: Segment) -> dict[str, object]:
    return {
        "id": segment.id,
        "path": segment.path,
        "start": _iso(segment.start_ts),
        "end": _iso(segment.end_ts),
        "bytes": segment.bytes,
    }


def _gap_entry(gap: Gap) -> dict[str, object]:
    end = _iso(gap.end_ts) if gap.end_ts is not None else None
    return {"start": _iso(gap.start_ts), "end": end, "reason": gap.reason}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


async def _set(db: Database, export_id: str, **values: object) -> None:
    async with db.sessions() as session:
        export = await session.get(Export, export_id)
        assert export is not None
        for key, value in values.items():
            setattr(export, key, value)
        await session.commit()


async def run_export(db: Database, settings: Settings, export_id: str) -> None:
    export = await get_export(db, export_id)
    await _set(db, export_id, status="running")
    root, out_dir = settings.recordings_path, settings.exports_path
    out_dir.mkdir(parents=True, exist_ok=True)
    segments = await segments_in(
        db, camera_id=export.camera_id, start_ts=export.start_ts, end_ts=export.end_ts
    )
    if not segments:
        await _set(db, export_id, status="failed", error="no recording left in that range")
        return
    output = out_dir / f"{export_id}.mp4"
    script = out_dir / f"{export_id}.ffconcat"
    script.write_text(_concat_list(root, segments))
    process = await asyncio.create_subprocess_exec(
        settings.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "concat", "-safe", "0", "-i", str(script),
        "-map", "0", "-c", "copy", "-movflags", "+faststart", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    script.unlink(missing_ok=True)
    if process.returncode != 0 or not output.exists():
        message = stderr.decode(errors="replace")[-500:]
        log.warning("export_failed", export_id=export_id, error=message)
        await _set(db, export_id, status="failed", error=message, finished_ts=time.time())
        return
    sha256 = await asyncio.to_thread(_sha256, output)
    gaps = await gaps_between(
        db, camera_id=export.camera_id, start_ts=export.start_ts, end_ts=export.end_ts
    )
    manifest = {
        "export_id": export_id,
        "camera_id": export.camera_id,
        "start": _iso(export.start_ts),
        "end": _iso(export.end_ts),
        "covered_start": _iso(segments[0].start_ts),
        "covered_end": _iso(segments[-1].end_ts),
        "requested_by": export.requested_by,
        "reason": export.reason,
        "case_number": export.case_number,
        "created_at": _iso(export.created_ts),
        "file": output.name,
        "sha256": sha256,
        "bytes": output.stat().st_size,
        "segments": [_segment_entry(s) for s in segments],
        "gaps": [_gap_entry(g) for g in gaps],
    }
    manifest_json = json.dumps(manifest, indent=2)
    (out_dir / f"{export_id}.manifest.json").write_text(manifest_json)
    await _set(
        db,
        export_id,
        status="done",
        sha256=sha256,
        bytes=output.stat().st_size,
        path=output.name,
        manifest_json=manifest_json,
        finished_ts=time.time(),
    )
    log.info("export_done", export_id=export_id, sha256=sha256, segments=len(segments))


async def unfinished_exports(db: Database) -> list[str]:
    """Exports a stopped recorder left behind; they are run again at start-up."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Export.id).where(col(Export.status).in_(["pending", "running"]))
        )
        return list(rows.scalars())


class ExportRunner:
    """Runs exports in the background, one task each, and resumes unfinished ones at start-up."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, export_id: str) -> None:
        task = asyncio.create_task(self._run(export_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, export_id: str) -> None:
        try:
            await run_export(self._db, self._settings, export_id)
        except Exception as exc:
            log.exception("export_crashed", export_id=export_id)
            await _set(self._db, export_id, status="failed", error=str(exc)[:500])

    async def serve(self) -> None:
        """Background work: resume what a stopped recorder left, then run exports as asked
        (a background task that returned would stop the server)."""
        for export_id in await unfinished_exports(self._db):
            self.submit(export_id)
        await asyncio.Event().wait()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
