"""Plates read from a simulated camera over RTSP, once per car, from keyframes only."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_lpr.recognizer import PlateRecognizer
from rtcc_lpr.recognizer.video import PlateSighting, sample_plates

PLATES = ["7ABC123", "4XYZ789"]
# Each plate is in view for a few seconds every 8 s (camsim's scene); generous for a
# loaded machine.
DEADLINE_S = 120.0


@pytest.fixture(scope="module")
def recognizer() -> PlateRecognizer:
    return PlateRecognizer()


def _collect(url: str, recognizer: PlateRecognizer) -> list[PlateSighting]:
    """Sightings until both cars were read, or the deadline passed."""
    sightings: list[PlateSighting] = []
    stop = threading.Event()
    timer = threading.Timer(DEADLINE_S, stop.set)
    timer.start()
    try:
        for sighting in sample_plates(
            url, recognizer, mode="keyframes", dedup_window_s=4.0, stop=stop
        ):
            sightings.append(sighting)
            if {s.plate.text for s in sightings} >= set(PLATES):
                break
    finally:
        timer.cancel()
    return sightings


def test_camera_plates_are_read_once_per_car_with_a_crop(recognizer: PlateRecognizer) -> None:
    spec = CameraSpec(
        name="lprcam",
        width=640,
        height=360,
        fps=10,
        bitrate_kbps=600,
        keyframe_interval=10,
        plates=PLATES,
    )
    with CameraSimulator([spec], host="127.0.0.1", port=0) as simulator:
        sightings = _collect(simulator.url("lprcam"), recognizer)

    texts = [s.plate.text for s in sightings]
    for plate in PLATES:
        # A car stands still for several keyframes: still one read.
        assert texts.count(plate) == 1, texts
    first = next(s for s in sightings if s.plate.text == PLATES[0])
    crop = cv2.imdecode(np.frombuffer(first.crop_jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert crop is not None and crop.shape[1] > 40
    # Sightings come in the order the camera showed them.
    timestamps = [s.timestamp for s in sightings]
    assert timestamps == sorted(timestamps), texts
