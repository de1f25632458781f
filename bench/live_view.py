"""Live view benchmark: time to first decoded frame in headless Chromium, and the gateway's CPU
per viewer of one camera (hence viewers per core), with one upstream RTSP session.

Runs the real processes: simulated cameras (camsim), the camera registry, the oversight service
(live monitoring approved) and the gateway, each as `rtcc up` starts them. Load viewers are
aiortc peers in this process that count the frames they receive without decoding them (decoding
fifty streams here would starve the gateway of the two cores it is measured on); the Chromium
viewer is the one that decodes.

    uv run python bench/live_view.py [--viewers 50] [--samples 20] [--cold-samples 20] [--ttff-only]

Each time-to-first-frame figure comes with its breakdown (bench/live_view_breakdown.py): the
browser's phases and the gateway's steps (access check, answer, RTSP handshake, the camera's
first keyframe, ICE/DTLS, first picture sent), median and p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import httpx
from live_view_breakdown import breakdown, gateway_events, percentile, sample_steps
from playwright.async_api import Browser, async_playwright

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.oversight.v1 import oversight_pb2, oversight_pb2_grpc
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_common.chromium import CHROMIUM, CHROMIUM_FLAGS
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key

# The browser is driven as the tests drive it (tests/browser.py, from the repository root).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A shared, loaded machine may take minutes to start a Python service.
STARTUP_S = 300.0
LOAD_SCRIPT = str(Path(__file__).with_name("live_view_load.py"))
# Small enough that no worker's event loop falls behind on ICE consent checks.
VIEWERS_PER_WORKER = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


async def wait_for(check: Any, timeout_s: float = STARTUP_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.2)


@asynccontextmanager
async def process(argv: list[str], env: dict[str, str], log: Path) -> AsyncIterator[int]:
    with log.open("wb") as out:
        child = await asyncio.create_subprocess_exec(
            *argv, env={**os.environ, **env}, stdout=out, stderr=out
        )
    try:
        yield child.pid
    finally:
        if child.returncode is None:
            child.terminate()
        try:
            await asyncio.wait_for(child.wait(), 15)
        except TimeoutError:
            child.kill()
            await child.wait()


@asynccontextmanager
async def suite(
    work: Path, spec: CameraSpec, registry_addr: str | None
) -> AsyncIterator[dict[str, Any]]:
    """camsim, the camera registry and the gateway; yields addresses, a token and the pid."""
    registry_port, gateway_port, oversight_port = free_port(), free_port(), free_port()
    registry_addr = registry_addr or f"127.0.0.1:{registry_port}"
    oversight_addr = f"127.0.0.1:{oversight_port}"
    common = {"RTCC_DATA_DIR": str(work), "RTCC_LOG_LEVEL": "WARNING"}
    registry_env = {
        **common,
        "RTCC_CAMERA_REGISTRY_GRPC_PORT": str(registry_port),
        # The simulated camera is on this host, where the registry lets no camera point unless
        # told.
        "RTCC_CAMERA_REGISTRY_STREAM_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
    }
    oversight_env = {**common, "RTCC_OVERSIGHT_GRPC_PORT": str(oversight_port)}
    gateway_env = {
        **common,
        "RTCC_GATEWAY_PORT": str(gateway_port),
        "RTCC_GATEWAY_CAMERA_REGISTRY_ADDR": registry_addr,
        "RTCC_GATEWAY_OVERSIGHT_ADDR": oversight_addr,
        "RTCC_GATEWAY_LIVE_IDLE_CLOSE_S": "0.5",
        # The live_first_frame_sent events (INFO) explain each time to first frame.
        "RTCC_GATEWAY_LOG_LEVEL": "INFO",
        "RTCC_GATEWAY_LOG_FORMAT": "json",
    }
    python = sys.executable
    with CameraSimulator([spec]) as cameras:
        registry_argv = [python, "-m", "rtcc_camera_registry"]
        if registry_addr != f"127.0.0.1:{registry_port}":
            registry_argv = [python, "-c", "pass"]  # a running registry was named
        async with (
            process(registry_argv, registry_env, work / "registry.log"),
            process([python, "-m", "rtcc_oversight"], oversight_env, work / "oversight.log"),
            process([python, "-m", "rtcc_gateway"], gateway_env, work / "gateway.log") as pid,
        ):
            base = f"http://127.0.0.1:{gateway_port}"
            camera_id = await register_camera(registry_addr, cameras.url(spec.name))
            await approve_live_monitoring(oversight_addr)

            async def gateway_up() -> bool:
                try:
                    async with httpx.AsyncClient() as http:
                        return (await http.get(f"{base}/healthz")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(gateway_up)
            key = load_or_create_signing_key(work / "secrets" / "token_signing.key")
            yield {
                "base": base,
                "camera_id": camera_id,
                "token": issue_token(key, role="analyst", subject="bench"),
                "supervisor_token": issue_token(key, role="supervisor", subject="bench-lead"),
                "gateway_pid": pid,
                "cameras": cameras,
                "mount": spec.name,
                "gateway_log": work / "gateway.log",
            }


async def register_camera(address: str, url: str) -> str:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
        await asyncio.wait_for(channel.channel_ready(), STARTUP_S)
        camera = pb.CameraInput(
            name="bench",
            ownership=pb.OWNERSHIP_CITY,
            technology="fixed",
            location=pb.Location(lat=41.88, lon=-87.63, address="bench"),
            stream_url=url,
            permissions=pb.Permissions(live=True),
            lifecycle=pb.LIFECYCLE_ACTIVE,
        )
        reply = await stub.CreateCamera(pb.CreateCameraRequest(camera=camera))
        return str(reply.camera.id)


async def approve_live_monitoring(address: str) -> None:
    """Live view is refused until the council approves live monitoring."""
    async with grpc.aio.insecure_channel(address) as channel:
        await asyncio.wait_for(channel.channel_ready(), STARTUP_S)
        await oversight_pb2_grpc.OversightServiceStub(channel).DecideTechnology(
            oversight_pb2.DecideTechnologyRequest(
                key="live_monitoring",
                status="approved",
                ordinance_ref="Benchmark",
                use_policy="Benchmark of the live view.",
                decided_by="bench",
            )
        )


class LoadWorker:
    """A process of load viewers (bench/live_view_load.py) and its latest report."""

    def __init__(self, run: dict[str, Any], count: int, codec: str = "H264") -> None:
        self._argv = [LOAD_SCRIPT, run["base"], run["camera_id"], run["token"], str(count), codec]
        self.count = count
        self.report: dict[str, Any] = {"frames": [], "bytes": 0, "connected": 0, "cpu_s": 0.0}
        self._child: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._child = await asyncio.create_subprocess_exec(
            sys.executable,
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self._child.stdout is not None
        ready = json.loads(await self._child.stdout.readline() or b"{}")
        if ready.get("ready") != self.count:
            raise RuntimeError("a load worker could not start its viewers")
        self._reader = asyncio.create_task(self._read_reports())

    async def _read_reports(self) -> None:
        assert self._child is not None and self._child.stdout is not None
        async for line in self._child.stdout:
            self.report = json.loads(line)

    async def stop(self) -> None:
        if self._child is None:
            return
        assert self._child.stdin is not None
        self._child.stdin.close()
        try:
            await asyncio.wait_for(self._child.wait(), 30)
        except TimeoutError:
            self._child.kill()
            await self._child.wait()


@dataclass
class Snapshot:
    gateway_cpu_s: float
    load_cpu_s: float
    frames: list[int]
    bytes: int
    connected: int


def snapshot(gateway_pid: int, workers: list[LoadWorker]) -> Snapshot:
    return Snapshot(
        gateway_cpu_s=cpu_seconds(gateway_pid),
        load_cpu_s=sum(w.report["cpu_s"] for w in workers),
        frames=[n for w in workers for n in w.report["frames"]],
        bytes=sum(w.report["bytes"] for w in workers),
        connected=sum(w.report["connected"] for w in workers),
    )


async def first_frame(browser: Browser, run: dict[str, Any]) -> dict[str, Any]:
    """One fresh page: its marks in milliseconds (offer gathered, answer received, connected,
    first decoded picture) and its session's URL."""
    page = await browser.new_page()
    try:
        await page.goto(f"{run['base']}/live/player#camera={run['camera_id']}&token={run['token']}")
        await page.wait_for_function(
            "window.liveStats.firstFrameAt !== null || window.liveStats.error !== null",
            timeout=60_000,
        )
        stats = await page.evaluate("window.liveStats")
        if stats["error"]:
            raise RuntimeError(stats["error"])
        async with httpx.AsyncClient(base_url=run["base"]) as http:
            await http.delete(stats["session"], headers={"authorization": f"Bearer {run['token']}"})
        return stats
    finally:
        await page.close()


async def time_to_first_frame(
    run: dict[str, Any], samples: int, cold_samples: int
) -> dict[str, Any]:
    cameras: CameraSimulator = run["cameras"]
    results: dict[str, Any] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            cold = []
            for _ in range(cold_samples):

                async def upstream_closed() -> bool:
                    return await asyncio.to_thread(cameras.sessions, run["mount"]) == 0

                await wait_for(upstream_closed)
                cold.append(await first_frame(browser, run))
            holder = LoadWorker(run, 1)
            await holder.start()
            try:
                await asyncio.sleep(3)
                warm = [await first_frame(browser, run) for _ in range(samples)]
            finally:
                await holder.stop()
        finally:
            await browser.close()
    events = gateway_events(run["gateway_log"])
    for name, runs in (("cold_upstream", cold), ("warm_upstream", warm)):
        # From the player's start, as a user waits (the page's own start-up included).
        values = [r["firstFrameAt"] - r["startedAt"] for r in runs]
        steps = [sample_steps(r, events.get(r["session"].rsplit("/", 1)[-1])) for r in runs]
        results[name] = {
            "samples": len(values),
            "p50_ms": round(percentile(values, 0.5)),
            "p95_ms": round(percentile(values, 0.95)),
            "max_ms": round(max(values)),
            "steps_after_offer_ms": breakdown(steps),
        }
    return results


async def measure(run: dict[str, Any], workers: list[LoadWorker], seconds: float) -> dict[str, Any]:
    """Over a window: the gateway's CPU, what every load viewer received, and its own CPU."""
    await asyncio.sleep(1.5)  # a fresh report from every worker
    before, wall = snapshot(run["gateway_pid"], workers), time.monotonic()
    # Workers report each second, so both ends of the window lag alike by under a second.
    await asyncio.sleep(seconds)
    after, wall = snapshot(run["gateway_pid"], workers), time.monotonic() - wall
    received = sorted(b - a for a, b in zip(before.frames, after.frames, strict=False))
    receiving = [n for n in received if n > 0]
    bits = (after.bytes - before.bytes) * 8
    return {
        "gateway_cpu_cores": round((after.gateway_cpu_s - before.gateway_cpu_s) / wall, 3),
        "viewers_connected": after.connected,
        "viewers_receiving": len(receiving),
        "slowest_viewer_fps": round(received[0] / wall, 1) if received else 0.0,
        "stream_kbps": round(bits / 1000 / wall / max(1, len(receiving))),
        "load_viewers_cpu_cores": round((after.load_cpu_s - before.load_cpu_s) / wall, 3),
    }


async def cpu_per_viewer(run: dict[str, Any], levels: list[int], window_s: float) -> dict[str, Any]:
    workers: list[LoadWorker] = []
    table = []
    try:
        for level in levels:
            while sum(w.count for w in workers) < level:
                count = min(VIEWERS_PER_WORKER, level - sum(w.count for w in workers))
                workers.append(LoadWorker(run, count))
                await workers[-1].start()
            await asyncio.sleep(5)  # ICE, DTLS and the catch-up replay settle first
            row = {"viewers": level, "camera_fps": run["fps"]}
            row.update(await measure(run, workers, window_s))
            row["gateway_open_sessions"] = await open_sessions(run)
            row["upstream_sessions"] = await asyncio.to_thread(
                run["cameras"].sessions, run["mount"]
            )
            table.append(row)
            print(json.dumps(row), flush=True)
    finally:
        await asyncio.gather(*(w.stop() for w in workers))
    # Only levels where every viewer stayed connected say what a viewer costs.
    whole = [row for row in table if row["gateway_open_sessions"] == row["viewers"]]
    if len(whole) < 2:
        return {"levels": table, "cpu_per_viewer_cores": None, "viewers_per_core": None}
    slope, intercept = statistics.linear_regression(
        [row["viewers"] for row in whole], [row["gateway_cpu_cores"] for row in whole]
    )
    return {
        "levels": table,
        "fitted_on_viewers": [row["viewers"] for row in whole],
        "cpu_per_viewer_cores": round(slope, 5),
        "cpu_upstream_cores": round(intercept, 4),
        "viewers_per_core": round(1 / slope) if slope > 0 else None,
    }


async def open_sessions(run: dict[str, Any]) -> int:
    """Live sessions the gateway itself counts as open (supervisors may list them)."""
    async with httpx.AsyncClient(base_url=run["base"], timeout=60) as http:
        reply = await http.get(
            "/v1/live/sessions", headers={"authorization": f"Bearer {run['supervisor_token']}"}
        )
    reply.raise_for_status()
    return len(reply.json()["open"])


async def transcoding_cost(run: dict[str, Any], window_s: float) -> dict[str, Any]:
    await asyncio.sleep(3)
    idle = await measure(run, [], window_s)
    worker = LoadWorker(run, 1, codec="VP8")
    await worker.start()
    try:
        await asyncio.sleep(5)
        loaded = await measure(run, [worker], window_s)
    finally:
        await worker.stop()
    return {
        "gateway_cpu_cores_one_vp8_viewer": round(
            loaded["gateway_cpu_cores"] - idle["gateway_cpu_cores"], 3
        ),
        "vp8_viewer_fps": loaded["slowest_viewer_fps"],
    }


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        # Other work on the machine skews every figure; the load says how much there was.
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--samples", type=int, default=20, help="warm-upstream samples")
    parser.add_argument("--cold-samples", type=int, default=20)
    parser.add_argument(
        "--ttff-only", action="store_true", help="time to first frame only, no CPU windows"
    )
    parser.add_argument("--window", type=float, default=10.0, help="seconds per CPU window")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--bitrate-kbps", type=int, default=2000)
    parser.add_argument("--keyframe-interval", type=int, default=30)
    parser.add_argument("--registry-addr", help="a running camera registry instead of a new one")
    args = parser.parse_args()
    spec = CameraSpec(
        name="bench",
        width=args.width,
        height=args.height,
        fps=args.fps,
        bitrate_kbps=args.bitrate_kbps,
        keyframe_interval=args.keyframe_interval,
    )
    levels = sorted({1, *(n for n in (10, 25) if n < args.viewers), args.viewers})
    report: dict[str, Any] = {"machine": machine(), "camera": vars(args)}
    with tempfile.TemporaryDirectory(prefix="rtcc-bench-live-") as work:
        async with suite(Path(work), spec, args.registry_addr) as run:
            run["fps"] = args.fps
            report["time_to_first_frame"] = await time_to_first_frame(
                run, args.samples, args.cold_samples
            )
            print(json.dumps(report["time_to_first_frame"]), flush=True)
            if not args.ttff_only:
                report["pass_through"] = await cpu_per_viewer(run, levels, args.window)
                report["transcoding_fallback"] = await transcoding_cost(run, args.window)
    report["load_average_1m_at_end"] = round(os.getloadavg()[0], 1)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    name = "live_view_ttff.json" if args.ttff_only else "live_view.json"
    (out / name).write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
