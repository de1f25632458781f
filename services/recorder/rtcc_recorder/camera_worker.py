"""Records one camera for as long as this recorder holds it: sessions one after another,
reconnecting with backoff and jitter, and a gap with its reason whenever recording stops."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from rtcc_common.backoff import backoff_delay
from rtcc_common.logging import get_logger
from rtcc_common.rtsp_transport import TransportChooser
from rtcc_common.service_runtime import Database
from rtcc_recorder.events import record_event
from rtcc_recorder.index import (
    SegmentIndexer,
    last_segment_end,
    open_gap,
    record_gap,
    report_long_outage,
)
from rtcc_recorder.ingest import FinishedSegment, IngestSession, SessionEnd
from rtcc_recorder.models import Segment
from rtcc_recorder.reconcile import MediaTools, reconcile_camera
from rtcc_recorder.recording_health import RecordingBoard
from rtcc_recorder.settings import Settings
from rtcc_recorder.wallclock import WallClockMapper

log = get_logger(__name__)

SourceLookup = Callable[[str], Awaitable[str]]


class CameraWorker:
    def __init__(
        self,
        *,
        camera_id: str,
        settings: Settings,
        db: Database,
        source: SourceLookup,
        indexer: SegmentIndexer,
        board: RecordingBoard | None = None,
        transport_setting: Callable[[], str] = lambda: "auto",
    ) -> None:
        self.camera_id = camera_id
        self._board = board or RecordingBoard(
            segment_s=settings.segment_s, stall_timeout_s=settings.stall_timeout_s
        )
        # The camera's transport setting (the registry's, may change) and what worked so far.
        self._transport_setting = transport_setting
        self._transports = TransportChooser(transport_setting(), first=settings.rtsp_transport)
        self._indexer = indexer
        self._settings = settings
        self._db = db
        self._source = source
        self._stopping = asyncio.Event()
        self._session: IngestSession | None = None
        self._tools = MediaTools(ffmpeg=settings.ffmpeg, ffprobe=settings.ffprobe)

    def stop(self) -> None:
        self._stopping.set()
        if self._session is not None:
            self._session.stop()

    async def run(self) -> None:
        await reconcile_camera(
            self._db, self._settings.recordings_path, self.camera_id, tools=self._tools
        )
        await self._mark_time_not_recorded()
        attempt = 0
        while not self._stopping.is_set():
            started = time.time()
            reason, segments = await self._one_session()
            if reason == "stopped":
                return
            attempt = 0 if segments else attempt + 1
            await self._indexer.flush()  # the gap starts where the indexed recording ends
            last_end = await last_segment_end(self._db, self.camera_id)
            gap_start = last_end if last_end and last_end >= started - 1 else started
            await open_gap(self._db, camera_id=self.camera_id, start_ts=gap_start, reason=reason)
            await self._wait_before_retry(max(attempt, 1))

    async def _mark_time_not_recorded(self) -> None:
        """Time between the camera's last segment and now went unrecorded (restart, takeover)."""
        last_end = await last_segment_end(self._db, self.camera_id)
        if last_end is not None and time.time() - last_end > self._settings.segment_s:
            await open_gap(
                self._db, camera_id=self.camera_id, start_ts=last_end, reason="not_recording"
            )

    async def _one_session(self) -> tuple[str, int]:
        try:
            url = await self._source(self.camera_id)
        except Exception as exc:  # the registry may be down; the camera is retried like a drop
            log.warning("stream_source_unavailable", camera_id=self.camera_id, error=str(exc))
            self._board.not_recording(self.camera_id, "source_unavailable")
            return "source_unavailable", 0
        session_id = uuid.uuid4().hex[:12]
        mapper = WallClockMapper(
            segment_s=self._settings.segment_s,
            tolerance_s=self._settings.clock_drift_tolerance_s,
            session_start_ts=time.time(),
        )
        drift_noted = False
        indexed = 0
        added: set[Path] = set()

        async def on_segment(finished: FinishedSegment) -> None:
            """Called again for the same segment when it failed: it is indexed once."""
            nonlocal drift_noted, indexed
            if finished.relative_path in added:
                return
            span = mapper.map(
                media_start=finished.media_start_s,
                media_end=finished.media_end_s,
                observed_end_ts=finished.observed_end_ts,
            )
            if finished.problem is not None:
                added.add(finished.relative_path)
                await self._segment_without_video(finished, span.start_ts, span.end_ts)
                return
            self._indexer.add(
                Segment(
                    camera_id=self.camera_id,
                    session_id=session_id,
                    path=str(finished.relative_path),
                    start_ts=span.start_ts,
                    end_ts=span.end_ts,
                    duration_s=span.end_ts - span.start_ts,
                    bytes=finished.bytes,
                    media_start_s=finished.media_start_s,
                    media_end_s=finished.media_end_s,
                ),
                first_of_session=indexed == 0,
            )
            added.add(finished.relative_path)
            indexed += 1
            self._board.segment_recorded(
                self.camera_id,
                end_ts=span.end_ts,
                size=finished.bytes,
                codec=finished.codec or "",
                transcoded_from=session.transcoded_from,
                transport=session.transport,
            )
            if not span.trusted and not drift_noted:
                await record_event(
                    self._db,
                    kind="clock_drift",
                    camera_id=self.camera_id,
                    message=f"camera timestamps off the recorder clock by {span.drift_s:+.1f} s;"
                    " wall-clock times follow the recorder",
                )
                drift_noted = True

        self._transports.update_setting(self._transport_setting())
        self._board.session_starting(self.camera_id, transport=self._transports.current)
        self._session = session = IngestSession(
            camera_id=self.camera_id,
            session_id=session_id,
            url=url,
            root=self._settings.recordings_path,
            ffmpeg=self._settings.ffmpeg,
            ffprobe=self._settings.ffprobe,
            transport=self._transports.current,
            segment_s=self._settings.segment_s,
            stall_timeout_s=self._settings.stall_timeout_s,
            on_segment=on_segment,
        )
        if self._stopping.is_set():
            return "stopped", 0
        end = await self._session.run()
        self._session = None
        await self._indexer.flush()
        killed = end.returncode is not None and end.returncode < 0 and end.reason != "stopped"
        if killed or end.unindexed:
            # ffmpeg had to be killed (its last file was never listed), or a finished segment
            # could not be indexed: index what the session's files hold.
            await reconcile_camera(
                self._db,
                self._settings.recordings_path,
                self.camera_id,
                tools=self._tools,
                session_id=session_id,
            )
        self._session_ended(end)
        return end.reason, end.segments

    def _session_ended(self, end: SessionEnd) -> None:
        reason = end.reason
        if reason == "stopped":
            return
        self._board.not_recording(self.camera_id, reason)
        # The other transport is tried when this one was refused, or brought nothing at all
        # (UDP blocked on the way); a slow or broken stream is no reason to change.
        if end.transport_refused or (not end.segments and not end.received_video):
            tried = self._transports.current
            if self._transports.failed() != tried:
                log.info(
                    "camera_transport_fallback",
                    camera_id=self.camera_id,
                    tried=tried,
                    next=self._transports.current,
                    reason=reason,
                )

    async def _segment_without_video(
        self, finished: FinishedSegment, start: float, end: float
    ) -> None:
        """A dropped segment's time is a gap with the reason; the session goes on (and is
        started afresh after a few such segments in a row)."""
        reason = f"segment_{finished.problem}"
        self._board.not_recording(self.camera_id, reason)
        # A file with no time in it (ffmpeg gave up at once) is covered by the session's gap.
        if finished.media_end_s > finished.media_start_s and end > start:
            await record_gap(
                self._db, camera_id=self.camera_id, start_ts=start, end_ts=end, reason=reason
            )

    async def _wait_before_retry(self, attempt: int) -> None:
        delay = backoff_delay(
            attempt, min_s=self._settings.reconnect_min_s, max_s=self._settings.reconnect_max_s
        )
        log.info("camera_reconnect_scheduled", camera_id=self.camera_id, delay_s=round(delay, 2))
        deadline = time.monotonic() + delay
        while not self._stopping.is_set() and time.monotonic() < deadline:
            await report_long_outage(
                self._db, camera_id=self.camera_id, threshold_s=self._settings.long_outage_s
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._stopping.wait(), timeout=min(5.0, deadline - time.monotonic())
                )
