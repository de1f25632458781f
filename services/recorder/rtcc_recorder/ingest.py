"""One upstream RTSP session of one camera: an ffmpeg child that stream-copies into segments.

ffmpeg cuts on keyframes, names each file by the UTC time it opened, and writes one line to the
segment list (a pipe of ours) when a segment is finished: that line is when we index it. Its
progress report (frames so far) feeds the stall watchdog.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rtcc_common.child_process import run_child
from rtcc_common.errors import InvalidArgument
from rtcc_common.logging import get_logger
from rtcc_common.rtsp_transport import unsupported_transport
from rtcc_recorder.segment_check import check_segment
from rtcc_recorder.stream_probe import (
    audio_arguments,
    probe_stream,
    transcoded_from,
    video_arguments,
)
from rtcc_recorder.watchdog import FrameWatchdog

log = get_logger(__name__)

STOP_GRACE_S = 5.0
# A segment callback that fails (the database away) is tried again this often, then left to
# the reconciliation that runs when the session ends: the file is on disk.
SEGMENT_CALLBACK_ATTEMPTS = 4
SEGMENT_CALLBACK_RETRY_S = 0.5
PROBE_TIMEOUT_S = 10.0
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# <camera>-20261125T022312Z-<session>.ts
_NAME = re.compile(r"-(\d{8}T\d{6})Z-([0-9a-f]+)\.ts$")
# ffmpeg's warning for a picture timed before the one it wrote last (MPEG-TS 90 kHz ticks).
_DTS_BACK = re.compile(r"Non-monotonous DTS .*previous: (\d+), current: (\d+)")
_TS_CLOCK = 90_000
# Further back than this is the camera's clock jumping, not pictures in decoding order.
JUMP_BACK_S = 1.0
# Segments in a row without video before the session is given up and started afresh.
MAX_REJECTED_IN_A_ROW = 2
# setts: a packet without a presentation time is presented at its decoding time.
FIRST_PTS_FROM_DTS = r"setts=pts=if(eq(PTS\,NOPTS)\,DTS\,PTS)"


def clock_jumped_back(ffmpeg_line: str) -> bool:
    """Whether ffmpeg says the camera's timestamps went back by more than JUMP_BACK_S.

    ffmpeg then times every later picture one tick after the last good one until the
    camera's clock catches up (an hour back: an hour of pictures squeezed into an instant,
    no segment cut, and a warning per picture). A new session starts on a clean timeline.
    """
    match = _DTS_BACK.search(ffmpeg_line)
    return match is not None and int(match[1]) - int(match[2]) > JUMP_BACK_S * _TS_CLOCK


def camera_dir_name(camera_id: str) -> str:
    """Camera ids come from the registry; only safe ones become folder names."""
    if not _SAFE_ID.match(camera_id):
        raise InvalidArgument(f"camera id {camera_id!r} cannot name a folder")
    return camera_id


def relative_dir_for(file_name: str, camera_id: str) -> Path:
    """The dated folder a segment file belongs in, from the UTC time in its name."""
    match = _NAME.search(file_name)
    if match is None:
        raise ValueError(f"not a segment file name: {file_name}")
    opened = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    return Path(camera_dir_name(camera_id)) / f"{opened:%Y}" / f"{opened:%m}" / f"{opened:%d}"


def opened_ts_of(file_name: str) -> float | None:
    """The UTC time a segment file was opened, as ffmpeg wrote it into the name."""
    match = _NAME.search(file_name)
    if match is None:
        return None
    opened = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return opened.timestamp()


def ensure_day_dirs(root: Path, camera_id: str, now: datetime | None = None) -> None:
    """ffmpeg does not create folders: today's and tomorrow's exist before midnight comes."""
    current = now or datetime.now(UTC)
    for day in (current, current + timedelta(days=1)):
        (root / camera_dir_name(camera_id) / f"{day:%Y/%m/%d}").mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class FinishedSegment:
    relative_path: Path
    media_start_s: float
    media_end_s: float
    observed_end_ts: float
    bytes: int
    # Why the file was not kept (segment_check), None for a segment with video.
    problem: str | None = None
    codec: str | None = None


@dataclass(frozen=True)
class SessionEnd:
    # stopped, stalled, connection_failed, stream_ended, clock_jumped_back, no_video
    reason: str
    segments: int
    returncode: int | None
    # Finished segments whose callback kept failing: on disk, not yet in the index.
    unindexed: int = 0
    # Whether any picture came (none over UDP: blocked on the way), and whether the camera
    # refused the transport asked for (461 Unsupported transport): when to try the other.
    received_video: bool = True
    transport_refused: bool = False


def ffmpeg_command(
    *,
    ffmpeg: str,
    url: str,
    transport: str,
    segment_s: float,
    pattern: Path,
    list_fd: int,
    progress_s: float,
    audio: Sequence[str] = ("-c:a", "copy"),
    video: Sequence[str] = ("-c:v", "copy"),
) -> list[str]:
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning",
        "-rtsp_transport", transport,
        "-i", url,
        "-map", "0:v", "-map", "0:a?", *video, *audio,
        # The RTSP demuxer gives a session's first picture no timestamp; ffmpeg fills in its
        # decoding time but not its presentation time, which it infers only for video without
        # B-frames. MPEG-TS refuses a first packet without both ("first pts and dts value must
        # be set"), and ffmpeg exits ~1.4 s into every session of a B-frame camera having
        # written an empty file: the first picture is presented at its decoding time instead.
        # Many cameras send their parameter sets (H.264 SPS/PPS, H.265 VPS/SPS/PPS) only in
        # the RTSP description: each keyframe gets them, so that every segment decodes alone
        # (HLS players start on any segment). A keyframe that carries its own gets them twice,
        # a few dozen bytes; the later, in-band copy is the one a decoder keeps.
        "-bsf:v", f"{FIRST_PTS_FROM_DTS},dump_extra=freq=keyframe",
        "-f", "segment", "-segment_time", f"{segment_s:g}", "-segment_format", "mpegts",
        "-reset_timestamps", "1", "-strftime", "1",
        "-segment_list", f"pipe:{list_fd}", "-segment_list_type", "csv",
        "-progress", "pipe:1", "-stats_period", f"{progress_s:g}",
        str(pattern),
    ]  # fmt: skip


SegmentCallback = Callable[[FinishedSegment], Awaitable[None]]


class IngestSession:
    """Runs one ffmpeg child until it ends, stalls, or `stop()` is called."""

    def __init__(
        self,
        *,
        camera_id: str,
        session_id: str,
        url: str,
        root: Path,
        ffmpeg: str,
        ffprobe: str,
        transport: str,
        segment_s: float,
        stall_timeout_s: float,
        on_segment: SegmentCallback,
    ) -> None:
        self.camera_id = camera_id
        self.session_id = session_id
        self._url = url
        self._root = root
        self._ffmpeg = ffmpeg
        self._ffprobe = ffprobe
        self._transport = transport
        self._segment_s = segment_s
        self._watchdog = FrameWatchdog(stall_timeout_s)
        # Often enough for the watchdog, rarely enough that a thousand cameras' progress
        # reports and checks cost the recorder little.
        self._check_every_s = max(1.0, min(5.0, stall_timeout_s / 3))
        self._on_segment = on_segment
        self._stopping = asyncio.Event()
        self._clock_jumped_back = asyncio.Event()
        self._segments = 0
        self._transport_refused = False
        self.transport = transport
        self.transcoded_from = ""  # the camera's video codec when it is encoded to H.264
        self._rejected = 0  # segments in a row without video
        self._no_video = asyncio.Event()
        self._unindexed = 0

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> SessionEnd:
        ensure_day_dirs(self._root, self.camera_id)
        name = f"{self.camera_id}-%Y%m%dT%H%M%SZ-{self.session_id}.ts"
        pattern = self._root / camera_dir_name(self.camera_id) / "%Y" / "%m" / "%d" / name
        codecs = await probe_stream(
            ffprobe=self._ffprobe,
            url=self._url,
            transport=self._transport,
            timeout_s=PROBE_TIMEOUT_S,
            camera_id=self.camera_id,
        )
        self.transcoded_from = transcoded_from(codecs) or ""
        read_fd, write_fd = os.pipe()
        command = ffmpeg_command(
            ffmpeg=self._ffmpeg,
            url=self._url,
            transport=self._transport,
            segment_s=self._segment_s,
            pattern=pattern,
            list_fd=write_fd,
            progress_s=self._check_every_s,
            audio=audio_arguments(codecs),
            video=video_arguments(codecs),
        )
        try:
            # A recorder killed with SIGKILL must not leave ffmpeg recording unindexed.
            child = await run_child(
                command,
                name="ffmpeg_ingest",
                stdout=asyncio.subprocess.PIPE,
                pass_fds=(write_fd,),
                env={**os.environ, "TZ": "UTC"},
                on_stderr=self._stderr_line,
                log_fields={"camera_id": self.camera_id},
            )
        except BaseException:
            os.close(read_fd)
            raise
        finally:
            os.close(write_fd)
        log.info("ingest_started", camera_id=self.camera_id, session_id=self.session_id)
        process = child.process
        readers = [
            asyncio.create_task(self._read_segment_list(read_fd)),
            asyncio.create_task(self._read_progress(process)),
        ]
        try:
            reason = await self._supervise(process)
        finally:
            # SIGTERM lets ffmpeg finish the open segment; a stuck one is killed.
            await child.stop(STOP_GRACE_S)
        # The segment list ends when ffmpeg closes it: the last segment is indexed first.
        await asyncio.gather(*readers, return_exceptions=True)
        if reason == "exited" and self._rejected and not self._segments:
            reason = "no_video"  # ffmpeg gave up on what the camera sent, or sent no pictures
        elif reason == "exited":
            reason = "stream_ended" if self._watchdog.frames > 0 else "connection_failed"
        log.info(
            "ingest_ended",
            camera_id=self.camera_id,
            session_id=self.session_id,
            reason=reason,
            returncode=process.returncode,
            segments=self._segments,
        )
        return SessionEnd(
            reason=reason,
            segments=self._segments,
            returncode=process.returncode,
            unindexed=self._unindexed,
            received_video=self._watchdog.frames > 0,
            transport_refused=self._transport_refused,
        )

    async def _supervise(self, process: asyncio.subprocess.Process) -> str:
        waiter = asyncio.create_task(process.wait())
        stopper = asyncio.create_task(self._stopping.wait())
        jumped = asyncio.create_task(self._clock_jumped_back.wait())
        no_video = asyncio.create_task(self._no_video.wait())
        try:
            while True:
                done, _ = await asyncio.wait(
                    {waiter, stopper, jumped, no_video}, timeout=self._check_every_s
                )
                if stopper in done:
                    return "stopped"
                if waiter in done:
                    return "exited"
                if jumped in done:
                    return "clock_jumped_back"
                if no_video in done:
                    return "no_video"
                if self._watchdog.stalled():
                    log.warning(
                        "ingest_stalled", camera_id=self.camera_id, frames=self._watchdog.frames
                    )
                    return "stalled"
        finally:
            stopper.cancel()
            waiter.cancel()
            jumped.cancel()
            no_video.cancel()

    async def _read_segment_list(self, read_fd: int) -> None:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_fd, "rb", buffering=0)
        )
        try:
            while line := await reader.readline():
                await self._segment_finished(line.decode(errors="replace").strip())
        finally:
            transport.close()

    async def _segment_finished(self, line: str) -> None:
        observed = time.time()
        try:
            file_name, start, end = line.rsplit(",", 2)
            relative = relative_dir_for(file_name, self.camera_id) / file_name
            size = (self._root / relative).stat().st_size
            media_start, media_end = float(start), float(end)
        except (ValueError, OSError) as exc:
            log.warning(
                "segment_list_line_unusable", camera_id=self.camera_id, line=line, error=str(exc)
            )
            return
        ensure_day_dirs(self._root, self.camera_id)
        video = await asyncio.to_thread(check_segment, self._root / relative)
        finished = FinishedSegment(
            relative, media_start, media_end, observed, size, video.problem, video.codec
        )
        if video.problem is not None:
            # Never indexed: an empty or pictureless file is no recording (a gap says why).
            (self._root / relative).unlink(missing_ok=True)
            self._rejected += 1
            log.warning(
                "segment_without_video",
                camera_id=self.camera_id,
                path=str(relative),
                problem=video.problem,
                bytes=size,
            )
            if self._rejected >= MAX_REJECTED_IN_A_ROW:
                self._no_video.set()
            await self._deliver(finished)
            return
        self._rejected = 0
        self._watchdog.note_activity()
        self._segments += 1
        await self._deliver(finished)

    async def _deliver(self, finished: FinishedSegment) -> None:
        """Hand a finished segment to the callback, trying again when it fails: a failure is
        logged each time, and never ends the reading of the segments that follow."""
        for attempt in range(1, SEGMENT_CALLBACK_ATTEMPTS + 1):
            try:
                await self._on_segment(finished)
                return
            except Exception:
                log.exception(
                    "segment_callback_failed",
                    camera_id=self.camera_id,
                    path=str(finished.relative_path),
                    attempt=attempt,
                )
            if attempt < SEGMENT_CALLBACK_ATTEMPTS:
                await asyncio.sleep(SEGMENT_CALLBACK_RETRY_S * 2 ** (attempt - 1))
        self._unindexed += 1
        log.error(
            "segment_not_indexed",
            camera_id=self.camera_id,
            path=str(finished.relative_path),
            note="left to the reconciliation at the end of the session",
        )

    async def _read_progress(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            key, _, value = raw.decode(errors="replace").strip().partition("=")
            if key == "frame" and value.isdigit():
                self._watchdog.feed(int(value))

    def _stderr_line(self, text: str) -> None:
        """One line of ffmpeg's stderr, its URL credentials already masked by run_child."""
        if unsupported_transport(text):
            self._transport_refused = True
        if self._clock_jumped_back.is_set():
            return  # one warning per picture until the session ends: said once
        if clock_jumped_back(text):
            log.warning("camera_clock_jumped_back", camera_id=self.camera_id, line=text)
            self._clock_jumped_back.set()
        else:
            log.info("ffmpeg_output", camera_id=self.camera_id, line=text)
