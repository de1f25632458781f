"""Look back through the public API: the real camera registry, a real recorder recording a camsim
camera, and the gateway on a real HTTP port, so ffmpeg can play its HLS like a viewer would."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import subprocess
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import httpx
import pytest
import uvicorn

import rtcc_camera_registry
import rtcc_cases
import rtcc_recorder
from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cases.server import build_server as build_cases
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import running_service
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings
from rtcc_recorder.server import build_server as build_recorder
from rtcc_recorder.testing import decoded_frames, recorder_test_settings, small_camera, wait_for

REGISTRY_MIGRATIONS = Path(rtcc_camera_registry.__file__).parent / "migrations"
RECORDER_MIGRATIONS = Path(rtcc_recorder.__file__).parent / "migrations"
CASES_MIGRATIONS = Path(rtcc_cases.__file__).parent / "migrations"


@dataclass
class Stack:
    http: httpx.AsyncClient
    base_url: str
    token: str
    key: bytes
    camera_id: str
    began: datetime

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"authorization": f"Bearer {token or self.token}"}


async def _create_camera(address: str, url: str, name: str, lat: float, lon: float) -> str:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
        reply = await stub.CreateCamera(
            registry_pb.CreateCameraRequest(
                camera=registry_pb.CameraInput(
                    name=name,
                    ownership=registry_pb.OWNERSHIP_CITY,
                    technology="fixed",
                    location=registry_pb.Location(lat=lat, lon=lon, address="1 Main St"),
                    stream_url=url,
                    permissions=registry_pb.Permissions(live=True, record=True),
                    lifecycle=registry_pb.LIFECYCLE_ACTIVE,
                )
            )
        )
        return str(reply.camera.id)


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    began = datetime.now(UTC)
    registry_settings = RegistrySettings(
        stream_allowed_networks=["127.0.0.0/8"],  # camsim serves on this host
        data_dir=tmp_path / "registry",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'registry.sqlite'}",
    )
    async with AsyncExitStack() as exits:
        cameras = exits.enter_context(CameraSimulator([small_camera("cam1")], port=0))
        async with running_service(
            registry_settings, build_registry, migrations_dir=REGISTRY_MIGRATIONS
        ) as registry:
            camera_id = await _create_camera(
                registry.address, cameras.url("cam1"), "cam1", 41.88, -87.63
            )
            await _create_camera(registry.address, cameras.url("cam1"), "far", 41.99, -87.63)
            recorder_settings = recorder_test_settings(
                data_dir=tmp_path / "recorder",
                database_url=f"sqlite+aiosqlite:///{tmp_path / 'recorder.sqlite'}",
                registry_addr=registry.address,
            )
            async with running_service(
                recorder_settings, build_recorder, migrations_dir=RECORDER_MIGRATIONS
            ) as recorder:
                # The cases service writes a download of evidence into its chain of custody.
                cases_settings = CasesSettings(
                    data_dir=tmp_path / "cases",
                    database_url=f"sqlite+aiosqlite:///{tmp_path / 'cases.sqlite'}",
                    recorder_addr=recorder.address,
                )
                cases = await exits.enter_async_context(
                    running_service(cases_settings, build_cases, migrations_dir=CASES_MIGRATIONS)
                )
                settings = GatewaySettings(
                    data_dir=tmp_path / "gateway",
                    camera_registry_addr=registry.address,
                    recorder_addr=recorder.address,
                    cases_addr=cases.address,
                )
                app = create_app(settings)
                sock = socket.socket()
                sock.bind(("127.0.0.1", 0))
                server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
                task = asyncio.create_task(server.serve(sockets=[sock]))
                assert settings.token_key_file is not None
                key = load_or_create_signing_key(settings.token_key_file)
                base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
                try:

                    async def started() -> bool:
                        return bool(server.started)

                    await wait_for(started)
                    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
                        yield Stack(
                            http=http,
                            base_url=base_url,
                            token=issue_token(key, role="detective", subject="det.ana"),
                            key=key,
                            camera_id=camera_id,
                            began=began,
                        )
                finally:
                    server.should_exit = True
                    await asyncio.wait_for(task, timeout=30)
                    sock.close()


def _window(stack: Stack) -> dict[str, str]:
    return {
        "start": (stack.began - timedelta(seconds=30)).isoformat(),
        "end": (datetime.now(UTC) + timedelta(seconds=30)).isoformat(),
    }


async def _wait_for_segments(stack: Stack, count: int) -> dict:  # type: ignore[type-arg]
    async def enough() -> dict | None:  # type: ignore[type-arg]
        reply = await stack.http.get(
            f"/v1/cameras/{stack.camera_id}/recordings",
            params=_window(stack),
            headers=stack.headers(),
        )
        assert reply.status_code == 200, reply.text
        body = reply.json()
        return body if len(body["segments"]) >= count else None

    return await wait_for(enough, within_s=90)  # type: ignore[no-any-return]


def _ffmpeg_ok(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ffmpeg", "-v", "error", *args], capture_output=True, check=False)


async def test_recordings_playback_snapshot_and_refusals(stack: Stack) -> None:
    body = await _wait_for_segments(stack, 4)
    assert body["recorded_s"] > 6
    path = f"/v1/cameras/{stack.camera_id}/playback.m3u8"
    no_reason = await stack.http.get(path, params=_window(stack), headers=stack.headers())
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["detail"][0]["msg"]

    params = {**_window(stack), "reason": "robbery at 1 Main St"}
    playlist = await stack.http.get(path, params=params, headers=stack.headers())
    assert playlist.status_code == 200
    assert playlist.headers["content-type"].startswith("application/vnd.apple.mpegurl")
    uris = [line for line in playlist.text.splitlines() if line.startswith("/v1/")]
    assert len(uris) >= 4
    segment = await stack.http.get(uris[0])  # the signed URL is the permission
    assert segment.status_code == 200 and segment.content[:1] == b"\x47"  # MPEG-TS sync byte
    forged_uri = uris[0][:-1] + ("0" if uris[0][-1] != "0" else "1")
    forged = await stack.http.get(forged_uri)
    assert forged.status_code == 403

    # ffmpeg plays the whole playlist over HTTP, and seeks into it.
    url = f"{stack.base_url}{path}?" + str(httpx.QueryParams(params))
    auth = f"Authorization: Bearer {stack.token}\r\n"
    played = await asyncio.to_thread(_ffmpeg_ok, "-headers", auth, "-i", url, "-f", "null", "-")
    assert played.returncode == 0, played.stderr[-500:]
    sought = await asyncio.to_thread(
        _ffmpeg_ok, "-headers", auth, "-ss", "3", "-i", url, "-frames:v", "1", "-f", "null", "-"
    )
    assert sought.returncode == 0, sought.stderr[-500:]

    at = body["segments"][1]["start"]
    shot = await stack.http.get(
        f"/v1/cameras/{stack.camera_id}/snapshot.jpg",
        params={"at": at, "reason": "identify the car"},
        headers=stack.headers(),
    )
    assert shot.status_code == 200 and shot.content.startswith(b"\xff\xd8")

    today = datetime.now(UTC).date().isoformat()
    storage = await stack.http.get(
        f"/v1/cameras/{stack.camera_id}/storage",
        params={"first_day": today, "last_day": today},
        headers=stack.headers(),
    )
    assert storage.status_code == 200
    [day] = storage.json()
    assert day["day"] == today and day["bytes"] > 0 and day["recorded_s"] > 6
    assert 0 < day["availability_pct"] <= 100
    events = await stack.http.get("/v1/recordings/events", headers=stack.headers())
    assert events.status_code == 200 and isinstance(events.json(), list)

    backwards = {"start": _window(stack)["end"], "end": _window(stack)["start"]}
    bad = await stack.http.get(
        f"/v1/cameras/{stack.camera_id}/recordings", params=backwards, headers=stack.headers()
    )
    assert bad.status_code == 400
    auditor = issue_token(stack.key, role="auditor", subject="council")
    denied = await stack.http.get(
        f"/v1/cameras/{stack.camera_id}/recordings",
        params=_window(stack),
        headers=stack.headers(auditor),
    )
    assert denied.status_code == 403


async def _finished_export(stack: Stack, export_id: str) -> dict:  # type: ignore[type-arg]
    async def done() -> dict | None:  # type: ignore[type-arg]
        reply = await stack.http.get(f"/v1/exports/{export_id}", headers=stack.headers())
        assert reply.status_code == 200
        export = reply.json()
        assert export["status"] != "failed", export["error"]
        return export if export["status"] == "done" else None

    return await wait_for(done, within_s=90)  # type: ignore[no-any-return]


async def test_export_and_canvass(stack: Stack, tmp_path: Path) -> None:
    body = await _wait_for_segments(stack, 3)
    start, end = body["segments"][0]["start"], body["segments"][2]["end"]
    request = {"camera_id": stack.camera_id, "start": start, "end": end, "reason": "robbery"}
    missing_reason = await stack.http.post(
        "/v1/exports", json={**request, "reason": ""}, headers=stack.headers()
    )
    assert missing_reason.status_code == 400
    nothing_there = await stack.http.post(
        "/v1/exports",
        json={**request, "start": "2001-01-01T00:00:00Z", "end": "2001-01-01T00:01:00Z"},
        headers=stack.headers(),
    )
    assert nothing_there.status_code == 400
    created = await stack.http.post(
        "/v1/exports", json={**request, "case_number": "24-001"}, headers=stack.headers()
    )
    assert created.status_code == 202, created.text
    export = await _finished_export(stack, created.json()["id"])
    assert export["manifest"]["requested_by"] == "det.ana"
    assert export["manifest"]["case_number"] == "24-001"
    assert len(export["manifest"]["segments"]) == 3
    download = await stack.http.get(export["file_url"], headers=stack.headers())
    assert download.status_code == 200
    digest = hashlib.sha256(download.content).hexdigest()
    assert digest == export["sha256"] == download.headers["x-content-sha256"]
    saved = tmp_path / "export.mp4"
    saved.write_bytes(download.content)
    assert await asyncio.to_thread(decoded_frames, saved) >= 15 * 5

    canvass = await stack.http.post(
        "/v1/canvass",
        json={
            "lat": 41.8801, "lon": -87.6301, "radius_m": 500, "start": start, "end": end,
            "reason": "robbery canvass", "export": True,
        },
        headers=stack.headers(),
    )  # fmt: skip
    assert canvass.status_code == 200, canvass.text
    found = canvass.json()["cameras"]
    assert [c["camera_id"] for c in found] == [stack.camera_id]  # "far" is 13 km away
    assert found[0]["coverage_pct"] > 90
    second = await _finished_export(stack, found[0]["export"]["id"])
    assert second["sha256"] and second["id"] != export["id"]
