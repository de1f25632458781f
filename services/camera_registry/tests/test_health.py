"""Health probing against a real RTSP camera from camsim: online, offline on loss, back again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.health.rtsp_probe import probe
from rtcc_camera_registry.testing import running_registry
from rtcc_cli.camsim import CameraSimulator, CameraSpec

from .conftest import camera_input


@pytest.fixture
def camsim() -> Iterator[CameraSimulator]:
    spec = CameraSpec(
        name="cam1", width=320, height=180, fps=10, bitrate_kbps=300, keyframe_interval=20
    )
    with CameraSimulator([spec], host="127.0.0.1", port=0) as sim:
        yield sim


async def _wait_for_state(
    stub: camera_registry_pb2_grpc.CameraRegistryServiceStub, camera_id: str, state: int
) -> pb.GetCameraHealthResponse:
    for _ in range(600):
        reply = await stub.GetCameraHealth(pb.GetCameraHealthRequest(id=camera_id))
        if reply.current.state == state:
            return reply
        await asyncio.sleep(0.1)
    raise AssertionError(f"camera never reached health state {state}")


async def test_probe_tells_a_serving_mount_from_a_missing_one_and_a_dead_port(
    camsim: CameraSimulator,
) -> None:
    assert (await probe(camsim.url("cam1"), timeout_s=10)).online
    missing = await probe(camsim.url("cam1").replace("/cam1", "/nope"), timeout_s=10)
    assert (missing.online, missing.detail) == (False, "rtsp_404")
    camsim.stop()
    dead = await probe(camsim.url("cam1"), timeout_s=10)
    assert (dead.online, dead.detail) == (False, "connection_refused")


async def test_offline_and_back_online_are_recorded_and_pushed(
    camsim: CameraSimulator, database_url: str, data_dir: Path
) -> None:
    fast = {"health_interval_s": 0.5, "health_timeout_s": 5.0}
    async with running_registry(database_url, data_dir, **fast) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            msg = camera_input(stream_url=camsim.url("cam1"))
            camera = (await stub.CreateCamera(pb.CreateCameraRequest(camera=msg))).camera
            online = await _wait_for_state(stub, camera.id, pb.HEALTH_STATE_ONLINE)
            assert online.current.HasField("last_seen_at") and online.current.detail == "ok"
            seen = (await stub.GetCamera(pb.GetCameraRequest(id=camera.id))).camera
            assert seen.health.state == pb.HEALTH_STATE_ONLINE

            watch = stub.WatchCameras(pb.WatchCamerasRequest())
            camsim.stop()
            while True:
                change = await asyncio.wait_for(watch.read(), 60)
                assert isinstance(change, pb.WatchCamerasResponse)
                if change.camera.health.state == pb.HEALTH_STATE_OFFLINE:
                    break
            assert change.camera.health.detail in ("connection_refused", "connection_closed")
            watch.cancel()

            camsim.start()
            back = await _wait_for_state(stub, camera.id, pb.HEALTH_STATE_ONLINE)
            states = [t.state for t in back.history]  # newest first
            assert states[:3] == [
                pb.HEALTH_STATE_ONLINE,
                pb.HEALTH_STATE_OFFLINE,
                pb.HEALTH_STATE_ONLINE,
            ]


async def test_a_new_camera_is_probed_at_once_not_at_the_next_round(
    camsim: CameraSimulator, database_url: str, data_dir: Path
) -> None:
    async with running_registry(database_url, data_dir, health_interval_s=3600) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            msg = camera_input(stream_url=camsim.url("cam1"))
            camera = (await stub.CreateCamera(pb.CreateCameraRequest(camera=msg))).camera
            online = await _wait_for_state(stub, camera.id, pb.HEALTH_STATE_ONLINE)
            assert [t.state for t in online.history] == [pb.HEALTH_STATE_ONLINE]


def _report(camera_id: str, *, recording: bool, detail: str) -> pb.ReportRecordingHealthRequest:
    health = pb.RecordingHealth(
        recording=recording, detail=detail, last_segment_bytes=123_456 if recording else 0,
        video_codec="h264", transcoded_from="mjpeg" if recording else "", transport="udp",
    )  # fmt: skip
    if recording:
        health.last_segment_end.GetCurrentTime()
    return pb.ReportRecordingHealthRequest(
        reports=[pb.RecordingReport(camera_id=camera_id, health=health)]
    )


async def test_a_recorded_camera_is_ok_only_while_the_recorder_gets_video(
    camsim: CameraSimulator, database_url: str, data_dir: Path
) -> None:
    """A camera that answers DESCRIBE but records nothing is not ok; the recorder's report
    changes health at once, between two probes, and the change is in the history."""
    async with running_registry(database_url, data_dir, health_interval_s=3600) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            msg = camera_input(stream_url=camsim.url("cam1"))
            camera = (await stub.CreateCamera(pb.CreateCameraRequest(camera=msg))).camera
            await _wait_for_state(stub, camera.id, pb.HEALTH_STATE_ONLINE)

            await stub.ReportRecordingHealth(_report(camera.id, recording=False, detail="no_video"))
            down = await stub.GetCameraHealth(pb.GetCameraHealthRequest(id=camera.id))
            assert down.current.state == pb.HEALTH_STATE_OFFLINE
            assert down.current.detail == "not_recording: no_video"
            assert not down.current.recording.recording
            assert down.current.recording.HasField("reported_at")

            await stub.ReportRecordingHealth(_report(camera.id, recording=True, detail="ok"))
            up = await stub.GetCameraHealth(pb.GetCameraHealthRequest(id=camera.id))
            assert (up.current.state, up.current.detail) == (pb.HEALTH_STATE_ONLINE, "ok")
            recording = up.current.recording
            assert (recording.last_segment_bytes, recording.transcoded_from) == (123_456, "mjpeg")
            assert recording.transport == "udp" and recording.HasField("last_segment_end")
            assert [t.state for t in up.history][:3] == [
                pb.HEALTH_STATE_ONLINE,
                pb.HEALTH_STATE_OFFLINE,
                pb.HEALTH_STATE_ONLINE,
            ]
            assert up.history[1].detail == "not_recording: no_video"

            # A camera the center does not record is judged by its probe alone.
            live_only = camera_input(
                stream_url=camsim.url("cam1"), permissions=pb.Permissions(live=True)
            )
            other = (await stub.CreateCamera(pb.CreateCameraRequest(camera=live_only))).camera
            await _wait_for_state(stub, other.id, pb.HEALTH_STATE_ONLINE)
            await stub.ReportRecordingHealth(_report(other.id, recording=False, detail="stalled"))
            still = await stub.GetCameraHealth(pb.GetCameraHealthRequest(id=other.id))
            assert (still.current.state, still.current.detail) == (pb.HEALTH_STATE_ONLINE, "ok")
            # A report of an unknown camera changes nothing and is no error.
            await stub.ReportRecordingHealth(_report("0" * 32, recording=True, detail="ok"))
