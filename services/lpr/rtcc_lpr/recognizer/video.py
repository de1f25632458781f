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
) -> Iterator[PlateSighting]:
    """Yield each car's plate once, from an RTSP URL (over TCP) or a video file."""
    deduplicator = PlateDeduplicator(dedup_window_s)
    options = {"rtsp_transport": "tcp"} if url.startswith("rtsp") else {}
    with av.open(url, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if mode == "keyframes":
            stream.codec_context.skip_frame = "NONKEY"
        next_time = float("-inf")
        for frame in container.decode(stream):
            if stop is not None and stop.is_set():
                return
            timestamp = float(frame.time or 0.0)
            if mode == "rate":
                if timestamp < next_time:
                    continue
                next_time = timestamp + 1.0 / frames_per_second
            yield from _sightings(
                frame.to_ndarray(format="bgr24"), timestamp, recognizer, deduplicator
            )


def _sightings(
    image: np.ndarray,
    timestamp: float,
    recognizer: PlateRecognizer,
    deduplicator: PlateDeduplicator,
) -> Iterator[PlateSighting]:
    seen_at = datetime.now(UTC)
    for plate in recognizer.recognize_array(image):
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
