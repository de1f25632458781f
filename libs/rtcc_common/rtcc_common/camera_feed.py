"""The camera registry as a service that acts on cameras sees it: the current cameras, each
change as it happens (WatchCameras), and a camera's stream URL with its credentials.

Each service projects the registry's Camera onto what it needs (`project`), so a change the
service does not care about compares equal to what it already has.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_common.redact import mask_credentials

CALL_DEADLINE_S = 10.0
PAGE_SIZE = 500

T = TypeVar("T")
# The one masking function, under the name its first users know it by.
hide_credentials = mask_credentials


@dataclass(frozen=True)
class CameraChange(Generic[T]):
    camera: T
    removed: bool


class CameraFeed(Generic[T]):
    def __init__(self, address: str, project: Callable[[pb.Camera], T]) -> None:
        self._channel = grpc.aio.insecure_channel(address)
        self._stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(self._channel)
        self._project = project

    async def list_cameras(self) -> list[T]:
        cameras: list[T] = []
        token = ""
        while True:
            reply = await self._stub.ListCameras(
                pb.ListCamerasRequest(page_size=PAGE_SIZE, page_token=token),
                timeout=CALL_DEADLINE_S,
            )
            cameras.extend(self._project(c) for c in reply.cameras)
            token = reply.next_page_token
            if not token:
                return cameras

    async def watch(self) -> AsyncIterator[CameraChange[T]]:
        async for change in self._stub.WatchCameras(pb.WatchCamerasRequest()):
            removed = change.change == pb.WatchCamerasResponse.CHANGE_REMOVED
            yield CameraChange(camera=self._project(change.camera), removed=removed)

    async def stream_url(self, camera_id: str) -> str:
        """The main stream, credentials included: for the recorder and readers, never users."""
        reply = await self._stub.GetStreamSource(
            pb.GetStreamSourceRequest(id=camera_id), timeout=CALL_DEADLINE_S
        )
        return str(reply.stream_url)

    async def close(self) -> None:
        await self._channel.close()
