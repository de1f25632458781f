"""The camera registry as the recorder sees it: which cameras to record, and their stream URLs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc

CALL_DEADLINE_S = 10.0


@dataclass(frozen=True)
class RecordableCamera:
    camera_id: str
    record: bool  # permission to record and an active lifecycle
    retention_days: int  # 0: the recorder's default


def _from_proto(camera: pb.Camera) -> RecordableCamera:
    return RecordableCamera(
        camera_id=camera.id,
        record=camera.permissions.record and camera.lifecycle == pb.LIFECYCLE_ACTIVE,
        retention_days=camera.retention_days,
    )


@dataclass(frozen=True)
class CameraChange:
    camera: RecordableCamera
    removed: bool


class RegistryClient:
    def __init__(self, address: str) -> None:
        self._channel = grpc.aio.insecure_channel(address)
        self._stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(self._channel)

    async def list_cameras(self) -> list[RecordableCamera]:
        cameras: list[RecordableCamera] = []
        token = ""
        while True:
            reply = await self._stub.ListCameras(
                pb.ListCamerasRequest(page_size=500, page_token=token), timeout=CALL_DEADLINE_S
            )
            cameras.extend(_from_proto(c) for c in reply.cameras)
            token = reply.next_page_token
            if not token:
                return cameras

    async def watch(self) -> AsyncIterator[CameraChange]:
        async for change in self._stub.WatchCameras(pb.WatchCamerasRequest()):
            removed = change.change == pb.WatchCamerasResponse.CHANGE_REMOVED
            yield CameraChange(camera=_from_proto(change.camera), removed=removed)

    async def stream_url(self, camera_id: str) -> str:
        reply = await self._stub.GetStreamSource(
            pb.GetStreamSourceRequest(id=camera_id), timeout=CALL_DEADLINE_S
        )
        return str(reply.stream_url)

    async def close(self) -> None:
        await self._channel.close()
