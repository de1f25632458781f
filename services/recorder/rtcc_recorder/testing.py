"""What the recorder's tests, the gateway's recording tests and the recorder bench share: the
real camera registry driven by camera name, short test timings, recorder processes, polling."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2, recorder_pb2_grpc
from rtcc_cli.camsim import CameraSpec
from rtcc_recorder.settings import Settings


@dataclass
class RegistryCameras:
    """The real camera registry, driven through its contract, with cameras known by name."""

    address: str
    ids: dict[str, str] = field(default_factory=dict)

    def id(self, name: str) -> str:
        return self.ids[name]

    async def put(
        self, name: str, url: str, *, record: bool = True, lat: float = 41.88, lon: float = -87.63
    ) -> str:
        """Register a camera, or change whether it may be recorded."""
        camera = pb.CameraInput(
            name=name,
            ownership=pb.OWNERSHIP_CITY,
            technology="fixed",
            location=pb.Location(lat=lat, lon=lon, address="1 Main St"),
            stream_url=url,
            permissions=pb.Permissions(live=True, record=record),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        async with grpc.aio.insecure_channel(self.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            if name in self.ids:
                await stub.UpdateCamera(
                    pb.UpdateCameraRequest(
                        id=self.ids[name], camera=camera, update_mask=["permissions"]
                    )
                )
            else:
                reply = await stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
                self.ids[name] = reply.camera.id
        return self.ids[name]

    async def remove(self, name: str) -> None:
        async with grpc.aio.insecure_channel(self.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            await stub.DeleteCamera(pb.DeleteCameraRequest(id=self.ids[name]))


def recorder_test_settings(
    *, data_dir: Path, database_url: str, registry_addr: str, **overrides: Any
) -> Settings:
    """Short segments and quick reactions, so tests see in seconds what production sees in
    minutes."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "camera_registry_addr": registry_addr,
        "segment_s": 2.0,
        "stall_timeout_s": 6.0,
        "reconnect_min_s": 0.5,
        "reconnect_max_s": 2.0,
        "lease_ttl_s": 6.0,
        "lease_interval_s": 1.0,
        "registry_retry_s": 1.0,
        "min_free_bytes": 0,
        "sweep_interval_s": 3600.0,
        "long_outage_s": 5.0,
    }
    values.update(overrides)
    return Settings(**values)


def small_camera(name: str) -> CameraSpec:
    """A cheap camera with a keyframe every second, so 2-second segments cut cleanly."""
    return CameraSpec(
        name=name, width=320, height=180, fps=15, bitrate_kbps=300, keyframe_interval=15
    )


async def wait_for(
    condition: Callable[[], Awaitable[Any]], *, within_s: float = 60.0, interval: float = 0.5
) -> Any:
    """Poll until `condition` returns something truthy; its value is returned."""
    deadline = time.monotonic() + within_s
    while True:
        value = await condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within_s} s")
        await asyncio.sleep(interval)


async def finished_export(
    stub: recorder_pb2_grpc.RecorderServiceStub, export_id: str
) -> recorder_pb2.Export:
    """The export once done; a failed export fails the test with the recorder's error."""

    async def done() -> recorder_pb2.Export | None:
        found = (await stub.GetExport(recorder_pb2.GetExportRequest(id=export_id))).export
        assert found.status != "failed", found.error
        return found if found.status == "done" else None

    export: recorder_pb2.Export = await wait_for(done)
    return export


def stamp(seconds: float) -> Timestamp:
    value = Timestamp()
    value.FromNanoseconds(int(seconds * 1e9))
    return value


def seconds(value: Timestamp) -> float:
    """A timestamp as float seconds (Timestamp.ToSeconds drops the fraction)."""
    return float(value.ToNanoseconds()) / 1e9


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RecorderProcess:
    """`python -m rtcc_recorder` as `rtcc up` starts it, configured by environment variables."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, **self.env, "RTCC_RECORDER_GRPC_PORT": str(self.port)}
        env.setdefault("RTCC_RECORDER_METRICS_PORT", "0")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rtcc_recorder"], env=env, start_new_session=True
        )

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a crash."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def recorder_env(
    *, data_dir: Path, database_url: str, registry_addr: str, instance_id: str
) -> dict[str, str]:
    """The environment of a recorder process with the short test timings."""
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry_addr
    )
    names = (
        "segment_s", "stall_timeout_s", "reconnect_min_s", "reconnect_max_s", "lease_ttl_s",
        "lease_interval_s", "registry_retry_s", "min_free_bytes", "sweep_interval_s",
    )  # fmt: skip
    env = {f"RTCC_RECORDER_{name.upper()}": str(getattr(settings, name)) for name in names}
    env.update(
        {
            "RTCC_DATA_DIR": str(data_dir),
            "RTCC_DATABASE_URL": database_url,
            "RTCC_RECORDER_CAMERA_REGISTRY_ADDR": registry_addr,
            "RTCC_RECORDER_INSTANCE_ID": instance_id,
        }
    )
    return env


def decoded_frames(path: Path) -> int:
    """Frames ffprobe decodes from a file's first video stream; 0 when it reports any error."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    if result.returncode != 0 or result.stderr.strip():
        return 0
    # MPEG-TS files list the stream again under their program: the first line is the one.
    return int((result.stdout.decode().split() or ["0"])[0])
