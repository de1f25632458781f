"""Activity from what the encoder spent, without decoding a picture.

A picture that changes costs the encoder more bits: a still scene's predicted frames are
nearly empty, a passing vehicle's are not. Each finished segment is demuxed (no decode), and
every second gets the mean coded size of its predicted frames. Keyframes are left out: they
cost the same whether anything moves or not. Filler data (cameras that pad to a constant
bitrate, as most do) is left out too, or every second would look the same: only the bytes
of the picture slices count.

Each camera is measured against its own quiet: a low percentile of its recent seconds, since
a busy street and an empty corridor spend very different amounts on nothing happening. The
level of a second is 1 - quiet / spent: 0 at or under the quiet baseline, 0.5 at twice it,
0.75 at four times, approaching 1. Seconds at or over SPAN_FLOOR make a span; its peak is
its strongest second.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SPAN_FLOOR = 0.5
# Quiet moments separated by no more than this are one span.
MERGE_GAP_S = 1.0
BASELINE_WINDOW_S = 600
BASELINE_PERCENTILE = 0.15
# A camera just started has no quiet of its own yet: its first seconds wait for enough history.
WARMUP_S = 30

_H264_SLICES = frozenset({1, 5})  # coded slice, non-IDR and IDR


@dataclass(frozen=True)
class CodedFrame:
    """One demuxed packet: its presentation time (s), keyframe flag and picture-slice bytes."""

    pts_s: float
    keyframe: bool
    coded_bytes: int


@dataclass(frozen=True)
class ActivitySpan:
    start_ts: float
    end_ts: float
    peak_level: float


def slice_bytes(data: bytes, codec: str) -> int:
    """Bytes of the picture slices in an Annex B access unit (H.264 or H.265): parameter sets,
    SEI and filler data left out."""
    total = 0
    position = data.find(b"\x00\x00\x01")
    while position != -1:
        start = position + 3
        following = data.find(b"\x00\x00\x01", start)
        end = len(data) if following == -1 else following
        if start < end:
            header = data[start]
            if codec == "hevc":
                if (header >> 1) & 0x3F < 32:  # VCL NAL unit types 0-31
                    total += end - start
            elif header & 0x1F in _H264_SLICES:
                total += end - start
        position = following
    return total


def seconds_of(frames: Iterable[CodedFrame], *, duration_s: float) -> list[float | None]:
    """Mean slice bytes of the predicted frames in each second from the first frame on; None
    for a second that holds none."""
    listed = list(frames)
    if not listed:
        return []
    first = min(f.pts_s for f in listed)
    count = max(1, int(duration_s + 0.999))
    sums = [0] * count
    frames_in = [0] * count
    for frame in listed:
        if frame.keyframe:
            continue
        index = min(count - 1, max(0, int(frame.pts_s - first)))
        sums[index] += frame.coded_bytes
        frames_in[index] += 1
    return [s / n if n else None for s, n in zip(sums, frames_in, strict=True)]


def level(spent: float, quiet: float) -> float:
    if spent <= 0 or spent <= quiet:
        return 0.0
    return 1.0 - max(quiet, 1.0) / spent


class QuietBaseline:
    """A low percentile of one camera's recent seconds, kept sorted for cheap updates."""

    def __init__(
        self, *, window_s: int = BASELINE_WINDOW_S, percentile: float = BASELINE_PERCENTILE
    ) -> None:
        self._recent: deque[float] = deque()
        self._sorted: list[float] = []
        self._window = window_s
        self._percentile = percentile

    def __len__(self) -> int:
        return len(self._recent)

    def add(self, values: Iterable[float]) -> None:
        for value in values:
            self._recent.append(value)
            bisect.insort(self._sorted, value)
            if len(self._recent) > self._window:
                old = self._recent.popleft()
                del self._sorted[bisect.bisect_left(self._sorted, old)]

    def quiet(self) -> float:
        if not self._sorted:
            return 0.0
        return self._sorted[int(self._percentile * (len(self._sorted) - 1))]


def spans_of(
    start_ts: float,
    levels: Sequence[float],
    *,
    floor: float = SPAN_FLOOR,
    merge_gap_s: float = MERGE_GAP_S,
) -> list[ActivitySpan]:
    """Runs of seconds at or over the floor, those closer than merge_gap_s joined."""
    spans: list[ActivitySpan] = []
    for index, value in enumerate(levels):
        if value < floor:
            continue
        begin, end = start_ts + index, start_ts + index + 1
        if spans and begin - spans[-1].end_ts <= merge_gap_s:
            last = spans[-1]
            spans[-1] = ActivitySpan(last.start_ts, end, max(last.peak_level, value))
        else:
            spans.append(ActivitySpan(begin, end, value))
    return spans


@dataclass
class _Waiting:
    key: str
    start_ts: float
    seconds: list[float | None]


class CameraActivity:
    """One camera's baseline and the segments that wait for it to be known."""

    def __init__(self, *, warmup_s: int = WARMUP_S, **baseline: int | float) -> None:
        self._baseline = QuietBaseline(**baseline)  # type: ignore[arg-type]
        self._warmup = warmup_s
        self._waiting: list[_Waiting] = []

    def add_segment(
        self,
        key: str,
        start_ts: float,
        seconds: list[float | None],
        *,
        session_start: bool = False,
    ) -> list[tuple[str, list[ActivitySpan]]]:
        """Spans of this segment, and of the ones that waited for the baseline, by key; nothing
        while the camera's history is shorter than the warm-up. The first second of a session
        is left out: an encoder spends more there on any picture, refining its first keyframe."""
        if session_start and seconds:
            seconds = [None, *seconds[1:]]
        self._baseline.add(s for s in seconds if s is not None)
        self._waiting.append(_Waiting(key, start_ts, seconds))
        if len(self._baseline) < self._warmup:
            return []
        quiet = self._baseline.quiet()
        ready, self._waiting = self._waiting, []
        return [
            (w.key, spans_of(w.start_ts, [level(s or 0.0, quiet) for s in w.seconds]))
            for w in ready
        ]
