"""Where a live viewer's time to first frame goes: the browser's phases joined, session by
session, with the gateway's `live_first_frame_sent` log events (rtcc_gateway.webrtc.timings).

Every step is given in milliseconds after the WHEP offer left the browser (the gateway counts
from its arrival; on one machine the two differ by well under a millisecond), as the median
and the 95th percentile over the samples.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

# The player page's own marks, milliseconds from its start (window.liveStats).
BROWSER_PHASES = ("offeredAt", "answeredAt", "connectedAt", "firstFrameAt")
# In the order a cold start meets them. The RTSP and keyframe steps are reported only for a
# viewer whose offer opened the camera's RTSP session.
GATEWAY_STEPS = (
    "access_checked_ms",  # the registry and oversight said yes
    "answered_ms",  # the SDP answer is ready (the audit record and HTTP follow)
    "rtsp_opened_ms",  # RTSP DESCRIBE, SETUP and PLAY done
    "first_keyframe_demuxed_ms",  # the camera's first keyframe came out of the demuxer
    "first_keyframe_ms",  # ... and reached the relay
    "connected_ms",  # ICE and DTLS done
    "first_frame_sent_ms",  # the first picture handed to the viewer's RTP sender
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def gateway_events(log: Path) -> dict[str, dict[str, Any]]:
    """Session id -> its live_first_frame_sent event, from the gateway's JSON log."""
    events: dict[str, dict[str, Any]] = {}
    for line in log.read_text(errors="replace").splitlines():
        if "live_first_frame_sent" not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == "live_first_frame_sent" and record.get("session_id"):
            events[record["session_id"]] = record
    return events


def sample_steps(browser: dict[str, Any], gateway: dict[str, Any] | None) -> dict[str, float]:
    """One viewer's steps, in ms after its offer left the browser."""
    sent = browser["offeredAt"]
    steps = {
        "browser_offer_gathered_ms": sent - browser["startedAt"],
        "browser_answer_received_ms": browser["answeredAt"] - sent,
        "browser_connected_ms": browser["connectedAt"] - sent,
        "browser_first_frame_decoded_ms": browser["firstFrameAt"] - sent,
    }
    for step in GATEWAY_STEPS:
        value = (gateway or {}).get(step)
        if value is not None:
            steps[f"gateway_{step}"] = float(value)
    if "gateway_first_frame_sent_ms" in steps:
        # RTP out, the browser's jitter buffer, decoding and the first paint.
        steps["browser_receive_and_decode_ms"] = (
            steps["browser_first_frame_decoded_ms"] - steps["gateway_first_frame_sent_ms"]
        )
    return steps


def breakdown(samples: list[dict[str, float]]) -> dict[str, dict[str, int]]:
    """Each step's median and p95 over the samples that reached it."""
    names = list(dict.fromkeys(name for sample in samples for name in sample))
    table = {}
    for name in names:
        values = [sample[name] for sample in samples if name in sample]
        table[name] = {
            "p50": round(statistics.median(values)),
            "p95": round(percentile(values, 0.95)),
            "samples": len(values),
        }
    return table
