"""`rtcc camsim`: serve N simulated cameras over RTSP until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading

from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_cli.camsim.simulator import RTSP_AUTH_METHODS
from rtcc_cli.camsim.spec import AUDIO_CODECS, PARAMETER_SETS, TRANSPORTS, VIDEO_CODECS
from rtcc_common.errors import DomainError
from rtcc_common.logging import configure_logging, get_logger

log = get_logger("rtcc.camsim")

_LIVENESS_POLL_S = 1.0


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=4, help="how many cameras (default 4)")
    parser.add_argument(
        "--name-prefix", default="cam", help="cameras are named <prefix>1..<prefix>N"
    )
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--bitrate-kbps", type=int, default=2000)
    parser.add_argument(
        "--keyframe-interval", type=int, default=50, help="frames from one keyframe to the next"
    )
    parser.add_argument(
        "--plates",
        default="",
        help="comma-separated plates every camera shows in turn "
        "(default: a fixed list generated per camera name)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address the RTSP server binds")
    parser.add_argument("--port", type=int, default=8554, help="RTSP port (0: any free port)")
    parser.add_argument(
        "--status-port", type=int, default=0, help="HTTP port of /status (0: any free port)"
    )
    parser.add_argument("--codec", choices=VIDEO_CODECS, default="h264")
    parser.add_argument(
        "--parameter-sets",
        choices=PARAMETER_SETS,
        default="in_band",
        help="H.264 SPS/PPS before every keyframe, or only in the SDP (as many IP cameras)",
    )
    parser.add_argument("--audio", choices=AUDIO_CODECS, default="none", help="an audio track")
    parser.add_argument(
        "--b-frames",
        type=int,
        default=0,
        help="B-frames between reference pictures (H.264 High profile, or H.265), 0 to 4",
    )
    parser.add_argument(
        "--transports",
        choices=TRANSPORTS,
        default="tcp+udp",
        help="RTSP transports the cameras offer (udp: TCP is refused with 461, as VLC does)",
    )
    parser.add_argument("--username", default="", help="cameras ask RTSP clients for this user")
    parser.add_argument("--password", default="", help="the password of --username")
    parser.add_argument("--rtsp-auth", choices=RTSP_AUTH_METHODS, default="digest")
    parser.add_argument(
        "--shared-encoding",
        action="store_true",
        help="encode once and serve the same picture on every mount (cheap: ~100 cameras)",
    )


def build_specs(args: argparse.Namespace) -> list[CameraSpec]:
    plates = [p.strip().upper() for p in args.plates.split(",") if p.strip()]
    return [
        CameraSpec(
            name=f"{args.name_prefix}{index}",
            width=args.width,
            height=args.height,
            fps=args.fps,
            bitrate_kbps=args.bitrate_kbps,
            keyframe_interval=args.keyframe_interval,
            plates=plates,
            codec=args.codec,
            parameter_sets=args.parameter_sets,
            audio=args.audio,
            b_frames=args.b_frames,
            transports=args.transports,
            username=args.username,
            password=args.password,
        )
        for index in range(1, args.count + 1)
    ]


def run(args: argparse.Namespace) -> int:
    configure_logging(log_format="console")
    if not 1 <= args.count <= 1000:
        print("rtcc camsim: --count must be from 1 to 1000")
        return 2
    try:
        simulator = CameraSimulator(
            build_specs(args),
            host=args.host,
            port=args.port,
            status_port=args.status_port,
            shared_encoding=args.shared_encoding,
            rtsp_auth=args.rtsp_auth,
        )
    except DomainError as error:
        print(f"rtcc camsim: {error.message}")
        return 2
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda _sig, _frame: stop.set())
    try:
        simulator.start()
    except DomainError as error:
        print(f"rtcc camsim: {error.message}")
        return 1
    try:
        _print_urls(simulator)
        while not stop.wait(_LIVENESS_POLL_S):
            if not simulator.running:
                log.error("camsim_server_died")
                return 1
        return 0
    finally:
        simulator.stop()


def _print_urls(simulator: CameraSimulator) -> None:
    for url in simulator.urls().values():
        print(url, flush=True)
    print(f"status: {simulator.status_url}", flush=True)
