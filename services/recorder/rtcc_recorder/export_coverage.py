"""What an export holds of the range asked: the recorded spans, where each plays in the file,
and every hole between them with its reason, for the manifest a court reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rtcc_recorder.models import Gap, Segment

# Segments of one session abut; a hole shorter than this between two is not a gap.
JOIN_TOLERANCE_S = 0.5


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


@dataclass(frozen=True)
class Span:
    start_ts: float
    end_ts: float
    file_offset_s: float  # where the span starts playing in the exported file


@dataclass(frozen=True)
class Hole:
    start_ts: float
    end_ts: float
    reason: str


@dataclass(frozen=True)
class Coverage:
    start_ts: float
    end_ts: float
    spans: list[Span]
    holes: list[Hole]

    @property
    def requested_s(self) -> float:
        return self.end_ts - self.start_ts

    @property
    def recorded_s(self) -> float:
        return sum(span.end_ts - span.start_ts for span in self.spans)

    @property
    def complete(self) -> bool:
        return not self.holes

    def summary(self) -> str:
        """One sentence for the export record and the manifest."""
        if self.complete:
            return f"the whole range asked is recorded ({self.recorded_s:.1f} s)"
        return (
            f"{self.recorded_s:.1f} s recorded of the {self.requested_s:.1f} s asked, in "
            f"{len(self.spans)} span(s) played one after another; {len(self.holes)} gap(s) "
            "listed with their reasons"
        )

    def to_manifest(self) -> dict[str, object]:
        return {
            "requested_s": round(self.requested_s, 3),
            "recorded_s": round(self.recorded_s, 3),
            "complete": self.complete,
            "summary": self.summary(),
            "spans": [
                {
                    "start": iso(s.start_ts),
                    "end": iso(s.end_ts),
                    "seconds": round(s.end_ts - s.start_ts, 3),
                    "file_offset_s": round(s.file_offset_s, 3),
                }
                for s in self.spans
            ],
            "gaps": [
                {
                    "start": iso(h.start_ts),
                    "end": iso(h.end_ts),
                    "seconds": round(h.end_ts - h.start_ts, 3),
                    "reason": h.reason,
                }
                for h in self.holes
            ],
        }


def coverage_of(
    segments: list[Segment], gaps: list[Gap], *, start_ts: float, end_ts: float, now_ts: float
) -> Coverage:
    """`segments` in start order, overlapping [start_ts, end_ts]; `gaps` the recorded gaps there.
    Time after `now_ts` is not a hole yet: it has not happened."""
    spans: list[Span] = []
    played = 0.0
    for segment in segments:
        begin, finish = max(segment.start_ts, start_ts), min(segment.end_ts, end_ts)
        if finish <= begin:
            continue
        if spans and begin - spans[-1].end_ts <= JOIN_TOLERANCE_S:
            joined = spans[-1]
            spans[-1] = Span(joined.start_ts, max(joined.end_ts, finish), joined.file_offset_s)
        else:
            spans.append(Span(begin, finish, played))
        played += finish - begin
    horizon = min(end_ts, max(start_ts, now_ts))
    holes: list[Hole] = []
    cursor = start_ts
    for span in [*spans, Span(horizon, horizon, played)]:
        if span.start_ts - cursor > JOIN_TOLERANCE_S:
            holes.append(Hole(cursor, span.start_ts, _reason(gaps, cursor, span.start_ts)))
        cursor = max(cursor, span.end_ts)
    return Coverage(start_ts=start_ts, end_ts=end_ts, spans=spans, holes=holes)


def _reason(gaps: list[Gap], start_ts: float, end_ts: float) -> str:
    """The recorded reason of the gap that overlaps the hole most; none: not recorded."""
    best, overlap = "not_recorded", 0.0
    for gap in gaps:
        gap_end = gap.end_ts if gap.end_ts is not None else end_ts
        shared = min(gap_end, end_ts) - max(gap.start_ts, start_ts)
        if shared > overlap:
            best, overlap = gap.reason, shared
    return best
