"""The register of live sessions: who watched which camera, from when to when, and why it ended."""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiortc import RTCPeerConnection

from rtcc_common.logging import get_logger
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.convert.times import wire
from rtcc_gateway.metrics import LIVE_SESSIONS_FAILED
from rtcc_gateway.webrtc.timings import StartTimings

log = get_logger(__name__)

# Ended sessions kept in memory for supervisors; the log holds every one.
HISTORY_LIMIT = 1000

# Ends that mean the viewer never got (or lost) a working connection, and what each says.
FAILURES = {
    "ice_failed": "no ICE candidate pair between the viewer and the gateway worked",
    "dtls_failed": "the DTLS handshake did not complete (certificate fingerprint, cipher "
    "suites or SRTP profiles)",
    "peer_failed": "the WebRTC connection failed",
    "peer_never_connected": "the WebRTC connection was not up in time after the answer",
    "camera_unavailable": "the camera sent no picture and keeps failing",
}


@dataclass
class LiveSession:
    id: str
    camera_id: str
    variant: str
    subject: str
    role: str
    agency: str | None
    transport: str  # "passthrough" or "transcode"
    peer: RTCPeerConnection = field(repr=False)
    # Called once the session has ended, e.g. to put its end on the audit trail.
    on_end: Callable[[LiveSession], Awaitable[None]] | None = field(default=None, repr=False)
    # The steps of this viewer's start, logged when its first picture is sent.
    timings: StartTimings | None = field(default=None, repr=False)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    ended_at: datetime | None = None
    end_reason: str | None = None
    # The viewer's credential, re-checked while the session lasts (policy_watch).
    principal: Principal | None = field(default=None, repr=False)
    connected: bool = False

    @property
    def state(self) -> str:
        """connecting, connected, failed (see FAILURES) or ended."""
        if self.end_reason is None:
            return "connected" if self.connected else "connecting"
        return "failed" if self.end_reason in FAILURES else "ended"

    def describe(self) -> dict[str, object]:
        return {
            "id": self.id,
            "camera_id": self.camera_id,
            "variant": self.variant,
            "subject": self.subject,
            "role": self.role,
            "agency": self.agency,
            "transport": self.transport,
            "state": self.state,
            "failure": FAILURES.get(self.end_reason or ""),
            "started_at": wire(self.started_at),
            "ended_at": wire(self.ended_at),
            "end_reason": self.end_reason,
        }


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


SessionEnded = Callable[[LiveSession], Awaitable[None]]


class SessionRegistry:
    """Open sessions by id; ending one closes its peer connection and records it once."""

    def __init__(self, on_ended: SessionEnded) -> None:
        self._open: dict[str, LiveSession] = {}
        self._ended: deque[LiveSession] = deque(maxlen=HISTORY_LIMIT)
        self._on_ended = on_ended

    def add(self, session: LiveSession) -> None:
        self._open[session.id] = session
        log.info("live_session_started", **_fields(session))

    def get(self, session_id: str) -> LiveSession | None:
        return self._open.get(session_id)

    def find(self, session_id: str) -> LiveSession | None:
        """An open session, or one of the latest ended."""
        found = self._open.get(session_id)
        if found is None:
            found = next((s for s in reversed(self._ended) if s.id == session_id), None)
        return found

    def open_sessions(self) -> list[LiveSession]:
        return list(self._open.values())

    def ended_sessions(self) -> list[LiveSession]:
        return list(self._ended)

    def for_camera(self, camera_id: str) -> list[LiveSession]:
        return [s for s in self._open.values() if s.camera_id == camera_id]

    async def end(self, session_id: str, reason: str) -> LiveSession | None:
        session = self._open.pop(session_id, None)
        if session is None:
            return None
        session.ended_at = datetime.now(UTC)
        session.end_reason = reason
        self._ended.append(session)
        if reason in FAILURES:
            LIVE_SESSIONS_FAILED.labels(reason).inc()
            log.warning("live_session_failed", **_fields(session))
        else:
            log.info("live_session_ended", **_fields(session))
        await session.peer.close()
        await self._on_ended(session)
        return session

    async def end_all(self, reason: str) -> None:
        for session_id in list(self._open):
            await self.end(session_id, reason)


def _fields(session: LiveSession) -> dict[str, object]:
    described = session.describe()
    described["session_id"] = described.pop("id")
    return described
