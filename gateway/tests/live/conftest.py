"""What live-view tests share: the real camera registry, simulated RTSP cameras, the gateway on a
real HTTP port (browsers need one), an aiortc viewer that decodes what the gateway relays, and
Debian's headless Chromium."""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import grpc
import httpx
import pytest
import uvicorn
from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from playwright.async_api import BrowserContext, async_playwright

import rtcc_camera_registry
from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.chromium import CHROMIUM, CHROMIUM_FLAGS
from rtcc_common.testing import running_service
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings

REGISTRY_MIGRATIONS = Path(rtcc_camera_registry.__file__).parent / "migrations"
WAIT_S = 60.0
RegistryStub: TypeAlias = camera_registry_pb2_grpc.CameraRegistryServiceStub


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = WAIT_S) -> None:
    """Polls until `check` holds; a loaded machine gets all the time it needs."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.2)


OfferRewrite = Callable[[str], str]


class Viewer:
    """An aiortc peer that watches one camera through the gateway and decodes what it gets.

    `audio` adds a receive-only audio transceiver, as players that want sound offer; `rewrite`
    turns the peer's offer into another browser's (test_live_browser_offers.py)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str,
        *,
        codec: str = "H264",
        audio: bool = False,
        rewrite: OfferRewrite | None = None,
    ) -> None:
        self._http = http
        self._headers = {"authorization": f"Bearer {token}"}
        self._codec = codec
        self._audio = audio
        self._rewrite = rewrite
        self.peer = RTCPeerConnection()
        self.frames: list[tuple[int, int]] = []
        self.track_ended = asyncio.Event()
        self.location: str | None = None
        self.offer = ""
        self._reader: asyncio.Task[None] | None = None

    async def watch(self, camera_id: str, stream: str = "main") -> httpx.Response:
        if self._audio:
            self.peer.addTransceiver("audio", direction="recvonly")
        transceiver = self.peer.addTransceiver("video", direction="recvonly")
        codecs = RTCRtpSender.getCapabilities("video").codecs
        transceiver.setCodecPreferences([c for c in codecs if c.mimeType == f"video/{self._codec}"])
        self.peer.on("track", self._on_track)
        await self.peer.setLocalDescription(await self.peer.createOffer())
        self.offer = self.peer.localDescription.sdp
        if self._rewrite is not None:
            self.offer = self._rewrite(self.offer)
        reply = await self._http.post(
            f"/v1/cameras/{camera_id}/whep",
            params={"stream": stream},
            content=self.offer,
            headers={**self._headers, "content-type": "application/sdp"},
        )
        if reply.status_code == 201:
            self.location = reply.headers["location"]
            await self.peer.setRemoteDescription(RTCSessionDescription(reply.text, "answer"))
        return reply

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "video":
            self._reader = asyncio.create_task(self._read(track))

    async def _read(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                self.frames.append((frame.width, frame.height))  # type: ignore[union-attr]
        except MediaStreamError:
            self.track_ended.set()

    async def wait_frames(self, count: int) -> None:
        start = len(self.frames)

        async def enough() -> bool:
            return len(self.frames) >= start + count

        await eventually(enough)

    async def hang_up(self) -> httpx.Response:
        assert self.location is not None
        reply = await self._http.delete(self.location, headers=self._headers)
        await self.close()
        return reply

    async def close(self) -> None:
        await self.peer.close()
        if self._reader is not None:
            self._reader.cancel()


def _free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def cameras() -> Iterator[CameraSimulator]:
    def spec(name: str, width: int, height: int) -> CameraSpec:
        return CameraSpec(
            name=name, width=width, height=height, fps=15, bitrate_kbps=500, keyframe_interval=30
        )

    specs = [spec("front", 640, 360), spec("lobby", 640, 360)]
    specs += [spec(name, 320, 180) for name in ("front-sub", "porch", "garage", "doorbell")]
    with CameraSimulator(specs, host="127.0.0.1", port=0) as sim:
        yield sim


@pytest.fixture(scope="module")
async def registry(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    data_dir = tmp_path_factory.mktemp("registry")
    settings = RegistrySettings(
        data_dir=data_dir,
        database_url=f"sqlite+aiosqlite:///{data_dir / 'registry.sqlite'}",
        stream_allowed_networks=["127.0.0.0/8"],  # the simulated cameras on this host
    )
    async with running_service(settings, build_registry, migrations_dir=REGISTRY_MIGRATIONS) as r:
        yield r.address


@pytest.fixture(scope="module")
async def registry_stub(
    registry: str,
) -> AsyncIterator[RegistryStub]:
    async with grpc.aio.insecure_channel(registry) as channel:
        yield RegistryStub(channel)


@pytest.fixture(scope="module")
async def camera_ids(registry_stub: RegistryStub, cameras: CameraSimulator) -> dict[str, str]:
    """Front has a sub-stream; the garage's owner withheld live view; the porch's withdraws it."""

    async def create(name: str, *, live: bool, substream: str = "") -> str:
        camera = pb.CameraInput(
            name=name,
            ownership=pb.OWNERSHIP_BUSINESS,
            technology="fixed",
            location=pb.Location(lat=41.88, lon=-87.63, address="1 Main St"),
            stream_url=cameras.url(name),
            substream_url=substream,
            permissions=pb.Permissions(live=live, record=True),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        reply = await registry_stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
        return str(reply.camera.id)

    return {
        "front": await create("front", live=True, substream=cameras.url("front-sub")),
        "lobby": await create("lobby", live=True),
        "porch": await create("porch", live=True),
        "garage": await create("garage", live=False),
    }


@pytest.fixture(scope="module")
async def gateway(
    registry: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[str, bytes]]:
    """The gateway on a real port (browsers need one); yields its URL and its token key."""
    data_dir = tmp_path_factory.mktemp("gateway")
    settings = GatewaySettings(
        data_dir=data_dir,
        camera_registry_addr=registry,
        live_idle_close_s=1.0,
        # Short enough for a test to see a viewer that never connects let go.
        live_connect_timeout_s=10.0,
    )
    app = create_app(settings)
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))

    async def started() -> bool:
        return bool(server.started)

    await eventually(started)
    assert settings.token_key_file is not None
    try:
        yield (
            f"http://127.0.0.1:{sock.getsockname()[1]}",
            load_or_create_signing_key(settings.token_key_file),
        )
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=30)
        sock.close()


@pytest.fixture
async def http(gateway: tuple[str, bytes]) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway[0], timeout=30) as client:
        yield client


class Tokens:
    """Access tokens signed with the gateway's own key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def token(self, role: str = "analyst", subject: str = "ana") -> str:
        return issue_token(self._key, role=role, subject=subject)

    def bearer(self, role: str = "analyst", subject: str = "ana") -> dict[str, str]:
        return {"authorization": f"Bearer {self.token(role, subject)}"}


@pytest.fixture
def tokens(gateway: tuple[str, bytes]) -> Tokens:
    return Tokens(gateway[1])


@pytest.fixture
async def viewers(http: httpx.AsyncClient, tokens: Tokens) -> AsyncIterator[Callable[..., Viewer]]:
    """Makes aiortc viewers (`viewers(role=..., subject=..., codec=..., audio=...,
    rewrite=...)`); closes them after."""
    made: list[Viewer] = []

    def make(role: str = "analyst", subject: str = "ana", **options: Any) -> Viewer:
        viewer = Viewer(http, tokens.token(role, subject), **options)
        made.append(viewer)
        return viewer

    yield make
    for viewer in made:
        await viewer.close()


@pytest.fixture
def wait_until() -> Callable[[Callable[[], Awaitable[bool]]], Awaitable[None]]:
    """Polls an async condition until it holds (generous: the machine may be loaded)."""
    return eventually


@pytest.fixture
def session_end_reason(http: httpx.AsyncClient, tokens: Tokens) -> Callable[[str], Awaitable[str]]:
    """Waits until the live session at a WHEP location has ended; says why it ended."""

    async def wait(location: str) -> str:
        session_id = location.rsplit("/", 1)[1]
        found: dict[str, Any] = {}

        async def ended() -> bool:
            reply = await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))
            found.update(next((s for s in reply.json()["ended"] if s["id"] == session_id), {}))
            return bool(found)

        await eventually(ended)
        return str(found["end_reason"])

    return wait


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    """Debian's headless Chromium (skipped where it is not installed)."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip("needs Debian's chromium")
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
        )
        try:
            yield context
        finally:
            await context.close()
