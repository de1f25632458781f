"""One RTSP reader per camera stream, fanned out to every viewer without decoding.

PyAV demuxes the camera's pictures in a thread of its own (its calls block); each access unit
goes to the event loop as soon as it is demuxed. The loop keeps the latest group of pictures so
that a new viewer starts on a keyframe at once instead of waiting for the camera's next one.
H.264 goes to viewers as it came; other codecs (H.265 cameras), and H.264 with B-frames (High
or Main profile pictures sent out of presentation order, which WebRTC decoders do not take: ~1
fps in Chromium), are decoded by each viewer's track and encoded again for the browser.

What the camera sends is learnt from the stream itself: the codec when it opens, the H.264
profile and level from its SPS (for the SDP answer to say the truth), B-frames from pictures
whose decoding time differs from their presentation time, seen within the first few after
a keyframe (a camera's B-frames come between its first two reference pictures).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

import av
import av.error

from rtcc_common.camera_feed import hide_credentials
from rtcc_common.logging import get_logger
from rtcc_common.rtsp_transport import TransportChooser, unsupported_transport
from rtcc_gateway.webrtc.timings import UpstreamTimings

log = get_logger(__name__)

RTP_CLOCK = 90_000
NAL_SPS = 7
HEVC_VPS, HEVC_SPS = 32, 33
# A group of pictures longer than this is not cached; the viewer waits for the next keyframe.
MAX_GOP_FRAMES = 600
_OPEN_TIMEOUT_S = 10.0
_READ_TIMEOUT_S = 5.0
# Nothing is decoded, so no probing: the stream's parameters come with the RTSP description and
# in-band, and a viewer waiting on a cold camera is spared seconds of analysis.
# How far the clock moves across a reconnection: about one picture at 30 fps.
_RECONNECT_GAP = RTP_CLOCK // 30
_RTSP_OPTIONS = {"analyzeduration": "0", "probesize": "32"}
# Pictures after the first keyframe by which B-frames, if the camera sends any, have shown.
REORDER_WINDOW = 4


@dataclass(frozen=True)
class AccessUnit:
    """One picture as the camera sent it (Annex B for H.264 and H.265), its time on the
    90 kHz RTP clock, and its codec as libavcodec names it."""

    data: bytes
    timestamp: int
    keyframe: bool
    codec: str = "h264"
    # The stream has pictures out of presentation order (B-frames): not for WebRTC as it is.
    reordered: bool = False


def _nal_headers(data: bytes) -> list[int]:
    """The first header byte of each NAL unit in an Annex B buffer, in order."""
    headers = []
    start = data.find(b"\x00\x00\x01")
    while start != -1 and start + 3 < len(data):
        headers.append(data[start + 3])
        start = data.find(b"\x00\x00\x01", start + 3)
    return headers


def nal_types(data: bytes) -> list[int]:
    """The H.264 NAL unit types in an Annex B buffer, in order."""
    return [header & 0x1F for header in _nal_headers(data)]


def hevc_nal_types(data: bytes) -> list[int]:
    """The H.265 NAL unit types in an Annex B buffer, in order."""
    return [(header >> 1) & 0x3F for header in _nal_headers(data)]


def h264_profile_level_id(data: bytes) -> str | None:
    """The profile-level-id (RFC 6184) of the first SPS in an Annex B buffer: its profile_idc,
    constraint flags and level_idc bytes, as the SDP writes them (e.g. 640028: High, 4.0)."""
    start = data.find(b"\x00\x00\x01")
    while start != -1 and start + 6 < len(data):
        if data[start + 3] & 0x1F == NAL_SPS:
            return data[start + 4 : start + 7].hex()
        start = data.find(b"\x00\x00\x01", start + 3)
    return None


def has_parameter_sets(data: bytes, codec: str) -> bool:
    """Whether a keyframe carries what a decoder needs to start on it."""
    if codec == "hevc":
        return bool({HEVC_VPS, HEVC_SPS} & set(hevc_nal_types(data)))
    if codec == "h264":
        return NAL_SPS in nal_types(data)
    return True  # other codecs have no separate parameter sets


class AccessUnitReader:
    """Makes each demuxed packet an access unit the moment it comes.

    The RTSP demuxer always runs libavformat's H.264 parser, which hands over whole pictures
    (every slice of one picture in one packet), so nothing here waits for the next packet: a
    keyframe reaches the viewers as soon as the demuxer lets it go. Left to do: parameter sets
    before a keyframe that lacks them (the SDP's sprop-parameter-sets, or sprop-vps/sps/pps
    for H.265, which PyAV gives as extradata), and a time for a picture the parser left
    without one, as it does the first after PLAY (the stream's origin: libavformat counts
    from the first RTP timestamp).
    """

    def __init__(self, parameter_sets: bytes, codec: str = "h264") -> None:
        self._parameter_sets = parameter_sets if parameter_sets.startswith(b"\x00\x00") else b""
        self._codec = codec
        self._last_timestamp: int | None = None

    def read(
        self, data: bytes, timestamp: int | None, keyframe: bool, duration: int = 0
    ) -> AccessUnit:
        if timestamp is None:
            last = self._last_timestamp
            timestamp = 0 if last is None else last + max(1, duration)
        self._last_timestamp = timestamp
        if keyframe and not has_parameter_sets(data, self._codec):
            data = self._parameter_sets + data
        return AccessUnit(data=data, timestamp=timestamp, keyframe=keyframe, codec=self._codec)


Listener = Callable[[AccessUnit], None]


class Upstream:
    """The one RTSP session of one camera stream, shared by all of its viewers."""

    def __init__(
        self,
        url: str,
        *,
        label: str,
        loop: asyncio.AbstractEventLoop,
        transport: TransportChooser | None = None,
    ) -> None:
        self._url = url
        self.transport = transport or TransportChooser()
        self._label = label
        self._loop = loop
        self._listeners: set[Listener] = set()
        self._gop: list[AccessUnit] = []
        self._session = 0
        self._last_timestamp: int | None = None
        self._timestamp_offset = 0
        self._stopping = threading.Event()
        # What the camera sends, once its stream has been opened (libavcodec's name).
        self.codec: str | None = None
        # H.264 only: the SPS's profile-level-id, and whether B-frames were seen.
        self.profile_level_id: str | None = None
        self.reorders = False
        # Set once the codec, profile and B-frames are known (REORDER_WINDOW pictures in).
        self._known = asyncio.Event()
        # Sessions that could not be opened or broke (refused credentials, no camera there).
        self.failures = 0
        self.last_failure: str | None = None
        self.timings = UpstreamTimings()
        self._thread = threading.Thread(target=self._run, name=f"rtsp-{label}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def viewer_count(self) -> int:
        return len(self._listeners)

    async def wait_known(self, timeout_s: float) -> bool:
        """Wait until what the camera sends is known (a viewer's answer depends on it)."""
        try:
            await asyncio.wait_for(self._known.wait(), timeout_s)
        except TimeoutError:
            return False
        return True

    @property
    def known(self) -> bool:
        return self._known.is_set()

    def latest_gop(self) -> list[AccessUnit]:
        """The pictures since the latest keyframe, keyframe first (empty before one came)."""
        return list(self._gop)

    def add_listener(self, listener: Listener) -> None:
        self._listeners.add(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.discard(listener)

    async def close(self) -> None:
        self._stopping.set()
        self._listeners.clear()
        # The reader notices within one packet, or at its read timeout on a silent camera.
        await asyncio.to_thread(self._thread.join, _READ_TIMEOUT_S + 2)

    def _publish(self, unit: AccessUnit, session: int) -> None:
        if session != self._session:
            self._continue_after_reconnect(unit, session)
        unit = replace(unit, timestamp=unit.timestamp + self._timestamp_offset)
        self._last_timestamp = unit.timestamp
        if unit.keyframe:
            if self.timings.first_keyframe_at is None:
                self.timings.first_keyframe_at = time.monotonic()
            self._gop = [unit]
        elif self._gop and len(self._gop) < MAX_GOP_FRAMES:
            self._gop.append(unit)
        else:
            self._gop = []
        for listener in list(self._listeners):
            listener(unit)

    def _continue_after_reconnect(self, unit: AccessUnit, session: int) -> None:
        """A new RTSP session restarts the camera's clock; viewers must see time go on, and
        pictures of the old session must not prefix the new one's."""
        self._session = session
        self._gop = []
        if self._last_timestamp is not None:
            self._timestamp_offset = self._last_timestamp + _RECONNECT_GAP - unit.timestamp

    def _run(self) -> None:
        backoff_s, session = 0.5, 0
        while not self._stopping.is_set():
            try:
                session += 1
                self._read_session(session)
                backoff_s = 0.5
            except (av.error.FFmpegError, OSError, IndexError) as exc:
                # PyAV's errors quote the URL, credentials and all.
                self.last_failure = hide_credentials(str(exc))
                self.failures += 1
                log.warning("upstream_failed", camera=self._label, error=self.last_failure)
            if self._stopping.wait(backoff_s):
                break
            backoff_s = min(backoff_s * 2, 10.0)
        log.info("upstream_closed", camera=self._label)

    def _read_session(self, session: int) -> None:
        options = {**_RTSP_OPTIONS, "rtsp_transport": self.transport.current}
        try:
            container = av.open(
                self._url, options=options, timeout=(_OPEN_TIMEOUT_S, _READ_TIMEOUT_S)
            )
        except (av.error.FFmpegError, OSError) as exc:
            # A camera that refuses TCP (461, VLC's server) or UDP: the other next time.
            tried = self.transport.current
            if self.transport.failed() != tried:
                log.info(
                    "upstream_transport_fallback",
                    camera=self._label,
                    tried=tried,
                    next=self.transport.current,
                    unsupported=unsupported_transport(str(exc)),
                )
            raise
        try:
            stream = container.streams.video[0]
            if self.codec != stream.codec_context.name:
                log.info("upstream_codec", camera=self._label, codec=stream.codec_context.name)
            self.codec = stream.codec_context.name
            if self.timings.opened_at is None:
                self.timings.opened_at = time.monotonic()
            log.info("upstream_opened", camera=self._label)
            self._demux(container, stream, session)
        finally:
            container.close()

    def _demux(
        self, container: av.container.InputContainer, stream: av.VideoStream, session: int
    ) -> None:
        extradata = bytes(stream.codec_context.extradata or b"")
        codec = stream.codec_context.name
        reader = AccessUnitReader(extradata, codec)
        if codec == "h264":
            self.profile_level_id = h264_profile_level_id(extradata) or self.profile_level_id
        else:
            self._loop.call_soon_threadsafe(self._known.set)  # transcoded whatever it holds
        to_clock = Fraction(stream.time_base or Fraction(1, RTP_CLOCK)) * RTP_CLOCK
        since_keyframe: int | None = None
        for packet in container.demux(stream):
            if self._stopping.is_set():
                return
            if packet.size == 0:
                continue
            timestamp = int(packet.pts * to_clock) if packet.pts is not None else None
            if packet.pts is not None and packet.dts is not None and packet.pts != packet.dts:
                self.reorders = True
            if packet.is_keyframe and self.timings.first_keyframe_demuxed_at is None:
                self.timings.first_keyframe_demuxed_at = time.monotonic()
            if packet.is_keyframe and since_keyframe is None:
                since_keyframe = 0
                profile = h264_profile_level_id(bytes(packet)) if codec == "h264" else None
                self.profile_level_id = profile or self.profile_level_id
            elif since_keyframe is not None:
                since_keyframe += 1
                if since_keyframe == REORDER_WINDOW:
                    self._loop.call_soon_threadsafe(self._known.set)
            duration = int((packet.duration or 0) * to_clock)
            unit = reader.read(bytes(packet), timestamp, packet.is_keyframe, duration)
            if self.reorders:
                unit = replace(unit, reordered=True)
            self._loop.call_soon_threadsafe(self._publish, unit, session)
