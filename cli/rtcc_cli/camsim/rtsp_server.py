"""The RTSP server process of `rtcc camsim`: run by Debian's /usr/bin/python3, not imported.

gst-rtsp-server is reachable only through PyGObject, which only the system Python has, so
this script and the modules beside it import gi, cairo and the standard library only.

Input: one JSON line on stdin (see rtcc_cli.camsim.simulator.server_config). Output: one JSON
line on stdout, {"event": "camsim_ready", "rtsp_port": ..., "status_port": ...}, once the
server listens; log events as JSON lines on stderr. It stops on SIGTERM or SIGINT, and when
its stdin closes, so that it never outlives the process that started it.
"""

from __future__ import annotations

import json
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from controls import CameraControls  # noqa: E402
from encoder import Encoder, EncoderSettings  # noqa: E402
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402
from mounts import (  # noqa: E402
    accept_seeks,
    build_auth,
    mount_permissions,
    mount_pipeline,
    mount_transports,
)
from scene import Scene  # noqa: E402
from status import SessionCounter, StatusServer  # noqa: E402

SESSION_CLEANUP_INTERVAL_S = 2
# A client's DESCRIBE waits for its first keyframe (asked of the encoder, a picture or two
# away); on the default single thread, 100 cameras connecting at once would queue for long.
CLIENT_THREADS = 256
# The default backlog of 5 drops the SYNs of a recorder connecting to 100 cameras at once,
# and each dropped client waits out TCP's retransmission back-off.
LISTEN_BACKLOG = 1024


def log(event: str, **fields: object) -> None:
    record = {"event": event, "timestamp": time.time(), **fields}
    print(json.dumps(record), file=sys.stderr, flush=True)


_ENCODING = (
    "width", "height", "fps", "bitrate_kbps", "keyframe_interval", "codec", "parameter_sets",
    "b_frames",
)  # fmt: skip


def _encoder_key(camera: dict) -> tuple[int | str, ...]:
    return tuple(camera[k] for k in _ENCODING)


def build_encoders(config: dict, on_error) -> dict[str, Encoder]:  # type: ignore[no-untyped-def]
    """Camera name -> its encoder; with shared encoding, alike cameras share one."""
    by_camera: dict[str, Encoder] = {}
    shared: dict[tuple[int | str, ...], Encoder] = {}
    for camera in config["cameras"]:
        key = _encoder_key(camera)
        if config["shared_encoding"] and key in shared:
            by_camera[camera["name"]] = shared[key]
            continue
        names = [c["name"] for c in config["cameras"] if _encoder_key(c) == key]
        label = camera["name"]
        if config["shared_encoding"] and len(names) > 1:
            label = f"{names[0]} (shared by {len(names)} cameras)"
        scene = Scene(
            width=camera["width"], height=camera["height"], label=label, plates=camera["plates"]
        )
        encoder = Encoder(EncoderSettings(*key), scene, on_error)
        shared[key] = by_camera[camera["name"]] = encoder
    return by_camera


def build_factory(
    camera: dict, encoder: Encoder, controls: CameraControls, with_auth: bool
) -> GstRtspServer.RTSPMediaFactory:
    name = camera["name"]
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(mount_pipeline(camera))
    transports = mount_transports(camera)
    if transports is not None:
        factory.set_protocols(transports)
    if with_auth:
        factory.set_permissions(mount_permissions(camera))
    # A media of its own per client, like a camera's unicast RTP stream per viewer. A media
    # shared by a mount's clients is unprepared when its last client leaves, and a client
    # arriving meanwhile is refused (503); a private media has no such window.
    factory.set_shared(False)

    def on_media_configure(_factory, media):  # type: ignore[no-untyped-def]
        appsrc = media.get_element().get_by_name_recurse_up("src")
        if camera["audio"] != "none":
            accept_seeks(appsrc)
        encoder.subscribe(appsrc)
        controls.stream_started(name, appsrc)

        def on_unprepared(_media):  # type: ignore[no-untyped-def]
            encoder.unsubscribe(appsrc)
            controls.stream_ended(name, appsrc)

        media.connect("unprepared", on_unprepared)
        log("camsim_client_stream_started", camera=name)

    factory.connect("media-configure", on_media_configure)
    return factory


def build_server(
    config: dict, encoders: dict[str, Encoder], controls: CameraControls
) -> GstRtspServer.RTSPServer:
    server = GstRtspServer.RTSPServer()
    server.set_address(config["host"])
    server.set_service(str(config["port"]))
    server.set_backlog(LISTEN_BACKLOG)
    server.get_thread_pool().set_max_threads(CLIENT_THREADS)
    auth = build_auth(config["cameras"], config["rtsp_auth"])
    if auth is not None:
        server.set_auth(auth)
    mounts = server.get_mount_points()
    for camera in config["cameras"]:
        factory = build_factory(camera, encoders[camera["name"]], controls, auth is not None)
        mounts.add_factory(f"/{camera['name']}", factory)
    return server


def main() -> int:
    config = json.loads(sys.stdin.readline())
    Gst.init(None)
    loop = GLib.MainLoop()
    failure: list[str] = []

    def on_error(message: str) -> None:
        log("camsim_encoder_failed", error=message)
        failure.append(message)
        loop.quit()

    encoders = build_encoders(config, on_error)
    unique = list({id(e): e for e in encoders.values()}.values())
    for encoder in unique:
        encoder.start()
    controls = CameraControls(encoders)
    server = build_server(config, encoders, controls)
    if server.attach(None) == 0:
        log("camsim_listen_failed", host=config["host"], port=config["port"])
        return 2
    pool = server.get_session_pool()
    GLib.timeout_add_seconds(SESSION_CLEANUP_INTERVAL_S, lambda: pool.cleanup() >= 0)
    status = StatusServer(
        config["host"], config["status_port"], SessionCounter(pool, list(encoders)), controls
    )
    status.start()
    _stop_on_signals_and_stdin(loop)
    print(
        json.dumps(
            {
                "event": "camsim_ready",
                "rtsp_port": server.get_bound_port(),
                "status_port": status.port,
                "encoders": len(unique),
            }
        ),
        flush=True,
    )
    log("camsim_serving", rtsp_port=server.get_bound_port(), cameras=len(encoders))
    loop.run()
    status.stop()
    for encoder in unique:
        encoder.stop()
    log("camsim_server_stopped")
    return 1 if failure else 0


def _stop_on_signals_and_stdin(loop: GLib.MainLoop) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, lambda: loop.quit() or False)

    def on_stdin(_channel, _condition) -> bool:  # type: ignore[no-untyped-def]
        # Nothing follows the config line: readable again means closed, the parent is gone.
        loop.quit()
        return False

    GLib.io_add_watch(
        GLib.IOChannel.unix_new(sys.stdin.fileno()),
        GLib.PRIORITY_DEFAULT,
        GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
        on_stdin,
    )


if __name__ == "__main__":
    sys.exit(main())
