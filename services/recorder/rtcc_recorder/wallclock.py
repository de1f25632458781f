"""Maps a camera's media timestamps to UTC wall-clock time.

A segment follows the previous one of its session without a seam, and lasts as long as the
camera's timestamps say, as long as that stays within a tolerance of the recorder's own clock
(the moment ffmpeg reports the segment finished). A camera whose clock drifts or jumps is not
trusted blindly: the segment's end snaps to the recorder's clock and the drift is noted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WallSpan:
    start_ts: float
    end_ts: float
    drift_s: float  # camera-predicted end minus observed end; 0 when it could not be predicted
    trusted: bool  # False when the camera's timestamps were implausible or off by too much


@dataclass
class WallClockMapper:
    segment_s: float
    tolerance_s: float
    session_start_ts: float
    previous_end_ts: float | None = None

    def _plausible(self, media_duration: float) -> bool:
        return 0.0 < media_duration <= max(3 * self.segment_s, self.segment_s + 30.0)

    def map(self, *, media_start: float, media_end: float, observed_end_ts: float) -> WallSpan:
        media_duration = media_end - media_start
        plausible = self._plausible(media_duration)
        if self.previous_end_ts is not None:
            start = self.previous_end_ts
        elif plausible:
            start = max(self.session_start_ts, observed_end_ts - media_duration)
        else:
            start = max(self.session_start_ts, observed_end_ts - self.segment_s)
        start = min(start, observed_end_ts)
        predicted_end = start + media_duration if plausible else None
        if predicted_end is not None and abs(predicted_end - observed_end_ts) <= self.tolerance_s:
            span = WallSpan(start, predicted_end, predicted_end - observed_end_ts, True)
        else:
            drift = (predicted_end - observed_end_ts) if predicted_end is not None else 0.0
            span = WallSpan(start, max(observed_end_ts, start), drift, False)
        self.previous_end_ts = span.end_ts
        return span
