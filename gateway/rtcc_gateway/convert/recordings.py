"""Recorder messages to the gateway's JSON shapes."""

from __future__ import annotations

import json

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.times import from_stamp
from rtcc_gateway.schemas import recordings as s


def gap_out(gap: pb.Gap) -> s.GapOut:
    return s.GapOut(
        start=from_stamp(gap.start),
        end=from_stamp(gap.end) if gap.HasField("end") else None,
        reason=gap.reason,
    )


def segment_out(segment: pb.Segment) -> s.SegmentOut:
    return s.SegmentOut(
        id=segment.id,
        start=from_stamp(segment.start),
        end=from_stamp(segment.end),
        duration_s=segment.duration_s,
        bytes=segment.bytes,
    )


def export_out(export: pb.Export) -> s.ExportOut:
    done = export.status == "done"
    return s.ExportOut(
        id=export.id,
        camera_id=export.camera_id,
        start=from_stamp(export.start),
        end=from_stamp(export.end),
        status=export.status,  # type: ignore[arg-type]
        sha256=export.sha256,
        bytes=export.bytes,
        reason=export.reason,
        case_number=export.case_number,
        requested_by=export.requested_by,
        error=export.error,
        created_at=from_stamp(export.created_at),
        manifest=json.loads(export.manifest_json) if export.manifest_json else None,
        file_url=f"/v1/exports/{export.id}/file" if done else None,
    )
