"""A plate camera whose stream fails is logged through the real logging pipeline with its URL's
credentials masked (issue 17: `plate_camera_stream_failed ... rtsp://user:s3cret@...`)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Sequence

from rtcc_common.testing import logged_lines
from rtcc_lpr.camera_reading.reader import CameraPlateReader, ReadingPolicy
from rtcc_lpr.camera_reading.registry import PlateCamera
from rtcc_lpr.ingest import NewRead, ReadResult
from rtcc_lpr.recognizer import PlateRecognizer


def _closed_port() -> int:
    """A loopback port nothing listens on: the camera refuses the connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_failing_camera_stream_is_logged_without_its_password() -> None:
    url = f"rtsp://plates:s3cret@127.0.0.1:{_closed_port()}/street"
    recognizer = PlateRecognizer(use_gpu=False)

    async def stream_url(_camera_id: str) -> str:
        return url

    async def ingest(reads: Sequence[NewRead]) -> list[ReadResult]:
        raise AssertionError("nothing can be read from a camera that refuses")

    policy = ReadingPolicy(
        mode="keyframes", frames_per_second=1.0, home_state="IL", retry_min_s=30, retry_max_s=30
    )
    reader = CameraPlateReader(
        camera=PlateCamera(camera_id="cam-1", read_plates=True, latitude=0.0, longitude=0.0),
        policy=policy,
        stream_url=stream_url,
        recognizer=lambda: recognizer,
        ingest=ingest,
    )
    with logged_lines() as logged:
        task = asyncio.create_task(reader.run())
        try:
            deadline = time.monotonic() + 60
            while not logged.events("plate_camera_stream_failed"):
                assert time.monotonic() < deadline, logged.text
                await asyncio.sleep(0.1)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    [failed] = logged.events("plate_camera_stream_failed")
    assert "s3cret" not in logged.text
    assert "rtsp://***@127.0.0.1:" in failed["error"], failed
