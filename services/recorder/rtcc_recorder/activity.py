"""Activity from what the encoder spent, without decoding a picture.

A picture that changes costs the encoder more bits: a still scene's predicted frames are
nearly empty, a passing vehicle's are not. Each finished segment is demuxed (no decode), and
only the bytes of the picture slices of predicted frames count: keyframes cost the same whether
anything moves or not, and filler data (cameras that pad to a constant bitrate, as most do)
would make every second look the same.

Each camera is measured against its own quiet, since a busy street and an empty corridor spend
very different amounts on nothing happening: a low percentile of its recent seconds (the mean
size of their predicted frames). Frames are first divided by what their place in the group of
pictures costs when nothing happens: the frames just after a keyframe cost more (refining it),
and B- and P-frames differ, so a second holding a keyframe would otherwise always look busier.
The level of a second is 1 - quiet / spent: 0 at or under the quiet, 0.5 at twice it, 0.75 at
four times, approaching 1. Seconds at or over SPAN_FLOOR make a span; its peak is its
strongest second.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SPAN_FLOOR = 0.5
# Quiet moments separated by no more than this are one span.
MERGE_GAP_S = 1.0
# Frames kept per place in the group of pictures: 128 groups (about 2 to 4 minutes).
HISTORY = 128
BASELINE_WINDOW_S = 600
BASELINE_PERCENTILE = 0.15
MAX_POSITION = 64
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


def level(spent: float, quiet: float) -> float:
    if spent <= 0 or spent <= quiet:
        return 0.0
    return 1.0 - max(quiet, 1.0) / spent


def gop_positions(frames: Sequence[CodedFrame]) -> list[int]:
    """Each frame's place after the last keyframe (in the order sent), capped at MAX_POSITION."""
    positions, position = [], MAX_POSITION
    for frame in frames:
        position = 0 if frame.keyframe else min(MAX_POSITION, position + 1)
        positions.append(position)
    return positions


class PlaceShape:
    """How much more or less than the rest each place in the group of pictures costs when
    nothing happens: a low percentile of its recent sizes, relative to the middle place's."""

    def __init__(self, *, history: int = HISTORY, percentile: float = BASELINE_PERCENTILE) -> None:
        self._recent = [deque[float](maxlen=history) for _ in range(MAX_POSITION + 1)]
        self._factor = [1.0] * (MAX_POSITION + 1)
        self._percentile = percentile

    def add(self, position: int, size: float) -> None:
        self._recent[position].append(size)

    def refresh(self) -> None:
        quiet = {}
        for position, recent in enumerate(self._recent):
            if recent:
                ordered = sorted(recent)
                quiet[position] = ordered[int(self._percentile * (len(ordered) - 1))]
        if not quiet:
            return
        middle = sorted(quiet.values())[len(quiet) // 2]
        for position, value in quiet.items():
            self._factor[position] = value / middle if value > 0 and middle > 0 else 1.0

    def factor(self, position: int) -> float:
        return self._factor[position]


class RecentSeconds:
    """A low percentile of a camera's recent seconds, kept sorted for cheap updates."""

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


def seconds_of(
    frames: Sequence[CodedFrame], shape: PlaceShape | None = None, *, duration_s: float
) -> list[float | None]:
    """Mean size of the predicted frames in each second from the first frame on, each frame
    divided by its place's factor; None for a second that holds none."""
    if not frames:
        return []
    first = min(f.pts_s for f in frames)
    count = max(1, int(duration_s + 0.999))
    sums, counted = [0.0] * count, [0] * count
    for frame, position in zip(frames, gop_positions(frames), strict=True):
        if frame.keyframe:
            continue
        index = min(count - 1, max(0, int(frame.pts_s - first)))
        sums[index] += frame.coded_bytes / (shape.factor(position) if shape else 1.0)
        counted[index] += 1
    return [total / n if n else None for total, n in zip(sums, counted, strict=True)]


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
    duration_s: float
    frames: Sequence[CodedFrame]
    session_start: bool


class CameraActivity:
    """One camera's baseline and the segments that wait for it to be known."""

    def __init__(self, *, warmup_s: float = WARMUP_S) -> None:
        self._shape = PlaceShape()
        self._seconds = RecentSeconds()
        self._warmup = warmup_s
        self._seen_s = 0.0
        self._waiting: list[_Waiting] = []

    def add_segment(
        self,
        key: str,
        start_ts: float,
        frames: Sequence[CodedFrame],
        *,
        duration_s: float,
        session_start: bool = False,
    ) -> list[tuple[str, list[ActivitySpan]]]:
        """Spans of this segment, and of the ones that waited for the baseline, by key; nothing
        while the camera's history is shorter than the warm-up. The first second of a session
        is left out: an encoder spends more there on any picture, refining its first keyframe."""
        for frame, position in zip(frames, gop_positions(frames), strict=True):
            if not frame.keyframe:
                self._shape.add(position, frame.coded_bytes)
        self._seen_s += duration_s
        self._waiting.append(_Waiting(key, start_ts, duration_s, frames, session_start))
        if self._seen_s < self._warmup:
            return []
        self._shape.refresh()
        ready, self._waiting = self._waiting, []
        measured = []
        for waiting in ready:
            seconds = seconds_of(waiting.frames, self._shape, duration_s=waiting.duration_s)
            if waiting.session_start and seconds:
                seconds[0] = None
            self._seconds.add(value for value in seconds if value is not None)
            measured.append((waiting, seconds))
        quiet = self._seconds.quiet()
        return [
            (w.key, spans_of(w.start_ts, [level(v or 0.0, quiet) for v in seconds]))
            for w, seconds in measured
        ]
