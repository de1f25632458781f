"""What the plate benches share: the lpr service and the gateway as real processes, and tokens."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx

from rtcc.oversight.v1.oversight_pb2_grpc import OversightServiceStub
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_oversight.testing import approve


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Suite:
    base_url: str
    key: bytes
    lpr_pid: int
    gateway_pid: int

    def headers(
        self, role: str, subject: str = "bench", agency: str | None = None
    ) -> dict[str, str]:
        token = issue_token(self.key, role=role, subject=subject, agency=agency)
        return {"Authorization": f"Bearer {token}"}


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_suite(
    data_dir: Path, database_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[Suite]:
    """`python -m rtcc_oversight`, `python -m rtcc_lpr` and `python -m rtcc_gateway`, as
    `rtcc up` starts them, with the council's approval of plate reading recorded."""
    lpr_port, gateway_port, oversight_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "RTCC_DATA_DIR": str(data_dir),
        "RTCC_LPR_DATABASE_URL": database_url,
        "RTCC_LOG_LEVEL": "WARNING",
        "RTCC_LPR_GRPC_PORT": str(lpr_port),
        "RTCC_GATEWAY_PORT": str(gateway_port),
        "RTCC_GATEWAY_LPR_ADDR": f"127.0.0.1:{lpr_port}",
        "RTCC_OVERSIGHT_GRPC_PORT": str(oversight_port),
        "RTCC_GATEWAY_OVERSIGHT_ADDR": f"127.0.0.1:{oversight_port}",
        **(extra_env or {}),
    }
    key = load_or_create_signing_key(data_dir / "secrets" / "token_signing.key")
    logs = open(data_dir / "suite.log", "ab")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", module],
            env=env,
            stdout=logs,
            stderr=logs,
            start_new_session=True,
        )
        for module in ("rtcc_oversight", "rtcc_lpr", "rtcc_gateway")
    ]
    _, lpr, gateway = processes
    suite = Suite(f"http://127.0.0.1:{gateway_port}", key, lpr.pid, gateway.pid)
    try:
        asyncio.run(_approve_lpr(f"127.0.0.1:{oversight_port}"))
        _wait_ready(suite)
        yield suite
    finally:
        for process in reversed(processes):
            _stop(process)
        logs.close()


async def _approve_lpr(address: str, timeout_s: float = 120.0) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        await asyncio.wait_for(channel.channel_ready(), timeout_s)
        await approve(OversightServiceStub(channel), ("lpr", "partner_sharing"))


def _wait_ready(suite: Suite, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            reply = httpx.get(
                f"{suite.base_url}/v1/lpr/hotlists", headers=suite.headers("admin"), timeout=5
            )
            if reply.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the lpr service and gateway did not become ready")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
