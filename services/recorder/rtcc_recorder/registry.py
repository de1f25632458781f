"""The camera registry as the recorder sees it: which cameras to record, and their stream URLs."""

from __future__ import annotations

from dataclasses import dataclass

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_common.camera_feed import CameraChange, CameraFeed


@dataclass(frozen=True)
class RecordableCamera:
    camera_id: str
    record: bool  # permission to record and an active lifecycle
    retention_days: int  # 0: the recorder's default
    rtsp_transport: str = "auto"  # auto, tcp, udp


def _from_proto(camera: pb.Camera) -> RecordableCamera:
    return RecordableCamera(
        camera_id=camera.id,
        record=camera.permissions.record and camera.lifecycle == pb.LIFECYCLE_ACTIVE,
        retention_days=camera.retention_days,
        rtsp_transport=camera.rtsp_transport or "auto",
    )


RegistryClient = CameraFeed[RecordableCamera]
RecordableChange = CameraChange[RecordableCamera]


def registry_client(address: str) -> RegistryClient:
    return CameraFeed(address, _from_proto)
