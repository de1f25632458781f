"""Viewer tracks: H.264 passed through as it came, or decoded for a viewer that lacks H.264.

aiortc's sender packetizes an `av.Packet` as it is (RTCRtpSender calls its encoder's
`pack()` instead of `encode()`), so the pass-through track never decodes a picture.
"""

from __future__ import annotations

import asyncio
from collections import deque
from fractions import Fraction

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from rtcc_gateway.webrtc.timings import StartTimings
from rtcc_gateway.webrtc.upstream import RTP_CLOCK, AccessUnit, Upstream

_CLOCK = Fraction(1, RTP_CLOCK)
# About four seconds of pictures at 30 fps; a viewer this far behind skips to a keyframe.
QUEUE_LIMIT = 120


def catch_up_timestamps(gop: list[AccessUnit]) -> list[int]:
    """Timestamps for replaying a cached group of pictures at once.

    The replay ends on the latest picture's own timestamp and the earlier ones sit one clock
    tick apart before it, so the browser decodes through them at once and then plays the live
    pictures at their natural pace, with no added delay.
    """
    if not gop:
        return []
    last = gop[-1].timestamp
    return [last - (len(gop) - 1 - i) for i in range(len(gop))]


class ViewerFeed:
    """One viewer's queue of pictures: the latest group of pictures first, then live ones."""

    def __init__(self, upstream: Upstream) -> None:
        self._upstream = upstream
        self._queue: deque[tuple[AccessUnit, int]] = deque()
        self._ready = asyncio.Event()
        self._ended = False
        self._waiting_for_keyframe = False
        self._subscribed = False
        self._limit = QUEUE_LIMIT

    def start(self) -> None:
        """Subscribe when the viewer is connected, so the replay is as fresh as can be."""
        if self._subscribed:
            return
        self._subscribed = True
        gop = self._upstream.latest_gop()
        for unit, timestamp in zip(gop, catch_up_timestamps(gop), strict=True):
            self._queue.append((unit, timestamp))
        self._waiting_for_keyframe = not gop
        # The replay may be long (a camera with a long keyframe interval); it is no backlog.
        self._limit = QUEUE_LIMIT + len(gop)
        self._upstream.add_listener(self._on_unit)
        self._ready.set()

    def _on_unit(self, unit: AccessUnit) -> None:
        if self._waiting_for_keyframe and not unit.keyframe:
            return
        if len(self._queue) >= self._limit:
            # A viewer that cannot keep up resumes at the next keyframe rather than lag.
            self._queue.clear()
            self._waiting_for_keyframe = not unit.keyframe
            if not unit.keyframe:
                return
        self._waiting_for_keyframe = False
        self._queue.append((unit, unit.timestamp))
        self._ready.set()

    async def next(self) -> tuple[AccessUnit, int]:
        while not self._queue:
            if self._ended:
                raise MediaStreamError
            self._ready.clear()
            await self._ready.wait()
        return self._queue.popleft()

    def end(self) -> None:
        self._ended = True
        self._upstream.remove_listener(self._on_unit)
        self._ready.set()


def _as_packet(unit: AccessUnit, timestamp: int) -> av.Packet:
    packet = av.Packet(unit.data)
    packet.pts = timestamp
    packet.dts = timestamp
    packet.time_base = _CLOCK
    return packet


class PassThroughTrack(MediaStreamTrack):
    """Sends the camera's H.264 access units untouched."""

    kind = "video"

    def __init__(self, upstream: Upstream, timings: StartTimings | None = None) -> None:
        super().__init__()
        self._feed = ViewerFeed(upstream)
        self._timings = timings

    async def recv(self) -> av.Packet:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        self._feed.start()
        unit, timestamp = await self._feed.next()
        if self._timings is not None:
            self._timings.mark_first_frame()
        return _as_packet(unit, timestamp)

    def stop(self) -> None:
        self._feed.end()
        super().stop()


class TranscodingTrack(MediaStreamTrack):
    """Decodes the camera's H.264 into pictures that aiortc re-encodes (VP8) for the viewer.

    Costly: used only when the viewer's offer has no H.264.
    """

    kind = "video"

    def __init__(self, upstream: Upstream, timings: StartTimings | None = None) -> None:
        super().__init__()
        self._feed = ViewerFeed(upstream)
        self._timings = timings
        self._decoder = av.CodecContext.create("h264", "r")

    async def recv(self) -> av.VideoFrame:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        self._feed.start()
        while True:
            unit, timestamp = await self._feed.next()
            frames = await asyncio.to_thread(self._decode, unit, timestamp)
            if frames:
                if self._timings is not None:
                    self._timings.mark_first_frame()
                return frames[-1]

    def _decode(self, unit: AccessUnit, timestamp: int) -> list[av.VideoFrame]:
        try:
            frames = self._decoder.decode(_as_packet(unit, timestamp))
        except av.error.FFmpegError:
            return []
        for frame in frames:
            frame.pts = timestamp
            frame.time_base = _CLOCK
        return frames

    def stop(self) -> None:
        self._feed.end()
        super().stop()
