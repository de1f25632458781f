"""A recorder process killed with SIGKILL: nothing finished is lost, and at restart the index
and the disk agree again."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_recorder.testing import (
    RecorderProcess,
    RegistryCameras,
    recorder_env,
    seconds,
    stamp,
    wait_for,
)


async def _listing(stub, camera_id: str, began: float) -> pb.ListRecordingsResponse:  # type: ignore[no-untyped-def]
    return await stub.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=stamp(began - 60), end=stamp(time.time() + 60)
        ),
        timeout=10,
    )


async def test_sigkill_loses_no_finished_segment(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    env = recorder_env(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address,
        instance_id="rec-1",
    )  # fmt: skip
    recorder = RecorderProcess(env)
    recorder.start()
    try:
        async with grpc.aio.insecure_channel(recorder.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def at_least(count: int):  # type: ignore[no-untyped-def]
                try:
                    reply = await _listing(stub, cam1, began)
                except grpc.aio.AioRpcError:
                    return None  # still starting
                return reply if len(reply.segments) >= count else None

            await wait_for(lambda: at_least(3), within_s=90)
            await asyncio.sleep(1.0)  # into the next segment, which the kill leaves half-written
            recorder.kill()
            killed_at = time.time()
        root = data_dir / "recordings"
        on_disk = {str(p.relative_to(root)) for p in root.rglob("*.ts")}

        recorder = RecorderProcess(env, port=recorder.port)
        recorder.start()
        async with grpc.aio.insecure_channel(recorder.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def recording_again():  # type: ignore[no-untyped-def]
                reply = await at_least(1)
                newer = [s for s in reply.segments if seconds(s.start) > killed_at] if reply else []
                return reply if newer else None

            after = await wait_for(recording_again, within_s=90)
        indexed = {s.path for s in after.segments}
        # Every file that was on disk at the kill is indexed (finished ones, and the
        # half-written one repaired), unless it held nothing readable and was removed.
        for path in on_disk:
            assert path in indexed or not (root / path).exists(), path
        assert len(on_disk & indexed) >= len(on_disk) - 1
        for segment in after.segments:
            assert (root / segment.path).is_file(), segment.path
        assert any(g.reason == "not_recording" for g in after.gaps)
    finally:
        recorder.stop()
