"""The recorder's own view of each camera it records, sent to the registry, whose health of a
recorded camera follows it: ok only while segments with video are being recorded.

Each camera worker tells the board what happens (a segment with video indexed, a session
ended and why, a segment dropped for holding no video); the reporter sends every camera's
state to the registry (ReportRecordingHealth) at once when one changes and every few seconds
otherwise, so a 20 s outage shows between two 30 s DESCRIBE probes. A camera whose last segment
with video is older than a few segment lengths is reported as not recording, whatever the
session believes (a stalled ffmpeg, a clock gone wrong).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, replace

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_common.logging import get_logger

log = get_logger(__name__)

REPORT_INTERVAL_S = 5.0
CALL_DEADLINE_S = 10.0
# A report batch; a large fleet sends several.
BATCH = 500
STARTING = "starting"


@dataclass(frozen=True)
class RecordingState:
    recording: bool = False
    detail: str = STARTING
    last_segment_end: float | None = None
    last_segment_bytes: int = 0
    video_codec: str = ""
    transcoded_from: str = ""
    transport: str = ""


class RecordingBoard:
    """What every camera worker of this recorder last saw; read by the reporter."""

    def __init__(self, *, segment_s: float, stall_timeout_s: float) -> None:
        # A segment ends every segment_s; one late by a stall timeout more is no recording.
        self.fresh_s = 2 * segment_s + stall_timeout_s
        self._states: dict[str, RecordingState] = {}
        self.changed = asyncio.Event()

    def _set(self, camera_id: str, state: RecordingState) -> None:
        before = self._states.get(camera_id)
        self._states[camera_id] = state
        if before is None or (before.recording, before.detail) != (state.recording, state.detail):
            self.changed.set()

    def state(self, camera_id: str) -> RecordingState | None:
        return self._states.get(camera_id)

    def session_starting(self, camera_id: str, *, transport: str) -> None:
        self._set(
            camera_id, replace(self._states.get(camera_id, RecordingState()), transport=transport)
        )

    def segment_recorded(
        self,
        camera_id: str,
        *,
        end_ts: float,
        size: int,
        codec: str,
        transcoded_from: str,
        transport: str,
    ) -> None:
        self._set(
            camera_id,
            RecordingState(
                recording=True,
                detail="ok",
                last_segment_end=end_ts,
                last_segment_bytes=size,
                video_codec=codec,
                transcoded_from=transcoded_from,
                transport=transport,
            ),
        )

    def not_recording(self, camera_id: str, reason: str) -> None:
        before = self._states.get(camera_id, RecordingState())
        self._set(camera_id, replace(before, recording=False, detail=reason))

    def forget(self, camera_id: str) -> None:
        """This recorder no longer records the camera (released, lease lost): the recorder
        that takes it reports it from then on, and the registry stops believing a silent one."""
        self._states.pop(camera_id, None)

    def snapshot(self, now: float) -> dict[str, RecordingState]:
        """Each camera's state as it stands now: old footage is no recording. A camera whose
        first session has not said anything yet is left out (a recorder starting up would
        otherwise turn every camera it takes not ok for a few seconds)."""
        states = {}
        for camera_id, state in self._states.items():
            if state.detail == STARTING:
                continue
            stale = state.last_segment_end is None or now - state.last_segment_end > self.fresh_s
            if state.recording and stale:
                state = replace(state, recording=False, detail="no_recent_segment")
            states[camera_id] = state
        return states


def _ts(seconds: float | None) -> Timestamp | None:
    if seconds is None:
        return None
    stamp = Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp


def report_of(camera_id: str, state: RecordingState) -> pb.RecordingReport:
    return pb.RecordingReport(
        camera_id=camera_id,
        health=pb.RecordingHealth(
            recording=state.recording,
            detail=state.detail,
            last_segment_end=_ts(state.last_segment_end),
            last_segment_bytes=state.last_segment_bytes,
            video_codec=state.video_codec,
            transcoded_from=state.transcoded_from,
            transport=state.transport,
        ),
    )


class HealthReporter:
    """Sends the board to the registry; a registry that is away is tried again next round."""

    def __init__(self, board: RecordingBoard, registry_addr: str) -> None:
        self._board = board
        self._address = registry_addr

    async def run(self) -> None:
        async with grpc.aio.insecure_channel(self._address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            while True:
                self._board.changed.clear()
                try:
                    await self._send(stub)
                except grpc.aio.AioRpcError as exc:
                    log.warning("recording_health_report_failed", error=exc.code().name)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._board.changed.wait(), REPORT_INTERVAL_S)

    async def _send(self, stub: camera_registry_pb2_grpc.CameraRegistryServiceStub) -> None:
        states = self._board.snapshot(time.time())
        reports = [report_of(camera_id, state) for camera_id, state in states.items()]
        for start in range(0, len(reports), BATCH):
            await stub.ReportRecordingHealth(
                pb.ReportRecordingHealthRequest(reports=reports[start : start + BATCH]),
                timeout=CALL_DEADLINE_S,
            )
