"""Live view: the upstreams shared by viewers, the sessions, and the registry's consent watch."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass
from functools import partial

from aiortc import RTCIceServer

from rtcc_common.errors import PermissionDenied
from rtcc_common.logging import get_logger
from rtcc_common.rtsp_transport import TransportChooser
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.settings import GatewaySettings
from rtcc_gateway.webrtc.camera_access import CameraAccess
from rtcc_gateway.webrtc.peer import answer_offer, failure_reason
from rtcc_gateway.webrtc.sessions import (
    LiveSession,
    SessionEnded,
    SessionRegistry,
    new_session_id,
)
from rtcc_gateway.webrtc.timings import StartTimings
from rtcc_gateway.webrtc.upstream import Upstream

log = get_logger(__name__)

UpstreamKey = tuple[str, str]  # (camera id, "main" or "sub")


@dataclass(frozen=True)
class LiveViewConfig:
    ice_servers: list[RTCIceServer]
    # How long an upstream stays open after its last viewer left: a viewer who reloads the
    # page or flips back to the camera reuses it instead of paying a new RTSP handshake.
    idle_close_s: float
    connect_timeout_s: float = 30.0
    # How long a viewer's answer waits for a cold camera to show what it sends.
    stream_known_wait_s: float = 1.5


def live_view_config(settings: GatewaySettings) -> LiveViewConfig:
    ice_servers = [
        RTCIceServer(
            urls=server.urls,
            username=server.username,
            credential=server.credential.get_secret_value() if server.credential else None,
        )
        for server in settings.ice_servers
    ]
    return LiveViewConfig(
        ice_servers=ice_servers,
        idle_close_s=settings.live_idle_close_s,
        connect_timeout_s=settings.live_connect_timeout_s,
    )


class LiveViewManager:
    def __init__(self, backends: Backends, config: LiveViewConfig) -> None:
        # aioice reports every connectivity check at INFO: one line per check and viewer.
        logging.getLogger("aioice").setLevel(logging.WARNING)
        self._config = config
        self._access = CameraAccess(backends)
        self._upstreams: dict[UpstreamKey, Upstream] = {}
        self._viewers: Counter[UpstreamKey] = Counter()
        self._idle_closers: dict[UpstreamKey, asyncio.TimerHandle] = {}
        self._closing: set[asyncio.Task[None]] = set()
        self._expiring: set[asyncio.Task[LiveSession | None]] = set()
        self.sessions = SessionRegistry(on_ended=self._release)
        self._session_keys: dict[str, UpstreamKey] = {}
        self._access_losses: Counter[str] = Counter()
        self._watch: asyncio.Task[None] | None = None

    def upstream_count(self) -> int:
        return len(self._upstreams)

    @property
    def ice_servers(self) -> list[RTCIceServer]:
        return self._config.ice_servers

    def start(self) -> None:
        self._watch = asyncio.create_task(self._access.watch(self._on_access_lost))

    async def open_session(
        self,
        *,
        camera_id: str,
        variant: str,
        offer_sdp: str,
        principal: Principal,
        on_end: SessionEnded | None = None,
    ) -> tuple[LiveSession, str]:
        """Checks the camera allows live view, then answers the viewer's offer."""
        received_at = time.monotonic()
        losses_before = self._access_losses[camera_id]
        # Both questions at once (each is a round trip on the viewer's time to first frame);
        # a refusal of live view is the answer that counts, whatever the other call said.
        allowed, source = await asyncio.gather(
            self._access.check_live_allowed(camera_id),
            self._access.stream_url(camera_id, variant),
            return_exceptions=True,
        )
        if isinstance(allowed, BaseException):
            raise allowed
        if isinstance(source, BaseException):
            raise source
        url, variant = source
        key = (camera_id, variant)
        cold = key not in self._upstreams
        upstream = self._acquire(key, url, allowed)
        if not upstream.known:
            # The answer depends on what the camera sends (B-frames are transcoded, the SDP
            # names the camera's profile): a cold camera is given a moment to show it.
            await upstream.wait_known(self._config.stream_known_wait_s)
        timings = StartTimings(
            upstream=upstream.timings,
            cold_upstream=cold,
            received_at=received_at,
            access_checked_at=time.monotonic(),
        )
        session_id = new_session_id()
        try:
            peer, answer, transport = await answer_offer(
                offer_sdp,
                upstream,
                self._config.ice_servers,
                timings,
                on_transport=partial(self._note_transport, session_id),
            )
        except BaseException:
            self._unref(key)
            raise
        timings.answered_at = time.monotonic()
        if self._access_losses[camera_id] != losses_before:
            # Withdrawn while this viewer was being answered: the check above is stale.
            await peer.close()
            self._unref(key)
            raise PermissionDenied(f"live access to camera {camera_id} was just withdrawn")
        session = LiveSession(
            id=session_id,
            camera_id=camera_id,
            variant=variant,
            subject=principal.subject,
            role=principal.role,
            agency=principal.agency,
            transport=transport,
            peer=peer,
            on_end=on_end,
            timings=timings,
            principal=principal,
        )
        timings.session_id = session.id
        self._session_keys[session.id] = key
        self.sessions.add(session)
        self._end_when_peer_leaves(session)
        loop = asyncio.get_running_loop()
        loop.call_later(
            self._config.connect_timeout_s,
            self._end_if_not_started,
            session,
            upstream,
            upstream.failures,
        )
        return session, answer

    async def end_session(self, session_id: str, reason: str) -> LiveSession | None:
        return await self.sessions.end(session_id, reason)

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        await self.sessions.end_all("gateway_stopped")
        for handle in self._idle_closers.values():
            handle.cancel()
        await asyncio.gather(*self._expiring, return_exceptions=True)
        await asyncio.gather(*(u.close() for u in self._upstreams.values()), *self._closing)
        self._upstreams.clear()

    def _end_when_peer_leaves(self, session: LiveSession) -> None:
        @session.peer.on("connectionstatechange")
        async def on_state() -> None:
            state = session.peer.connectionState
            if state == "connected":
                session.connected = True
                if session.timings is not None:
                    session.timings.connected_at = time.monotonic()
            if state == "failed":
                await self.sessions.end(session.id, failure_reason(session.peer))
            elif state == "closed":
                await self.sessions.end(session.id, "peer_closed")

    def _note_transport(self, session_id: str, transport: str) -> None:
        """The camera's pictures decided how they reach this viewer (H.265 is transcoded)."""
        session = self.sessions.get(session_id)
        if session is not None and session.transport != transport:
            session.transport = transport
            log.info("live_session_transport", session_id=session_id, transport=transport)

    def _end_if_not_started(
        self, session: LiveSession, upstream: Upstream, failures_before: int
    ) -> None:
        """A viewer still without a connection, or without a picture from a camera that keeps
        failing (refused credentials, nothing at its address), is let go rather than left to
        wait for ever; a camera that is only slow to send its first keyframe is waited for."""
        if self.sessions.get(session.id) is None:
            return
        if session.peer.connectionState != "connected":
            reason = "peer_never_connected"
        elif (
            session.timings is not None
            and session.timings.first_frame_at is None
            and upstream.failures > failures_before
        ):
            reason = "camera_unavailable"
            log.warning(
                "live_camera_unavailable",
                session_id=session.id,
                camera_id=session.camera_id,
                error=upstream.last_failure,
            )
        else:
            return
        task = asyncio.create_task(self.sessions.end(session.id, reason))
        self._expiring.add(task)
        task.add_done_callback(self._expiring.discard)

    async def _on_access_lost(self, camera_id: str, reason: str) -> None:
        self._access_losses[camera_id] += 1
        for session in self.sessions.for_camera(camera_id):
            await self.sessions.end(session.id, reason)

    def _acquire(self, key: UpstreamKey, url: str, transport: str) -> Upstream:
        handle = self._idle_closers.pop(key, None)
        if handle is not None:
            handle.cancel()
        upstream = self._upstreams.get(key)
        if upstream is not None:
            upstream.transport.update_setting(transport)
        else:
            upstream = Upstream(
                url,
                label=f"{key[0]}/{key[1]}",
                loop=asyncio.get_running_loop(),
                transport=TransportChooser(transport),
            )
            upstream.start()
            self._upstreams[key] = upstream
        self._viewers[key] += 1
        return upstream

    async def _release(self, session: LiveSession) -> None:
        key = self._session_keys.pop(session.id, None)
        if key is not None:
            self._unref(key)
        if session.on_end is not None:
            try:
                await session.on_end(session)
            except Exception:
                # The session is over whatever happens here; the log keeps its record.
                log.exception("live_session_end_not_recorded", session_id=session.id)

    def _unref(self, key: UpstreamKey) -> None:
        self._viewers[key] -= 1
        if self._viewers[key] > 0:
            return
        del self._viewers[key]
        loop = asyncio.get_running_loop()
        self._idle_closers[key] = loop.call_later(self._config.idle_close_s, self._close_idle, key)

    def _close_idle(self, key: UpstreamKey) -> None:
        self._idle_closers.pop(key, None)
        upstream = self._upstreams.pop(key, None)
        if upstream is None:
            return
        task = asyncio.create_task(upstream.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
