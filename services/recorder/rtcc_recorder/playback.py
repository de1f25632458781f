"""Look back: the bytes of recorded segments (served as HLS by the gateway) and JPEG snapshots."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from rtcc_common.child_process import run_to_end
from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Segment

CHUNK = 256 * 1024
# A snapshot asked for a moment in a gap takes the next recorded frame this close after it.
SNAPSHOT_SLACK_S = 60.0
LAST_FRAME_S = 0.2
SNAPSHOT_TIMEOUT_S = 30.0


async def get_segment(db: Database, segment_id: str) -> Segment:
    async with db.sessions() as session:
        segment = await session.get(Segment, segment_id)
    if segment is None:
        raise NotFound(f"segment {segment_id} not found")
    return segment


async def read_file_chunks(path: Path) -> AsyncIterator[bytes]:
    """A file in chunks, read off the event loop."""
    if not await asyncio.to_thread(path.is_file):
        raise NotFound("the file is no longer on disk")
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            yield chunk
    finally:
        handle.close()


@dataclass(frozen=True)
class Snapshot:
    jpeg: bytes
    frame_ts: float
    segment_id: str


async def _segment_at(db: Database, camera_id: str, at_ts: float) -> Segment:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Segment)
            .where(
                col(Segment.camera_id) == camera_id,
                # A moment in a segment's last frame or so starts the next one: seeking to the
                # very end of a file finds no frame to decode.
                col(Segment.end_ts) > at_ts + LAST_FRAME_S,
                col(Segment.start_ts) < at_ts + SNAPSHOT_SLACK_S,
            )
            .order_by(col(Segment.start_ts))
            .limit(1)
        )
        segment = rows.scalars().first()
    if segment is None:
        raise NotFound("no recording of this camera at that time")
    return segment


async def snapshot(
    db: Database, root: Path, *, ffmpeg: str, camera_id: str, at_ts: float
) -> Snapshot:
    if not camera_id:
        raise InvalidArgument("camera_id is required")
    segment = await _segment_at(db, camera_id, at_ts)
    offset = min(max(0.0, at_ts - segment.start_ts), max(0.0, segment.duration_s - LAST_FRAME_S))
    done = await run_to_end(
        [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
         "-ss", f"{offset:.3f}", "-i", str(root / segment.path),
         "-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"],
        name="ffmpeg_snapshot", timeout_s=SNAPSHOT_TIMEOUT_S,
    )  # fmt: skip
    jpeg = done.stdout
    if not done.ok or not jpeg.startswith(b"\xff\xd8"):
        raise FailedPrecondition("the recorded frame could not be decoded")
    return Snapshot(jpeg=jpeg, frame_ts=segment.start_ts + offset, segment_id=segment.id)
