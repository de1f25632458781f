"""Camera URLs may not point at the center's own services (SSRF): refused when stored, and never
probed when a name resolves inside."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.stream_policy import StreamAddressPolicy
from rtcc_camera_registry.testing import running_registry
from rtcc_common.errors import InvalidArgument

from .conftest import camera_input

STRICT = StreamAddressPolicy.build(schemes=["rtsp", "rtsps"], denied=["10.20.0.0/16"], allowed=[])


@pytest.mark.parametrize(
    "url",
    [
        "rtsp://127.0.0.1:5432/",
        "rtsp://127.1.2.3/x",
        "rtsp://[::1]:50061/",
        "rtsp://localhost:50062/",
        "rtsp://cam.localhost/",
        "rtsp://169.254.169.254/latest/meta-data",
        "rtsp://0.0.0.0:554/",
        "rtsp://[::ffff:127.0.0.1]/",
        "rtsp://10.20.3.4/",  # a network the operator denied (the suite's own)
        "http://203.0.113.9/mjpeg",  # http is not a scheme this center's cameras use
    ],
)
def test_refused_targets(url: str) -> None:
    with pytest.raises(InvalidArgument):
        STRICT.check_url("stream_url", url)


def test_private_ranges_are_for_city_cameras_not_public_registrations() -> None:
    STRICT.check_url("stream_url", "rtsp://10.0.0.5/stream1")
    STRICT.check_url("stream_url", "rtsp://cam.example.org/stream1")
    for url in ("rtsp://10.0.0.5/stream1", "rtsp://192.168.1.20/", "rtsp://[fd00::5]/"):
        with pytest.raises(InvalidArgument):
            STRICT.check_url("stream_url", url, public=True)
    STRICT.check_url("stream_url", "rtsp://203.0.113.9/live", public=True)


async def test_a_name_that_resolves_inside_is_refused_at_connection() -> None:
    assert await STRICT.check_connect("rtsp://localhost:5432/") is not None
    demo = StreamAddressPolicy.build(schemes=["rtsp"], denied=[], allowed=["127.0.0.0/8"])
    assert await demo.check_connect("rtsp://localhost:5432/") is None


async def test_the_registry_refuses_internal_targets(database_url: str, data_dir: Path) -> None:
    """Against the real service with its production defaults: neither a camera nor an import
    may aim at this host, and nothing is stored."""
    async with (
        running_registry(database_url, data_dir, stream_allowed_networks=[]) as running,
        grpc.aio.insecure_channel(running.address) as channel,
    ):
        stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
        for url in ("rtsp://127.0.0.1:5432/", "rtsp://localhost:50061/"):
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.CreateCamera(pb.CreateCameraRequest(camera=camera_input(stream_url=url)))
            assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert "may not point" in (caught.value.details() or "")
        imported = await stub.ImportCameras(
            pb.ImportCamerasRequest(
                cameras=[camera_input(external_id="x1", stream_url="rtsp://127.0.0.1:5432/")]
            )
        )
        assert imported.rows[0].outcome == pb.ImportRowResult.OUTCOME_FAILED
        listed = await stub.ListCameras(pb.ListCamerasRequest(page_size=10))
        assert list(listed.cameras) == []
