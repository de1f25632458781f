"""One live H.264 or H.265 encoder whose access units are fanned out to any number of mounts.

Runs inside the RTSP server process (gi and the standard library only). The encoder
pipeline draws the scene, encodes it with x264 (or x265) and hands each access unit to the
appsrc of every mount that subscribed. A mount joins on a keyframe (which carries the
parameter sets in-band, unless the camera sends them out of band, in its SDP only);
from then on the encoder's evenly spaced timestamps are shifted to the mount pipeline's
running time, so each viewer sees continuous timestamps starting near zero. With shared
encoding many mounts subscribe to one encoder; otherwise each camera has one of its own.

Like a real IP camera, a new client does not wait for the next scheduled keyframe: once its
mount's pipeline can take pictures, the encoder is asked for a key unit (an upstream
force-key-unit event, which the encoder honours on its next picture), and the configured keyframe
interval runs on from there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstVideo  # noqa: E402
from scene import Scene  # noqa: E402

# A viewer that stops reading must not make the encoder hold frames for it forever.
_SUBSCRIBER_QUEUE_BYTES = 4 * 1024 * 1024
_APPSRC_LEAK_DOWNSTREAM = 2  # GstAppLeakType: drop the oldest queued buffers


@dataclass(frozen=True)
class EncoderSettings:
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    keyframe_interval: int
    codec: str = "h264"
    parameter_sets: str = "in_band"
    b_frames: int = 0


def _h264_encoder(s: EncoderSettings) -> str:
    """x264 for constrained baseline, or High profile with B-frames (pictures sent in decoding
    order, presented in another: RTP timestamps that go back and forth). In-band: SPS/PPS before
    every keyframe (Annex B). Out-of-band: AVC with the parameter sets in the caps only, which
    the payloader turns into the SDP's sprop-parameter-sets and never sends in the stream."""
    in_band = s.parameter_sets == "in_band"
    keyint = f"scenecut=0:keyint={s.keyframe_interval}:min-keyint={s.keyframe_interval}"
    profile = "high" if s.b_frames else "constrained-baseline"
    b_frames = f"bframes={s.b_frames} b-adapt=false " if s.b_frames else ""
    # High profile's own tools, which the ultrafast preset leaves off (it would be Main).
    high = ":8x8dct=1:cabac=1" if s.b_frames else ""
    return (
        f"x264enc tune=zerolatency speed-preset=ultrafast bitrate={s.bitrate_kbps} "
        f"key-int-max={s.keyframe_interval} threads=1 {b_frames}"
        f'option-string="{keyint}{high}:repeat-headers={int(in_band)}:nal-hrd=cbr:filler=1" '
        + (
            f"! video/x-h264,profile={profile},stream-format=byte-stream,alignment=au "
            "! h264parse config-interval=-1 "
            if in_band
            else f"! video/x-h264,profile={profile},stream-format=avc,alignment=au "
        )
    )


def _h265_encoder(s: EncoderSettings) -> str:
    """x265 (main profile), VPS/SPS/PPS before every keyframe, closed groups of pictures."""
    keyint = f"scenecut=0:keyint={s.keyframe_interval}:min-keyint={s.keyframe_interval}"
    options = f"{keyint}:open-gop=0:repeat-headers=1:pools=1:frame-threads=1"
    # x265 refuses B-frames under zerolatency: a short lookahead instead.
    tune = "" if s.b_frames else "tune=zerolatency "
    if s.b_frames:
        options += f":bframes={s.b_frames}:b-adapt=0:rc-lookahead={s.b_frames + 2}"
    return (
        f"x265enc {tune}speed-preset=ultrafast bitrate={s.bitrate_kbps} "
        f"key-int-max={s.keyframe_interval} "
        f'option-string="{options}" '
        "! video/x-h265,profile=main,stream-format=byte-stream,alignment=au "
        "! h265parse config-interval=-1 "
    )


def _mjpeg_encoder(s: EncoderSettings) -> str:
    """Motion JPEG, as older and cheaper cameras send it: every picture a keyframe."""
    return "jpegenc quality=80 ! image/jpeg "


_ENCODERS = {"h264": _h264_encoder, "h265": _h265_encoder, "mjpeg": _mjpeg_encoder}


def encoder_pipeline_description(settings: EncoderSettings) -> str:
    s = settings
    encode = _ENCODERS[s.codec](s)
    return (
        f"videotestsrc is-live=true pattern=black "
        f"! video/x-raw,format=BGRx,width={s.width},height={s.height},framerate={s.fps}/1 "
        "! cairooverlay name=overlay ! videoconvert ! videoscale "
        f"! capsfilter name=size caps=video/x-raw,format=I420,width={s.width},height={s.height} "
        f"! {encode}"
        "! appsink name=sink emit-signals=true sync=false max-buffers=4 drop=true"
    )


def _earliest(buffer: Gst.Buffer) -> int:
    if buffer.dts == Gst.CLOCK_TIME_NONE:
        return int(buffer.pts)
    return int(min(buffer.pts, buffer.dts))


class _Subscriber:
    def __init__(self, appsrc: Gst.Element) -> None:
        self.appsrc = appsrc
        self.waiting_for_keyframe = True
        # Added to the encoder's timestamps to get the mount pipeline's running time.
        self.offset = 0

    def join(self, first: int) -> None:
        """Start at this keyframe (its earliest time: decoding, with B-frames), at the mount
        pipeline's present running time."""
        self.waiting_for_keyframe = False
        clock = self.appsrc.get_clock()
        now = clock.get_time() - self.appsrc.get_base_time() if clock is not None else 0
        self.offset = now - first

    def accepting(self) -> bool:
        """Whether the mount's pipeline has started: before, its appsrc refuses pictures."""
        _result, state, _pending = self.appsrc.get_state(0)
        return bool(state >= Gst.State.PAUSED)


class Encoder:
    """Draws, encodes, and pushes every access unit into the subscribed appsrcs."""

    def __init__(
        self,
        settings: EncoderSettings,
        scene: Scene,
        on_error: Callable[[str], None],
    ) -> None:
        self.settings = settings
        self._scene = scene
        self._on_error = on_error
        self._lock = threading.Lock()
        self._subscribers: list[_Subscriber] = []
        self._caps: Gst.Caps | None = None
        self._caps_known = threading.Event()
        # Set from a key unit request until the next keyframe: one keyframe serves every
        # client waiting for one, however many arrive meanwhile.
        self._key_unit_requested = False
        self.pipeline = Gst.parse_launch(encoder_pipeline_description(settings))
        overlay = self.pipeline.get_by_name("overlay")
        overlay.connect("draw", self._on_draw)
        self._sink = self.pipeline.get_by_name("sink")
        self._sink.connect("new-sample", self._on_new_sample)
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", self._on_bus_error)

    def start(self) -> None:
        self.pipeline.set_state(Gst.State.PLAYING)

    def stop(self) -> None:
        self.pipeline.set_state(Gst.State.NULL)
        self.pipeline.get_bus().remove_signal_watch()

    def subscribe(self, appsrc: Gst.Element) -> None:
        """Feed this appsrc from the next keyframe on."""
        # The mount's SDP needs caps; they are known once the first frame is encoded.
        self._caps_known.wait(timeout=10.0)
        appsrc.set_property("format", Gst.Format.TIME)
        appsrc.set_property("is-live", True)
        appsrc.set_property("max-bytes", _SUBSCRIBER_QUEUE_BYTES)
        appsrc.set_property("leaky-type", _APPSRC_LEAK_DOWNSTREAM)
        with self._lock:
            if self._caps is not None:
                appsrc.set_property("caps", self._caps)
            self._subscribers.append(_Subscriber(appsrc))

    def resize(self, width: int, height: int) -> None:
        """Encode at another size from the next picture on (new SPS and a keyframe)."""
        caps = Gst.Caps.from_string(f"video/x-raw,format=I420,width={width},height={height}")
        self.pipeline.get_by_name("size").set_property("caps", caps)

    def unsubscribe(self, appsrc: Gst.Element) -> None:
        with self._lock:
            self._subscribers = [s for s in self._subscribers if s.appsrc is not appsrc]

    def _on_draw(self, _overlay: Gst.Element, ctx: object, _ts: int, _duration: int) -> None:
        self._scene.draw(ctx)  # type: ignore[arg-type]

    def _on_new_sample(self, sink: Gst.Element) -> Gst.FlowReturn:
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.OK
        buffer = sample.get_buffer()
        keyframe = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
        with self._lock:
            caps = sample.get_caps()
            if self._caps is None:
                self._caps_known.set()
            elif not caps.is_equal(self._caps):
                # A new picture size: the mounts' payloaders take the new caps.
                for subscriber in self._subscribers:
                    subscriber.appsrc.set_property("caps", caps)
            self._caps = caps
            if keyframe:
                self._key_unit_requested = False
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            self._push(subscriber, buffer, keyframe)
        return Gst.FlowReturn.OK

    def _push(self, subscriber: _Subscriber, buffer: Gst.Buffer, keyframe: bool) -> None:
        if subscriber.waiting_for_keyframe:
            if not subscriber.accepting():
                # A keyframe now would be refused; ask for one once the mount has started.
                return
            if not keyframe:
                self._request_key_unit()
                return
            subscriber.join(_earliest(buffer))
        # A shallow copy shares the encoded bytes. The encoder's timestamps are evenly
        # spaced (one frame duration apart); moved to the mount's running time they stay so.
        copy = buffer.copy_region(
            Gst.BufferCopyFlags.FLAGS | Gst.BufferCopyFlags.MEMORY, 0, buffer.get_size()
        )
        copy.pts = max(0, buffer.pts + subscriber.offset)
        # Without B-frames decoding time is presentation time; with them, each picture keeps
        # the encoder's decoding time (earlier than its presentation time, or later for none).
        has_dts = buffer.dts != Gst.CLOCK_TIME_NONE
        copy.dts = max(0, buffer.dts + subscriber.offset) if has_dts else copy.pts
        copy.duration = buffer.duration
        result = subscriber.appsrc.emit("push-buffer", copy)
        if result in (Gst.FlowReturn.FLUSHING, Gst.FlowReturn.EOS):
            # The mount's pipeline is not running (yet, or any more): start over at the
            # next keyframe, at the running time it will have then.
            subscriber.waiting_for_keyframe = True

    def _request_key_unit(self) -> None:
        """Ask the encoder for a keyframe (with its parameter sets, where in-band) next."""
        with self._lock:
            if self._key_unit_requested:
                return
            self._key_unit_requested = True
        event = GstVideo.video_event_new_upstream_force_key_unit(Gst.CLOCK_TIME_NONE, True, 0)
        # Sent up from the sink, through the parser (which adds in-band parameter sets) to the
        # encoder.
        self._sink.send_event(event)

    def _on_bus_error(self, _bus: Gst.Bus, message: Gst.Message) -> None:
        error, debug = message.parse_error()
        self._on_error(f"{error.message} ({debug})")
