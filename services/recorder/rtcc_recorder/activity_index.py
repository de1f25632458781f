"""Indexes the activity of each segment once the segment itself is indexed.

Recording never waits for it: segments are queued after their row is committed, demuxed in a
thread of their own (PyAV, no decode) and their spans written in one transaction per batch.
A queue that overflows (a recorder far behind) drops the newest segments' activity, never
their recording.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import av
from sqlalchemy import Delete, delete
from sqlmodel import col

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.activity import ActivitySpan, CameraActivity, CodedFrame, slice_bytes
from rtcc_recorder.metrics import ACTIVITY_CPU_SECONDS, ACTIVITY_SEGMENTS
from rtcc_recorder.models import ActivitySpanRecord, Segment

log = get_logger(__name__)

MAX_WAITING = 20_000
_CODECS = {"h264": "h264", "hevc": "hevc"}


@dataclass(frozen=True)
class FinishedFile:
    segment_id: str
    camera_id: str
    path: Path
    start_ts: float
    duration_s: float
    first_of_session: bool


def read_coded_frames(path: Path) -> list[CodedFrame]:
    """The video packets of a file, demuxed only; empty for a codec without predicted frames
    measured here (Motion JPEG: every picture a keyframe)."""
    # MPEG-TS names its streams' codecs in the table that opens every segment: nothing to probe.
    with av.open(str(path), options={"analyzeduration": "0", "probesize": "32"}) as container:
        if not container.streams.video:
            return []
        stream = container.streams.video[0]
        codec = _CODECS.get(stream.codec_context.name)
        if codec is None:
            return []
        frames: list[CodedFrame] = []
        for packet in container.demux(stream):
            if packet.pts is None or packet.time_base is None or packet.size == 0:
                continue
            frames.append(
                CodedFrame(
                    pts_s=float(packet.pts * packet.time_base),
                    keyframe=packet.is_keyframe,
                    coded_bytes=slice_bytes(bytes(packet), codec),
                )
            )
        return frames


class ActivityIndexer:
    def __init__(self, db: Database, root: Path) -> None:
        self._db = db
        self._root = root
        self._queue: asyncio.Queue[FinishedFile] = asyncio.Queue(maxsize=MAX_WAITING)
        self._cameras: dict[str, CameraActivity] = {}
        # One thread: the analysis of one camera's segments happens in their order.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="activity")

    def add(self, segments: list[tuple[Segment, bool]]) -> None:
        """Segments just indexed, each with whether it is the first of its session."""
        for segment, first_of_session in segments:
            try:
                self._queue.put_nowait(
                    FinishedFile(
                        segment_id=segment.id,
                        camera_id=segment.camera_id,
                        path=self._root / segment.path,
                        start_ts=segment.start_ts,
                        duration_s=segment.duration_s,
                        first_of_session=first_of_session,
                    )
                )
            except asyncio.QueueFull:
                log.warning("activity_index_behind", camera_id=segment.camera_id)

    async def flush(self) -> None:
        await self._queue.join()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                batch = [await self._queue.get()]
                while len(batch) < 200 and not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                try:
                    found = await loop.run_in_executor(self._thread, self._analyse, batch)
                    await self._store(found)
                except Exception:
                    log.exception("activity_index_failed", segments=len(batch))
                finally:
                    for _ in batch:
                        self._queue.task_done()
        finally:
            self._thread.shutdown(wait=False, cancel_futures=True)

    def _analyse(self, batch: list[FinishedFile]) -> list[ActivitySpanRecord]:
        started = time.thread_time()
        rows: list[ActivitySpanRecord] = []
        for finished in batch:
            try:
                frames = read_coded_frames(finished.path)
            except (av.FFmpegError, OSError) as exc:
                log.warning("activity_segment_unreadable", path=str(finished.path), error=str(exc))
                continue
            ACTIVITY_SEGMENTS.inc()
            camera = self._cameras.setdefault(finished.camera_id, CameraActivity())
            for segment_id, spans in camera.add_segment(
                finished.segment_id,
                finished.start_ts,
                frames,
                duration_s=finished.duration_s,
                session_start=finished.first_of_session,
            ):
                rows.extend(_records(finished.camera_id, segment_id, spans))
        ACTIVITY_CPU_SECONDS.inc(time.thread_time() - started)
        return rows

    async def _store(self, rows: list[ActivitySpanRecord]) -> None:
        if not rows:
            return
        async with self._db.sessions() as session:
            session.add_all(rows)
            await session.commit()


def _records(
    camera_id: str, segment_id: str, spans: list[ActivitySpan]
) -> list[ActivitySpanRecord]:
    return [
        ActivitySpanRecord(
            camera_id=camera_id,
            segment_id=segment_id,
            start_ts=span.start_ts,
            end_ts=span.end_ts,
            peak_level=round(span.peak_level, 3),
        )
        for span in spans
    ]


def forget_activity_of(segment_ids: list[str]) -> Delete:
    """The statement that deletes the activity of segments being deleted."""
    return delete(ActivitySpanRecord).where(col(ActivitySpanRecord.segment_id).in_(segment_ids))
