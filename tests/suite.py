"""Start the suite the way a user does (`rtcc up`) and talk to it over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from rtcc_cli.suite import free_port

RTCC = Path(sys.executable).parent / "rtcc"
READY_TIMEOUT_S = 120.0


@dataclass
class RunningSuite:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    log_path: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def state(self) -> dict:
        return json.loads((self.data_dir / "run" / "suite.json").read_text())

    def token(self, role: str, agency: str | None = None) -> str:
        key = f"{role}/{agency}"
        if key not in self.tokens:
            argv = [str(RTCC), "token", "--role", role, "--data-dir", str(self.data_dir)]
            if agency:
                argv += ["--agency", agency]
            self.tokens[key] = subprocess.run(
                argv, check=True, capture_output=True, text=True
            ).stdout.strip()
        return self.tokens[key]

    def client(self, role: str | None = None, timeout: float = 30.0) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(role)}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> dict:
        deadline = time.monotonic() + timeout_s
        last: dict = {}
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rtcc up exited ({self.process.returncode}):\n{self.log()}")
            try:
                reply = httpx.get(f"{self.url}/readyz", timeout=3)
                last = reply.json()
                if reply.status_code == 200:
                    return last
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"suite not ready after {timeout_s}s: {last}\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-8000:]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_suite(
    data_dir: Path,
    *,
    env: dict[str, str] | None = None,
    demo: bool = False,
    options: tuple[str, ...] = (),
) -> RunningSuite:
    port = free_port()
    log_path = data_dir.parent / f"{data_dir.name}-rtcc-up-{port}.log"
    argv = [str(RTCC), "up", "--data-dir", str(data_dir), "--port", str(port)]
    if demo:
        argv.append("--demo")
    argv += options
    with log_path.open("wb") as log_file:
        # The tests' own cameras (camsim) serve on this host, which a camera may not use unless
        # the operator allows it.
        allowed = {"RTCC_CAMERA_REGISTRY_STREAM_ALLOWED_NETWORKS": '["127.0.0.0/8"]'}
        process = subprocess.Popen(
            argv,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **allowed, **(env or {})},
        )
    return RunningSuite(
        process=process, url=f"http://127.0.0.1:{port}", data_dir=data_dir, log_path=log_path
    )


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it is gone for every purpose that matters here.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


def wait_until(condition: Callable[[], Any], *, timeout_s: float, every_s: float = 1.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every_s)
    raise TimeoutError(f"condition not met within {timeout_s}s")


@contextmanager
def demo_suite(data_dir: Path, *, env: dict[str, str] | None = None) -> Iterator[RunningSuite]:
    """`rtcc up --demo`, ready and with its simulated cameras started; stopped afterwards."""
    running = start_suite(data_dir, env=env, demo=True)
    try:
        running.wait_ready()
        wait_until(lambda: "Demo: simulated cameras" in running.log(), timeout_s=120)
        yield running
    finally:
        running.stop()


def demo_cameras(suite: RunningSuite) -> dict[str, str]:
    """The suite's cameras: external id -> camera id."""
    with suite.client("admin") as api:
        listed = api.get("/v1/cameras", params={"page_size": 1000}).raise_for_status().json()
    return {c["external_id"]: c["id"] for c in listed["cameras"] if c["external_id"]}
