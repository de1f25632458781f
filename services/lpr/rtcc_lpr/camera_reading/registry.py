"""The camera registry as plate reading sees it: which cameras to read, where they stand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc

CALL_DEADLINE_S = 10.0
PAGE_SIZE = 500


@dataclass(frozen=True)
class PlateCamera:
    camera_id: str
    read_plates: bool  # flagged for plate reading, and active
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CameraChange:
    camera: PlateCamera
    removed: bool


def _from_proto(camera: pb.Camera) -> PlateCamera:
    return PlateCamera(
        camera_id=camera.id,
        read_plates=camera.permissions.plate_reading and camera.lifecycle == pb.LIFECYCLE_ACTIVE,
        latitude=camera.location.lat,
        longitude=camera.location.lon,
    )


class RegistryClient:
    def __init__(self, address: str) -> None:
        self._channel = grpc.aio.insecure_channel(address)
        self._stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(self._channel)

    async def list_cameras(self) -> list[PlateCamera]:
        cameras: list[PlateCamera] = []
        token = ""
        while True:
            reply = await self._stub.ListCameras(
                pb.ListCamerasRequest(page_size=PAGE_SIZE, page_token=token),
                timeout=CALL_DEADLINE_S,
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
        """The main stream: plates need every pixel the camera has."""
        reply = await self._stub.GetStreamSource(
            pb.GetStreamSourceRequest(id=camera_id), timeout=CALL_DEADLINE_S
        )
        return str(reply.stream_url)

    async def close(self) -> None:
        await self._channel.close()
