"""Recording cameras as they come in the field: H.264 parameter sets only in the SDP, AAC or
G.711 audio beside the pictures, RTSP digest credentials, H.265. Every segment must play on
its own (an HLS player may start on any), a playlist of them must play through, and an
export must keep picture and sound."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import grpc
import pytest

import rtcc_camera_registry
from rtcc.camera_registry.v1 import camera_registry_pb2 as rpb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.testing import running_service
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    decoded_frames,
    finished_export,
    recorder_test_settings,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
REGISTRY_MIGRATIONS = Path(rtcc_camera_registry.__file__).parent / "migrations"
PASSWORD = "p@ss:w/rd#1"
# Camera -> what its segments hold: (video codec, audio codec or None).
EXPECTED = {
    "sprop-only": ("h264", None),
    "with-aac": ("h264", "aac"),
    "with-pcmu": ("h264", "aac"),  # G.711 cannot go into MPEG-TS: encoded to AAC
    "with-pcma": ("h264", "aac"),
    "with-digest": ("h264", None),
    "hevc": ("hevc", None),
}


def _spec(name: str, **variant: Any) -> CameraSpec:
    return CameraSpec(
        name=name, width=320, height=180, fps=15, bitrate_kbps=300, keyframe_interval=15, **variant
    )


@pytest.fixture
def variant_cameras() -> Iterator[CameraSimulator]:
    specs = [
        _spec("sprop-only", parameter_sets="out_of_band"),
        _spec("with-aac", audio="aac"),
        _spec("with-pcmu", audio="pcmu", parameter_sets="out_of_band"),
        _spec("with-pcma", audio="pcma"),
        _spec("with-digest", username="admin", password=PASSWORD),
        _spec("hevc", codec="h265"),
    ]
    with CameraSimulator(specs, port=0) as sim:
        yield sim


def streams_of(path: Path) -> tuple[str | None, str | None]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
         "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = {s["codec_type"]: s["codec_name"] for s in json.loads(result.stdout)["streams"]}
    assert set(found) <= {"video", "audio"}, f"{path.name} holds {found}"
    return found.get("video"), found.get("audio")


def plays_through(playlist: Path) -> int:
    """Pictures ffmpeg decodes from an HLS playlist; any decoding error fails the test."""
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-allowed_extensions", "ALL", "-i", str(playlist),
         "-map", "0:v", "-f", "framemd5", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert not result.stderr.strip(), result.stderr
    return sum(1 for line in result.stdout.splitlines() if not line.startswith("#"))


def hls_playlist(root: Path, segments: list[pb.Segment], into: Path) -> Path:
    """The playlist the gateway serves for these segments, pointing at the files."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:8", "#EXT-X-PLAYLIST-TYPE:VOD"]
    for index, segment in enumerate(segments):
        if index:
            lines.append("#EXT-X-DISCONTINUITY")
        lines += [f"#EXTINF:{segment.duration_s:.3f},", str(root / segment.path)]
    into.write_text("\n".join([*lines, "#EXT-X-ENDLIST"]) + "\n")
    return into


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_kind_of_camera_records_segments_that_play(
    database_url: str,
    data_dir: Path,
    variant_cameras: CameraSimulator,
    registry: RegistryCameras,
) -> None:
    began = time.time()
    ids = {name: await registry.put(name, variant_cameras.url(name)) for name in EXPECTED}
    # Segments longer than ffmpeg's start-up backlog (it reads ahead while it learns the
    # streams, most with audio): two segments finished within one second would share a name.
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address, segment_s=4.0
    )
    root = settings.recordings_path
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def recorded(name: str) -> list[pb.Segment] | None:
                reply = await stub.ListRecordings(
                    pb.ListRecordingsRequest(
                        camera_id=ids[name], start=stamp(began - 60), end=stamp(time.time() + 60)
                    )
                )
                return list(reply.segments) if len(reply.segments) >= 2 else None

            for name, (video, audio) in EXPECTED.items():
                segments = (await wait_for(partial(recorded, name)))[:2]
                pictures = 0
                for segment in segments:
                    path = root / segment.path
                    assert streams_of(path) == (video, audio), f"{name}: {segment.path}"
                    assert segment.duration_s >= 3, f"{name}: {segment.path} {segment.duration_s}"
                    decoded = decoded_frames(path)
                    assert decoded > 0, f"{name}: {segment.path} does not decode"
                    pictures += decoded
                # Played as the gateway serves them, every picture of both segments shows (how
                # many the camera sent in a segment's seconds depends on the machine's load).
                playlist = hls_playlist(root, segments, data_dir / f"{name}.m3u8")
                assert plays_through(playlist) == pictures, name

            # An export of the G.711 camera keeps its pictures and its (now AAC) sound.
            segments = await recorded("with-pcmu")
            assert segments is not None
            created = await stub.CreateExport(
                pb.CreateExportRequest(
                    camera_id=ids["with-pcmu"], start=segments[0].start, end=segments[1].end,
                    reason="doorbell footage", case_number="24-002", requested_by="det.ana",
                )
            )  # fmt: skip

            export = await finished_export(stub, created.export.id)
            exported = data_dir / "export.mp4"
            exported.write_bytes(
                b"".join(
                    [
                        c.chunk
                        async for c in stub.ReadExportFile(pb.ReadExportFileRequest(id=export.id))
                    ]
                )
            )
            assert streams_of(exported) == ("h264", "aac")
            assert decoded_frames(exported) >= 0.9 * sum(
                decoded_frames(root / segment.path) for segment in segments[:2]
            )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_camera_asking_for_basic_credentials_is_recorded(
    database_url: str, data_dir: Path, registry: RegistryCameras
) -> None:
    spec = _spec("with-basic", username="viewer", password=PASSWORD)
    with CameraSimulator([spec], port=0, rtsp_auth="basic") as cameras:
        # The registry keeps the URL, credentials and all, encrypted; the recorder asks it.
        camera_id = await registry.put("with-basic", cameras.url("with-basic"))
        settings = recorder_test_settings(
            data_dir=data_dir, database_url=database_url, registry_addr=registry.address
        )
        async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
            async with grpc.aio.insecure_channel(running.address) as channel:
                stub = recorder_pb2_grpc.RecorderServiceStub(channel)

                async def recorded() -> list[pb.Segment] | None:
                    reply = await stub.ListRecordings(
                        pb.ListRecordingsRequest(
                            camera_id=camera_id, start=stamp(time.time() - 120),
                            end=stamp(time.time() + 60),
                        )
                    )  # fmt: skip
                    return list(reply.segments) or None

                [first, *_] = await wait_for(recorded)
                assert decoded_frames(settings.recordings_path / first.path) > 0


# Cameras the project was not first written against: B-frames (H.264 High profile, H.265), Motion
# JPEG, and a server that offers RTSP over UDP only (TCP refused with 461, as VLC's).
KINDS = {
    # camera -> (video codec in the segments, B-frames kept, transcoded_from, transport)
    "high-bframes": ("h264", True, "", "tcp"),
    "hevc-bframes": ("hevc", True, "", "tcp"),
    "mjpeg": ("h264", False, "mjpeg", "tcp"),
    "udp-only": ("h264", False, "", "udp"),
}


def _kind_specs() -> list[CameraSpec]:
    return [
        _spec("high-bframes", b_frames=3),
        _spec("hevc-bframes", codec="h265", b_frames=2),
        CameraSpec(name="mjpeg", width=320, height=176, fps=15, codec="mjpeg"),
        _spec("udp-only", transports="udp"),
    ]


def has_b_frames(path: Path) -> bool:
    """Whether the stream as recorded has pictures in another order than it is decoded."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts,dts", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    pairs = [line.split(",")[:2] for line in result.stdout.split()]
    return any(p != d for p, d in pairs if p != "N/A" and d != "N/A")


async def _health(registry_addr: str, camera_id: str) -> rpb.CameraHealth:
    async with grpc.aio.insecure_channel(registry_addr) as channel:
        stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
        reply = await stub.GetCameraHealth(rpb.GetCameraHealthRequest(id=camera_id))
        return reply.current


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_b_frame_mjpeg_and_udp_only_cameras_record_video_and_health_says_so(
    database_url: str, data_dir: Path, registry: RegistryCameras
) -> None:
    with CameraSimulator(_kind_specs(), port=0) as cameras:
        began = time.time()
        ids = {name: await registry.put(name, cameras.url(name)) for name in KINDS}
        settings = recorder_test_settings(
            data_dir=data_dir,
            database_url=database_url,
            registry_addr=registry.address,
            segment_s=4.0,
        )
        root = settings.recordings_path
        async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
            async with grpc.aio.insecure_channel(running.address) as channel:
                stub = recorder_pb2_grpc.RecorderServiceStub(channel)

                async def recorded(name: str) -> list[pb.Segment] | None:
                    reply = await stub.ListRecordings(
                        pb.ListRecordingsRequest(
                            camera_id=ids[name], start=stamp(began - 60),
                            end=stamp(time.time() + 60),
                        )
                    )  # fmt: skip
                    return list(reply.segments) if len(reply.segments) >= 2 else None

                for name, (video, reordered, transcoded, transport) in KINDS.items():
                    segments = (await wait_for(partial(recorded, name), within_s=90))[:2]
                    for segment in segments:
                        path = root / segment.path
                        assert segment.bytes > 0 and path.stat().st_size == segment.bytes
                        assert streams_of(path) == (video, None), f"{name}: {segment.path}"
                        assert decoded_frames(path) > 0, f"{name}: {segment.path} does not decode"
                        # B-frames are copied as they came, not encoded away.
                        assert has_b_frames(path) == reordered, name
                    playlist = hls_playlist(root, segments, data_dir / f"{name}.m3u8")
                    assert plays_through(playlist) >= 2 * 15 * 3, name

                    health = await wait_for(partial(_recording_health, registry.address, ids[name]))
                    assert (health.state, health.detail) == (rpb.HEALTH_STATE_ONLINE, "ok")
                    assert health.recording.last_segment_bytes > 0
                    assert health.recording.video_codec == video
                    assert health.recording.transcoded_from == transcoded, name
                    assert health.recording.transport == transport, name

                for name in ("high-bframes", "mjpeg"):
                    segments = await recorded(name)
                    assert segments is not None
                    created = await stub.CreateExport(
                        pb.CreateExportRequest(
                            camera_id=ids[name], start=segments[0].start, end=segments[1].end,
                            reason="storefront footage", case_number="24-018",
                            requested_by="det.ana",
                        )
                    )  # fmt: skip
                    export = await finished_export(stub, created.export.id)
                    exported = data_dir / f"{name}.mp4"
                    chunks = stub.ReadExportFile(pb.ReadExportFileRequest(id=export.id))
                    exported.write_bytes(b"".join([c.chunk async for c in chunks]))
                    assert streams_of(exported) == ("h264", None), name
                    assert decoded_frames(exported) >= 2 * 15 * 3, name


async def _recording_health(registry_addr: str, camera_id: str) -> rpb.CameraHealth | None:
    health = await _health(registry_addr, camera_id)
    return health if health.recording.recording else None


OLD_ARGUMENTS = """#!/usr/bin/env python3
# ffmpeg as the recorder ran it before B-frame cameras were understood: no first timestamp.
import os, sys
args = ["dump_extra=freq=keyframe" if a.startswith("setts=") else a for a in sys.argv[1:]]
os.execvp("ffmpeg", ["ffmpeg", *args])
"""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_segments_without_video_are_never_indexed_and_health_is_not_ok(
    database_url: str, data_dir: Path, registry: RegistryCameras
) -> None:
    """ffmpeg as it was run before the fix writes an empty file ~1.4 s into every session of
    a B-frame camera: nothing is indexed, the time is a gap that says why, health is not ok."""
    old_ffmpeg = data_dir / "ffmpeg-without-first-timestamp"
    old_ffmpeg.write_text(OLD_ARGUMENTS)
    old_ffmpeg.chmod(0o755)
    with CameraSimulator([_spec("high-bframes", b_frames=3)], port=0) as cameras:
        began = time.time()
        camera_id = await registry.put("high-bframes", cameras.url("high-bframes"))
        settings = recorder_test_settings(
            data_dir=data_dir,
            database_url=database_url,
            registry_addr=registry.address,
            ffmpeg=str(old_ffmpeg),
        )
        async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
            async with grpc.aio.insecure_channel(running.address) as channel:
                stub = recorder_pb2_grpc.RecorderServiceStub(channel)

                async def not_recording() -> rpb.CameraHealth | None:
                    health = await _health(registry.address, camera_id)
                    return health if health.recording.detail == "no_video" else None

                health = await wait_for(not_recording)
                assert health.state == rpb.HEALTH_STATE_OFFLINE
                assert health.detail == "not_recording: no_video"
                assert not health.recording.recording
                await asyncio.sleep(6)  # several sessions, each ending the same way
                reply = await stub.ListRecordings(
                    pb.ListRecordingsRequest(
                        camera_id=camera_id, start=stamp(began - 60), end=stamp(time.time() + 60)
                    )
                )
                assert list(reply.segments) == []
                assert [g.reason for g in reply.gaps] == ["no_video"]
        # The empty files ffmpeg left are not kept either.
        assert [p for p in settings.recordings_path.rglob("*.ts")] == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_outage_between_two_probes_shows_in_the_camera_health(
    database_url: str, data_dir: Path, tmp_path: Path
) -> None:
    """The registry's DESCRIBE probe runs once an hour here: what the health history shows of a
    camera that goes away and comes back is the recorder's own view."""
    settings = RegistrySettings(
        data_dir=tmp_path / "quiet-registry",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'quiet-registry.sqlite'}",
        health_interval_s=3600.0,
        stream_allowed_networks=["127.0.0.0/8"],  # the simulated cameras on this host
    )
    async with running_service(
        settings, build_registry, migrations_dir=REGISTRY_MIGRATIONS
    ) as registry_service:
        registry = RegistryCameras(address=registry_service.address)
        with CameraSimulator([_spec("flaky")], port=0) as cameras:
            camera_id = await registry.put("flaky", cameras.url("flaky"))
            recorder = recorder_test_settings(
                data_dir=data_dir, database_url=database_url, registry_addr=registry.address
            )
            async with running_service(recorder, build_server, migrations_dir=MIGRATIONS):

                async def state_is(state: int) -> rpb.CameraHealth | None:
                    health = await _health(registry.address, camera_id)
                    return health if health.state == state and health.recording.detail else None

                await wait_for(partial(state_is, rpb.HEALTH_STATE_ONLINE))
                await asyncio.to_thread(cameras.stop)
                went = time.monotonic()
                down = await wait_for(partial(state_is, rpb.HEALTH_STATE_OFFLINE), within_s=20)
                noticed_s = time.monotonic() - went
                assert down.detail.startswith("not_recording: ")
                await asyncio.sleep(max(0.0, 8 - noticed_s))
                await asyncio.to_thread(cameras.start)
                await wait_for(partial(state_is, rpb.HEALTH_STATE_ONLINE), within_s=60)
        async with grpc.aio.insecure_channel(registry.address) as channel:
            stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
            reply = await stub.GetCameraHealth(rpb.GetCameraHealthRequest(id=camera_id))
        states = [t.state for t in reply.history]  # newest first
        assert states[:3] == [
            rpb.HEALTH_STATE_ONLINE,
            rpb.HEALTH_STATE_OFFLINE,
            rpb.HEALTH_STATE_ONLINE,
        ]
        # Seen within seconds: the segment that stopped coming, or the session that ended.
        assert noticed_s < 15, noticed_s
