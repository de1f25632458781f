"""Where a viewer's wait for the first picture goes: one log event per live session.

A viewer's time to first frame is the sum of steps in different places (the access check, the
SDP answer, the camera's RTSP handshake, the camera's next keyframe, ICE and DTLS); the event
`live_first_frame_sent` gives each step's end in milliseconds after the WHEP offer arrived, so
a slow start says which step was slow.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rtcc_common.logging import get_logger

log = get_logger(__name__)


@dataclass
class UpstreamTimings:
    """The RTSP session's own steps, on time.monotonic()."""

    created_at: float = field(default_factory=time.monotonic)
    # av.open returned: RTSP DESCRIBE, SETUP and PLAY are done.
    opened_at: float | None = None
    # The first keyframe's packet came out of the demuxer, and then reached the event loop.
    first_keyframe_demuxed_at: float | None = None
    first_keyframe_at: float | None = None


@dataclass
class StartTimings:
    """One viewer's start, on time.monotonic(), from the WHEP offer's arrival."""

    upstream: UpstreamTimings
    # True when this viewer's offer opened the camera's RTSP session.
    cold_upstream: bool
    received_at: float = field(default_factory=time.monotonic)
    access_checked_at: float | None = None
    answered_at: float | None = None
    connected_at: float | None = None
    first_frame_at: float | None = None
    session_id: str | None = None

    def mark_first_frame(self) -> None:
        if self.first_frame_at is not None:
            return
        self.first_frame_at = time.monotonic()
        log.info("live_first_frame_sent", session_id=self.session_id, **self.milliseconds())

    def milliseconds(self) -> dict[str, object]:
        """Each step's end in ms after the offer arrived (None: not reached)."""

        def since(moment: float | None) -> float | None:
            return None if moment is None else round((moment - self.received_at) * 1000, 1)

        fields: dict[str, object] = {
            "cold_upstream": self.cold_upstream,
            "access_checked_ms": since(self.access_checked_at),
            "answered_ms": since(self.answered_at),
            "connected_ms": since(self.connected_at),
            "first_frame_sent_ms": since(self.first_frame_at),
        }
        if self.cold_upstream:
            fields["rtsp_opened_ms"] = since(self.upstream.opened_at)
            fields["first_keyframe_demuxed_ms"] = since(self.upstream.first_keyframe_demuxed_at)
            fields["first_keyframe_ms"] = since(self.upstream.first_keyframe_at)
        return fields
