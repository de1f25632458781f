"""One export written and checked: exactly the range asked, by stream copy (export_media), into
a `.partial.mp4` that is renamed and called done only once ffprobe finds decodable video of the
recorded length in it; its manifest states the spans recorded and every gap inside the range.
The caller (export.ExportRunner) holds the export's writer lock."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from pathlib import Path

from rtcc_common.child_process import run_to_end
from rtcc_common.errors import NotFound
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.export_coverage import coverage_of, iso
from rtcc_recorder.export_media import (
    check_played,
    concat_script,
    cut_command,
    plan_cut,
    probe_segment,
)
from rtcc_recorder.models import Export, Segment
from rtcc_recorder.recordings import gaps_between, segments_in
from rtcc_recorder.settings import Settings

log = get_logger(__name__)

HASH_CHUNK = 1024 * 1024
# A stream copy of a day of one camera takes seconds; this is a stuck ffmpeg.
CUT_TIMEOUT_S = 1800.0


async def _load(db: Database, export_id: str) -> Export:
    async with db.sessions() as session:
        export = await session.get(Export, export_id)
    if export is None:
        raise NotFound(f"export {export_id} not found")
    return export


def _segment_entry(segment: Segment) -> dict[str, object]:
    return {
        "id": segment.id,
        "path": segment.path,
        "start": iso(segment.start_ts),
        "end": iso(segment.end_ts),
        "bytes": segment.bytes,
    }


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


async def fail_export(db: Database, export_id: str, error: str) -> None:
    log.warning("export_failed", export_id=export_id, error=error)
    await _set(db, export_id, status="failed", error=error[-500:], finished_ts=time.time())


async def run_export(db: Database, settings: Settings, export_id: str) -> None:
    """Write, check and record one export. The caller holds its writer lock."""
    export = await _load(db, export_id)
    await _set(db, export_id, status="running")
    root, out_dir = settings.recordings_path, settings.exports_path
    segments = await segments_in(
        db, camera_id=export.camera_id, start_ts=export.start_ts, end_ts=export.end_ts
    )
    if not segments:
        await fail_export(db, export_id, "no recording left in that range")
        return
    output = out_dir / f"{export_id}.mp4"
    partial = out_dir / f"{export_id}.partial.mp4"
    script = out_dir / f"{export_id}.ffconcat"
    try:
        first = await probe_segment(settings.ffprobe, root / segments[0].path)
        last = first
        if len(segments) > 1:
            last = await probe_segment(settings.ffprobe, root / segments[-1].path)
    except ValueError as exc:
        await fail_export(db, export_id, f"a recorded segment cannot be read: {exc}")
        return
    plan = plan_cut(
        root, segments, start_ts=export.start_ts, end_ts=export.end_ts, first=first, last=last
    )
    await asyncio.to_thread(script.write_text, concat_script(plan))
    try:
        done = await run_to_end(
            cut_command(settings.ffmpeg, script=script, preroll_s=plan.preroll_s, output=partial),
            name="ffmpeg_export",
            timeout_s=CUT_TIMEOUT_S,
            capture_stdout=False,
            log_fields={"export_id": export_id},
        )
    finally:
        await asyncio.to_thread(script.unlink, missing_ok=True)
    if not done.ok:
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        await fail_export(
            db, export_id, done.stderr_tail or f"ffmpeg exited with {done.returncode}"
        )
        return
    try:
        played = await check_played(
            settings.ffmpeg, settings.ffprobe, partial, expected_s=plan.expected_s
        )
    except ValueError as exc:
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        await fail_export(db, export_id, str(exc))
        return
    await asyncio.to_thread(os.replace, partial, output)
    sha256 = await asyncio.to_thread(_sha256, output)
    size = (await asyncio.to_thread(output.stat)).st_size
    gaps = await gaps_between(
        db, camera_id=export.camera_id, start_ts=export.start_ts, end_ts=export.end_ts
    )
    coverage = coverage_of(
        segments, gaps, start_ts=export.start_ts, end_ts=export.end_ts, now_ts=time.time()
    )
    manifest = {
        "export_id": export_id,
        "camera_id": export.camera_id,
        "start": iso(export.start_ts),
        "end": iso(export.end_ts),
        "covered_start": iso(coverage.spans[0].start_ts) if coverage.spans else None,
        "covered_end": iso(coverage.spans[-1].end_ts) if coverage.spans else None,
        "coverage": coverage.to_manifest(),
        "played_s": round(played.duration_s, 3),
        "video_codec": played.video_codec,
        "requested_by": export.requested_by,
        "reason": export.reason,
        "case_number": export.case_number,
        "created_at": iso(export.created_ts),
        "file": output.name,
        "sha256": sha256,
        "bytes": size,
        "segments": [_segment_entry(s) for s in segments],
        "gaps": coverage.to_manifest()["gaps"],
    }
    manifest_json = json.dumps(manifest, indent=2)
    await asyncio.to_thread((out_dir / f"{export_id}.manifest.json").write_text, manifest_json)
    await _set(
        db,
        export_id,
        status="done",
        sha256=sha256,
        bytes=size,
        path=output.name,
        manifest_json=manifest_json,
        finished_ts=time.time(),
    )
    log.info(
        "export_done",
        export_id=export_id,
        sha256=sha256,
        segments=len(segments),
        requested_s=round(coverage.requested_s, 3),
        recorded_s=round(coverage.recorded_s, 3),
        played_s=round(played.duration_s, 3),
    )
