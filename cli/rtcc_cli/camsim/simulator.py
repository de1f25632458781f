"""CameraSimulator: runs the RTSP server process and answers where its cameras are."""

from __future__ import annotations

import json
import queue
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from rtcc_cli.camsim.spec import CameraSpec
from rtcc_common.child_process import start_blocking_child, stop_blocking_child
from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from rtcc_common.logging import get_logger

log = get_logger("rtcc.camsim")

SYSTEM_PYTHON = "/usr/bin/python3"
SERVER_SCRIPT = Path(__file__).with_name("rtsp_server.py")
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
STATUS_TIMEOUT_S = 10.0
_WILDCARD_HOSTS = {"0.0.0.0", "", "::"}
RTSP_AUTH_METHODS = ("digest", "basic")


class CameraSimulator:
    """Simulated cameras on a real RTSP server (gst-rtsp-server in a child process).

    start() returns once the server accepts RTSP connections. A port of 0 becomes a free
    port on the first start and stays the same across stop() and start(), so a camera URL
    survives a restart. Blocking calls only, no event loop: usable from sync and async code.
    Cameras with credentials ask RTSP clients for them by `rtsp_auth` ("digest", as most IP
    cameras, or "basic"); one method for the whole server, as gst-rtsp-server's binding allows.
    """

    def __init__(
        self,
        cameras: Sequence[CameraSpec],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        status_port: int = 0,
        shared_encoding: bool = False,
        rtsp_auth: str = "digest",
    ) -> None:
        names = [camera.name for camera in cameras]
        if not names:
            raise InvalidArgument("a simulator needs at least one camera")
        if len(set(names)) != len(names):
            raise InvalidArgument("camera names must be unique")
        if rtsp_auth not in RTSP_AUTH_METHODS:
            raise InvalidArgument(f"rtsp_auth must be one of {', '.join(RTSP_AUTH_METHODS)}")
        passwords = {(c.username, c.password) for c in cameras if c.username}
        if len({username for username, _ in passwords}) != len(passwords):
            # Digest credentials are looked up by user name alone.
            raise InvalidArgument("cameras that share a user name must share its password")
        self.rtsp_auth = rtsp_auth
        self.cameras = list(cameras)
        self.host = host
        self.port = port
        self.status_port = status_port
        self.shared_encoding = shared_encoding
        self.encoders = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._pumps: list[threading.Thread] = []

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        if self.running:
            raise FailedPrecondition("the camera simulator is already running")
        # Its own session, and told by the kernel to stop when the thread that starts it ends
        # (with the process, SIGKILL included): no simulated camera outlives a test run.
        process = start_blocking_child(
            [SYSTEM_PYTHON, str(SERVER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._process = process
        assert process.stdin is not None
        # The config goes first; stdin then stays open, and its closing tells the server
        # that this process is gone.
        process.stdin.write(json.dumps(self.server_config()).encode() + b"\n")
        process.stdin.flush()
        ready: queue.Queue[dict[str, Any]] = queue.Queue()
        assert process.stdout is not None and process.stderr is not None
        self._pumps = [
            threading.Thread(target=_read_stdout, args=(process.stdout, ready), daemon=True),
            threading.Thread(target=_relay_stderr, args=(process.stderr,), daemon=True),
        ]
        for pump in self._pumps:
            pump.start()
        try:
            announcement = self._wait_ready(process, ready)
        except BaseException:
            self.stop()
            raise
        self.port = int(announcement["rtsp_port"])
        self.status_port = int(announcement["status_port"])
        self.encoders = int(announcement["encoders"])
        self._wait_accepting()
        log.info(
            "camsim_started",
            pid=process.pid,
            rtsp_port=self.port,
            status_port=self.status_port,
            cameras=len(self.cameras),
            encoders=self.encoders,
        )

    def stop(self) -> None:
        """SIGTERM the server's process group, wait, SIGKILL if it lingers. Idempotent."""
        process = self._process
        if process is None:
            return
        stop_blocking_child(process, STOP_TIMEOUT_S)
        if process.stdin is not None:
            process.stdin.close()
        for pump in self._pumps:
            pump.join(timeout=STOP_TIMEOUT_S)
        self._process = None
        log.info("camsim_stopped", pid=process.pid, exit_code=process.returncode)

    def __enter__(self) -> CameraSimulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The RTSP server process, while one was started and not yet stopped."""
        return self._process.pid if self._process else None

    # -- where things are ------------------------------------------------------------

    def url(self, name: str, *, with_credentials: bool = True) -> str:
        """The camera's URL; for a camera with credentials, with them (percent-encoded)."""
        camera = next((c for c in self.cameras if c.name == name), None)
        if camera is None:
            raise NotFound(f"no simulated camera named {name!r}")
        if not self.port:
            raise FailedPrecondition("the camera simulator has not been started")
        userinfo = ""
        if camera.username and with_credentials:
            quote = urllib.parse.quote
            userinfo = f"{quote(camera.username, safe='')}:{quote(camera.password, safe='')}@"
        return f"rtsp://{userinfo}{self._client_host()}:{self.port}/{name}"

    def urls(self) -> dict[str, str]:
        return {camera.name: self.url(camera.name) for camera in self.cameras}

    @property
    def status_url(self) -> str:
        return f"http://{self._client_host()}:{self.status_port}/status"

    def sessions(self, name: str) -> int:
        """How many RTSP client sessions the server holds for this camera right now."""
        self.url(name)
        return int(self.status()["mounts"][name]["sessions"])

    def status(self) -> dict[str, Any]:
        if not self.running:
            raise Unavailable("the camera simulator is not running")
        with urllib.request.urlopen(self.status_url, timeout=STATUS_TIMEOUT_S) as response:
            return dict(json.load(response))

    def resize(self, name: str, width: int, height: int) -> None:
        """The camera encodes at another size from its next picture on, without ending any
        client's session (a new SPS and keyframe in the stream)."""
        self._change(name, {"width": width, "height": height})

    def jump_clock(self, name: str, seconds: float) -> None:
        """The timestamps the camera's clients receive jump by `seconds` (back when
        negative), as when a camera restarts its encoder without ending the session."""
        self._change(name, {"jump_s": seconds})

    def _change(self, name: str, change: dict[str, Any]) -> None:
        self.url(name)
        if not self.running:
            raise Unavailable("the camera simulator is not running")
        request = urllib.request.Request(
            f"http://{self._client_host()}:{self.status_port}/cameras/{name}",
            data=json.dumps(change).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            urllib.request.urlopen(request, timeout=STATUS_TIMEOUT_S).close()
        except urllib.error.HTTPError as error:
            raise InvalidArgument(f"camera {name!r} refused the change: {error.reason}") from error

    def server_config(self) -> dict[str, Any]:
        """What the RTSP server process is told (one JSON line on its stdin)."""
        return {
            "host": self.host,
            "port": self.port,
            "status_port": self.status_port,
            "shared_encoding": self.shared_encoding,
            "rtsp_auth": self.rtsp_auth,
            "cameras": [camera.to_config() for camera in self.cameras],
        }

    # -- internals -------------------------------------------------------------------

    def _client_host(self) -> str:
        return "127.0.0.1" if self.host in _WILDCARD_HOSTS else self.host

    def _wait_ready(
        self, process: subprocess.Popen[bytes], ready: queue.Queue[dict[str, Any]]
    ) -> dict[str, Any]:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                return ready.get(timeout=0.2)
            except queue.Empty:
                if process.poll() is not None:
                    raise Unavailable(
                        f"the RTSP server exited with code {process.returncode} while "
                        "starting (is the port in use? see the camsim log events)"
                    ) from None
        raise Unavailable(f"the RTSP server did not start within {START_TIMEOUT_S:.0f} s")

    def _wait_accepting(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with socket.create_connection((self._client_host(), self.port), timeout=2.0):
                    return
            except OSError:
                if time.monotonic() > deadline or not self.running:
                    self.stop()
                    raise Unavailable("the RTSP server does not accept connections") from None
                time.sleep(0.1)


def _read_stdout(stream: IO[bytes], ready: queue.Queue[dict[str, Any]]) -> None:
    for raw in stream:
        record = _parse_json_line(raw)
        if record is not None and record.get("event") == "camsim_ready":
            ready.put(record)


def _relay_stderr(stream: IO[bytes]) -> None:
    """The server's JSON events become our events; anything else (GStreamer) a line event."""
    for raw in stream:
        record = _parse_json_line(raw)
        if record is None:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                log.info("camsim_server_output", line=line)
            continue
        event = str(record.pop("event", "camsim_server_event"))
        record.pop("timestamp", None)
        method = log.warning if event.endswith("_failed") else log.info
        method(event, **record)


def _parse_json_line(raw: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
