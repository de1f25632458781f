"""Every child process of the suite (ffmpeg, ffprobe, the camera simulator, the services under
`rtcc up`) starts and stops here, the one place that calls create_subprocess_exec (Frigate's
habit):

- in a session of its own, so a terminal's Ctrl-C or a signal to our group does not reach it
  half-way, and stopping it stops whatever it started;
- told by the kernel to die with us (PR_SET_PDEATHSIG), so not even a SIGKILL of the service
  leaves an orphan ffmpeg recording or exporting;
- stopped by SIGTERM to its group, a wait, then SIGKILL, also when the task that owns it is
  cancelled;
- its stderr read line by line into the log, with every URL's credentials masked.

Restarts are the caller's: `rtcc_common.backoff.backoff_delay` gives the delays.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from rtcc_common.logging import get_logger
from rtcc_common.redact import mask_credentials

log = get_logger("rtcc.child")

SETPRIV = "setpriv"  # util-linux: sets the parent-death signal, then execs the command
STOP_GRACE_S = 5.0
STDERR_TAIL_LINES = 20
# How long the stderr reader may run on after the child exited (a grandchild holding the pipe).
_PUMP_DRAIN_S = 2.0

StderrLine = Callable[[str], None]


def dying_with_parent(argv: Sequence[str], sig: signal.Signals) -> list[str]:
    """`argv` run so that the kernel sends it `sig` when its parent dies (PR_SET_PDEATHSIG).

    setpriv sets the signal and execs the command (same pid, so signalling and waiting work as
    usual). Setting it from a `preexec_fn` instead runs Python in the forked child of a process
    with threads (gRPC, aiosqlite), which can crash or hang the child. The kernel signals when
    the *thread* that started the child ends: start children from the event loop's thread or
    another that lives as long as they should.
    """
    return [SETPRIV, f"--pdeathsig={sig.name.removeprefix('SIG')}", "--", *argv]


def _signal_group(pid: int, sig: signal.Signals) -> None:
    """The child leads its own session: the signal reaches it and everything it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


class Child:
    """A running child. Use as `async with await run_child(...) as child:` so that leaving the
    block, by an error or a cancellation too, stops it."""

    def __init__(
        self,
        process: asyncio.subprocess.Process,
        *,
        name: str,
        on_stderr: StderrLine | None,
        log_fields: Mapping[str, Any],
    ) -> None:
        self.process = process
        self.name = name
        self._on_stderr = on_stderr
        self._log_fields = dict(log_fields)
        self._tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self._pump: asyncio.Task[None] | None = None
        if process.stderr is not None:
            self._pump = asyncio.create_task(self._read_stderr(process.stderr))

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    @property
    def stdout(self) -> asyncio.StreamReader:
        assert self.process.stdout is not None, "started without stdout=PIPE"
        return self.process.stdout

    @property
    def stderr_tail(self) -> str:
        """The last lines of stderr, masked: what to quote when the child failed."""
        return "\n".join(self._tail)

    async def wait(self) -> int:
        code = await self.process.wait()
        await self._drain()
        return code

    async def stop(self, grace_s: float = STOP_GRACE_S) -> int:
        """SIGTERM, up to `grace_s` for it to finish (ffmpeg closes its files), then SIGKILL.
        Safe to call more than once; a cancellation while waiting kills it at once."""
        if self.process.returncode is None:
            _signal_group(self.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace_s)
            except TimeoutError:
                log.warning("child_killed", process=self.name, pid=self.pid, **self._log_fields)
                _signal_group(self.pid, signal.SIGKILL)
                await self.process.wait()
            except asyncio.CancelledError:
                _signal_group(self.pid, signal.SIGKILL)
                raise
        await self._drain()
        assert self.process.returncode is not None
        return self.process.returncode

    async def __aenter__(self) -> Child:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _drain(self) -> None:
        if self._pump is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._pump), _PUMP_DRAIN_S)
        except TimeoutError:
            self._pump.cancel()
        except Exception:
            log.exception("child_stderr_failed", process=self.name)

    async def _read_stderr(self, stream: asyncio.StreamReader) -> None:
        while True:
            try:
                raw = await stream.readline()
            except ValueError:  # a line longer than the stream's limit: take what there is
                raw = await stream.read(64 * 1024)
            if not raw:
                return
            line = mask_credentials(raw.decode(errors="replace").rstrip())
            if not line:
                continue
            self._tail.append(line)
            if self._on_stderr is not None:
                self._on_stderr(line)
            else:
                log.info("child_output", process=self.name, line=line, **self._log_fields)


async def run_child(
    argv: Sequence[str],
    *,
    name: str,
    stdin: int | None = subprocess.DEVNULL,
    stdout: int | None = subprocess.DEVNULL,
    stderr: int | None = subprocess.PIPE,
    env: Mapping[str, str] | None = None,
    pass_fds: Sequence[int] = (),
    parent_death_signal: signal.Signals = signal.SIGKILL,
    on_stderr: StderrLine | None = None,
    log_fields: Mapping[str, Any] | None = None,
) -> Child:
    """Start `argv` in its own session, to die with this process.

    stderr=PIPE (the default) sends each line to `on_stderr`, masked, or else to the log as a
    `child_output` event with `name` and `log_fields`; stderr=subprocess.STDOUT merges it into
    stdout for a caller that reads both. `parent_death_signal` is SIGKILL for media processes
    (nothing to tidy), SIGTERM for children that shut down cleanly (the suite's services).
    """
    process = await asyncio.create_subprocess_exec(
        *dying_with_parent(argv, parent_death_signal),
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env=dict(env) if env is not None else None,
        pass_fds=tuple(pass_fds),
        start_new_session=True,
    )
    return Child(process, name=name, on_stderr=on_stderr, log_fields=log_fields or {})


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr_tail: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


async def run_to_end(
    argv: Sequence[str],
    *,
    name: str,
    timeout_s: float | None,
    capture_stdout: bool = True,
    env: Mapping[str, str] | None = None,
    log_stderr: bool = False,
    log_fields: Mapping[str, Any] | None = None,
) -> Finished:
    """Run a short child (a probe, a remux, an export) to its end, or stop it at `timeout_s`
    or when the awaiting task is cancelled. stderr is kept (its tail, masked) and logged only
    with `log_stderr`."""

    def keep_quiet(_line: str) -> None:
        return None

    child = await run_child(
        argv,
        name=name,
        stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
        env=env,
        on_stderr=None if log_stderr else keep_quiet,
        log_fields=log_fields,
    )
    async with child:
        reading: Awaitable[bytes] = (
            child.stdout.read() if capture_stdout else asyncio.sleep(0, result=b"")
        )
        try:
            output, _ = await asyncio.wait_for(
                asyncio.gather(reading, child.process.wait()), timeout_s
            )
        except TimeoutError:
            code = await child.stop(grace_s=1.0)
            return Finished(code, b"", child.stderr_tail, timed_out=True)
        await child.wait()
    assert child.returncode is not None
    return Finished(child.returncode, output, child.stderr_tail)


def start_blocking_child(
    argv: Sequence[str],
    *,
    stdin: int | None = subprocess.DEVNULL,
    stdout: int | None = subprocess.DEVNULL,
    stderr: int | None = subprocess.DEVNULL,
    env: Mapping[str, str] | None = None,
    parent_death_signal: signal.Signals = signal.SIGTERM,
) -> subprocess.Popen[bytes]:
    """For code without an event loop (the camera simulator, usable from tests and threads):
    the same session and parent-death rules; stop it with `stop_blocking_child`."""
    return subprocess.Popen(
        dying_with_parent(argv, parent_death_signal),
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env=dict(env) if env is not None else None,
        start_new_session=True,
    )


def stop_blocking_child(process: subprocess.Popen[bytes], grace_s: float = STOP_GRACE_S) -> int:
    """SIGTERM its group, wait up to `grace_s`, then SIGKILL. Idempotent."""
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            log.warning("child_killed", pid=process.pid)
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode
