"""Camera records over gRPC against the real service: create, read, change, remove, refuse."""

from __future__ import annotations

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb

from .conftest import Registry, camera_input, without_health


async def test_create_get_and_credentials_never_shown(registry: Registry) -> None:
    created = (
        await registry.stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input()))
    ).camera
    assert created.stream_url_redacted == "rtsp://***@10.0.0.5:554/stream1"
    assert created.retention_days == 30
    assert created.lifecycle == pb.LIFECYCLE_ACTIVE
    fetched = (await registry.stub.GetCamera(pb.GetCameraRequest(id=created.id))).camera
    assert without_health(fetched) == without_health(created)
    assert "s3cret" not in str(fetched)
    source = await registry.stub.GetStreamSource(pb.GetStreamSourceRequest(id=created.id))
    assert source.stream_url == "rtsp://admin:s3cret@10.0.0.5:554/stream1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"location": pb.Location(lat=91, lon=0)}, "location.lat"),
        ({"location": pb.Location(lat=0, lon=-180.5)}, "location.lon"),
        ({"stream_url": "ftp://cam/stream"}, "stream_url must start with"),
        ({"stream_url": "rtsp://"}, "stream_url has no host"),
        ({"stream_url": "rtsp://cam:99999/x"}, "invalid port"),
        ({"substream_url": "rtsp://cam/a b"}, "substream_url contains spaces"),
        ({"name": "  "}, "name is required"),
        ({"technology": "laser"}, "technology must be one of"),
        ({"retention_days": 5000}, "retention_days"),
        ({"tags": ["ok", "not ok!"]}, "tag 'not ok!'"),
        ({"permissions": pb.Permissions(registry_only=True, live=True)}, "registry_only excludes"),
        ({"ownership": pb.OWNERSHIP_UNSPECIFIED}, "ownership is required"),
        ({"rtsp_transport": "sctp"}, "rtsp_transport must be one of auto, tcp, udp"),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    registry: Registry, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await registry.stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input(**overrides)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (caught.value.details() or "")
    listed = await registry.stub.ListCameras(pb.ListCamerasRequest())
    assert list(listed.cameras) == []


async def test_update_mask_lifecycle_and_external_id(registry: Registry) -> None:
    first = (
        await registry.stub.CreateCamera(
            pb.CreateCameraRequest(
                camera=camera_input(external_id="city-1", lifecycle=pb.LIFECYCLE_PENDING)
            )
        )
    ).camera
    second = (
        await registry.stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input(name="Other")))
    ).camera
    updated = (
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=first.id,
                camera=pb.CameraInput(
                    name="Renamed", lifecycle=pb.LIFECYCLE_ACTIVE, tags=["downtown"]
                ),
                update_mask=["name", "lifecycle", "tags"],
            )
        )
    ).camera
    assert (updated.name, updated.lifecycle, list(updated.tags)) == (
        "Renamed",
        pb.LIFECYCLE_ACTIVE,
        ["downtown"],
    )
    assert updated.stream_url_redacted == first.stream_url_redacted  # not in the mask: kept
    fetched = (await registry.stub.GetCamera(pb.GetCameraRequest(id=first.id))).camera
    assert without_health(fetched) == without_health(updated)
    with pytest.raises(grpc.aio.AioRpcError) as taken:
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=second.id,
                camera=pb.CameraInput(external_id="city-1"),
                update_mask=["external_id"],
            )
        )
    assert taken.value.code() == grpc.StatusCode.ALREADY_EXISTS
    await registry.stub.UpdateCamera(
        pb.UpdateCameraRequest(
            id=first.id,
            camera=pb.CameraInput(lifecycle=pb.LIFECYCLE_RETIRED),
            update_mask=["lifecycle"],
        )
    )
    with pytest.raises(grpc.aio.AioRpcError) as back:
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=first.id,
                camera=pb.CameraInput(lifecycle=pb.LIFECYCLE_ACTIVE),
                update_mask=["lifecycle"],
            )
        )
    assert "a retired camera cannot become active" in (back.value.details() or "")
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(id=first.id, camera=pb.CameraInput(), update_mask=["colour"])
        )
    assert "colour" in (unknown.value.details() or "")


async def test_list_pages_and_delete(registry: Registry) -> None:
    ids = [
        (
            await registry.stub.CreateCamera(
                pb.CreateCameraRequest(camera=camera_input(name=f"c{i}"))
            )
        ).camera.id
        for i in range(5)
    ]
    seen: list[str] = []
    token = ""
    while True:
        page = await registry.stub.ListCameras(pb.ListCamerasRequest(page_size=2, page_token=token))
        seen += [c.id for c in page.cameras]
        token = page.next_page_token
        if not token:
            break
    assert seen == sorted(ids)
    await registry.stub.DeleteCamera(pb.DeleteCameraRequest(id=ids[0]))
    with pytest.raises(grpc.aio.AioRpcError) as gone:
        await registry.stub.GetCamera(pb.GetCameraRequest(id=ids[0]))
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as nonsense:
        await registry.stub.GetCamera(pb.GetCameraRequest(id="'; drop table cameras"))
    assert nonsense.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_camera_has_an_rtsp_transport(registry: Registry) -> None:
    """auto unless said; tcp or udp for a camera that needs one (VLC's server: UDP only)."""
    created = (
        await registry.stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input()))
    ).camera
    assert created.rtsp_transport == "auto"
    updated = (
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=created.id,
                camera=pb.CameraInput(rtsp_transport="UDP"),
                update_mask=["rtsp_transport"],
            )
        )
    ).camera
    assert updated.rtsp_transport == "udp"
    back = (
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=created.id, camera=pb.CameraInput(), update_mask=["rtsp_transport"]
            )
        )
    ).camera
    assert back.rtsp_transport == "auto"
