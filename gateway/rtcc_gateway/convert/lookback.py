"""What the look-back and live-wall routes share: recorder messages to JSON."""

from __future__ import annotations

from typing import Any

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.recordings import gap_out
from rtcc_gateway.convert.times import from_stamp
from rtcc_gateway.schemas import lookback as s


def bookmark_out(bookmark: pb.Bookmark) -> s.BookmarkOut:
    return s.BookmarkOut(
        id=bookmark.id,
        camera_id=bookmark.camera_id,
        start=from_stamp(bookmark.start),
        end=from_stamp(bookmark.end),
        note=bookmark.note,
        created_by=bookmark.created_by,
        created_at=from_stamp(bookmark.created_at),
        case_id=bookmark.case_id or None,
        export_id=bookmark.export_id or None,
    )


def summary_out(camera_id: str, bucket_s: float, reply: pb.SummarizeRecordingsResponse,
                window: Any) -> s.SummaryOut:  # fmt: skip
    return s.SummaryOut(
        camera_id=camera_id,
        start=window.start,
        end=window.end,
        bucket_s=bucket_s,
        recorded_s=reply.recorded_s,
        first_segment_start=(
            from_stamp(reply.first_segment_start) if reply.HasField("first_segment_start") else None
        ),
        last_segment_end=(
            from_stamp(reply.last_segment_end) if reply.HasField("last_segment_end") else None
        ),
        buckets=[
            s.BucketOut(
                start=from_stamp(b.start),
                recorded_s=round(b.recorded_s, 3),
                segments=b.segment_count,
            )
            for b in reply.buckets
        ],
        gaps=[gap_out(g) for g in reply.gaps],
        bookmarks=[bookmark_out(b) for b in reply.bookmarks],
    )


def layout_out(layout: pb.ViewLayout) -> s.LayoutOut:
    return s.LayoutOut(
        name=layout.name,
        tiles=layout.tiles,
        camera_ids=list(layout.camera_ids),
        updated_at=from_stamp(layout.updated_at),
    )
