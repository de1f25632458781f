import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Segment(_message.Message):
    __slots__ = ("id", "camera_id", "start", "end", "duration_s", "bytes", "path", "session_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    duration_s: float
    bytes: int
    path: str
    session_id: str
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_s: _Optional[float] = ..., bytes: _Optional[int] = ..., path: _Optional[str] = ..., session_id: _Optional[str] = ...) -> None: ...

class Gap(_message.Message):
    __slots__ = ("camera_id", "start", "end", "reason")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ListRecordingsRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRecordingsResponse(_message.Message):
    __slots__ = ("segments", "gaps")
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    segments: _containers.RepeatedCompositeFieldContainer[Segment]
    gaps: _containers.RepeatedCompositeFieldContainer[Gap]
    def __init__(self, segments: _Optional[_Iterable[_Union[Segment, _Mapping]]] = ..., gaps: _Optional[_Iterable[_Union[Gap, _Mapping]]] = ...) -> None: ...

class ReadSegmentRequest(_message.Message):
    __slots__ = ("segment_id",)
    SEGMENT_ID_FIELD_NUMBER: _ClassVar[int]
    segment_id: str
    def __init__(self, segment_id: _Optional[str] = ...) -> None: ...

class ReadSegmentResponse(_message.Message):
    __slots__ = ("chunk",)
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    def __init__(self, chunk: _Optional[bytes] = ...) -> None: ...

class GetSnapshotRequest(_message.Message):
    __slots__ = ("camera_id", "at")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSnapshotResponse(_message.Message):
    __slots__ = ("jpeg", "frame_time", "segment_id")
    JPEG_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIME_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_ID_FIELD_NUMBER: _ClassVar[int]
    jpeg: bytes
    frame_time: _timestamp_pb2.Timestamp
    segment_id: str
    def __init__(self, jpeg: _Optional[bytes] = ..., frame_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., segment_id: _Optional[str] = ...) -> None: ...

class CameraCoverage(_message.Message):
    __slots__ = ("camera_id", "recorded_s", "window_s", "ratio", "segment_count", "gaps")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDED_S_FIELD_NUMBER: _ClassVar[int]
    WINDOW_S_FIELD_NUMBER: _ClassVar[int]
    RATIO_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    recorded_s: float
    window_s: float
    ratio: float
    segment_count: int
    gaps: _containers.RepeatedCompositeFieldContainer[Gap]
    def __init__(self, camera_id: _Optional[str] = ..., recorded_s: _Optional[float] = ..., window_s: _Optional[float] = ..., ratio: _Optional[float] = ..., segment_count: _Optional[int] = ..., gaps: _Optional[_Iterable[_Union[Gap, _Mapping]]] = ...) -> None: ...

class GetCoverageRequest(_message.Message):
    __slots__ = ("camera_ids", "start", "end")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    def __init__(self, camera_ids: _Optional[_Iterable[str]] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCoverageResponse(_message.Message):
    __slots__ = ("cameras",)
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[CameraCoverage]
    def __init__(self, cameras: _Optional[_Iterable[_Union[CameraCoverage, _Mapping]]] = ...) -> None: ...

class DailyStorage(_message.Message):
    __slots__ = ("camera_id", "day", "bytes", "recorded_s", "availability")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    RECORDED_S_FIELD_NUMBER: _ClassVar[int]
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    day: str
    bytes: int
    recorded_s: float
    availability: float
    def __init__(self, camera_id: _Optional[str] = ..., day: _Optional[str] = ..., bytes: _Optional[int] = ..., recorded_s: _Optional[float] = ..., availability: _Optional[float] = ...) -> None: ...

class GetStorageStatsRequest(_message.Message):
    __slots__ = ("camera_id", "first_day", "last_day")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    first_day: str
    last_day: str
    def __init__(self, camera_id: _Optional[str] = ..., first_day: _Optional[str] = ..., last_day: _Optional[str] = ...) -> None: ...

class GetStorageStatsResponse(_message.Message):
    __slots__ = ("days",)
    DAYS_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[DailyStorage]
    def __init__(self, days: _Optional[_Iterable[_Union[DailyStorage, _Mapping]]] = ...) -> None: ...

class RecordingState(_message.Message):
    __slots__ = ("camera_id", "state", "instance_id", "last_segment_end", "lease_expires_at")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_SEGMENT_END_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    state: str
    instance_id: str
    last_segment_end: _timestamp_pb2.Timestamp
    lease_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., state: _Optional[str] = ..., instance_id: _Optional[str] = ..., last_segment_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lease_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRecordingStatesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRecordingStatesResponse(_message.Message):
    __slots__ = ("states",)
    STATES_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedCompositeFieldContainer[RecordingState]
    def __init__(self, states: _Optional[_Iterable[_Union[RecordingState, _Mapping]]] = ...) -> None: ...

class RecorderEvent(_message.Message):
    __slots__ = ("id", "kind", "camera_id", "message", "at")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    camera_id: str
    message: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., camera_id: _Optional[str] = ..., message: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRecorderEventsRequest(_message.Message):
    __slots__ = ("camera_id", "kind", "since")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    kind: str
    since: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., kind: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRecorderEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[RecorderEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[RecorderEvent, _Mapping]]] = ...) -> None: ...

class Export(_message.Message):
    __slots__ = ("id", "camera_id", "start", "end", "status", "sha256", "bytes", "reason", "case_number", "requested_by", "manifest_json", "error", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    status: str
    sha256: str
    bytes: int
    reason: str
    case_number: str
    requested_by: str
    manifest_json: str
    error: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., sha256: _Optional[str] = ..., bytes: _Optional[int] = ..., reason: _Optional[str] = ..., case_number: _Optional[str] = ..., requested_by: _Optional[str] = ..., manifest_json: _Optional[str] = ..., error: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateExportRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end", "reason", "case_number", "requested_by")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    case_number: str
    requested_by: str
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., case_number: _Optional[str] = ..., requested_by: _Optional[str] = ...) -> None: ...

class CreateExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class GetExportRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class ReadExportFileRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ReadExportFileResponse(_message.Message):
    __slots__ = ("chunk",)
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    def __init__(self, chunk: _Optional[bytes] = ...) -> None: ...

class Hold(_message.Message):
    __slots__ = ("id", "case_id", "camera_id", "start", "end", "reason", "placed_by", "placed_at", "released_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PLACED_BY_FIELD_NUMBER: _ClassVar[int]
    PLACED_AT_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    placed_by: str
    placed_at: _timestamp_pb2.Timestamp
    released_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., placed_by: _Optional[str] = ..., placed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., released_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PlaceHoldRequest(_message.Message):
    __slots__ = ("case_id", "camera_id", "start", "end", "reason", "placed_by")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PLACED_BY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    placed_by: str
    def __init__(self, case_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., placed_by: _Optional[str] = ...) -> None: ...

class PlaceHoldResponse(_message.Message):
    __slots__ = ("hold",)
    HOLD_FIELD_NUMBER: _ClassVar[int]
    hold: Hold
    def __init__(self, hold: _Optional[_Union[Hold, _Mapping]] = ...) -> None: ...

class ReleaseHoldRequest(_message.Message):
    __slots__ = ("hold_id", "released_by", "reason")
    HOLD_ID_FIELD_NUMBER: _ClassVar[int]
    RELEASED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    hold_id: str
    released_by: str
    reason: str
    def __init__(self, hold_id: _Optional[str] = ..., released_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReleaseHoldResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListHoldsRequest(_message.Message):
    __slots__ = ("case_id", "camera_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    camera_id: str
    def __init__(self, case_id: _Optional[str] = ..., camera_id: _Optional[str] = ...) -> None: ...

class ListHoldsResponse(_message.Message):
    __slots__ = ("holds",)
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    holds: _containers.RepeatedCompositeFieldContainer[Hold]
    def __init__(self, holds: _Optional[_Iterable[_Union[Hold, _Mapping]]] = ...) -> None: ...

class ReconcileStorageRequest(_message.Message):
    __slots__ = ("camera_id", "confirm_bulk", "confirmed_by")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_BULK_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    confirm_bulk: bool
    confirmed_by: str
    def __init__(self, camera_id: _Optional[str] = ..., confirm_bulk: _Optional[bool] = ..., confirmed_by: _Optional[str] = ...) -> None: ...

class ReconcileStorageResponse(_message.Message):
    __slots__ = ("orphan_files_indexed", "orphan_files_removed", "missing_rows_removed", "refused_cameras")
    ORPHAN_FILES_INDEXED_FIELD_NUMBER: _ClassVar[int]
    ORPHAN_FILES_REMOVED_FIELD_NUMBER: _ClassVar[int]
    MISSING_ROWS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    orphan_files_indexed: int
    orphan_files_removed: int
    missing_rows_removed: int
    refused_cameras: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, orphan_files_indexed: _Optional[int] = ..., orphan_files_removed: _Optional[int] = ..., missing_rows_removed: _Optional[int] = ..., refused_cameras: _Optional[_Iterable[str]] = ...) -> None: ...

class RecordingBucket(_message.Message):
    __slots__ = ("start", "end", "recorded_s", "segment_count")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    RECORDED_S_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    recorded_s: float
    segment_count: int
    def __init__(self, start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_s: _Optional[float] = ..., segment_count: _Optional[int] = ...) -> None: ...

class Bookmark(_message.Message):
    __slots__ = ("id", "camera_id", "start", "end", "note", "created_by", "created_at", "case_id", "export_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    note: str
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    case_id: str
    export_id: str
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., case_id: _Optional[str] = ..., export_id: _Optional[str] = ...) -> None: ...

class SummarizeRecordingsRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end", "bucket_s")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    BUCKET_S_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    bucket_s: float
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bucket_s: _Optional[float] = ...) -> None: ...

class SummarizeRecordingsResponse(_message.Message):
    __slots__ = ("buckets", "gaps", "bookmarks", "recorded_s", "first_segment_start", "last_segment_end")
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    BOOKMARKS_FIELD_NUMBER: _ClassVar[int]
    RECORDED_S_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEGMENT_START_FIELD_NUMBER: _ClassVar[int]
    LAST_SEGMENT_END_FIELD_NUMBER: _ClassVar[int]
    buckets: _containers.RepeatedCompositeFieldContainer[RecordingBucket]
    gaps: _containers.RepeatedCompositeFieldContainer[Gap]
    bookmarks: _containers.RepeatedCompositeFieldContainer[Bookmark]
    recorded_s: float
    first_segment_start: _timestamp_pb2.Timestamp
    last_segment_end: _timestamp_pb2.Timestamp
    def __init__(self, buckets: _Optional[_Iterable[_Union[RecordingBucket, _Mapping]]] = ..., gaps: _Optional[_Iterable[_Union[Gap, _Mapping]]] = ..., bookmarks: _Optional[_Iterable[_Union[Bookmark, _Mapping]]] = ..., recorded_s: _Optional[float] = ..., first_segment_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_segment_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ActivitySpan(_message.Message):
    __slots__ = ("start", "end", "peak_level")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    PEAK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    peak_level: float
    def __init__(self, start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., peak_level: _Optional[float] = ...) -> None: ...

class ListActivityRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end", "min_level")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    MIN_LEVEL_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    min_level: float
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_level: _Optional[float] = ...) -> None: ...

class ListActivityResponse(_message.Message):
    __slots__ = ("spans", "truncated")
    SPANS_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    spans: _containers.RepeatedCompositeFieldContainer[ActivitySpan]
    truncated: bool
    def __init__(self, spans: _Optional[_Iterable[_Union[ActivitySpan, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...

class CreateBookmarkRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end", "note", "created_by")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    note: str
    created_by: str
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., created_by: _Optional[str] = ...) -> None: ...

class CreateBookmarkResponse(_message.Message):
    __slots__ = ("bookmark",)
    BOOKMARK_FIELD_NUMBER: _ClassVar[int]
    bookmark: Bookmark
    def __init__(self, bookmark: _Optional[_Union[Bookmark, _Mapping]] = ...) -> None: ...

class GetBookmarkRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetBookmarkResponse(_message.Message):
    __slots__ = ("bookmark",)
    BOOKMARK_FIELD_NUMBER: _ClassVar[int]
    bookmark: Bookmark
    def __init__(self, bookmark: _Optional[_Union[Bookmark, _Mapping]] = ...) -> None: ...

class SearchBookmarksRequest(_message.Message):
    __slots__ = ("camera_id", "start", "end", "text", "created_by", "limit")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    text: str
    created_by: str
    limit: int
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., text: _Optional[str] = ..., created_by: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SearchBookmarksResponse(_message.Message):
    __slots__ = ("bookmarks",)
    BOOKMARKS_FIELD_NUMBER: _ClassVar[int]
    bookmarks: _containers.RepeatedCompositeFieldContainer[Bookmark]
    def __init__(self, bookmarks: _Optional[_Iterable[_Union[Bookmark, _Mapping]]] = ...) -> None: ...

class UpdateBookmarkRequest(_message.Message):
    __slots__ = ("id", "note", "case_id", "export_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    case_id: str
    export_id: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., case_id: _Optional[str] = ..., export_id: _Optional[str] = ...) -> None: ...

class UpdateBookmarkResponse(_message.Message):
    __slots__ = ("bookmark",)
    BOOKMARK_FIELD_NUMBER: _ClassVar[int]
    bookmark: Bookmark
    def __init__(self, bookmark: _Optional[_Union[Bookmark, _Mapping]] = ...) -> None: ...

class DeleteBookmarkRequest(_message.Message):
    __slots__ = ("id", "deleted_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    deleted_by: str
    def __init__(self, id: _Optional[str] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class DeleteBookmarkResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ViewLayout(_message.Message):
    __slots__ = ("name", "tiles", "camera_ids", "updated_at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TILES_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    tiles: int
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., tiles: _Optional[int] = ..., camera_ids: _Optional[_Iterable[str]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SaveViewLayoutRequest(_message.Message):
    __slots__ = ("owner", "layout")
    OWNER_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    owner: str
    layout: ViewLayout
    def __init__(self, owner: _Optional[str] = ..., layout: _Optional[_Union[ViewLayout, _Mapping]] = ...) -> None: ...

class SaveViewLayoutResponse(_message.Message):
    __slots__ = ("layout",)
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    layout: ViewLayout
    def __init__(self, layout: _Optional[_Union[ViewLayout, _Mapping]] = ...) -> None: ...

class ListViewLayoutsRequest(_message.Message):
    __slots__ = ("owner",)
    OWNER_FIELD_NUMBER: _ClassVar[int]
    owner: str
    def __init__(self, owner: _Optional[str] = ...) -> None: ...

class ListViewLayoutsResponse(_message.Message):
    __slots__ = ("layouts",)
    LAYOUTS_FIELD_NUMBER: _ClassVar[int]
    layouts: _containers.RepeatedCompositeFieldContainer[ViewLayout]
    def __init__(self, layouts: _Optional[_Iterable[_Union[ViewLayout, _Mapping]]] = ...) -> None: ...

class DeleteViewLayoutRequest(_message.Message):
    __slots__ = ("owner", "name")
    OWNER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    owner: str
    name: str
    def __init__(self, owner: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteViewLayoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
