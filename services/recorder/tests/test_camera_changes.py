"""A camera that changes under the recorder without ending its RTSP session: a new picture
size, timestamps that leap ahead an hour or step back. Recording goes on, every segment
plays, and the index keeps the wall-clock time the footage was taken."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import running_service
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    decoded_frames,
    recorder_test_settings,
    seconds,
    small_camera,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"


@pytest.fixture
def camera() -> Iterator[CameraSimulator]:
    with CameraSimulator([small_camera("cam")], port=0) as sim:
        yield sim


def picture_size(path: Path) -> tuple[int, int]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    width, height = result.stdout.split()[0].split(",")
    return int(width), int(height)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_recording_goes_on_through_a_new_size_and_clock_jumps(
    database_url: str, data_dir: Path, camera: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam = await registry.put("cam", camera.url("cam"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def recordings() -> pb.ListRecordingsResponse:
                return await stub.ListRecordings(
                    pb.ListRecordingsRequest(
                        camera_id=cam, start=stamp(began - 60), end=stamp(time.time() + 60)
                    )
                )

            async def two_more(than: int) -> pb.ListRecordingsResponse | None:
                reply = await recordings()
                return reply if len(reply.segments) >= than + 2 else None

            counts = [len((await wait_for(lambda: two_more(0))).segments)]
            camera.resize("cam", 640, 360)
            counts.append(len((await wait_for(lambda: two_more(counts[-1]))).segments))
            camera.jump_clock("cam", 3600)
            counts.append(len((await wait_for(lambda: two_more(counts[-1]))).segments))
            camera.jump_clock("cam", -2)

            async def resumed() -> pb.ListRecordingsResponse | None:
                reply = await recordings()
                if not reply.gaps or not reply.gaps[-1].HasField("end"):
                    return None
                resumed_at = seconds(reply.gaps[-1].end)
                later = [s for s in reply.segments if seconds(s.start) >= resumed_at]
                return reply if len(later) >= 2 else None

            reply = await wait_for(resumed)
            ended = time.time()

    segments = list(reply.segments)
    # The size and the leap ahead go by in one session; the step back starts a new one on a
    # clean timeline (ffmpeg would squeeze every picture until the clock caught up).
    [gap] = reply.gaps
    assert gap.reason == "clock_jumped_back"
    assert seconds(gap.end) - seconds(gap.start) < 10 * settings.reconnect_max_s
    assert len({s.session_id for s in segments}) == 2
    for segment in segments:
        path = settings.recordings_path / segment.path
        assert decoded_frames(path) > 0, segment.path
        # Wall-clock time, whatever the camera's timestamps did.
        assert began - 1 < seconds(segment.start) <= seconds(segment.end) < ended + 1
        assert segment.duration_s < 3 * settings.segment_s, segment.path
    starts = [seconds(s.start) for s in segments]
    assert starts == sorted(starts)
    sizes = [picture_size(settings.recordings_path / s.path) for s in segments]
    assert sizes[0] == (320, 180) and sizes[-1] == (640, 360)
