"""The RTSP server's status endpoint: how many client sessions each mount has right now, and
the changes a test makes to a running camera (controls.py).

Runs inside the RTSP server process (gi and the standard library only). GET /status on
the status port answers {"mounts": {"cam1": {"sessions": N}, ...}}. The
session pool belongs to the GLib main loop, so the HTTP thread asks the loop to count and
waits for the answer. POST /cameras/<name> with a JSON change answers 204, or 400/404 with why.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from controls import CameraControls
from gi.repository import GLib, GstRtspServer

_COUNT_TIMEOUT_S = 5.0


class SessionCounter:
    def __init__(self, pool: GstRtspServer.RTSPSessionPool, mounts: list[str]) -> None:
        self._pool = pool
        self._mounts = mounts

    def count(self) -> dict[str, int]:
        """RTSP sessions per mount; must run on the GLib main loop."""
        counts = dict.fromkeys(self._mounts, 0)
        for session in self._pool.filter(None, None):
            for session_media in session.filter(None, None):
                mount = _mount_of(session_media, self._mounts)
                if mount is not None:
                    counts[mount] += 1
        return counts


def _mount_of(session_media: GstRtspServer.RTSPSessionMedia, mounts: list[str]) -> str | None:
    for mount in mounts:
        path = f"/{mount}"
        # matches() is a prefix test ("/cam1" also matches "/cam10"); the matched length
        # tells the session's own path apart.
        matched, length = session_media.matches(path)
        if matched and length == len(path):
            return mount
    return None


class StatusServer:
    def __init__(
        self, host: str, port: int, counter: SessionCounter, controls: CameraControls
    ) -> None:
        self._counter = counter
        self._controls = controls
        handler = self._handler_class()
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def counts_from_main_loop(self) -> dict[str, int] | None:
        done = threading.Event()
        result: list[dict[str, int]] = []

        def count() -> bool:
            result.append(self._counter.count())
            done.set()
            return False

        GLib.idle_add(count)
        return result[0] if done.wait(_COUNT_TIMEOUT_S) else None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        status_server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.rstrip("/") != "/status":
                    self.send_error(404, "only /status is served")
                    return
                counts = status_server.counts_from_main_loop()
                if counts is None:
                    self.send_error(503, "the RTSP server's main loop did not answer")
                    return
                body = json.dumps(
                    {"mounts": {name: {"sessions": n} for name, n in counts.items()}}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                name = self.path.removeprefix("/cameras/")
                if name == self.path:
                    self.send_error(404, "POST /cameras/<name> only")
                    return
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                    change = json.loads(self.rfile.read(min(length, 4096)) or b"null")
                except ValueError:
                    self.send_error(400, "the body must be JSON")
                    return
                refusal = status_server._controls.apply(name, change)
                if refusal is None:
                    self.send_response(204)
                    self.end_headers()
                else:
                    self.send_error(404 if refusal.startswith("no camera") else 400, refusal)

            def log_message(self, format: str, *args: object) -> None:
                # One line per status poll would bury the events that matter.
                return

        return Handler
