"""`rtcc up`'s supervisor over real child processes: restarts what dies, stops what lingers."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from rtcc_cli import supervisor
from rtcc_cli.supervisor import Supervisor

IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(120)"
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in {"Z", "X"}


async def test_a_child_that_dies_is_restarted_and_one_that_lingers_is_killed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(supervisor, "STOP_TIMEOUT_S", 0.5)
    monkeypatch.setattr(supervisor, "BACKOFF_START_S", 0.1)
    supervised = Supervisor()
    supervised.add("crashing", [sys.executable, "-c", "raise SystemExit(3)"], {})
    supervised.add("stubborn", [sys.executable, "-c", IGNORES_SIGTERM], {})
    await supervised.start()
    try:
        deadline = time.monotonic() + 20
        while supervised.children["crashing"].restarts < 2:
            assert time.monotonic() < deadline, "the crashing child was not restarted"
            await asyncio.sleep(0.05)
        stubborn = supervised.pids()["stubborn"]
        assert stubborn is not None and _alive(stubborn)
    finally:
        started = time.monotonic()
        await supervised.stop()
    assert time.monotonic() - started < 5
    assert not _alive(stubborn)
