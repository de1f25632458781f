"""Recorder benchmark: N simulated 2 Mbit/s H.264 cameras recorded at once on this machine.

For each N it runs the real processes (camsim with shared encoding, the camera registry, and the
recorder as `python -m rtcc_recorder`), waits until every camera records, and measures over a
window: the CPU of the recorder's process tree (Python and its ffmpeg children) per stream, the
same for N bare `ffmpeg -c copy -f segment` processes recording the same streams over the same
window (so both meet the same load from the rest of the machine), and whether any camera had a
gap or recorded less than the window.

With `--activity-index both` each N is measured twice, the recorder's activity index on and off
(RTCC_RECORDER_ACTIVITY_INDEX), each against bare ffmpeg in its own window; the index's own CPU
(its thread, from the recorder's metrics) is given per camera-hour of segments it measured.

    uv run python bench/recorder_ingest.py [--counts 10,50,100] [--window 60] [--height 720]
        [--activity-index on|off|both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

import rtcc_camera_registry
from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.testing import running_service
from rtcc_recorder.testing import free_port

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SEGMENT_S = 10.0


def cpu_seconds(pids: set[int]) -> dict[int, float]:
    """utime + stime of each live process, from /proc."""
    result = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        result[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return result


def process_tree(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(children.get(pid, []))
    return tree


def stamp(seconds: float) -> Timestamp:
    value = Timestamp()
    value.FromNanoseconds(int(seconds * 1e9))
    return value


async def create_cameras(address: str, sim: CameraSimulator) -> list[str]:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
        ids = []
        for index, spec in enumerate(sim.cameras):
            reply = await stub.CreateCamera(
                registry_pb.CreateCameraRequest(
                    camera=registry_pb.CameraInput(
                        name=spec.name,
                        ownership=registry_pb.OWNERSHIP_CITY,
                        technology="fixed",
                        location=registry_pb.Location(lat=41.8 + index * 1e-4, lon=-87.6),
                        stream_url=sim.url(spec.name),
                        permissions=registry_pb.Permissions(record=True),
                        lifecycle=registry_pb.LIFECYCLE_ACTIVE,
                    )
                )
            )
            ids.append(reply.camera.id)
        return ids


async def wait_all_recording(stub: Any, count: int, timeout_s: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        try:
            reply = await stub.ListRecordingStates(pb.ListRecordingStatesRequest(), timeout=10)
            if sum(s.state == "recording" for s in reply.states) >= count:
                return time.monotonic() - started
        except grpc.aio.AioRpcError:
            pass
        await asyncio.sleep(1.0)
    raise RuntimeError(f"not every camera recording within {timeout_s} s")


def start_bare_ffmpeg(sim: CameraSimulator, out: Path) -> list[subprocess.Popen[bytes]]:
    """The baseline: one plain `ffmpeg -c copy -f segment` per camera, nothing else."""
    processes = []
    for spec in sim.cameras:
        (out / spec.name).mkdir(parents=True, exist_ok=True)
        processes.append(
            subprocess.Popen(
                ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                 "-rtsp_transport", "tcp", "-i", sim.url(spec.name), "-map", "0", "-c", "copy",
                 "-f", "segment", "-segment_time", f"{SEGMENT_S:g}", "-reset_timestamps", "1",
                 str(out / spec.name / "%06d.ts")],
                stdin=subprocess.DEVNULL,
            )
        )  # fmt: skip
    return processes


def start_recorder(
    registry_addr: str, work: Path, port: int, metrics_port: int, activity_index: bool
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "RTCC_DATA_DIR": str(work / "recorder"),
        "RTCC_RECORDER_GRPC_PORT": str(port),
        "RTCC_RECORDER_METRICS_PORT": str(metrics_port),
        "RTCC_RECORDER_ACTIVITY_INDEX": str(activity_index).lower(),
        "RTCC_RECORDER_CAMERA_REGISTRY_ADDR": registry_addr,
        "RTCC_RECORDER_SEGMENT_S": str(SEGMENT_S),
        "RTCC_RECORDER_MIN_FREE_BYTES": "0",
        "RTCC_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "rtcc_recorder"], env=env)


def activity_counters(metrics_port: int) -> tuple[float, float]:
    """The activity index's CPU seconds and segments measured so far, from /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    values = {
        "rtcc_recorder_activity_cpu_seconds_total": 0.0,
        "rtcc_recorder_activity_segments_total": 0.0,
    }
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in values:
            values[name] = float(value)
    return values["rtcc_recorder_activity_cpu_seconds_total"], values[
        "rtcc_recorder_activity_segments_total"
    ]


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


async def record_and_compare(
    n: int,
    sim: CameraSimulator,
    registry_addr: str,
    work: Path,
    window_s: float,
    activity_index: bool,
) -> dict[str, Any]:
    """The recorder and the bare ffmpeg baseline record the same streams over the same window,
    so both meet the same load from the rest of the machine."""
    port, metrics_port = free_port(), free_port()
    recorder = start_recorder(registry_addr, work, port, metrics_port, activity_index)
    bare: list[subprocess.Popen[bytes]] = []
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            ready_s = await wait_all_recording(stub, n, timeout_s=120 + n)
            bare = start_bare_ffmpeg(sim, work / "bare")
            await asyncio.sleep(2 * SEGMENT_S)  # every process past its first segment
            bare_pids = {p.pid for p in bare}
            t0 = time.time()
            before = cpu_seconds(process_tree(recorder.pid) | bare_pids)
            index_before = activity_counters(metrics_port)
            await asyncio.sleep(window_s)
            after = cpu_seconds(process_tree(recorder.pid) | bare_pids)
            index_after = activity_counters(metrics_port)
            t1 = time.time()
            used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
            bare_cpu = sum(v for pid, v in used.items() if pid in bare_pids)
            recorder_cpu = sum(v for pid, v in used.items() if pid not in bare_pids)
            await asyncio.sleep(SEGMENT_S + 3)  # the window's last segments are finished
            states = await stub.ListRecordingStates(pb.ListRecordingStatesRequest())
            ids = [s.camera_id for s in states.states]
            coverage = await stub.GetCoverage(
                pb.GetCoverageRequest(camera_ids=ids, start=stamp(t0), end=stamp(t1))
            )
    finally:
        stop_all([recorder, *bare])
    bare_files = sum(1 for _ in (work / "bare").rglob("*.ts"))
    index_cpu = index_after[0] - index_before[0]
    index_segments = index_after[1] - index_before[1]
    return {
        "index_cpu_s": index_cpu,
        "index_segments": index_segments,
        "ready_s": ready_s,
        "cpu_s": recorder_cpu,
        "python_cpu_s": used.get(recorder.pid, 0.0),
        "bare_cpu_s": bare_cpu,
        "bare_files": bare_files,
        "gaps": sum(len(c.gaps) for c in coverage.cameras),
        "worst_coverage": min((c.ratio for c in coverage.cameras), default=0.0),
    }


async def one_count(n: int, args: argparse.Namespace, activity_index: bool) -> dict[str, Any]:
    width = args.height * 16 // 9
    specs = [
        CameraSpec(name=f"bench{i:04d}", width=width, height=args.height, fps=15,
                   bitrate_kbps=2000, keyframe_interval=30)
        for i in range(n)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="rtcc-bench-rec-") as tmp:
        work = Path(tmp)
        with CameraSimulator(specs, port=0, shared_encoding=True) as sim:
            registry_settings = RegistrySettings(
                stream_allowed_networks=["127.0.0.0/8"],  # camsim serves on this host
                data_dir=work / "registry",
                database_url=f"sqlite+aiosqlite:///{work / 'registry.sqlite'}",
            )
            migrations = Path(rtcc_camera_registry.__file__).parent / "migrations"
            async with running_service(
                registry_settings, build_registry, migrations_dir=migrations
            ) as registry:
                await create_cameras(registry.address, sim)
                recorded = await record_and_compare(
                    n, sim, registry.address, work, args.window, activity_index
                )
    bare_cpu = recorded["bare_cpu_s"]
    per_stream = 100 * recorded["cpu_s"] / args.window / n
    bare_per_stream = 100 * bare_cpu / args.window / n
    camera_hours = recorded["index_segments"] * SEGMENT_S / 3600
    return {
        "cameras": n,
        "activity_index": activity_index,
        "recorder_cpu_pct_per_stream": round(per_stream, 3),
        "bare_ffmpeg_cpu_pct_per_stream": round(bare_per_stream, 3),
        "ratio": round(per_stream / bare_per_stream, 3) if bare_per_stream else None,
        "of_which_recorder_python_pct_per_stream": round(
            100 * recorded["python_cpu_s"] / args.window / n, 3
        ),
        "gaps": recorded["gaps"],
        "worst_coverage_pct": round(100 * recorded["worst_coverage"], 2),
        "all_recording_after_s": round(recorded["ready_s"], 1),
        "bare_ffmpeg_segments": recorded["bare_files"],
        "index_segments_measured": int(recorded["index_segments"]),
        "index_cpu_s_per_camera_hour": (
            round(recorded["index_cpu_s"] / camera_hours, 2) if camera_hours else None
        ),
        "index_pct_of_recorder_cpu": (
            round(100 * recorded["index_cpu_s"] / recorded["cpu_s"], 2)
            if recorded["cpu_s"]
            else None
        ),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10,50,100")
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--height", type=int, default=720, choices=[720, 1080])
    parser.add_argument("--activity-index", default="on", choices=["on", "off", "both"])
    args = parser.parse_args()
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.activity_index]
    machine = f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores"
    print(
        f"machine: {machine}, load {os.getloadavg()[0]:.2f}; {args.height}p 15 fps 2 Mbit/s,"
        f" {SEGMENT_S:g} s segments, window {args.window:g} s"
    )
    largest_clean = 0
    for n in (int(c) for c in args.counts.split(",")):
        ratios = {}
        for activity_index in modes:
            result = asyncio.run(one_count(n, args, activity_index))
            print(result, flush=True)
            ratios[activity_index] = result["ratio"]
            if result["gaps"] == 0 and result["worst_coverage_pct"] >= 95:
                largest_clean = max(largest_clean, n)
        if len(ratios) == 2:
            print(
                f"N={n}: recorder/bare ffmpeg ratio {ratios[True]} with the activity index,"
                f" {ratios[False]} without"
            )
    print(f"largest N recorded with no gap: {largest_clean}")


if __name__ == "__main__":
    main()
