"""Plates read from a camera the registry flags for plate reading: the real registry, the real
lpr service and a simulated RTSP camera whose cars carry readable plates."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc_camera_registry.testing import running_registry
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.testing import running_service
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings
from rtcc_lpr.testing import MIGRATIONS

STOLEN = "7ABC123"
# Each car passes every 8 s; recognition takes about a second a frame on a loaded machine.
DEADLINE_S = 120.0


@pytest.fixture
def camera() -> Iterator[CameraSimulator]:
    spec = CameraSpec(
        name="street",
        width=640,
        height=360,
        fps=10,
        bitrate_kbps=600,
        keyframe_interval=10,
        # Every car carries the stolen plate: however slowly a loaded machine reads frames, the
        # frames it reads cannot all fall between this plate's passes.
        plates=[STOLEN],
    )
    with CameraSimulator([spec], host="127.0.0.1", port=0) as simulator:
        yield simulator


@dataclass
class Registry:
    address: str
    stub: camera_registry_pb2_grpc.CameraRegistryServiceStub


@pytest.fixture
async def registry(tmp_path: Path) -> AsyncIterator[Registry]:
    db = f"sqlite+aiosqlite:///{tmp_path / 'registry.sqlite'}"
    async with running_registry(db, tmp_path / "registry") as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            yield Registry(running.address, stub)


@pytest.fixture
async def lpr(registry: Registry, tmp_path: Path) -> AsyncIterator[lpr_pb2_grpc.LprServiceStub]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'lpr.sqlite'}",
        data_dir=tmp_path / "lpr",
        camera_registry_addr=registry.address,
        home_state="CA",
        registry_retry_s=0.5,
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield lpr_pb2_grpc.LprServiceStub(channel)


def _camera(url: str, *, plate_reading: bool) -> registry_pb.CameraInput:
    return registry_pb.CameraInput(
        name="Main St eastbound",
        ownership=registry_pb.OWNERSHIP_CITY,
        technology="fixed",
        location=registry_pb.Location(lat=34.05, lon=-118.25, address="100 Main St"),
        stream_url=url,
        permissions=registry_pb.Permissions(live=True, plate_reading=plate_reading),
        lifecycle=registry_pb.LIFECYCLE_ACTIVE,
    )


async def _camera_reads(lpr: lpr_pb2_grpc.LprServiceStub, plate: str) -> list[lpr_pb2.Read]:
    reply = await lpr.SearchReads(
        lpr_pb2.SearchReadsRequest(plate=plate, match=lpr_pb2.EXACT, page_size=100)
    )
    return list(reply.reads)


async def _wait_for_alert(lpr: lpr_pb2_grpc.LprServiceStub, camera_id: str) -> lpr_pb2.Alert:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        alerts = (await lpr.ListAlerts(lpr_pb2.ListAlertsRequest(page_size=50))).alerts
        for alert in alerts:
            if alert.read.camera_id == camera_id:
                return alert
        await asyncio.sleep(1.0)
    raise AssertionError(f"no alert from camera {camera_id} within {DEADLINE_S} s")


async def test_a_flagged_camera_feeds_reads_and_alerts_until_unflagged(
    camera: CameraSimulator,
    registry: Registry,
    lpr: lpr_pb2_grpc.LprServiceStub,
) -> None:
    hotlist = await lpr.CreateHotlist(lpr_pb2.CreateHotlistRequest(name="stolen", source="NCIC"))
    await lpr.AddHotlistEntries(
        lpr_pb2.AddHotlistEntriesRequest(
            hotlist_id=hotlist.id,
            entries=[lpr_pb2.HotlistEntryInput(plate=STOLEN, state="CA", reason="stolen")],
        )
    )
    created = await registry.stub.CreateCamera(
        registry_pb.CreateCameraRequest(camera=_camera(camera.url("street"), plate_reading=True))
    )
    camera_id = created.camera.id
    started = time.monotonic()

    alert = await _wait_for_alert(lpr, camera_id)
    assert alert.read.plate_normalized == STOLEN and alert.entry.plate == STOLEN
    assert alert.read.plate_image_id, "the plate crop is kept as evidence"
    assert (round(alert.read.location.latitude, 2), alert.read.has_location) == (34.05, True)
    image = await lpr.GetImage(lpr_pb2.GetImageRequest(image_id=alert.read.plate_image_id))
    assert image.image.data[:2] == b"\xff\xd8"

    await registry.stub.UpdateCamera(
        registry_pb.UpdateCameraRequest(
            id=camera_id,
            camera=_camera(camera.url("street"), plate_reading=False),
            update_mask=["permissions"],
        )
    )
    await asyncio.sleep(3.0)  # a read already being stored may still land
    before = len(await _camera_reads(lpr, STOLEN))
    await asyncio.sleep(10.0)  # longer than a car's round trip through the scene
    after = len(await _camera_reads(lpr, STOLEN))
    assert after == before
    # One car passing once is one read, not one per frame it was seen in.
    stolen_reads = await _camera_reads(lpr, STOLEN)
    assert all(r.camera_id == camera_id for r in stolen_reads)
    passes = 1 + int((time.monotonic() - started) / 8)
    assert 1 <= len(stolen_reads) <= passes
