"""Viewer tracks: H.264 passed through as it came, or decoded for a viewer or camera that needs
it (a viewer without H.264, an H.265 camera, H.264 with B-frames).

aiortc's sender packetizes an `av.Packet` as it is (RTCRtpSender calls its encoder's
`pack()` instead of `encode()`), so pass-through never decodes a picture.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from fractions import Fraction
from typing import TypeVar, cast

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from rtcc_gateway.webrtc.timings import StartTimings
from rtcc_gateway.webrtc.upstream import RTP_CLOCK, AccessUnit, Upstream

_CLOCK = Fraction(1, RTP_CLOCK)
# About four seconds of pictures at 30 fps; a viewer this far behind skips to a keyframe.
QUEUE_LIMIT = 120
# Encoding pictures for a viewer costs about as much as their size: a 4K camera is sent at 720p.
TRANSCODE_MAX_WIDTH = 1280
MediaT = TypeVar("MediaT", av.Packet, av.VideoFrame)


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


class CameraTrack(MediaStreamTrack):
    """The camera's pictures for one viewer.

    H.264 to a viewer that negotiated it goes through untouched: aiortc's sender packetizes an
    `av.Packet` as it is. Anything else is decoded here into pictures that aiortc encodes in
    the negotiated codec: H.264 to a viewer that offered only VP8, H.265 (or another codec a
    browser cannot be sent) to any viewer. Costly, so only then; pictures wider than
    TRANSCODE_MAX_WIDTH are scaled down first.
    """

    kind = "video"

    def __init__(
        self,
        upstream: Upstream,
        timings: StartTimings | None = None,
        *,
        passthrough: bool,
        on_transport: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self._feed = ViewerFeed(upstream)
        self._timings = timings
        self._passthrough = passthrough
        self._on_transport = on_transport
        self._transport: str | None = None
        self._decoder: av.VideoCodecContext | None = None
        self._last_pts: int | None = None

    async def recv(self) -> av.Packet | av.VideoFrame:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        self._feed.start()
        while True:
            unit, timestamp = await self._feed.next()
            if self._passthrough and unit.codec == "h264" and not unit.reordered:
                self._note("passthrough")
                return self._sent(_as_packet(unit, timestamp))
            self._note("transcode")
            frames = await asyncio.to_thread(self._decode, unit, timestamp)
            if frames:
                return self._sent(frames[-1])

    def _sent(self, media: MediaT) -> MediaT:
        """Notes the viewer's first picture (its start timings), and hands the picture on."""
        if self._timings is not None:
            self._timings.mark_first_frame()
        return media

    def _note(self, transport: str) -> None:
        if transport != self._transport:
            self._transport = transport
            if self._on_transport is not None:
                self._on_transport(transport)

    def _decode(self, unit: AccessUnit, timestamp: int) -> list[av.VideoFrame]:
        if self._decoder is None or self._decoder.name != unit.codec:
            # A camera may come back from a restart with another codec.
            self._decoder = cast(av.VideoCodecContext, av.CodecContext.create(unit.codec, "r"))
        try:
            frames = self._decoder.decode(_as_packet(unit, timestamp))
        except av.error.FFmpegError:
            return []
        return [_for_viewer(frame, self._presentation_time(frame, timestamp)) for frame in frames]

    def _presentation_time(self, frame: av.VideoFrame, timestamp: int) -> int:
        """The decoder gives pictures in presentation order with their own times (B-frames
        come out of order); the viewer's clock must only go forward."""
        pts = frame.pts if frame.pts is not None else timestamp
        if self._last_pts is not None and pts <= self._last_pts:
            pts = self._last_pts + 1
        self._last_pts = pts
        return int(pts)

    def stop(self) -> None:
        self._feed.end()
        super().stop()


def _for_viewer(frame: av.VideoFrame, timestamp: int) -> av.VideoFrame:
    if frame.width > TRANSCODE_MAX_WIDTH:
        height = round(frame.height * TRANSCODE_MAX_WIDTH / frame.width / 2) * 2
        frame = frame.reformat(width=TRANSCODE_MAX_WIDTH, height=height)
    frame.pts = timestamp
    frame.time_base = _CLOCK
    return frame
