"""`rtcc demo-login`: the password and current sign-in code of a demo account."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyotp

from rtcc_cli.demo_accounts import accounts_file, load_accounts


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default="demo-analyst", help="the demo account")
    parser.add_argument("--data-dir", type=Path, default=None)


def run(args: argparse.Namespace) -> int:
    accounts = load_accounts(args.data_dir)
    account = accounts.get(args.user)
    if account is None:
        known = ", ".join(accounts) or "none"
        print(
            f"rtcc demo-login: no demo account {args.user!r} in {accounts_file(args.data_dir)} "
            f"(known: {known}); start the suite with `rtcc up --demo` first"
        )
        return 2
    totp = pyotp.TOTP(account.totp_secret)
    left = int(totp.interval - time.time() % totp.interval)
    print(f"username: {account.username}")
    print(f"password: {account.password}")
    print(f"code:     {totp.now()}  (valid for {left} more seconds; each code signs in once)")
    print(f"TOTP secret for an authenticator app: {account.totp_secret}")
    return 0
