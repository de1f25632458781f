"""Domain rows to proto messages, and proto timestamps to epoch seconds."""

from __future__ import annotations

import time

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_common.errors import InvalidArgument
from rtcc_recorder.activity import ActivitySpan
from rtcc_recorder.models import Bookmark, Export, Gap, Hold, RecorderEvent, Segment, ViewLayout
from rtcc_recorder.recordings import Coverage, DailyStorage
from rtcc_recorder.service import RecordingState
from rtcc_recorder.summary import Summary


def ts(seconds: float | None) -> Timestamp | None:
    if seconds is None:
        return None
    stamp = Timestamp()
    stamp.FromNanoseconds(round(seconds * 1e9))
    return stamp


def seconds_of(stamp: Timestamp, name: str, *, required: bool = True) -> float:
    if required and stamp.seconds == 0 and stamp.nanos == 0:
        raise InvalidArgument(f"{name} is required")
    return stamp.seconds + stamp.nanos / 1e9


def segment_to_proto(segment: Segment) -> pb.Segment:
    return pb.Segment(
        id=segment.id,
        camera_id=segment.camera_id,
        start=ts(segment.start_ts),
        end=ts(segment.end_ts),
        duration_s=segment.duration_s,
        bytes=segment.bytes,
        path=segment.path,
        session_id=segment.session_id,
    )


def gap_to_proto(gap: Gap) -> pb.Gap:
    return pb.Gap(
        camera_id=gap.camera_id, start=ts(gap.start_ts), end=ts(gap.end_ts), reason=gap.reason
    )


def coverage_to_proto(item: Coverage) -> pb.CameraCoverage:
    return pb.CameraCoverage(
        camera_id=item.camera_id,
        recorded_s=item.recorded_s,
        window_s=item.window_s,
        ratio=item.ratio,
        segment_count=item.segment_count,
        gaps=[gap_to_proto(g) for g in item.gaps],
    )


def daily_to_proto(item: DailyStorage) -> pb.DailyStorage:
    return pb.DailyStorage(
        camera_id=item.camera_id,
        day=item.day.isoformat(),
        bytes=item.bytes,
        recorded_s=item.recorded_s,
        availability=item.availability,
    )


def state_to_proto(item: RecordingState) -> pb.RecordingState:
    lease = item.lease
    live = lease.expires_ts > time.time()
    return pb.RecordingState(
        camera_id=lease.camera_id,
        state=lease.state if live else "stopped",
        instance_id=lease.instance_id,
        last_segment_end=ts(item.last_segment_end_ts),
        lease_expires_at=ts(lease.expires_ts),
    )


def event_to_proto(event: RecorderEvent) -> pb.RecorderEvent:
    return pb.RecorderEvent(
        id=event.id, kind=event.kind, camera_id=event.camera_id, message=event.message,
        at=ts(event.at_ts),
    )  # fmt: skip


def export_to_proto(export: Export) -> pb.Export:
    return pb.Export(
        id=export.id,
        camera_id=export.camera_id,
        start=ts(export.start_ts),
        end=ts(export.end_ts),
        status=export.status,
        sha256=export.sha256,
        bytes=export.bytes,
        reason=export.reason,
        case_number=export.case_number,
        requested_by=export.requested_by,
        manifest_json=export.manifest_json,
        error=export.error,
        created_at=ts(export.created_ts),
    )


def hold_to_proto(hold: Hold) -> pb.Hold:
    return pb.Hold(
        id=hold.id,
        case_id=hold.case_id,
        camera_id=hold.camera_id,
        start=ts(hold.start_ts),
        end=ts(hold.end_ts),
        reason=hold.reason,
        placed_by=hold.placed_by,
        placed_at=ts(hold.placed_ts),
        released_at=ts(hold.released_ts),
    )


def bookmark_to_proto(bookmark: Bookmark) -> pb.Bookmark:
    return pb.Bookmark(
        id=bookmark.id,
        camera_id=bookmark.camera_id,
        start=ts(bookmark.start_ts),
        end=ts(bookmark.end_ts),
        note=bookmark.note,
        created_by=bookmark.created_by,
        created_at=ts(bookmark.created_ts),
        case_id=bookmark.case_id,
        export_id=bookmark.export_id,
    )


def summary_to_proto(summary: Summary) -> pb.SummarizeRecordingsResponse:
    return pb.SummarizeRecordingsResponse(
        buckets=[
            pb.RecordingBucket(
                start=ts(b.start_ts), end=ts(b.end_ts), recorded_s=b.recorded_s,
                segment_count=b.segment_count,
            )
            for b in summary.buckets
        ],
        gaps=[gap_to_proto(g) for g in summary.gaps],
        bookmarks=[bookmark_to_proto(b) for b in summary.bookmarks],
        recorded_s=summary.recorded_s,
        first_segment_start=ts(summary.first_segment_ts),
        last_segment_end=ts(summary.last_segment_ts),
    )  # fmt: skip


def layout_to_proto(layout: ViewLayout, camera_ids: list[str]) -> pb.ViewLayout:
    return pb.ViewLayout(
        name=layout.name,
        tiles=layout.tiles,
        camera_ids=camera_ids,
        updated_at=ts(layout.updated_ts),
    )


def activity_span_to_proto(span: ActivitySpan) -> pb.ActivitySpan:
    return pb.ActivitySpan(start=ts(span.start_ts), end=ts(span.end_ts), peak_level=span.peak_level)
