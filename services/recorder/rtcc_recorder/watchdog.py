"""Catches a camera that stalls without disconnecting: the TCP session stays open, the ffmpeg
process lives, and no frame arrives. Only frames and bytes moving count as alive."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class FrameWatchdog:
    stall_timeout_s: float
    frames: int = 0
    last_progress_at: float = field(default_factory=time.monotonic)

    def feed(self, frames: int, *, now: float | None = None) -> None:
        """Record the frame count ffmpeg reports; only an increase resets the clock."""
        if frames > self.frames:
            self.frames = frames
            self.last_progress_at = time.monotonic() if now is None else now

    def note_activity(self, *, now: float | None = None) -> None:
        """A finished segment is proof that bytes arrived."""
        self.last_progress_at = time.monotonic() if now is None else now

    def stalled(self, *, now: float | None = None) -> bool:
        current = time.monotonic() if now is None else now
        return current - self.last_progress_at > self.stall_timeout_s
