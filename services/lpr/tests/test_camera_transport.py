"""A plate camera whose RTSP server offers UDP only (VLC's answers TCP with 461): the reader
asks for TCP first, as for every camera set to auto, then reads it over UDP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.testing import logged_lines
from rtcc_lpr.camera_reading.reader import CameraPlateReader, ReadingPolicy
from rtcc_lpr.camera_reading.registry import PlateCamera
from rtcc_lpr.ingest import NewRead, Outcome, ReadResult
from rtcc_lpr.recognizer import PlateRecognizer

PLATES = ["7ABC123"]
DEADLINE_S = 120.0  # a car stands still every 8 s; generous for a loaded machine


async def test_a_udp_only_camera_is_read_for_plates_over_udp() -> None:
    spec = CameraSpec(
        name="udp-lpr", width=640, height=360, fps=10, bitrate_kbps=600,
        keyframe_interval=10, plates=PLATES, transports="udp",
    )  # fmt: skip
    recognizer = PlateRecognizer(use_gpu=False)
    reads: list[NewRead] = []

    async def ingest(batch: Sequence[NewRead]) -> list[ReadResult]:
        reads.extend(batch)
        return [ReadResult(i, r.read_id, Outcome.STORED) for i, r in enumerate(batch)]

    policy = ReadingPolicy(
        mode="keyframes", frames_per_second=1.0, home_state="IL", retry_min_s=0.2, retry_max_s=1
    )
    with CameraSimulator([spec], host="127.0.0.1", port=0) as cameras:
        url = cameras.url("udp-lpr")

        async def stream_url(_camera_id: str) -> str:
            return url

        reader = CameraPlateReader(
            camera=PlateCamera(camera_id="cam-udp", read_plates=True, latitude=0, longitude=0),
            policy=policy,
            stream_url=stream_url,
            recognizer=lambda: recognizer,
            ingest=ingest,
        )
        assert reader.transport.current == "tcp"
        with logged_lines() as logged:
            task = asyncio.create_task(reader.run())
            try:
                deadline = time.monotonic() + DEADLINE_S
                while not any(r.plate in PLATES for r in reads):
                    assert time.monotonic() < deadline, logged.text[-3000:]
                    await asyncio.sleep(0.5)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
    [fallback] = logged.events("plate_camera_transport_fallback")
    assert (fallback["tried"], fallback["next"]) == ("tcp", "udp")
    assert reader.transport.current == "udp"
    assert set(PLATES) <= {r.plate for r in reads}
