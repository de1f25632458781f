"""Start the suite the way a user does (`rtcc up`) and talk to it over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

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
    data_dir: Path, *, env: dict[str, str] | None = None, demo: bool = False
) -> RunningSuite:
    port = free_port()
    log_path = data_dir.parent / f"{data_dir.name}-rtcc-up-{port}.log"
    argv = [str(RTCC), "up", "--data-dir", str(data_dir), "--port", str(port)]
    if demo:
        argv.append("--demo")
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
