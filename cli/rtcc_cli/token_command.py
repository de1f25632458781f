from __future__ import annotations

import argparse
import getpass

from rtcc_common.roles import ROLES
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.settings import GatewaySettings


def run(args: argparse.Namespace) -> int:
    if args.role not in ROLES:
        print(f"rtcc token: unknown role {args.role!r}; one of: {', '.join(ROLES)}")
        return 2
    settings = GatewaySettings(data_dir=args.data_dir)
    assert settings.token_key_file is not None
    key = load_or_create_signing_key(settings.token_key_file)
    subject = args.user or getpass.getuser()
    print(issue_token(key, role=args.role, subject=subject, agency=args.agency, ttl_s=args.ttl))
    return 0
