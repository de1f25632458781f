"""Recording cameras as they come in the field: H.264 parameter sets only in the SDP, AAC or
G.711 audio beside the pictures, RTSP digest credentials, H.265. Every segment must play on
its own (an HLS player may start on any), a playlist of them must play through, and an
export must keep picture and sound."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
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
                for segment in segments:
                    path = root / segment.path
                    assert streams_of(path) == (video, audio), f"{name}: {segment.path}"
                    assert decoded_frames(path) > 0, f"{name}: {segment.path} does not decode"
                playlist = hls_playlist(root, segments, data_dir / f"{name}.m3u8")
                assert plays_through(playlist) >= 2 * 15 * 3, name  # 2 segments of 3+ s

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
            assert decoded_frames(exported) >= 2 * 15 * 3


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
