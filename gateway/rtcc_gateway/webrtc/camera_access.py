"""What the camera registry says about live view: may this camera be watched, and from where."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_common.errors import FailedPrecondition, PermissionDenied
from rtcc_common.logging import get_logger
from rtcc_gateway.clients import Backends

log = get_logger(__name__)

AccessLost = Callable[[str, str], Awaitable[None]]
_WATCH_BACKOFF_MAX_S = 10.0


def live_refusal(camera: pb.Camera) -> str | None:
    """Why this camera may not be watched live now, or None when it may."""
    if camera.HasField("consent_withdrawn_at"):
        return "consent_withdrawn"
    if camera.lifecycle != pb.LIFECYCLE_ACTIVE:
        return "camera_not_active"
    if not camera.permissions.live:
        return "live_access_not_granted"
    return None


class CameraAccess:
    def __init__(self, backends: Backends) -> None:
        self._registry = backends.camera_registry

    async def check_live_allowed(self, camera_id: str) -> str:
        """Refuses a camera that may not be watched; returns its RTSP transport setting."""
        reply = await self._registry.GetCamera(pb.GetCameraRequest(id=camera_id))
        refusal = live_refusal(reply.camera)
        if refusal == "consent_withdrawn":
            raise PermissionDenied(f"the owner of camera {camera_id} withdrew consent")
        if refusal == "camera_not_active":
            raise FailedPrecondition(f"camera {camera_id} is not active")
        if refusal is not None:
            raise PermissionDenied(f"the owner of camera {camera_id} has not granted live access")
        return reply.camera.rtsp_transport or "auto"

    async def stream_url(self, camera_id: str, variant: str) -> tuple[str, str]:
        """The credentialed URL to read, and which stream it is ("sub" only where one exists)."""
        source = await self._registry.GetStreamSource(pb.GetStreamSourceRequest(id=camera_id))
        if variant == "sub" and source.substream_url:
            return source.substream_url, "sub"
        if not source.stream_url:
            raise FailedPrecondition(f"camera {camera_id} has no stream URL")
        return source.stream_url, "main"

    async def watch(self, on_lost: AccessLost) -> None:
        """Follows the registry's changes for as long as the gateway runs; reconnects on loss."""
        backoff_s = 0.5
        while True:
            try:
                async for change in self._registry.WatchCameras(pb.WatchCamerasRequest()):
                    backoff_s = 0.5
                    await self._apply(change, on_lost)
            except grpc.aio.AioRpcError as exc:
                log.warning("camera_watch_interrupted", grpc_status=exc.code().name)
            await asyncio.sleep(backoff_s)
            backoff_s = min(backoff_s * 2, _WATCH_BACKOFF_MAX_S)

    @staticmethod
    async def _apply(change: pb.WatchCamerasResponse, on_lost: AccessLost) -> None:
        if change.change == pb.WatchCamerasResponse.CHANGE_REMOVED:
            await on_lost(change.camera.id, "camera_removed")
            return
        refusal = live_refusal(change.camera)
        if refusal is not None:
            await on_lost(change.camera.id, refusal)
