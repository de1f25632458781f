"""`rtcc`: bring the suite up on one machine, mint tokens, simulate cameras."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rtcc_cli import camsim_command, demo_login_command, token_command, up_command


def _default_data_dir() -> Path:
    from rtcc_common.settings import CommonSettings

    return CommonSettings().data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rtcc", description="Open RTCC, the Real Time Crime Center"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="start every service and the gateway on this machine")
    up.add_argument(
        "--data-dir", type=Path, default=None, help="where databases, recordings and keys live"
    )
    up.add_argument("--port", type=int, default=8080, help="the gateway's HTTP port")
    up.add_argument("--host", default="127.0.0.1", help="the gateway's address")
    up.add_argument(
        "--demo", action="store_true", help="also start simulated cameras and plate reads"
    )
    up.add_argument(
        "--cameras",
        type=int,
        default=0,
        metavar="N",
        help="with --demo: register N cameras in all (e.g. 2300) along the demo city's streets",
    )
    up.set_defaults(run=up_command.run)

    token = commands.add_parser("token", help="print an access token signed with the local key")
    token.add_argument("--role", required=True)
    token.add_argument("--agency", default=None)
    token.add_argument("--user", default=None)
    token.add_argument("--data-dir", type=Path, default=None)
    token.add_argument("--ttl", type=int, default=8 * 3600, help="seconds the token stays valid")
    token.set_defaults(run=token_command.run)

    demo_login = commands.add_parser(
        "demo-login", help="print a demo account's password and current sign-in code"
    )
    demo_login_command.configure_parser(demo_login)
    demo_login.set_defaults(run=demo_login_command.run)

    camsim = commands.add_parser("camsim", help="serve simulated cameras over RTSP")
    camsim_command.configure_parser(camsim)
    camsim.set_defaults(run=camsim_command.run)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if getattr(args, "data_dir", "unset") is None:
        args.data_dir = _default_data_dir()
    sys.exit(args.run(args) or 0)
