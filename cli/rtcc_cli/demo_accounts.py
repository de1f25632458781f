"""Demo sign-in accounts, so that a newcomer can open the dashboard of `rtcc up --demo`.

Each account gets a random password and a TOTP secret, created through the public API as an
administrator would. Both are kept in the data dir (readable by its owner only), because the
API shows a TOTP secret once; `rtcc demo-login` prints the password and the current code.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from rtcc_common.logging import get_logger

log = get_logger("rtcc.demo")

ACCOUNTS = (
    ("demo-analyst", "analyst", "Demo analyst"),
    ("demo-admin", "admin", "Demo administrator"),
    # Reads the audit trail, the council's approvals and the annual report; nothing else.
    ("demo-auditor", "auditor", "Demo auditor"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    totp_secret: str


def accounts_file(data_dir: Path) -> Path:
    return data_dir / "demo" / "accounts.json"


def load_accounts(data_dir: Path) -> dict[str, DemoAccount]:
    path = accounts_file(data_dir)
    if not path.exists():
        return {}
    return {name: DemoAccount(**fields) for name, fields in json.loads(path.read_text()).items()}


def _save(data_dir: Path, accounts: dict[str, DemoAccount]) -> None:
    path = accounts_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({name: asdict(a) for name, a in accounts.items()}, handle, indent=2)
    tmp.replace(path)


async def ensure_accounts(admin: httpx.AsyncClient, data_dir: Path) -> dict[str, DemoAccount]:
    """Create the demo accounts not yet created; an earlier run's accounts are kept as they are."""
    accounts = load_accounts(data_dir)
    for username, role, display_name in ACCOUNTS:
        if username in accounts:
            continue
        password = secrets.token_urlsafe(12)
        reply = await admin.post(
            "/v1/users",
            json={
                "username": username,
                "password": password,
                "role": role,
                "display_name": display_name,
            },
        )
        if reply.status_code == 409:
            # Made by an earlier run whose accounts file is gone: its TOTP secret cannot be shown
            # again, so this account stays unusable for the demo rather than silently reset.
            log.warning("demo_account_exists_without_secret", username=username)
            continue
        body = reply.raise_for_status().json()
        accounts[username] = DemoAccount(
            username=username, role=role, password=password, totp_secret=body["totp_secret"]
        )
        _save(data_dir, accounts)
    return accounts


def describe(accounts: dict[str, DemoAccount], data_dir: Path) -> str:
    if not accounts:
        return "  no demo sign-in account (see the log)\n"
    names = ", ".join(f"{a.username} ({a.role})" for a in accounts.values())
    return (
        f"  sign in to the dashboard as {names}: password and the current 6-digit code from\n"
        f"    rtcc demo-login --user demo-analyst --data-dir {data_dir}\n"
    )
