"""Memory of each Open RTCC process, for sizing containers (deploy/kubernetes's requests).

    uv run python bench/process_memory.py [--streams 8] [--settle 15]

Prints, in MiB:
- every service and the gateway started as `rtcc up` starts them (`python -m rtcc_<name>`, on
  SQLite in a temporary folder), resident and proportional (Pss) memory once they answer;
- the recorder's children: N `ffmpeg -c copy -f segment` processes recording N simulated
  2 Mbit/s 720p H.264 RTSP cameras, each one's private memory and its share of the libraries
  they all map (what a recorder's memory grows by per camera);
- the plate recognizer's peak: its models loaded and three 1920x1080 pictures read, in a child
  process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.child_process import start_blocking_child, stop_blocking_child
from rtcc_recorder.testing import free_port

SERVICES = ("camera_registry", "recorder", "lpr", "cases", "oversight")
RECOGNIZER_PEAK = """
import random, resource
from rtcc_lpr.recognizer.recognizer import PlateRecognizer
from rtcc_lpr.recognizer.synthetic import render_empty_scene
recognizer = PlateRecognizer()
picture = render_empty_scene(random.Random(1), (1920, 1080))
for _ in range(3):
    recognizer.recognize(picture)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory_mib(pid: int) -> dict[str, float]:
    """Rss, Pss and private memory of one process, from /proc/<pid>/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return {
        "rss": round(fields["Rss"], 1),
        "pss": round(fields["Pss"], 1),
        "private": round(private, 1),
    }


def serving(port: int) -> bool:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=1
            )
        except grpc.RpcError:
            return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def suite_memory(work: Path, settle_s: float) -> dict[str, dict[str, float]]:
    ports = {name: free_port() for name in SERVICES}
    env = {**os.environ, "RTCC_DATA_DIR": str(work / "data"), "RTCC_LOG_LEVEL": "WARNING"}
    for name, port in ports.items():
        env[f"RTCC_{name.upper()}_GRPC_PORT"] = str(port)
        env[f"RTCC_{name.upper()}_METRICS_PORT"] = "0"
        for process in (*SERVICES, "gateway"):
            env[f"RTCC_{process.upper()}_{name.upper()}_ADDR"] = f"127.0.0.1:{port}"
    gateway_port = free_port()
    env.update(RTCC_GATEWAY_PORT=str(gateway_port), RTCC_GATEWAY_METRICS_PORT="0")
    children = {}
    try:
        for name in (*SERVICES, "gateway"):
            children[name] = start_blocking_child([sys.executable, "-m", f"rtcc_{name}"], env=env)
        deadline = time.monotonic() + 120
        waiting = set(SERVICES)
        while waiting and time.monotonic() < deadline:
            waiting = {name for name in waiting if not serving(ports[name])}
            time.sleep(0.5)
        while not answering(f"http://127.0.0.1:{gateway_port}/healthz"):
            if time.monotonic() > deadline:
                raise RuntimeError("the gateway did not answer within 120 s")
            time.sleep(0.5)
        if waiting:
            raise RuntimeError(f"not serving within 120 s: {sorted(waiting)}")
        time.sleep(settle_s)  # start-up work (first sweeps, watches) done
        return {name: memory_mib(child.pid) for name, child in children.items()}
    finally:
        for child in children.values():
            stop_blocking_child(child)


def ffmpeg_memory(work: Path, streams: int, settle_s: float) -> dict[str, float]:
    specs = [
        CameraSpec(name=f"mem{i:03d}", width=1280, height=720, fps=15, bitrate_kbps=2000,
                   keyframe_interval=30)
        for i in range(streams)
    ]  # fmt: skip
    with CameraSimulator(specs, port=0, shared_encoding=True) as sim:
        children = []
        try:
            for spec in specs:
                out = work / "ffmpeg" / spec.name
                out.mkdir(parents=True)
                argv = [
                    "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                    "-rtsp_transport", "tcp", "-i", sim.url(spec.name), "-map", "0",
                    "-c", "copy", "-f", "segment", "-segment_time", "10",
                    "-reset_timestamps", "1", str(out / "%06d.ts"),
                ]  # fmt: skip
                children.append(start_blocking_child(argv))
            time.sleep(settle_s)
            each = [memory_mib(child.pid) for child in children]
        finally:
            for child in children:
                stop_blocking_child(child)
    return {
        "streams": streams,
        "private_per_stream": round(sum(m["private"] for m in each) / streams, 1),
        "pss_per_stream": round(sum(m["pss"] for m in each) / streams, 1),
        "shared_libraries_once": round(max(m["rss"] - m["private"] for m in each), 1),
    }


def recognizer_peak_mib(work: Path) -> float:
    out = work / "recognizer.out"
    with out.open("wb") as stdout:
        child = start_blocking_child([sys.executable, "-c", RECOGNIZER_PEAK], stdout=stdout)
        if child.wait(timeout=300) != 0:
            raise RuntimeError("the recognizer run failed")
    return round(int(out.read_text().strip()) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=8)
    parser.add_argument("--settle", type=float, default=15.0)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores,"
        f" load {os.getloadavg()[0]:.2f}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="rtcc-bench-mem-") as tmp:
        work = Path(tmp)
        for name, figures in suite_memory(work, args.settle).items():
            print(f"{name:16s} at start: {json.dumps(figures)}")
        print(f"recorder's ffmpeg children: {json.dumps(ffmpeg_memory(work, args.streams, 10))}")
        print(f"plate recognizer peak (ru_maxrss): {recognizer_peak_mib(work)} MiB")


if __name__ == "__main__":
    main()
