"""Geo search and the WatchCameras change feed, against the real service."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.geo.grid import haversine_m
from rtcc_camera_registry.testing import running_registry

from .conftest import Registry, camera_input

CENTER = (41.8781, -87.6298)


async def _create(
    registry: Registry, name: str, lat: float, lon: float, **extra: object
) -> pb.Camera:
    msg = camera_input(name=name, location=pb.Location(lat=lat, lon=lon), **extra)
    return (await registry.stub.CreateCamera(pb.CreateCameraRequest(camera=msg))).camera


async def test_near_is_nearest_first_with_distance_and_radius(registry: Registry) -> None:
    # About 110 m, 550 m, 1.1 km and 5.5 km north of the centre; one just east across a cell edge.
    for name, dlat, dlon in [
        ("far", 0.05, 0),
        ("c", 0.01, 0),
        ("a", 0.001, 0),
        ("b", 0.005, 0),
        ("e", 0, 0.004),
    ]:
        await _create(registry, name, CENTER[0] + dlat, CENTER[1] + dlon)
    reply = await registry.stub.SearchCameras(
        pb.SearchCamerasRequest(near=pb.NearPoint(lat=CENTER[0], lon=CENTER[1], radius_m=1500))
    )
    names = [h.camera.name for h in reply.hits]
    assert names == ["a", "e", "b", "c"]
    for hit in reply.hits:
        expected = haversine_m(*CENTER, hit.camera.location.lat, hit.camera.location.lon)
        assert hit.distance_m == pytest.approx(expected)
    assert reply.hits[0].distance_m == pytest.approx(111.2, abs=0.5)
    limited = await registry.stub.SearchCameras(
        pb.SearchCamerasRequest(
            near=pb.NearPoint(lat=CENTER[0], lon=CENTER[1], radius_m=1500), limit=2
        )
    )
    assert [h.camera.name for h in limited.hits] == ["a", "e"]


async def test_bbox_and_antimeridian(registry: Registry) -> None:
    await _create(registry, "west", 10.0, 179.9)
    await _create(registry, "east", 10.0, -179.9)
    await _create(registry, "elsewhere", 10.0, 0.0)
    across = await registry.stub.SearchCameras(
        pb.SearchCamerasRequest(
            bbox=pb.BoundingBox(min_lat=9, min_lon=179, max_lat=11, max_lon=-179)
        )
    )
    assert sorted(h.camera.name for h in across.hits) == ["east", "west"]
    near = await registry.stub.SearchCameras(
        pb.SearchCamerasRequest(near=pb.NearPoint(lat=10.0, lon=180.0, radius_m=20_000))
    )
    assert sorted(h.camera.name for h in near.hits) == ["east", "west"]
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await registry.stub.SearchCameras(
            pb.SearchCamerasRequest(near=pb.NearPoint(lat=10.0, lon=0.0, radius_m=-5))
        )
    assert "radius_m" in (bad.value.details() or "")


async def _next(stream: grpc.aio.UnaryStreamCall) -> pb.WatchCamerasResponse:  # type: ignore[type-arg]
    reply = await asyncio.wait_for(stream.read(), 20)
    assert isinstance(reply, pb.WatchCamerasResponse)
    return reply


async def _next_where(
    stream: grpc.aio.UnaryStreamCall,  # type: ignore[type-arg]
    wanted: Callable[[pb.WatchCamerasResponse], bool],
) -> pb.WatchCamerasResponse:
    """The next change that `wanted` accepts; health probes of new cameras come in between."""
    while not wanted(reply := await _next(stream)):
        assert reply.camera.health.state != pb.HEALTH_STATE_UNSPECIFIED  # only probes are skipped
    return reply


async def test_watch_gives_snapshot_then_changes(registry: Registry) -> None:
    existing = await _create(registry, "existing", *CENTER)
    stream = registry.stub.WatchCameras(pb.WatchCamerasRequest())
    first = await _next(stream)
    assert (first.change, first.camera.id) == (pb.WatchCamerasResponse.CHANGE_UPSERTED, existing.id)
    added = await _create(registry, "added", *CENTER)
    assert (await _next_where(stream, lambda r: r.camera.id == added.id)).camera.name == "added"
    await registry.stub.UpdateCamera(
        pb.UpdateCameraRequest(
            id=added.id,
            camera=pb.CameraInput(permissions=pb.Permissions(registry_only=True)),
            update_mask=["permissions"],
        )
    )
    changed = await _next_where(stream, lambda r: r.camera.permissions.registry_only)
    assert changed.camera.id == added.id and not changed.camera.permissions.live
    await registry.stub.DeleteCamera(pb.DeleteCameraRequest(id=existing.id))
    removed = await _next_where(stream, lambda r: r.change == r.CHANGE_REMOVED)
    assert removed.camera.id == existing.id
    stream.cancel()


async def test_a_watcher_that_falls_behind_is_dropped_not_waited_for(
    database_url: str, data_dir: Path
) -> None:
    async with running_registry(database_url, data_dir, watch_queue_size=10) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            await stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input(name="seed")))
            stream = stub.WatchCameras(pb.WatchCamerasRequest())
            assert (await _next(stream)).camera.name == "seed"  # subscribed from here on
            rows = [camera_input(name=f"bulk {i}", external_id=f"bulk-{i}") for i in range(50)]
            # Fifty changes at once into a queue of ten: the import completes regardless.
            imported = await stub.ImportCameras(pb.ImportCamerasRequest(cameras=rows))
            assert len(imported.rows) == 50
            received = 0
            with pytest.raises(grpc.aio.AioRpcError) as dropped:
                while True:
                    await _next(stream)
                    received += 1
            assert dropped.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert received < 50
            again = stub.WatchCameras(pb.WatchCamerasRequest())
            snapshot = [await _next(again) for _ in range(51)]
            assert len({m.camera.id for m in snapshot}) == 51
            again.cancel()


async def test_near_matches_a_brute_force_ranking(registry: Registry) -> None:
    rng = random.Random(11)
    points = {
        f"r{i}": (CENTER[0] + rng.uniform(-0.03, 0.03), CENTER[1] + rng.uniform(-0.04, 0.04))
        for i in range(150)
    }
    rows = [
        camera_input(name=name, external_id=name, location=pb.Location(lat=lat, lon=lon))
        for name, (lat, lon) in points.items()
    ]
    await registry.stub.ImportCameras(pb.ImportCamerasRequest(cameras=rows))
    for _ in range(10):
        lat, lon = CENTER[0] + rng.uniform(-0.02, 0.02), CENTER[1] + rng.uniform(-0.02, 0.02)
        radius, limit = rng.choice([200, 800, 3000, 6000]), rng.choice([1, 5, 40, 200])
        expected = sorted((haversine_m(lat, lon, *p), name) for name, p in points.items())
        expected = [e for e in expected if e[0] <= radius][:limit]
        reply = await registry.stub.SearchCameras(
            pb.SearchCamerasRequest(
                near=pb.NearPoint(lat=lat, lon=lon, radius_m=radius), limit=limit
            )
        )
        assert [h.camera.name for h in reply.hits] == [name for _, name in expected]
