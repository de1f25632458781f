"""Plates from ordinary camera video: sample frames, recognise, one read per car.

Only a few frames are decoded: in "keyframes" mode the decoder is told to skip every
non-key frame (FFmpeg's skip_frame), so a camera costs one picture decode per group of
pictures. "rate" mode recognises up to `frames_per_second` frames a second; H.264 needs
each frame's predecessors, so that mode decodes the stream but only those frames are read.

A generator ends when the stream ends or fails (PyAV raises av.error.FFmpegError); the
worker that owns the camera reconnects with backoff.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import av
import cv2
import numpy as np

from rtcc_lpr.recognizer.dedup import PlateDeduplicator
from rtcc_lpr.recognizer.recognizer import PlateRecognizer, RecognizedPlate

SamplingMode = Literal["keyframes", "rate"]
OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 10.0
_CROP_MARGIN = 0.15
# Scenes hold short runs of letters and digits that are not plates (signs, clock fragments);
# a camera that is not a dedicated reader reports only reads long enough to be a plate.
MIN_VIDEO_PLATE_CHARACTERS = 4
# How often a consumer waiting for a frame looks at its stop flag.
_POLL_S = 0.2


@dataclass(frozen=True)
class PlateSighting:
    plate: RecognizedPlate
    timestamp: float  # the frame's presentation time in the stream, seconds
    seen_at: datetime  # UTC wall clock when the frame was decoded
    crop_jpeg: bytes  # the plate and a margin around it, as evidence for a person


def sample_plates(
    url: str,
    recognizer: PlateRecognizer,
    *,
    mode: SamplingMode = "keyframes",
    frames_per_second: float = 2.0,
    dedup_window_s: float = 10.0,
    stop: threading.Event | None = None,
    rtsp_transport: str = "tcp",
) -> Iterator[PlateSighting]:
    """Yield each car's plate once, from an RTSP URL (over TCP) or a video file.

    Recognition runs on the newest sampled frame: frames that arrive while it is busy are
    dropped, so a slow recognizer lags by one frame at most and never backs up the stream."""
    deduplicator = PlateDeduplicator(dedup_window_s)
    options = {"rtsp_transport": rtsp_transport} if url.startswith("rtsp") else {}
    container = av.open(url, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S))
    reader = _NewestFrameReader(container, mode=mode, frames_per_second=frames_per_second)
    reader.start()
    try:
        while (sampled := reader.next_frame(stop)) is not None:
            image, timestamp = sampled
            yield from _sightings(image, timestamp, recognizer, deduplicator)
    finally:
        reader.close()


class _NewestFrameReader(threading.Thread):
    """Reads and decodes the stream at the camera's pace in its own thread, keeping only the
    newest sampled frame. A client that stops reading makes an RTSP server drop its packets
    (or the session), which would corrupt the very pictures that are to be read."""

    def __init__(
        self,
        container: av.container.InputContainer,
        *,
        mode: SamplingMode,
        frames_per_second: float,
    ) -> None:
        super().__init__(name="plate-frame-reader", daemon=True)
        self._container = container
        self._mode = mode
        self._interval_s = 1.0 / frames_per_second
        self._newest: tuple[np.ndarray, float] | None = None
        self._ended = False
        self._error: BaseException | None = None
        self._closing = threading.Event()
        self._changed = threading.Condition()

    def run(self) -> None:
        try:
            self._read_frames()
        except BaseException as exc:  # handed to the consumer, who decides what it means
            self._error = exc
        finally:
            self._container.close()
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def _read_frames(self) -> None:
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        if self._mode == "keyframes":
            stream.codec_context.skip_frame = "NONKEY"
        next_time = float("-inf")
        for frame in self._container.decode(stream):
            if self._closing.is_set():
                return
            timestamp = float(frame.time or 0.0)
            if self._mode == "rate":
                if timestamp < next_time:
                    continue
                next_time = timestamp + self._interval_s
            image = frame.to_ndarray(format="bgr24")
            with self._changed:
                self._newest = (image, timestamp)
                self._changed.notify_all()

    def next_frame(self, stop: threading.Event | None) -> tuple[np.ndarray, float] | None:
        """The newest frame not yet taken; None once the stream ended or `stop` was set.
        Raises what ended the stream when it failed (av.error.FFmpegError)."""
        with self._changed:
            while self._newest is None and not self._ended:
                if stop is not None and stop.is_set():
                    return None
                self._changed.wait(timeout=_POLL_S)
            if stop is not None and stop.is_set():
                return None
            newest, self._newest = self._newest, None
            if newest is None and self._error is not None:
                raise self._error
            return newest

    def close(self) -> None:
        self._closing.set()
        self.join(timeout=READ_TIMEOUT_S + 1.0)


def _sightings(
    image: np.ndarray,
    timestamp: float,
    recognizer: PlateRecognizer,
    deduplicator: PlateDeduplicator,
) -> Iterator[PlateSighting]:
    seen_at = datetime.now(UTC)
    for plate in recognizer.recognize_array(image):
        if len(plate.text) < MIN_VIDEO_PLATE_CHARACTERS:
            continue
        if deduplicator.is_new(plate.text, timestamp):
            yield PlateSighting(plate, timestamp, seen_at, crop_jpeg(image, plate.box))


def crop_jpeg(image: np.ndarray, box: tuple[int, int, int, int]) -> bytes:
    """The plate with a margin, as JPEG."""
    x, y, width, height = box
    margin_x, margin_y = int(width * _CROP_MARGIN), int(height * _CROP_MARGIN)
    top, left = max(0, y - margin_y), max(0, x - margin_x)
    crop = image[top : y + height + margin_y, left : x + width + margin_x]
    ok, encoded = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 90])
    if not ok:
        raise ValueError("the plate crop could not be encoded")
    return encoded.tobytes()
