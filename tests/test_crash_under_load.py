"""`kill -9` under load loses nothing acknowledged: the lpr service while readers push plate
reads, and the recorder while it records the demo's cameras. `rtcc up --demo` as users start
it; the supervisor restarts what was killed."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.suite import RunningSuite, demo_suite, wait_until

WHY = {"reason": "crash test", "case_number": "T-1"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    with demo_suite(tmp_path_factory.mktemp("crash") / "data") as running:
        yield running


def _kill(suite: RunningSuite, service: str) -> int:
    victim = int(suite.state()["pids"][service])
    os.kill(victim, signal.SIGKILL)
    wait_until(lambda: suite.state()["pids"][service] != victim, timeout_s=60, every_s=0.2)
    return victim


def _read(reader_id: str, read_id: str) -> dict[str, Any]:
    return {
        "read_id": read_id,
        "plate": f"K{read_id[:6].upper()}",
        "state": "TX",
        "confidence": 0.9,
        "reader_id": reader_id,
        "observed_at": datetime.now(UTC).isoformat(),
    }


def test_lpr_killed_during_ingest_loses_no_acknowledged_read(demo: RunningSuite) -> None:
    reader_id = f"crash-{uuid.uuid4().hex[:8]}"
    acknowledged: set[str] = set()
    refused_batches = 0
    stop = threading.Event()

    def push() -> None:
        nonlocal refused_batches
        with demo.client("reader", timeout=10) as reader:
            while not stop.is_set():
                batch = [_read(reader_id, uuid.uuid4().hex) for _ in range(200)]
                try:
                    reply = reader.post("/v1/lpr/reads", json={"reads": batch})
                except httpx.HTTPError:
                    refused_batches += 1
                    continue
                if reply.status_code != 200:
                    refused_batches += 1
                    time.sleep(0.05)
                    continue
                for result in reply.json()["results"]:
                    if result["status"] == "stored":
                        acknowledged.add(result["read_id"])

    pusher = threading.Thread(target=push)
    pusher.start()
    try:
        wait_until(lambda: len(acknowledged) >= 2000, timeout_s=60, every_s=0.1)
        _kill(demo, "lpr")
        demo.wait_ready(timeout_s=90)
        before = len(acknowledged)
        wait_until(lambda: len(acknowledged) >= before + 1000, timeout_s=90, every_s=0.2)
    finally:
        stop.set()
        pusher.join(timeout=30)
    assert refused_batches > 0, "the kill did not interrupt ingest; the test proved nothing"

    stored: set[str] = set()
    with demo.client("analyst") as analyst:
        token = ""
        while True:
            params: dict[str, Any] = {"reader_id": reader_id, "page_size": 1000, **WHY}
            if token:
                params["page_token"] = token
            page = analyst.get("/v1/lpr/reads", params=params).raise_for_status().json()
            stored |= {r["read_id"] for r in page["reads"]}
            token = page["next_page_token"] or ""
            if not token:
                break
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged reads lost"


def test_recorder_killed_while_recording_loses_no_finished_segment(demo: RunningSuite) -> None:
    with demo.client("analyst") as analyst:
        cameras = analyst.get("/v1/cameras").raise_for_status().json()["cameras"]
        camera_id = next(c["id"] for c in cameras if c["external_id"] == "demo-cam-1")

        def segments() -> list[dict[str, Any]]:
            now = datetime.now(UTC)
            window = {
                "start": (now - timedelta(hours=1)).isoformat(),
                "end": (now + timedelta(minutes=1)).isoformat(),
            }
            reply = analyst.get(f"/v1/cameras/{camera_id}/recordings", params=window)
            return list(reply.raise_for_status().json()["segments"])

        wait_until(lambda: len(segments()) >= 2, timeout_s=120, every_s=1)
        finished_before = {s["id"] for s in segments()}
        _kill(demo, "recorder")
        demo.wait_ready(timeout_s=90)
        # Recording resumes, and every segment indexed before the kill is still there.
        wait_until(
            lambda: {s["id"] for s in segments()} - finished_before, timeout_s=120, every_s=1
        )
        after = {s["id"]: s for s in segments()}
    assert finished_before <= set(after)
    assert all(after[i]["bytes"] > 0 for i in finished_before)
