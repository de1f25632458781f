"""CPU cost of `rtcc camsim` per camera, with every camera read over RTSP/TCP.

    uv run python bench/camsim_cost.py [--per-camera 2] [--shared 100] [--seconds 20]

For each mode it starts the simulator (1280x720, 25 fps, 2 Mbit/s, a keyframe every 2 s),
connects one RTSP-over-TCP client per camera (a minimal client in this process that plays
the stream and discards it, so the readers cost little), lets it settle, then measures the
RTSP server process's CPU time (all threads, from /proc) over a window and prints the cost
per camera, the bytes delivered and the machine it ran on.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import time
from pathlib import Path

from rtcc_cli.camsim import CameraSimulator, CameraSpec

WIDTH, HEIGHT, FPS, BITRATE_KBPS, KEYFRAME_INTERVAL = 1280, 720, 25, 2000, 50
SETTLE_S = 6.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User plus system time of a process and all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


class RtspReader:
    """DESCRIBE, SETUP (interleaved TCP), PLAY, then count and discard what arrives."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.received = 0
        self._cseq = 0

    async def run(self, playing: asyncio.Event) -> None:
        host, port = re.match(r"rtsp://([^:/]+):(\d+)/", self.url).groups()  # type: ignore[union-attr]
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            headers, sdp = await self._request(reader, writer, "DESCRIBE", self.url)
            control = re.search(r"a=control:(\S+)", sdp.split("m=video", 1)[1]).group(1)  # type: ignore[union-attr]
            track = control if control.startswith("rtsp://") else f"{self.url}/{control}"
            headers, _ = await self._request(
                reader, writer, "SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"
            )
            session = headers["session"].split(";")[0]
            await self._request(reader, writer, "PLAY", self.url, f"Session: {session}")
            playing.set()
            while chunk := await reader.read(65536):
                self.received += len(chunk)
        finally:
            writer.close()

    async def _request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str,
        url: str, *extra: str,
    ) -> tuple[dict[str, str], str]:  # fmt: skip
        self._cseq += 1
        lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self._cseq}", *extra, "", ""]
        writer.write("\r\n".join(lines).encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        status, *header_lines = head.strip().split("\r\n")
        if " 200 " not in status:
            raise RuntimeError(f"{method} {url}: {status}")
        headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        return headers, body.decode()


async def measure(sim: CameraSimulator, seconds: float) -> dict[str, float]:
    readers = [RtspReader(url) for url in sim.urls().values()]
    playing = [asyncio.Event() for _ in readers]
    tasks = [asyncio.create_task(r.run(p)) for r, p in zip(readers, playing, strict=True)]
    try:
        await asyncio.wait_for(asyncio.gather(*(p.wait() for p in playing)), timeout=120)
        await asyncio.sleep(SETTLE_S)
        assert sim.pid is not None
        cpu0, bytes0, wall0 = process_cpu_seconds(sim.pid), _total(readers), time.monotonic()
        own0 = time.process_time()
        await asyncio.sleep(seconds)
        wall = time.monotonic() - wall0
        server_cpu = process_cpu_seconds(sim.pid) - cpu0
        return {
            "server_cores": server_cpu / wall,
            "reader_cores": (time.process_time() - own0) / wall,
            "mbit_per_camera": (_total(readers) - bytes0) * 8 / wall / 1e6 / len(readers),
        }
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _total(readers: list[RtspReader]) -> int:
    return sum(r.received for r in readers)


def idle_cost(sim: CameraSimulator, seconds: float) -> float:
    assert sim.pid is not None
    time.sleep(SETTLE_S / 2)
    cpu0, wall0 = process_cpu_seconds(sim.pid), time.monotonic()
    time.sleep(seconds)
    return (process_cpu_seconds(sim.pid) - cpu0) / (time.monotonic() - wall0)


def run_mode(count: int, shared: bool, seconds: float) -> None:
    cameras = [
        CameraSpec(
            name=f"cam{i}", width=WIDTH, height=HEIGHT, fps=FPS,
            bitrate_kbps=BITRATE_KBPS, keyframe_interval=KEYFRAME_INTERVAL,
        )
        for i in range(1, count + 1)
    ]  # fmt: skip
    with CameraSimulator(cameras, port=0, shared_encoding=shared) as sim:
        idle = idle_cost(sim, seconds / 2)
        figures = asyncio.run(measure(sim, seconds))
    mode = "shared encoding" if shared else "per-camera encoding"
    print(
        f"{mode:>20}: {count:3d} cameras, {sim.encoders} encoder(s) | "
        f"server idle {idle * 100:5.1f}% of a core | "
        f"read: server {figures['server_cores'] * 100:5.1f}% "
        f"= {figures['server_cores'] * 100 / count:5.2f}% of a core per camera | "
        f"{figures['mbit_per_camera']:.2f} Mbit/s per camera | "
        f"readers {figures['reader_cores'] * 100:.1f}%",
        flush=True,
    )


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return f"{model.group(1) if model else platform.processor()}, {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-camera", type=int, default=2, help="cameras encoded each")
    parser.add_argument("--shared", type=int, default=100, help="cameras sharing one encoder")
    parser.add_argument("--seconds", type=float, default=20.0, help="measuring window")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"stream: {WIDTH}x{HEIGHT} {FPS} fps {BITRATE_KBPS} kbit/s, keyframe every "
          f"{KEYFRAME_INTERVAL} frames")  # fmt: skip
    if args.per_camera:
        run_mode(args.per_camera, shared=False, seconds=args.seconds)
    if args.shared:
        run_mode(args.shared, shared=True, seconds=args.seconds)


if __name__ == "__main__":
    main()
