"""The camera registry as plate reading sees it: which cameras to read, where they stand."""

from __future__ import annotations

from dataclasses import dataclass

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_common.camera_feed import CameraChange, CameraFeed


@dataclass(frozen=True)
class PlateCamera:
    camera_id: str
    read_plates: bool  # flagged for plate reading, and active
    latitude: float
    longitude: float
    rtsp_transport: str = "auto"  # auto, tcp, udp


def _from_proto(camera: pb.Camera) -> PlateCamera:
    return PlateCamera(
        camera_id=camera.id,
        read_plates=camera.permissions.plate_reading and camera.lifecycle == pb.LIFECYCLE_ACTIVE,
        latitude=camera.location.lat,
        longitude=camera.location.lon,
        rtsp_transport=camera.rtsp_transport or "auto",
    )


RegistryClient = CameraFeed[PlateCamera]
PlateCameraChange = CameraChange[PlateCamera]


def registry_client(address: str) -> RegistryClient:
    return CameraFeed(address, _from_proto)
