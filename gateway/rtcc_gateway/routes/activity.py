"""Where to look: a camera's activity spans, measured by the recorder from what its encoder
spent (no decode), so a detective can jump between them instead of scrubbing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.activity import activity_out
from rtcc_gateway.convert.times import to_stamp
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep, CameraId, Range
from rtcc_gateway.schemas import activity as s

router = APIRouter(tags=["recordings"])


@router.get("/v1/cameras/{camera_id}/activity")
async def camera_activity(
    camera_id: CameraId,
    window: Range,
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.activity")],
    min_level: Annotated[float, Query(ge=0.0, le=1.0)] = 0.5,
) -> s.ActivityOut:
    """Spans of activity overlapping the range whose peak level is at least `min_level`
    (0.5: twice the bits of the camera's quiet)."""
    reply = await backends.recorder.ListActivity(
        pb.ListActivityRequest(
            camera_id=camera_id,
            start=to_stamp(window.start),
            end=to_stamp(window.end),
            min_level=min_level,
        )
    )
    return activity_out(camera_id, window, min_level, reply)
