"""Recorder activity spans to JSON."""

from __future__ import annotations

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.times import from_stamp
from rtcc_gateway.schemas import activity as s
from rtcc_gateway.schemas.recordings import TimeRange


def activity_out(
    camera_id: str, window: TimeRange, min_level: float, reply: pb.ListActivityResponse
) -> s.ActivityOut:
    return s.ActivityOut(
        camera_id=camera_id,
        start=window.start,
        end=window.end,
        min_level=min_level,
        spans=[
            s.ActivitySpanOut(
                start=from_stamp(span.start),
                end=from_stamp(span.end),
                peak_level=round(span.peak_level, 3),
            )
            for span in reply.spans
        ],
        truncated=reply.truncated,
    )
