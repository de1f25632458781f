"""Runs child processes, restarts the ones that die (with backoff), stops them all on request.

Each child runs in its own session and is told by the kernel to stop if the supervisor dies
(PR_SET_PDEATHSIG), so not even a SIGKILL of `rtcc up` leaves orphans behind.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rtcc_common.child_process import Child as ChildProcess
from rtcc_common.child_process import run_child
from rtcc_common.logging import get_logger

log = get_logger("rtcc.supervisor")

STOP_TIMEOUT_S = 10.0
BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 30.0
# A child that ran this long before dying is restarted at once, not with a grown delay.
HEALTHY_RUN_S = 60.0


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    process: ChildProcess | None = None
    restarts: int = 0
    started_at: float = 0.0
    _pumps: list[asyncio.Task[None]] = field(default_factory=list)


def _relay_line(name: str, raw: bytes) -> None:
    """Children log JSON; re-emit each line as our own event so the console stays readable."""
    line = raw.decode("utf-8", "replace").rstrip()
    if not line:
        return
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if isinstance(record, dict) and "event" in record:
        event = str(record.pop("event"))
        level = str(record.pop("level", "info")).lower()
        record.pop("timestamp", None)
        method = getattr(log, level, log.info)
        method(event, process=name, **record)
    else:
        log.info("process_output", process=name, line=line)


class Supervisor:
    def __init__(self, on_change: Callable[[Supervisor], None] | None = None) -> None:
        self.children: dict[str, Child] = {}
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._on_change = on_change

    def add(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        self.children[name] = Child(name=name, argv=argv, env={**os.environ, **env})

    def pids(self) -> dict[str, int | None]:
        return {
            name: child.process.pid if child.process else None
            for name, child in self.children.items()
        }

    async def start(self) -> None:
        for child in self.children.values():
            await self._spawn(child)
        self._tasks = [asyncio.create_task(self._watch(c)) for c in self.children.values()]

    async def _spawn(self, child: Child) -> None:
        child.process = await run_child(
            child.argv,
            name=child.name,
            env=child.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            parent_death_signal=signal.SIGTERM,  # services shut down cleanly on it
        )
        child.started_at = time.monotonic()
        child._pumps = [asyncio.create_task(self._pump(child, child.process))]
        log.info("process_started", process=child.name, pid=child.process.pid)
        if self._on_change:
            self._on_change(self)

    async def _pump(self, child: Child, process: ChildProcess) -> None:
        async for raw in process.stdout:
            _relay_line(child.name, raw)

    async def _watch(self, child: Child) -> None:
        delay = BACKOFF_START_S
        while True:
            assert child.process is not None
            code = await child.process.wait()
            await asyncio.gather(*child._pumps, return_exceptions=True)
            if self._stopping.is_set():
                return
            ran_for = time.monotonic() - child.started_at
            if ran_for >= HEALTHY_RUN_S:
                delay = BACKOFF_START_S
            child.restarts += 1
            log.warning(
                "process_restarting",
                process=child.name,
                exit_code=code,
                ran_for_s=round(ran_for, 1),
                restart=child.restarts,
                delay_s=delay,
            )
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=delay)
                return
            except TimeoutError:
                pass
            delay = min(delay * 2, BACKOFF_MAX_S)
            await self._spawn(child)

    async def stop(self) -> None:
        """SIGTERM every child's process group, wait, then SIGKILL what is left (together)."""
        self._stopping.set()
        running = [c.process for c in self.children.values() if c.process]
        await asyncio.gather(*(p.stop(STOP_TIMEOUT_S) for p in running))
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        log.info("all_processes_stopped")


def python_module_argv(module: str) -> list[str]:
    return [sys.executable, "-m", module]
