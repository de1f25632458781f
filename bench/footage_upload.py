"""Footage request uploads: how fast an owner's clip goes through the gateway (uvicorn, public
PUT) to the cases service, which hashes it as it arrives, probes it with ffprobe and stores it
as evidence; and how much memory that takes, which must stay far below the clip's size (the
clip is streamed, never held whole). Prints figures and the machine they were taken on.

    uv run python bench/footage_upload.py [--seconds 20] [--bitrate 40M] [--uploads 3]

Everything runs in this one process (oversight, cases, gateway), so the peak memory growth
printed covers the gateway and the cases service together.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import uvicorn
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases.server import build_server
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_common.testing import running_service
from rtcc_gateway.main import create_app, server_config
from rtcc_gateway.settings import GatewaySettings
from rtcc_oversight.settings import Settings as OversightSettings
from rtcc_oversight.testing import ALL_TECHNOLOGIES, running_oversight

MIGRATIONS = Path(__file__).parents[1] / "services" / "cases" / "rtcc_cases" / "migrations"
ACTOR = cases_pb2.Actor(subject="bench", role="analyst", agency="CPD")
DEAD = "127.0.0.1:9"


def make_clip(path: Path, seconds: int, bitrate: str) -> None:
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc2=size=1280x720:rate=25:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitrate, "-maxrate", bitrate,
            "-bufsize", bitrate, "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
    )  # fmt: skip


def _stamp(seconds: float) -> Timestamp:
    value = Timestamp()
    value.FromNanoseconds(round(seconds * 1e9))
    return value


async def _tokens(address: str, uploads: int) -> list[str]:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = cases_pb2_grpc.CasesServiceStub(channel)
        case = await stub.CreateCase(
            cases_pb2.CreateCaseRequest(
                actor=ACTOR, case=cases_pb2.CaseInput(number="BENCH-1", offense="robbery")
            )
        )
        now = time.time()
        made = await stub.CreateFootageRequest(
            cases_pb2.CreateFootageRequestRequest(
                case_id=case.case.id,
                actor=ACTOR,
                lat=41.88,
                lon=-87.63,
                radius_m=200,
                start=_stamp(now - 3600),
                end=_stamp(now - 1800),
                reason="bench",
                targets=[cases_pb2.FootageTarget(camera_id=f"cam-{n}") for n in range(uploads)],
            )
        )
        return [link.token for link in made.links]


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := await asyncio.to_thread(source.read, 256 * 1024):
            yield chunk


def _sha256(path: Path) -> str:
    """In pieces: the bench itself must not hold the clip, or the peak below means nothing."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        clip = work / "clip.mp4"
        began = time.perf_counter()
        make_clip(clip, args.seconds, args.bitrate)
        size = clip.stat().st_size
        digest = _sha256(clip)
        print(
            f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, "
            f"load {os.getloadavg()[0]:.1f}, python {platform.python_version()}"
        )
        print(
            f"clip: {size / 2**20:.1f} MiB H.264 1280x720, {args.seconds} s "
            f"(made in {time.perf_counter() - began:.1f} s)"
        )
        oversight = OversightSettings(
            database_url=f"sqlite+aiosqlite:///{work / 'oversight.sqlite'}", data_dir=work / "o"
        )
        cases = CasesSettings(
            database_url=f"sqlite+aiosqlite:///{work / 'cases.sqlite'}",
            data_dir=work / "c",
            recorder_addr=DEAD,
        )
        async with (
            running_oversight(oversight, approved=ALL_TECHNOLOGIES) as audit,
            running_service(cases, build_server, migrations_dir=MIGRATIONS) as running,
        ):
            settings = GatewaySettings(
                data_dir=work / "g",
                oversight_addr=audit.address,
                cases_addr=running.address,
                camera_registry_addr=DEAD,
                recorder_addr=DEAD,
                lpr_addr=DEAD,
                metrics_port=None,
            )
            app = create_app(settings)
            server = uvicorn.Server(server_config(app, settings, port=0))
            serving = asyncio.create_task(server.serve())
            while not server.started:
                assert not serving.done(), "the gateway did not start"
                await asyncio.sleep(0.05)
            url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
            rss_before = _peak_rss_mib()
            timings: list[float] = []
            async with httpx.AsyncClient(base_url=url, timeout=600) as client:
                for token in await _tokens(running.address, args.uploads):
                    started = time.perf_counter()
                    reply = await client.put(
                        f"/v1/footage-uploads/{token}",
                        content=_file_chunks(clip),
                        headers={"Content-Type": "video/mp4", "Content-Length": str(size)},
                    )
                    timings.append(time.perf_counter() - started)
                    reply.raise_for_status()
                    assert reply.json()["sha256"] == digest, "the hash at arrival differs"
            server.should_exit = True
            await serving
        rss_growth = _peak_rss_mib() - rss_before
    median = statistics.median(timings)
    print(
        f"upload, hash, ffprobe, store: median {median:.2f} s per clip "
        f"({size / 2**20 / median:.0f} MiB/s), all {', '.join(f'{t:.2f}' for t in timings)} s"
    )
    print(
        f"peak memory growth of gateway + cases service during the uploads: {rss_growth:.1f} MiB "
        f"(clip {size / 2**20:.1f} MiB)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--bitrate", default="40M")
    parser.add_argument("--uploads", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
