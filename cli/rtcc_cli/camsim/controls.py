"""Changes a test makes to a running camera, as real cameras change under their clients.

Runs inside the RTSP server process (the standard library only). A camera may change its
picture size mid-stream (an operator picks another stream profile: new SPS, a keyframe, the
RTSP session goes on) or its timestamps may jump (the camera restarts its encoder without
ending the session, or its clock is set). POST /cameras/<name> on the status port with
{"width": W, "height": H} or {"jump_s": S} asks for one; `CameraSimulator.resize()` and
`.jump_clock()` send them.
"""

from __future__ import annotations

import threading
from typing import Any

from encoder import Encoder

_MAX_JUMP_S = 86_400


class CameraControls:
    def __init__(self, encoders: dict[str, Encoder]) -> None:
        self._encoders = encoders
        self._lock = threading.Lock()
        # The appsrc of each client stream a mount serves now.
        self._appsrcs: dict[str, list[Any]] = {name: [] for name in encoders}

    def stream_started(self, name: str, appsrc: Any) -> None:
        with self._lock:
            self._appsrcs[name].append(appsrc)

    def stream_ended(self, name: str, appsrc: Any) -> None:
        with self._lock:
            self._appsrcs[name] = [a for a in self._appsrcs[name] if a is not appsrc]

    def apply(self, name: str, change: Any) -> str | None:
        """Makes the change; returns why it cannot be made, or None."""
        encoder = self._encoders.get(name)
        if encoder is None:
            return f"no camera named {name!r}"
        if not isinstance(change, dict):
            return "the change must be a JSON object"
        if set(change) == {"width", "height"}:
            width, height = change["width"], change["height"]
            if not all(
                isinstance(v, int) and 64 <= v <= 3840 and v % 2 == 0 for v in (width, height)
            ):
                return "width and height must be even integers from 64 to 3840"
            encoder.resize(width, height)
            return None
        if set(change) == {"jump_s"}:
            seconds = change["jump_s"]
            if not isinstance(seconds, int | float) or abs(seconds) > _MAX_JUMP_S:
                return f"jump_s must be a number of seconds within ±{_MAX_JUMP_S}"
            with self._lock:
                appsrcs = list(self._appsrcs[name])
            for appsrc in appsrcs:
                _jump_rtp_clock(appsrc, float(seconds))
            return None
        return 'the change must be {"width": W, "height": H} or {"jump_s": S}'


def _jump_rtp_clock(appsrc: Any, seconds: float) -> None:
    """Moves the RTP timestamps of one client stream by `seconds`, and nothing else.

    The payloader's RTP time comes from the running time of what enters it: an offset on the
    appsrc's output moves that, and the opposite offset on the payloader's output keeps the
    sinks' timing as it was (moving the pictures' timestamps instead would make the sinks
    wait out a jump ahead). Offsets on source pads take effect at once (a sink pad's only at
    the next segment).
    """
    payloader = appsrc.get_parent().get_by_name("pay0")
    shift = int(seconds * 1_000_000_000)
    into, out = appsrc.get_static_pad("src"), payloader.get_static_pad("src")
    into.set_offset(into.get_offset() + shift)
    out.set_offset(out.get_offset() - shift)
