"""gRPC surface of the recorder: proto in, domain calls, proto out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TypeAlias

import grpc

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_common.errors import InvalidArgument, NotFound
from rtcc_common.service_runtime import Database
from rtcc_recorder import (
    activity_search,
    bookmarks,
    convert,
    export,
    holds,
    layouts,
    playback,
    recordings,
    service,
    summary,
)
from rtcc_recorder.reconcile import MediaTools, reconcile_camera
from rtcc_recorder.settings import Settings

Ctx: TypeAlias = grpc.aio.ServicerContext


class RecorderServicer(recorder_pb2_grpc.RecorderServiceServicer):
    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        exports: export.ExportRunner,
        recording_now: Callable[[], set[str]],
    ) -> None:
        self._db = db
        self._settings = settings
        self._exports = exports
        self._recording_now = recording_now

    async def ListRecordings(
        self, request: pb.ListRecordingsRequest, context: Ctx
    ) -> pb.ListRecordingsResponse:
        if not request.camera_id:
            raise InvalidArgument("camera_id is required")
        start = convert.seconds_of(request.start, "start")
        end = convert.seconds_of(request.end, "end")
        recordings.check_range(start, end)
        segments = await recordings.segments_in(
            self._db, camera_id=request.camera_id, start_ts=start, end_ts=end
        )
        gaps = await recordings.gaps_between(
            self._db, camera_id=request.camera_id, start_ts=start, end_ts=end
        )
        return pb.ListRecordingsResponse(
            segments=[convert.segment_to_proto(s) for s in segments],
            gaps=[convert.gap_to_proto(g) for g in gaps],
        )

    async def ReadSegment(
        self, request: pb.ReadSegmentRequest, context: Ctx
    ) -> AsyncIterator[pb.ReadSegmentResponse]:
        segment = await playback.get_segment(self._db, request.segment_id)
        async for chunk in playback.read_file_chunks(self._settings.recordings_path / segment.path):
            yield pb.ReadSegmentResponse(chunk=chunk)

    async def GetSnapshot(
        self, request: pb.GetSnapshotRequest, context: Ctx
    ) -> pb.GetSnapshotResponse:
        shot = await playback.snapshot(
            self._db,
            self._settings.recordings_path,
            ffmpeg=self._settings.ffmpeg,
            camera_id=request.camera_id,
            at_ts=convert.seconds_of(request.at, "at"),
        )
        return pb.GetSnapshotResponse(
            jpeg=shot.jpeg, frame_time=convert.ts(shot.frame_ts), segment_id=shot.segment_id
        )

    async def GetCoverage(
        self, request: pb.GetCoverageRequest, context: Ctx
    ) -> pb.GetCoverageResponse:
        items = await recordings.coverage(
            self._db,
            camera_ids=list(request.camera_ids),
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end"),
        )
        return pb.GetCoverageResponse(cameras=[convert.coverage_to_proto(i) for i in items])

    async def GetStorageStats(
        self, request: pb.GetStorageStatsRequest, context: Ctx
    ) -> pb.GetStorageStatsResponse:
        days = await recordings.storage_stats(
            self._db,
            camera_id=request.camera_id,
            first_day=recordings.parse_day(request.first_day, "first_day"),
            last_day=recordings.parse_day(request.last_day, "last_day"),
        )
        return pb.GetStorageStatsResponse(days=[convert.daily_to_proto(d) for d in days])

    async def ListRecordingStates(
        self, request: pb.ListRecordingStatesRequest, context: Ctx
    ) -> pb.ListRecordingStatesResponse:
        states = await service.list_recording_states(self._db)
        return pb.ListRecordingStatesResponse(states=[convert.state_to_proto(s) for s in states])

    async def ListRecorderEvents(
        self, request: pb.ListRecorderEventsRequest, context: Ctx
    ) -> pb.ListRecorderEventsResponse:
        events = await service.list_events(
            self._db,
            camera_id=request.camera_id,
            kind=request.kind,
            since_ts=convert.seconds_of(request.since, "since", required=False),
        )
        return pb.ListRecorderEventsResponse(events=[convert.event_to_proto(e) for e in events])

    async def CreateExport(
        self, request: pb.CreateExportRequest, context: Ctx
    ) -> pb.CreateExportResponse:
        created = await export.create_export(
            self._db,
            camera_id=request.camera_id,
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end"),
            reason=request.reason,
            case_number=request.case_number,
            requested_by=request.requested_by,
        )
        self._exports.submit(created.id)
        return pb.CreateExportResponse(export=convert.export_to_proto(created))

    async def GetExport(self, request: pb.GetExportRequest, context: Ctx) -> pb.GetExportResponse:
        found = await export.get_export(self._db, request.id)
        return pb.GetExportResponse(export=convert.export_to_proto(found))

    async def ReadExportFile(
        self, request: pb.ReadExportFileRequest, context: Ctx
    ) -> AsyncIterator[pb.ReadExportFileResponse]:
        found = await export.get_export(self._db, request.id)
        if found.status != "done":
            raise NotFound(f"export {request.id} has no file yet (status {found.status})")
        async for chunk in playback.read_file_chunks(self._settings.exports_path / found.path):
            yield pb.ReadExportFileResponse(chunk=chunk)

    async def PlaceHold(self, request: pb.PlaceHoldRequest, context: Ctx) -> pb.PlaceHoldResponse:
        hold = await holds.place_hold(
            self._db,
            case_id=request.case_id,
            camera_id=request.camera_id,
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end"),
            reason=request.reason,
            placed_by=request.placed_by,
        )
        return pb.PlaceHoldResponse(hold=convert.hold_to_proto(hold))

    async def ReleaseHold(
        self, request: pb.ReleaseHoldRequest, context: Ctx
    ) -> pb.ReleaseHoldResponse:
        await holds.release_hold(
            self._db,
            hold_id=request.hold_id,
            released_by=request.released_by,
            reason=request.reason,
        )
        return pb.ReleaseHoldResponse()

    async def ListHolds(self, request: pb.ListHoldsRequest, context: Ctx) -> pb.ListHoldsResponse:
        found = await holds.list_holds(
            self._db, case_id=request.case_id, camera_id=request.camera_id
        )
        return pb.ListHoldsResponse(holds=[convert.hold_to_proto(h) for h in found])

    async def ReconcileStorage(
        self, request: pb.ReconcileStorageRequest, context: Ctx
    ) -> pb.ReconcileStorageResponse:
        if request.confirm_bulk and not request.confirmed_by.strip():
            raise InvalidArgument("confirmed_by names the operator who allows a bulk deletion")
        cameras = [request.camera_id] if request.camera_id else sorted(self._recording_now())
        reply = pb.ReconcileStorageResponse()
        for camera_id in cameras:
            result = await reconcile_camera(
                self._db,
                self._settings.recordings_path,
                camera_id,
                tools=MediaTools(ffmpeg=self._settings.ffmpeg, ffprobe=self._settings.ffprobe),
                confirm_bulk=request.confirm_bulk,
                min_age_s=3 * self._settings.segment_s + self._settings.stall_timeout_s,
            )
            reply.orphan_files_indexed += result.indexed
            reply.orphan_files_removed += result.removed_files
            reply.missing_rows_removed += result.removed_rows
            if result.refused:
                reply.refused_cameras.append(camera_id)
        return reply

    async def SummarizeRecordings(
        self, request: pb.SummarizeRecordingsRequest, context: Ctx
    ) -> pb.SummarizeRecordingsResponse:
        found = await summary.summarize(
            self._db,
            camera_id=request.camera_id,
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end"),
            bucket_s=request.bucket_s,
        )
        return convert.summary_to_proto(found)

    async def ListActivity(
        self, request: pb.ListActivityRequest, context: Ctx
    ) -> pb.ListActivityResponse:
        spans, truncated = await activity_search.list_activity(
            self._db,
            camera_id=request.camera_id,
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end"),
            min_level=request.min_level,
        )
        return pb.ListActivityResponse(
            spans=[convert.activity_span_to_proto(span) for span in spans], truncated=truncated
        )

    async def CreateBookmark(
        self, request: pb.CreateBookmarkRequest, context: Ctx
    ) -> pb.CreateBookmarkResponse:
        created = await bookmarks.create_bookmark(
            self._db,
            camera_id=request.camera_id,
            start_ts=convert.seconds_of(request.start, "start"),
            end_ts=convert.seconds_of(request.end, "end", required=False),
            note=request.note,
            created_by=request.created_by,
        )
        return pb.CreateBookmarkResponse(bookmark=convert.bookmark_to_proto(created))

    async def GetBookmark(
        self, request: pb.GetBookmarkRequest, context: Ctx
    ) -> pb.GetBookmarkResponse:
        found = await bookmarks.get_bookmark(self._db, request.id)
        return pb.GetBookmarkResponse(bookmark=convert.bookmark_to_proto(found))

    async def SearchBookmarks(
        self, request: pb.SearchBookmarksRequest, context: Ctx
    ) -> pb.SearchBookmarksResponse:
        found = await bookmarks.search_bookmarks(
            self._db,
            bookmarks.BookmarkQuery(
                camera_id=request.camera_id,
                start_ts=convert.seconds_of(request.start, "start", required=False),
                end_ts=convert.seconds_of(request.end, "end", required=False),
                text=request.text,
                created_by=request.created_by,
                limit=request.limit or 100,
            ),
        )
        return pb.SearchBookmarksResponse(bookmarks=[convert.bookmark_to_proto(b) for b in found])

    async def UpdateBookmark(
        self, request: pb.UpdateBookmarkRequest, context: Ctx
    ) -> pb.UpdateBookmarkResponse:
        updated = await bookmarks.link_bookmark(
            self._db,
            bookmark_id=request.id,
            case_id=request.case_id,
            export_id=request.export_id,
            note=request.note,
        )
        return pb.UpdateBookmarkResponse(bookmark=convert.bookmark_to_proto(updated))

    async def DeleteBookmark(
        self, request: pb.DeleteBookmarkRequest, context: Ctx
    ) -> pb.DeleteBookmarkResponse:
        await bookmarks.delete_bookmark(
            self._db, bookmark_id=request.id, deleted_by=request.deleted_by
        )
        return pb.DeleteBookmarkResponse()

    async def SaveViewLayout(
        self, request: pb.SaveViewLayoutRequest, context: Ctx
    ) -> pb.SaveViewLayoutResponse:
        saved = await layouts.save_layout(
            self._db,
            owner=request.owner,
            name=request.layout.name,
            tiles=request.layout.tiles,
            cameras=list(request.layout.camera_ids),
        )
        return pb.SaveViewLayoutResponse(
            layout=convert.layout_to_proto(saved, layouts.camera_ids(saved))
        )

    async def ListViewLayouts(
        self, request: pb.ListViewLayoutsRequest, context: Ctx
    ) -> pb.ListViewLayoutsResponse:
        found = await layouts.list_layouts(self._db, owner=request.owner)
        return pb.ListViewLayoutsResponse(
            layouts=[convert.layout_to_proto(x, layouts.camera_ids(x)) for x in found]
        )

    async def DeleteViewLayout(
        self, request: pb.DeleteViewLayoutRequest, context: Ctx
    ) -> pb.DeleteViewLayoutResponse:
        await layouts.delete_layout(self._db, owner=request.owner, name=request.name)
        return pb.DeleteViewLayoutResponse()
