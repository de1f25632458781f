"""A recorder following the registry and recording real RTSP cameras from camsim."""

from __future__ import annotations

import time
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import running_service
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import RegistryCameras, recorder_test_settings, seconds, stamp, wait_for

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"


async def recordings(stub: recorder_pb2_grpc.RecorderServiceStub, camera_id: str, since: float):
    return await stub.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=stamp(since - 60), end=stamp(time.time() + 60)
        )
    )


async def test_camera_dropped_and_back_leaves_a_gap_and_recording_resumes(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def segments_at_least(count: int) -> pb.ListRecordingsResponse | None:
                reply = await recordings(stub, cam1, began)
                return reply if len(reply.segments) >= count else None

            first = await wait_for(lambda: segments_at_least(2))
            assert cameras.sessions("cam1") == 1  # one upstream session
            for segment in first.segments:
                assert (settings.recordings_path / segment.path).stat().st_size == segment.bytes
                assert segment.path.startswith(f"{cam1}/{time.gmtime(began).tm_year:04d}/")
                assert 0.5 < segment.duration_s < 6
                assert began - 5 < segment.start.seconds < time.time() + 1

            cameras.stop()
            dropped_at = time.time()
            # Only the gap the drop made: a session that failed while starting may have left one.
            since = seconds(first.segments[-1].start)
            reply = await wait_for(lambda: _with_gap(stub, cam1, began, since))
            gap = _gaps_since(reply, since)[0]
            assert gap.reason in {"stream_ended", "stalled", "connection_failed"}
            assert gap.start.seconds <= dropped_at + 1
            cameras.start()
            resumed = await wait_for(
                lambda: _closed_gap_and_newer_segment(stub, cam1, began, since)
            )
            gap = _gaps_since(resumed, since)[0]
            after = [s for s in resumed.segments if seconds(s.start) >= seconds(gap.end)]
            assert after and after[0].session_id != first.segments[-1].session_id
            assert seconds(gap.end) - seconds(gap.start) > 0


def _gaps_since(reply: pb.ListRecordingsResponse, since: float) -> list[pb.Gap]:
    return [gap for gap in reply.gaps if seconds(gap.start) >= since]


async def _with_gap(stub, camera_id, began, since):  # type: ignore[no-untyped-def]
    reply = await recordings(stub, camera_id, began)
    return reply if _gaps_since(reply, since) else None


async def _closed_gap_and_newer_segment(stub, camera_id, began, since):  # type: ignore[no-untyped-def]
    reply = await recordings(stub, camera_id, began)
    gaps = _gaps_since(reply, since)
    if not gaps or not gaps[0].HasField("end"):
        return None
    gap_end = seconds(gaps[0].end)
    return reply if any(seconds(s.start) >= gap_end for s in reply.segments) else None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_follows_the_registry(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    """A new camera is recording within seconds; a withdrawn one stops."""
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    await registry.put("cam1", cameras.url("cam1"))
    await registry.put("cam2", cameras.url("cam2"), record=False)
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def sessions(name: str, count: int) -> bool:
                return cameras.sessions(name) == count

            await wait_for(lambda: sessions("cam1", 1))
            assert cameras.sessions("cam2") == 0  # no permission to record
            await registry.put("cam2", cameras.url("cam2"), record=True)
            await wait_for(lambda: sessions("cam2", 1), within_s=20)
            await registry.remove("cam1")
            await wait_for(lambda: sessions("cam1", 0), within_s=20)
            states = await stub.ListRecordingStates(pb.ListRecordingStatesRequest())
            assert [s.camera_id for s in states.states] == [registry.id("cam2")]
