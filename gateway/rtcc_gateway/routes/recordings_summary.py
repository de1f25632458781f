"""The look-back timeline zoomed out: a camera's recorded seconds per bucket, its gaps with their
reason and its bookmarks, summed by the recorder so 30 days come back in one small answer."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.lookback import summary_out
from rtcc_gateway.convert.times import to_stamp
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep, CameraId, Range
from rtcc_gateway.schemas import lookback as s

router = APIRouter(tags=["recordings"])


@router.get("/v1/cameras/{camera_id}/recordings/summary")
async def recordings_summary(
    camera_id: CameraId,
    window: Range,
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.summary")],
    buckets: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> s.SummaryOut:
    """Seconds recorded in each of `buckets` equal parts of the range (none shorter than a
    second), with the gaps and bookmarks in it. For a range of a few hours or less, the
    segments themselves come from `/recordings`."""
    span = (window.end - window.start).total_seconds()
    bucket_s = max(1.0, span / buckets)
    if math.ceil(span / bucket_s) > 2000:
        bucket_s = span / 2000
    reply = await backends.recorder.SummarizeRecordings(
        pb.SummarizeRecordingsRequest(
            camera_id=camera_id,
            start=to_stamp(window.start),
            end=to_stamp(window.end),
            bucket_s=bucket_s,
        )
    )
    return summary_out(camera_id, bucket_s, reply, window)
