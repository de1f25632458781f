import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Ownership(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OWNERSHIP_UNSPECIFIED: _ClassVar[Ownership]
    OWNERSHIP_CITY: _ClassVar[Ownership]
    OWNERSHIP_BUSINESS: _ClassVar[Ownership]
    OWNERSHIP_RESIDENT: _ClassVar[Ownership]

class Lifecycle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIFECYCLE_UNSPECIFIED: _ClassVar[Lifecycle]
    LIFECYCLE_PENDING: _ClassVar[Lifecycle]
    LIFECYCLE_ACTIVE: _ClassVar[Lifecycle]
    LIFECYCLE_SUSPENDED: _ClassVar[Lifecycle]
    LIFECYCLE_RETIRED: _ClassVar[Lifecycle]

class HealthState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEALTH_STATE_UNSPECIFIED: _ClassVar[HealthState]
    HEALTH_STATE_ONLINE: _ClassVar[HealthState]
    HEALTH_STATE_OFFLINE: _ClassVar[HealthState]

class RegistrationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_STATUS_UNSPECIFIED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_PENDING: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_APPROVED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_REJECTED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_WITHDRAWN: _ClassVar[RegistrationStatus]
OWNERSHIP_UNSPECIFIED: Ownership
OWNERSHIP_CITY: Ownership
OWNERSHIP_BUSINESS: Ownership
OWNERSHIP_RESIDENT: Ownership
LIFECYCLE_UNSPECIFIED: Lifecycle
LIFECYCLE_PENDING: Lifecycle
LIFECYCLE_ACTIVE: Lifecycle
LIFECYCLE_SUSPENDED: Lifecycle
LIFECYCLE_RETIRED: Lifecycle
HEALTH_STATE_UNSPECIFIED: HealthState
HEALTH_STATE_ONLINE: HealthState
HEALTH_STATE_OFFLINE: HealthState
REGISTRATION_STATUS_UNSPECIFIED: RegistrationStatus
REGISTRATION_STATUS_PENDING: RegistrationStatus
REGISTRATION_STATUS_APPROVED: RegistrationStatus
REGISTRATION_STATUS_REJECTED: RegistrationStatus
REGISTRATION_STATUS_WITHDRAWN: RegistrationStatus

class Location(_message.Message):
    __slots__ = ("lat", "lon", "address", "heading_deg", "field_of_view_deg")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    HEADING_DEG_FIELD_NUMBER: _ClassVar[int]
    FIELD_OF_VIEW_DEG_FIELD_NUMBER: _ClassVar[int]
    lat: float
    lon: float
    address: str
    heading_deg: float
    field_of_view_deg: float
    def __init__(self, lat: _Optional[float] = ..., lon: _Optional[float] = ..., address: _Optional[str] = ..., heading_deg: _Optional[float] = ..., field_of_view_deg: _Optional[float] = ...) -> None: ...

class Permissions(_message.Message):
    __slots__ = ("live", "record", "recordings_on_request_only", "registry_only", "plate_reading")
    LIVE_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    RECORDINGS_ON_REQUEST_ONLY_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_ONLY_FIELD_NUMBER: _ClassVar[int]
    PLATE_READING_FIELD_NUMBER: _ClassVar[int]
    live: bool
    record: bool
    recordings_on_request_only: bool
    registry_only: bool
    plate_reading: bool
    def __init__(self, live: _Optional[bool] = ..., record: _Optional[bool] = ..., recordings_on_request_only: _Optional[bool] = ..., registry_only: _Optional[bool] = ..., plate_reading: _Optional[bool] = ...) -> None: ...

class Camera(_message.Message):
    __slots__ = ("id", "name", "ownership", "technology", "location", "stream_url_redacted", "substream_url_redacted", "permissions", "retention_days", "lifecycle", "tags", "external_id", "created_at", "updated_at", "health", "consent_withdrawn_at", "registration_id", "rtsp_transport")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_FIELD_NUMBER: _ClassVar[int]
    TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STREAM_URL_REDACTED_FIELD_NUMBER: _ClassVar[int]
    SUBSTREAM_URL_REDACTED_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    CONSENT_WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    RTSP_TRANSPORT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    ownership: Ownership
    technology: str
    location: Location
    stream_url_redacted: str
    substream_url_redacted: str
    permissions: Permissions
    retention_days: int
    lifecycle: Lifecycle
    tags: _containers.RepeatedScalarFieldContainer[str]
    external_id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    health: CameraHealth
    consent_withdrawn_at: _timestamp_pb2.Timestamp
    registration_id: str
    rtsp_transport: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., ownership: _Optional[_Union[Ownership, str]] = ..., technology: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., stream_url_redacted: _Optional[str] = ..., substream_url_redacted: _Optional[str] = ..., permissions: _Optional[_Union[Permissions, _Mapping]] = ..., retention_days: _Optional[int] = ..., lifecycle: _Optional[_Union[Lifecycle, str]] = ..., tags: _Optional[_Iterable[str]] = ..., external_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., health: _Optional[_Union[CameraHealth, _Mapping]] = ..., consent_withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., registration_id: _Optional[str] = ..., rtsp_transport: _Optional[str] = ...) -> None: ...

class CameraHealth(_message.Message):
    __slots__ = ("state", "last_seen_at", "changed_at", "detail", "recording")
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_AT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    state: HealthState
    last_seen_at: _timestamp_pb2.Timestamp
    changed_at: _timestamp_pb2.Timestamp
    detail: str
    recording: RecordingHealth
    def __init__(self, state: _Optional[_Union[HealthState, str]] = ..., last_seen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detail: _Optional[str] = ..., recording: _Optional[_Union[RecordingHealth, _Mapping]] = ...) -> None: ...

class RecordingHealth(_message.Message):
    __slots__ = ("recording", "detail", "last_segment_end", "last_segment_bytes", "video_codec", "transcoded_from", "transport", "reported_at")
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    LAST_SEGMENT_END_FIELD_NUMBER: _ClassVar[int]
    LAST_SEGMENT_BYTES_FIELD_NUMBER: _ClassVar[int]
    VIDEO_CODEC_FIELD_NUMBER: _ClassVar[int]
    TRANSCODED_FROM_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    recording: bool
    detail: str
    last_segment_end: _timestamp_pb2.Timestamp
    last_segment_bytes: int
    video_codec: str
    transcoded_from: str
    transport: str
    reported_at: _timestamp_pb2.Timestamp
    def __init__(self, recording: _Optional[bool] = ..., detail: _Optional[str] = ..., last_segment_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_segment_bytes: _Optional[int] = ..., video_codec: _Optional[str] = ..., transcoded_from: _Optional[str] = ..., transport: _Optional[str] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CameraInput(_message.Message):
    __slots__ = ("name", "ownership", "technology", "location", "stream_url", "substream_url", "permissions", "retention_days", "lifecycle", "tags", "external_id", "rtsp_transport")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_FIELD_NUMBER: _ClassVar[int]
    TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STREAM_URL_FIELD_NUMBER: _ClassVar[int]
    SUBSTREAM_URL_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    RTSP_TRANSPORT_FIELD_NUMBER: _ClassVar[int]
    name: str
    ownership: Ownership
    technology: str
    location: Location
    stream_url: str
    substream_url: str
    permissions: Permissions
    retention_days: int
    lifecycle: Lifecycle
    tags: _containers.RepeatedScalarFieldContainer[str]
    external_id: str
    rtsp_transport: str
    def __init__(self, name: _Optional[str] = ..., ownership: _Optional[_Union[Ownership, str]] = ..., technology: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., stream_url: _Optional[str] = ..., substream_url: _Optional[str] = ..., permissions: _Optional[_Union[Permissions, _Mapping]] = ..., retention_days: _Optional[int] = ..., lifecycle: _Optional[_Union[Lifecycle, str]] = ..., tags: _Optional[_Iterable[str]] = ..., external_id: _Optional[str] = ..., rtsp_transport: _Optional[str] = ...) -> None: ...

class CreateCameraRequest(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: CameraInput
    def __init__(self, camera: _Optional[_Union[CameraInput, _Mapping]] = ...) -> None: ...

class CreateCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class GetCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class ListCamerasRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "exclude_withdrawn", "lifecycles")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    exclude_withdrawn: bool
    lifecycles: _containers.RepeatedScalarFieldContainer[Lifecycle]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., exclude_withdrawn: _Optional[bool] = ..., lifecycles: _Optional[_Iterable[_Union[Lifecycle, str]]] = ...) -> None: ...

class ListCamerasResponse(_message.Message):
    __slots__ = ("cameras", "next_page_token")
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[Camera]
    next_page_token: str
    def __init__(self, cameras: _Optional[_Iterable[_Union[Camera, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCameraRequest(_message.Message):
    __slots__ = ("id", "camera", "update_mask")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera: CameraInput
    update_mask: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., camera: _Optional[_Union[CameraInput, _Mapping]] = ..., update_mask: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class DeleteCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteCameraResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetStreamSourceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetStreamSourceResponse(_message.Message):
    __slots__ = ("stream_url", "substream_url")
    STREAM_URL_FIELD_NUMBER: _ClassVar[int]
    SUBSTREAM_URL_FIELD_NUMBER: _ClassVar[int]
    stream_url: str
    substream_url: str
    def __init__(self, stream_url: _Optional[str] = ..., substream_url: _Optional[str] = ...) -> None: ...

class WatchCamerasRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchCamerasResponse(_message.Message):
    __slots__ = ("change", "camera")
    class Change(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        CHANGE_UNSPECIFIED: _ClassVar[WatchCamerasResponse.Change]
        CHANGE_UPSERTED: _ClassVar[WatchCamerasResponse.Change]
        CHANGE_REMOVED: _ClassVar[WatchCamerasResponse.Change]
    CHANGE_UNSPECIFIED: WatchCamerasResponse.Change
    CHANGE_UPSERTED: WatchCamerasResponse.Change
    CHANGE_REMOVED: WatchCamerasResponse.Change
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    change: WatchCamerasResponse.Change
    camera: Camera
    def __init__(self, change: _Optional[_Union[WatchCamerasResponse.Change, str]] = ..., camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class NearPoint(_message.Message):
    __slots__ = ("lat", "lon", "radius_m")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    lat: float
    lon: float
    radius_m: float
    def __init__(self, lat: _Optional[float] = ..., lon: _Optional[float] = ..., radius_m: _Optional[float] = ...) -> None: ...

class BoundingBox(_message.Message):
    __slots__ = ("min_lat", "min_lon", "max_lat", "max_lon")
    MIN_LAT_FIELD_NUMBER: _ClassVar[int]
    MIN_LON_FIELD_NUMBER: _ClassVar[int]
    MAX_LAT_FIELD_NUMBER: _ClassVar[int]
    MAX_LON_FIELD_NUMBER: _ClassVar[int]
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float
    def __init__(self, min_lat: _Optional[float] = ..., min_lon: _Optional[float] = ..., max_lat: _Optional[float] = ..., max_lon: _Optional[float] = ...) -> None: ...

class SearchCamerasRequest(_message.Message):
    __slots__ = ("near", "bbox", "limit", "exclude_withdrawn", "lifecycles")
    NEAR_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLES_FIELD_NUMBER: _ClassVar[int]
    near: NearPoint
    bbox: BoundingBox
    limit: int
    exclude_withdrawn: bool
    lifecycles: _containers.RepeatedScalarFieldContainer[Lifecycle]
    def __init__(self, near: _Optional[_Union[NearPoint, _Mapping]] = ..., bbox: _Optional[_Union[BoundingBox, _Mapping]] = ..., limit: _Optional[int] = ..., exclude_withdrawn: _Optional[bool] = ..., lifecycles: _Optional[_Iterable[_Union[Lifecycle, str]]] = ...) -> None: ...

class CameraHit(_message.Message):
    __slots__ = ("camera", "distance_m")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_M_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    distance_m: float
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., distance_m: _Optional[float] = ...) -> None: ...

class SearchCamerasResponse(_message.Message):
    __slots__ = ("hits",)
    HITS_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[CameraHit]
    def __init__(self, hits: _Optional[_Iterable[_Union[CameraHit, _Mapping]]] = ...) -> None: ...

class ImportCamerasRequest(_message.Message):
    __slots__ = ("cameras",)
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[CameraInput]
    def __init__(self, cameras: _Optional[_Iterable[_Union[CameraInput, _Mapping]]] = ...) -> None: ...

class ImportRowResult(_message.Message):
    __slots__ = ("row", "outcome", "camera_id", "error", "external_id")
    class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        OUTCOME_UNSPECIFIED: _ClassVar[ImportRowResult.Outcome]
        OUTCOME_CREATED: _ClassVar[ImportRowResult.Outcome]
        OUTCOME_UPDATED: _ClassVar[ImportRowResult.Outcome]
        OUTCOME_UNCHANGED: _ClassVar[ImportRowResult.Outcome]
        OUTCOME_FAILED: _ClassVar[ImportRowResult.Outcome]
    OUTCOME_UNSPECIFIED: ImportRowResult.Outcome
    OUTCOME_CREATED: ImportRowResult.Outcome
    OUTCOME_UPDATED: ImportRowResult.Outcome
    OUTCOME_UNCHANGED: ImportRowResult.Outcome
    OUTCOME_FAILED: ImportRowResult.Outcome
    ROW_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    row: int
    outcome: ImportRowResult.Outcome
    camera_id: str
    error: str
    external_id: str
    def __init__(self, row: _Optional[int] = ..., outcome: _Optional[_Union[ImportRowResult.Outcome, str]] = ..., camera_id: _Optional[str] = ..., error: _Optional[str] = ..., external_id: _Optional[str] = ...) -> None: ...

class ImportCamerasResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[ImportRowResult]
    def __init__(self, rows: _Optional[_Iterable[_Union[ImportRowResult, _Mapping]]] = ...) -> None: ...

class GetCameraHealthRequest(_message.Message):
    __slots__ = ("id", "limit")
    ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    id: str
    limit: int
    def __init__(self, id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class HealthTransition(_message.Message):
    __slots__ = ("state", "at", "detail")
    STATE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    state: HealthState
    at: _timestamp_pb2.Timestamp
    detail: str
    def __init__(self, state: _Optional[_Union[HealthState, str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detail: _Optional[str] = ...) -> None: ...

class GetCameraHealthResponse(_message.Message):
    __slots__ = ("current", "history")
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    current: CameraHealth
    history: _containers.RepeatedCompositeFieldContainer[HealthTransition]
    def __init__(self, current: _Optional[_Union[CameraHealth, _Mapping]] = ..., history: _Optional[_Iterable[_Union[HealthTransition, _Mapping]]] = ...) -> None: ...

class RecordingReport(_message.Message):
    __slots__ = ("camera_id", "health")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    health: RecordingHealth
    def __init__(self, camera_id: _Optional[str] = ..., health: _Optional[_Union[RecordingHealth, _Mapping]] = ...) -> None: ...

class ReportRecordingHealthRequest(_message.Message):
    __slots__ = ("reports",)
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[RecordingReport]
    def __init__(self, reports: _Optional[_Iterable[_Union[RecordingReport, _Mapping]]] = ...) -> None: ...

class ReportRecordingHealthResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RegistrationInput(_message.Message):
    __slots__ = ("ownership", "owner_name", "owner_email", "owner_phone", "camera_name", "technology", "location", "stream_url", "permissions", "terms_version", "accepted_terms")
    OWNERSHIP_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    OWNER_PHONE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STREAM_URL_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    TERMS_VERSION_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_TERMS_FIELD_NUMBER: _ClassVar[int]
    ownership: Ownership
    owner_name: str
    owner_email: str
    owner_phone: str
    camera_name: str
    technology: str
    location: Location
    stream_url: str
    permissions: Permissions
    terms_version: str
    accepted_terms: bool
    def __init__(self, ownership: _Optional[_Union[Ownership, str]] = ..., owner_name: _Optional[str] = ..., owner_email: _Optional[str] = ..., owner_phone: _Optional[str] = ..., camera_name: _Optional[str] = ..., technology: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., stream_url: _Optional[str] = ..., permissions: _Optional[_Union[Permissions, _Mapping]] = ..., terms_version: _Optional[str] = ..., accepted_terms: _Optional[bool] = ...) -> None: ...

class Registration(_message.Message):
    __slots__ = ("id", "status", "ownership", "owner_name", "owner_email", "owner_phone", "camera_name", "technology", "location", "stream_url_redacted", "granted", "terms_version", "consented_at", "reviewed_at", "reviewed_by", "review_reason", "camera_id", "withdrawn_at", "withdrawn_by", "withdrawal_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    OWNER_PHONE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STREAM_URL_REDACTED_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    TERMS_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONSENTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_REASON_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_BY_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: RegistrationStatus
    ownership: Ownership
    owner_name: str
    owner_email: str
    owner_phone: str
    camera_name: str
    technology: str
    location: Location
    stream_url_redacted: str
    granted: Permissions
    terms_version: str
    consented_at: _timestamp_pb2.Timestamp
    reviewed_at: _timestamp_pb2.Timestamp
    reviewed_by: str
    review_reason: str
    camera_id: str
    withdrawn_at: _timestamp_pb2.Timestamp
    withdrawn_by: str
    withdrawal_reason: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[RegistrationStatus, str]] = ..., ownership: _Optional[_Union[Ownership, str]] = ..., owner_name: _Optional[str] = ..., owner_email: _Optional[str] = ..., owner_phone: _Optional[str] = ..., camera_name: _Optional[str] = ..., technology: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., stream_url_redacted: _Optional[str] = ..., granted: _Optional[_Union[Permissions, _Mapping]] = ..., terms_version: _Optional[str] = ..., consented_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reviewed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reviewed_by: _Optional[str] = ..., review_reason: _Optional[str] = ..., camera_id: _Optional[str] = ..., withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., withdrawn_by: _Optional[str] = ..., withdrawal_reason: _Optional[str] = ...) -> None: ...

class SubmitRegistrationRequest(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: RegistrationInput
    def __init__(self, registration: _Optional[_Union[RegistrationInput, _Mapping]] = ...) -> None: ...

class SubmitRegistrationResponse(_message.Message):
    __slots__ = ("registration", "withdrawal_token")
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    withdrawal_token: str
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ..., withdrawal_token: _Optional[str] = ...) -> None: ...

class GetRegistrationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetRegistrationResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...

class ListRegistrationsRequest(_message.Message):
    __slots__ = ("status", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: RegistrationStatus
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[_Union[RegistrationStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRegistrationsResponse(_message.Message):
    __slots__ = ("registrations", "next_page_token")
    REGISTRATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registrations: _containers.RepeatedCompositeFieldContainer[Registration]
    next_page_token: str
    def __init__(self, registrations: _Optional[_Iterable[_Union[Registration, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ApproveRegistrationRequest(_message.Message):
    __slots__ = ("id", "reviewer", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reviewer: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reviewer: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ApproveRegistrationResponse(_message.Message):
    __slots__ = ("registration", "camera")
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    camera: Camera
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ..., camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class RejectRegistrationRequest(_message.Message):
    __slots__ = ("id", "reviewer", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reviewer: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reviewer: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectRegistrationResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...

class WithdrawConsentRequest(_message.Message):
    __slots__ = ("id", "withdrawal_token", "withdrawn_by", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    withdrawal_token: str
    withdrawn_by: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., withdrawal_token: _Optional[str] = ..., withdrawn_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class WithdrawConsentResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...
