"""The registry's real gRPC server on a fresh database (SQLite and PostgreSQL), and a client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.testing import running_registry
from rtcc_common.testing import RunningService


@dataclass
class Registry:
    stub: camera_registry_pb2_grpc.CameraRegistryServiceStub
    running: RunningService


@pytest.fixture
async def registry(database_url: str, data_dir: Path) -> AsyncIterator[Registry]:
    async with running_registry(database_url, data_dir) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield Registry(camera_registry_pb2_grpc.CameraRegistryServiceStub(channel), running)


def without_health(camera: pb.Camera) -> pb.Camera:
    """The record apart from its health: the registry probes a new or activated camera at once,
    so health may change between two reads."""
    copy = pb.Camera()
    copy.CopyFrom(camera)
    copy.ClearField("health")
    return copy


def camera_input(**overrides: object) -> pb.CameraInput:
    """A valid city camera; tests change what they are about."""
    fields: dict[str, object] = {
        "name": "Main St & 3rd Ave",
        "ownership": pb.OWNERSHIP_CITY,
        "technology": "fixed",
        "location": pb.Location(lat=41.8781, lon=-87.6298, address="Main St & 3rd Ave"),
        "stream_url": "rtsp://admin:s3cret@10.0.0.5:554/stream1",
        "permissions": pb.Permissions(live=True, record=True),
        "lifecycle": pb.LIFECYCLE_ACTIVE,
    }
    fields.update(overrides)
    return pb.CameraInput(**fields)  # type: ignore[arg-type]
