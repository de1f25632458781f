"""run_child as the services use it: real child processes, real signals, the real log pipeline."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rtcc_common.child_process import run_child, run_to_end
from rtcc_common.logging import get_logger
from rtcc_common.redact import mask_credentials
from rtcc_common.testing import logged_lines

PYTHON = sys.executable
IGNORES_SIGTERM = textwrap.dedent(
    """
    import signal, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("ready", flush=True)
    time.sleep(120)
    """
)


def _gone(pid: int) -> bool:
    """No such process, or only its zombie (nothing runs)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in {"Z", "X"}


async def _wait_gone(pid: int, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        await asyncio.sleep(0.05)
    return _gone(pid)


async def test_a_child_that_ignores_sigterm_is_killed_after_the_grace() -> None:
    child = await run_child(
        [PYTHON, "-c", IGNORES_SIGTERM], name="stubborn", stdout=subprocess.PIPE
    )
    assert (await child.stdout.readline()).strip() == b"ready"
    started = time.monotonic()
    code = await child.stop(grace_s=0.5)
    assert code == -signal.SIGKILL
    assert 0.4 < time.monotonic() - started < 5.0
    assert _gone(child.pid)


async def test_a_child_that_obeys_sigterm_ends_with_it() -> None:
    child = await run_child(["sleep", "60"], name="sleeper")
    assert await child.stop(grace_s=5.0) == -signal.SIGTERM


async def test_cancelling_the_owner_stops_the_child() -> None:
    started: asyncio.Queue[int] = asyncio.Queue()

    async def owner() -> None:
        async with await run_child(["sleep", "60"], name="sleeper") as child:
            started.put_nowait(child.pid)
            await child.wait()

    task = asyncio.create_task(owner())
    pid = await asyncio.wait_for(started.get(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await _wait_gone(pid, 5.0)


async def test_a_sigkilled_parent_leaves_no_orphan() -> None:
    """A service killed with SIGKILL cannot stop its ffmpeg: the kernel does (PR_SET_PDEATHSIG)."""
    parent_code = textwrap.dedent(
        """
        import asyncio
        from rtcc_common.child_process import run_child

        async def main():
            child = await run_child(["sleep", "120"], name="grandchild")
            print(child.pid, flush=True)
            await child.wait()

        asyncio.run(main())
        """
    )
    parent = await run_child([PYTHON, "-c", parent_code], name="parent", stdout=subprocess.PIPE)
    grandchild = int((await asyncio.wait_for(parent.stdout.readline(), 30)).strip())
    assert not _gone(grandchild)
    os.kill(parent.pid, signal.SIGKILL)
    await parent.wait()
    assert await _wait_gone(grandchild, 5.0), "the grandchild outlived its SIGKILLed parent"


async def test_stderr_lines_reach_the_log_with_credentials_masked() -> None:
    line = "[rtsp @ 0x5] 401: 'rtsp://admin:s3cret@10.0.0.9/main'"
    script = f"import sys; print({line!r}, file=sys.stderr)"
    with logged_lines() as logged:
        child = await run_child(
            [PYTHON, "-c", script], name="talker", log_fields={"camera_id": "c1"}
        )
        await child.wait()
    [event] = logged.events("child_output")
    assert event["line"] == "[rtsp @ 0x5] 401: 'rtsp://***@10.0.0.9/main'"
    assert event["process"] == "talker" and event["camera_id"] == "c1"
    assert "s3cret" not in logged.text
    assert "s3cret" not in child.stderr_tail and "rtsp://***@10.0.0.9" in child.stderr_tail


async def test_run_to_end_collects_stdout_and_stops_at_its_timeout() -> None:
    done = await run_to_end([PYTHON, "-c", "print('hello')"], name="echo", timeout_s=30)
    assert done.ok and done.stdout.strip() == b"hello"
    started = time.monotonic()
    late = await run_to_end([PYTHON, "-c", IGNORES_SIGTERM], name="late", timeout_s=0.5)
    assert late.timed_out and not late.ok
    assert time.monotonic() - started < 5.0


def test_every_log_line_masks_url_credentials_in_any_field() -> None:
    log = get_logger("test.redact")
    url = "rtsp://user:s3cret@cam.example:554/stream1"
    with logged_lines() as logged:
        log.warning("plate_camera_stream_failed", camera_id="c1", error=f"cannot open {url}")
        log.info("nested", urls=[url], details={"source": url}, exc=ValueError(url))
        try:
            raise RuntimeError(f"failed on {url}")
        except RuntimeError:
            log.exception("crashed")
        logging.getLogger("grpc").warning("channel to %s failed", url)
    assert "s3cret" not in logged.text
    [failed] = logged.events("plate_camera_stream_failed")
    assert failed["error"] == "cannot open rtsp://***@cam.example:554/stream1"
    [nested] = logged.events("nested")
    assert nested["urls"] == ["rtsp://***@cam.example:554/stream1"]
    assert nested["details"] == {"source": "rtsp://***@cam.example:554/stream1"}
    [crashed] = logged.events("crashed")
    assert "rtsp://***@cam.example:554" in crashed["exception"]
    [stdlib] = logged.events("channel to rtsp://***@cam.example:554/stream1 failed")
    assert stdlib["level"] == "warning"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("rtsp://u:p@h/s", "rtsp://***@h/s"),
        ("rtsps://u:p%40ss@h:322/s", "rtsps://***@h:322/s"),
        ("rtsp://u:p@ss@h/s x@y", "rtsp://***@h/s x@y"),  # an unencoded '@' in the password
        ("http://token@h/", "http://***@h/"),
        ("rtsp://h:554/s?user=a@b", "rtsp://h:554/s?user=a@b"),  # no user information
        ("mail me at a@b.example", "mail me at a@b.example"),
        ("'rtsp://a:b@h/1' and rtsp://c:d@h/2", "'rtsp://***@h/1' and rtsp://***@h/2"),
    ],
)
def test_mask_credentials(text: str, masked: str) -> None:
    assert mask_credentials(text) == masked
