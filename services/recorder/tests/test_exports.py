"""Exports of real recorded segments (camsim → recorder): exactly the range asked, checked with
ffprobe as a player plays it; coverage and gaps stated; a few at a time, one writer each, and
their ffmpeg killed when the recorder stops."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.child_process import run_to_end
from rtcc_common.service_runtime import open_database
from rtcc_common.testing import logged_lines, running_service
from rtcc_recorder.export import ExportRunner
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    finished_export,
    recorder_test_settings,
    seconds,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
FRAME_S = 1 / 15  # small_camera: 15 frames a second, a keyframe each second


async def _segments(stub, camera_id: str, began: float, count: int):  # type: ignore[no-untyped-def]
    reply = await stub.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=stamp(began - 60), end=stamp(time.time())
        )
    )
    return list(reply.segments) if len(reply.segments) >= count else None


async def _played(path: Path) -> tuple[float, int, str]:
    """As a player plays the file: its duration (edit list honoured), the frames decoded, codec."""
    probe = await run_to_end(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
         "-select_streams", "v:0", "-of", "json", str(path)],
        name="test_ffprobe", timeout_s=60,
    )  # fmt: skip
    found = json.loads(probe.stdout)
    decoded = await run_to_end(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v:0", "-f", "framemd5", "-"],
        name="test_decode", timeout_s=120,
    )  # fmt: skip
    assert decoded.ok, decoded.stderr_tail
    frames = sum(1 for line in decoded.stdout.splitlines() if not line.startswith(b"#"))
    return float(found["format"]["duration"]), frames, found["streams"][0]["codec_name"]


async def _export(stub, data_dir: Path, camera_id: str, start: float, end: float):  # type: ignore[no-untyped-def]
    created = await stub.CreateExport(
        pb.CreateExportRequest(
            camera_id=camera_id, start=stamp(start), end=stamp(end),
            reason="range check", case_number="26-17", requested_by="det.ana",
        )
    )  # fmt: skip
    export = await finished_export(stub, created.export.id)
    content = b"".join(
        [c.chunk async for c in stub.ReadExportFile(pb.ReadExportFileRequest(id=export.id))]
    )
    path = data_dir / f"check-{export.id}.mp4"
    path.write_bytes(content)
    return export, json.loads(export.manifest_json), path


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_exports_play_exactly_the_range_asked(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            # 2-second segments: 34 s of footage after the first (partial) one.
            segments = await wait_for(lambda: _segments(stub, cam1, began, 18), within_s=120)
            first = seconds(segments[1].start)
            # Starts and ends between keyframes (one a second), and one inside a segment.
            ranges = [(first + 0.37, first + 20.37), (first + 2.6, first + 32.6)]
            ranges.append((first + 4.2, first + 5.5))
            for start, end in ranges:
                _, manifest, path = await _export(stub, data_dir, cam1, start, end)
                duration, frames, codec = await _played(path)
                asked = end - start
                assert abs(duration - asked) <= FRAME_S, (asked, duration)
                assert abs(frames - asked / FRAME_S) <= 1.5, (asked, frames)
                assert codec == "h264"
                assert manifest["played_s"] == pytest.approx(duration, abs=0.002)
                assert manifest["coverage"]["complete"] is True
                assert manifest["coverage"]["recorded_s"] == pytest.approx(asked, abs=0.01)
                assert manifest["gaps"] == []

            # Asked from 30 s before the recording began: what there is, and the gap, said so.
            last_end = seconds(segments[-1].end)
            _, manifest, path = await _export(stub, data_dir, cam1, first - 30.0, last_end)
            duration, _, _ = await _played(path)
            coverage = manifest["coverage"]
            assert coverage["complete"] is False
            assert coverage["requested_s"] == pytest.approx(last_end - first + 30.0, abs=0.01)
            assert coverage["recorded_s"] < coverage["requested_s"] - 20
            assert abs(duration - coverage["recorded_s"]) <= FRAME_S
            [gap] = manifest["gaps"]
            assert gap["seconds"] >= 25 and gap["reason"]
            assert "recorded of the" in coverage["summary"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_exports_queue_behind_the_limit_and_die_with_the_recorder(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    """A canvass of exports runs one at a time here (limit 1), never two at once; a second writer
    of the same export stays out of it; an export whose ffmpeg is still running when the
    recorder stops leaves no ffmpeg behind, and is resumed."""
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    # An ffmpeg that takes its time before the real work: an export long enough to watch.
    slow = data_dir / "slow-ffmpeg"
    slow.write_text('#!/bin/sh\nsleep 1.5\nexec ffmpeg "$@"\n')
    slow.chmod(0o755)
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address,
        max_concurrent_exports=1, ffmpeg=str(slow),
    )  # fmt: skip
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            segments = await wait_for(lambda: _segments(stub, cam1, began, 4), within_s=90)
            start, end = seconds(segments[1].start) + 0.5, seconds(segments[2].end) - 0.5
            ids = []
            for _ in range(3):
                created = await stub.CreateExport(
                    pb.CreateExportRequest(
                        camera_id=cam1, start=stamp(start), end=stamp(end),
                        reason="canvass", requested_by="det.ana",
                    )
                )  # fmt: skip
                ids.append(created.export.id)
            most_running = 0
            while True:
                found = [
                    (await stub.GetExport(pb.GetExportRequest(id=i))).export.status for i in ids
                ]
                most_running = max(most_running, found.count("running"))
                assert "failed" not in found
                if all(status == "done" for status in found):
                    break
                assert time.time() - began < 120, found
                await asyncio.sleep(0.05)
            assert most_running == 1

            stuck = await stub.CreateExport(
                pb.CreateExportRequest(
                    camera_id=cam1, start=stamp(start), end=stamp(end),
                    reason="interrupted", requested_by="det.ana",
                )
            )  # fmt: skip

            async def writer_pid() -> int | None:
                return _export_process(settings.exports_path, stuck.export.id)

            pid = await wait_for(writer_pid, within_s=20, interval=0.05)
            # A second recorder sharing the folder resumes the same export: it is left alone.
            db = await open_database(settings, migrations_dir=MIGRATIONS)
            second = ExportRunner(db, settings)
            try:
                with logged_lines() as logged:
                    second.submit(stuck.export.id)
                    await asyncio.sleep(0.5)
                assert logged.events("export_held_by_another_writer")
                assert _export_process(settings.exports_path, stuck.export.id) == pid
            finally:
                await second.close()
                await db.close()
    # The recorder has stopped: its export's ffmpeg with it, the export left to resume.
    assert _export_process(settings.exports_path, stuck.export.id) is None
    assert _state(pid) in {"Z", "X"}
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            resumed = await finished_export(stub, stuck.export.id)
            assert resumed.sha256


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "X"


def _export_process(exports: Path, export_id: str) -> int | None:
    """The pid of a live process whose command line names this export's concat script."""
    needle = str(exports / f"{export_id}.ffconcat").encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if needle in cmdline and _state(int(entry)) not in {"Z", "X"}:
            return int(entry)
    return None
