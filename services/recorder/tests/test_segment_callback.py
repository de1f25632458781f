"""A failing segment callback (the database away) is logged and tried again, and never stops
the indexing of the segments that follow: a real ffmpeg session against a simulated camera."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import logged_lines
from rtcc_recorder import ingest
from rtcc_recorder.ingest import FinishedSegment, IngestSession, SegmentCallback, SessionEnd


def _session(cameras: CameraSimulator, root: Path, on_segment: SegmentCallback) -> IngestSession:
    return IngestSession(
        camera_id="cam1", session_id="abc123", url=cameras.url("cam1"), root=root,
        ffmpeg="ffmpeg", ffprobe="ffprobe", transport="tcp", segment_s=1.0,
        stall_timeout_s=10.0, on_segment=on_segment,
    )  # fmt: skip


async def _run_until(session: IngestSession, done: asyncio.Event, within_s: float) -> SessionEnd:
    running = asyncio.create_task(session.run())
    try:
        await asyncio.wait_for(done.wait(), within_s)
    finally:
        session.stop()
    return await asyncio.wait_for(running, 30)


async def test_a_callback_that_fails_is_retried_and_the_later_segments_still_arrive(
    cameras: CameraSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "SEGMENT_CALLBACK_RETRY_S", 0.05)
    calls: list[Path] = []
    delivered: list[Path] = []
    done = asyncio.Event()

    async def flaky(finished: FinishedSegment) -> None:
        calls.append(finished.relative_path)
        if len(calls) <= 2:
            raise ConnectionError("database is away")
        delivered.append(finished.relative_path)
        if len(delivered) >= 3:
            done.set()

    with logged_lines() as logged:
        end = await _run_until(_session(cameras, tmp_path, flaky), done, 60)
    # The first segment was tried three times and got through; the others followed.
    assert calls[0] == calls[1] == calls[2] == delivered[0]
    assert len(set(delivered)) == len(delivered) >= 3
    assert len(logged.events("segment_callback_failed")) == 2
    assert end.unindexed == 0


async def test_a_callback_that_keeps_failing_is_counted_and_reading_goes_on(
    cameras: CameraSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "SEGMENT_CALLBACK_RETRY_S", 0.01)
    seen: set[Path] = set()
    done = asyncio.Event()

    async def broken(finished: FinishedSegment) -> None:
        seen.add(finished.relative_path)
        if len(seen) >= 3:
            done.set()
        raise RuntimeError("index unavailable")

    with logged_lines() as logged:
        end = await _run_until(_session(cameras, tmp_path, broken), done, 60)
    assert len(seen) >= 3  # later segments kept coming after the first failed for good
    assert end.unindexed >= 2
    assert len(logged.events("segment_not_indexed")) == end.unindexed
