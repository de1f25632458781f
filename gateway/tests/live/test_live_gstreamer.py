"""Live view for a viewer that is not a browser: GStreamer's webrtcbin (Debian's packages) as a
WHEP client, in a child process of Debian's /usr/bin/python3 (gst_whep_client.py).

webrtcbin offers `a=setup:actpass` with an RSA certificate; the gateway answers
`a=setup:passive`, so it is the DTLS server with its own (ECDSA) certificate. An offer whose
DTLS cannot complete ends as a failed session that its viewer can read at the WHEP location."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY

from rtcc_cli.camsim import CameraSimulator
from rtcc_common.child_process import run_to_end

SYSTEM_PYTHON = "/usr/bin/python3"
CLIENT = Path(__file__).with_name("gst_whep_client.py")


def _webrtcbin_available() -> bool:
    return shutil.which("gst-inspect-1.0") is not None and Path(SYSTEM_PYTHON).exists()


pytestmark = pytest.mark.skipif(
    not _webrtcbin_available(), reason="needs Debian's GStreamer and python3-gi"
)


async def run_client(
    gateway_url: str, camera_id: str, token: str, *options: str, timeout_s: float = 90.0
) -> dict[str, Any]:
    """Runs the webrtcbin viewer to its end; its events, the last one the result."""
    finished = await run_to_end(
        [
            SYSTEM_PYTHON,
            str(CLIENT),
            "--url",
            f"{gateway_url}/v1/cameras/{camera_id}/whep",
            "--token",
            token,
            *options,
        ],
        name="gst_whep_client",
        timeout_s=timeout_s,
    )
    events = [json.loads(line) for line in finished.stdout.decode().splitlines() if line]
    assert events and events[-1]["event"] == "result", finished.stderr_tail
    result: dict[str, Any] = events[-1]
    result["events"] = events
    result["stderr"] = finished.stderr_tail
    return result


async def test_webrtcbin_viewer_decodes_the_camera(
    gateway: tuple[str, bytes],
    http: httpx.AsyncClient,
    tokens: Any,
    camera_ids: dict[str, str],
) -> None:
    result = await run_client(
        gateway[0], camera_ids["front"], tokens.token(), "--frames", "30", "--timeout", "60"
    )
    assert result["status"] == 201, result
    assert "a=setup:passive" in result["answer"]
    assert result["frames"] >= 30, (result["states"], result["error"], result["stderr"])
    [first] = [e for e in result["events"] if e["event"] == "first_frame"]
    assert (first["width"], first["height"]) == (640, 360)
    session = await http.get(result["location"], headers=tokens.bearer())
    assert session.status_code == 200, session.text
    assert session.json()["state"] in ("connected", "ended")


async def test_an_offer_whose_dtls_cannot_complete_ends_as_a_failed_session(
    gateway: tuple[str, bytes],
    http: httpx.AsyncClient,
    tokens: Any,
    camera_ids: dict[str, str],
    cameras: CameraSimulator,
    wait_until: Any,
) -> None:
    """The offer names another certificate than the one webrtcbin shows in the handshake:
    WHEP still answers 201 (the connection is tried after the answer), and the viewer then
    reads at its session's location that it failed, and why; the gateway counts it."""
    failed_before = _failed_count("dtls_failed")
    result = await run_client(
        gateway[0],
        camera_ids["lobby"],
        tokens.token(),
        "--wrong-fingerprint",
        "--frames",
        "1",
        "--timeout",
        "15",
    )
    assert result["status"] == 201, result
    assert result["frames"] == 0
    location = result["location"]
    state: dict[str, Any] = {}

    async def failed() -> bool:
        reply = await http.get(location, headers=tokens.bearer())
        assert reply.status_code == 200, reply.text
        state.update(reply.json())
        return bool(state["state"] != "connecting")

    await wait_until(failed)
    assert (state["state"], state["end_reason"]) == ("failed", "dtls_failed"), state
    assert "DTLS handshake" in state["failure"]
    assert state["ended_at"] is not None
    # Cleaned up: nothing left to hang up, nothing open; counted by reason.
    assert (await http.delete(location, headers=tokens.bearer())).status_code == 404
    sessions = (await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))).json()
    session_id = location.rsplit("/", 1)[1]
    assert session_id not in {s["id"] for s in sessions["open"]}
    [ended] = [s for s in sessions["ended"] if s["id"] == session_id]
    assert ended["state"] == "failed"
    assert _failed_count("dtls_failed") == failed_before + 1

    async def upstream_released() -> bool:
        return await asyncio.to_thread(cameras.sessions, "lobby") == 0

    await wait_until(upstream_released)
    # Another viewer's session is not theirs to read.
    other = await http.get(location, headers=tokens.bearer(subject="bo"))
    assert other.status_code == 404


def _failed_count(reason: str) -> float:
    value = REGISTRY.get_sample_value("rtcc_gateway_live_sessions_failed_total", {"reason": reason})
    return value or 0.0
