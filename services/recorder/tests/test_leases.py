"""Two recorder processes share the fleet through leases; when one dies, the other takes its
cameras within a minute."""

from __future__ import annotations

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

TAKEOVER_WITHIN_S = 60


async def test_two_recorders_share_cameras_and_take_over_from_a_dead_one(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    await registry.put("cam1", cameras.url("cam1"))
    await registry.put("cam2", cameras.url("cam2"))
    recorders = {
        name: RecorderProcess(
            recorder_env(
                data_dir=data_dir,
                database_url=database_url,
                registry_addr=registry.address,
                instance_id=name,
            )
        )
        for name in ("rec-a", "rec-b")
    }
    # One after the other, as a rollout adds instances: the first brings the schema up to date.
    recorders["rec-a"].start()
    try:
        async with grpc.aio.insecure_channel(recorders["rec-a"].address) as channel:
            first = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def serving() -> bool:
                try:
                    await first.ListRecordingStates(pb.ListRecordingStatesRequest())
                except grpc.aio.AioRpcError:
                    return False
                return True

            await wait_for(serving, within_s=90)
        recorders["rec-b"].start()
        async with grpc.aio.insecure_channel(recorders["rec-b"].address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def holders() -> dict[str, str] | None:
                try:
                    reply = await stub.ListRecordingStates(pb.ListRecordingStatesRequest())
                except grpc.aio.AioRpcError:
                    return None
                live = {s.camera_id: s.instance_id for s in reply.states if s.state == "recording"}
                return live if len(live) == 2 else None

            async def shared() -> dict[str, str] | None:
                live = await holders()
                return live if live and set(live.values()) == {"rec-a", "rec-b"} else None

            sharing = await wait_for(shared, within_s=90)
            # One upstream session per camera, whoever records it.
            assert cameras.sessions("cam1") == 1 and cameras.sessions("cam2") == 1
            taken = next(camera for camera, holder in sharing.items() if holder == "rec-a")

            recorders["rec-a"].kill()
            killed_at = time.time()

            async def taken_over() -> bool:
                live = await holders()
                if not live or set(live.values()) != {"rec-b"}:
                    return False
                reply = await stub.ListRecordings(
                    pb.ListRecordingsRequest(
                        camera_id=taken, start=stamp(killed_at), end=stamp(time.time() + 60)
                    )
                )
                return any(seconds(s.start) > killed_at for s in reply.segments)

            await wait_for(taken_over, within_s=TAKEOVER_WITHIN_S)
    finally:
        for recorder in recorders.values():
            recorder.stop()
