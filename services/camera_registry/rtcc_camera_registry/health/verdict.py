"""A camera's health from everything the registry hears of it, so that "online, ok" is true.

The DESCRIBE probe says whether the camera answers. For a camera the center records, that is
not enough: a camera that answers DESCRIBE but whose recording keeps failing (B-frames, no
video, a transport it refuses) is not healthy. The recorder holding the camera reports what
it sees (ReportRecordingHealth): the last segment with video, its size and time, or why
there is none. Its report changes the verdict the moment it arrives, between two probes, so a
20 s outage shows in the history; a recorder that stops reporting is not believed for ever.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rtcc_camera_registry.models import Camera, HealthTransition

# A report older than this says nothing any more (the recorder reports every few seconds).
REPORT_STALE_S = 90.0
NOT_RECORDING = "not_recording"


@dataclass(frozen=True)
class RecordingReport:
    camera_id: str
    recording: bool
    detail: str
    last_segment_end: float | None
    last_segment_bytes: int
    video_codec: str
    transcoded_from: str
    transport: str


def recorded(camera: Camera) -> bool:
    return camera.perm_record and camera.lifecycle == "active"


def verdict(camera: Camera, now: float) -> tuple[str, str]:
    """(state, detail) the camera's health should show now."""
    state, detail = camera.probe_state, camera.probe_detail
    if state == "offline" or not recorded(camera) or camera.recording_reported_at is None:
        return state, detail
    if now - camera.recording_reported_at > REPORT_STALE_S:
        return "offline", f"{NOT_RECORDING}: recorder_silent"
    if not camera.recording_ok:
        return "offline", f"{NOT_RECORDING}: {camera.recording_detail or 'unknown'}"[:64]
    # The recorder receives video: the camera is reachable even before the first probe.
    return "online", detail if state == "online" else "ok"


def apply_verdict(camera: Camera, now: float | None = None) -> HealthTransition | None:
    """Set the camera's health to the verdict; the transition to store when its state moved."""
    now = time.time() if now is None else now
    state, detail = verdict(camera, now)
    moved = state != camera.health_state
    camera.health_detail = detail
    if not moved:
        return None
    camera.health_state = state
    camera.health_changed_at = now
    return HealthTransition(camera_id=camera.id, state=state, detail=detail, at=now)


def apply_report(camera: Camera, report: RecordingReport, now: float) -> None:
    camera.recording_ok = report.recording
    camera.recording_detail = report.detail[:64]
    camera.recording_last_segment_end = report.last_segment_end
    camera.recording_last_segment_bytes = max(0, report.last_segment_bytes)
    camera.recording_video_codec = report.video_codec[:16]
    camera.recording_transcoded_from = report.transcoded_from[:16]
    camera.recording_transport = report.transport[:8]
    camera.recording_reported_at = now
    if report.recording:
        camera.last_seen_at = now
