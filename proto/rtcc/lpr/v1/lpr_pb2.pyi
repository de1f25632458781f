import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MatchKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_KIND_UNSPECIFIED: _ClassVar[MatchKind]
    EXACT: _ClassVar[MatchKind]
    WILDCARD: _ClassVar[MatchKind]
    FUZZY: _ClassVar[MatchKind]
MATCH_KIND_UNSPECIFIED: MatchKind
EXACT: MatchKind
WILDCARD: MatchKind
FUZZY: MatchKind

class Image(_message.Message):
    __slots__ = ("data", "content_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    content_type: str
    def __init__(self, data: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class VehicleAttributes(_message.Message):
    __slots__ = ("colour", "make", "vehicle_type")
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    MAKE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    colour: str
    make: str
    vehicle_type: str
    def __init__(self, colour: _Optional[str] = ..., make: _Optional[str] = ..., vehicle_type: _Optional[str] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class ReadInput(_message.Message):
    __slots__ = ("read_id", "plate", "state", "confidence", "reader_id", "camera_id", "observed_at", "location", "plate_image", "wide_image", "vehicle")
    READ_ID_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    READER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PLATE_IMAGE_FIELD_NUMBER: _ClassVar[int]
    WIDE_IMAGE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_FIELD_NUMBER: _ClassVar[int]
    read_id: str
    plate: str
    state: str
    confidence: float
    reader_id: str
    camera_id: str
    observed_at: _timestamp_pb2.Timestamp
    location: Location
    plate_image: Image
    wide_image: Image
    vehicle: VehicleAttributes
    def __init__(self, read_id: _Optional[str] = ..., plate: _Optional[str] = ..., state: _Optional[str] = ..., confidence: _Optional[float] = ..., reader_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., plate_image: _Optional[_Union[Image, _Mapping]] = ..., wide_image: _Optional[_Union[Image, _Mapping]] = ..., vehicle: _Optional[_Union[VehicleAttributes, _Mapping]] = ...) -> None: ...

class Read(_message.Message):
    __slots__ = ("read_id", "plate", "plate_normalized", "state", "confidence", "reader_id", "camera_id", "observed_at", "location", "has_location", "plate_image_id", "wide_image_id", "vehicle", "has_hit", "case_number")
    READ_ID_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    PLATE_NORMALIZED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    READER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    HAS_LOCATION_FIELD_NUMBER: _ClassVar[int]
    PLATE_IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    WIDE_IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_FIELD_NUMBER: _ClassVar[int]
    HAS_HIT_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    read_id: str
    plate: str
    plate_normalized: str
    state: str
    confidence: float
    reader_id: str
    camera_id: str
    observed_at: _timestamp_pb2.Timestamp
    location: Location
    has_location: bool
    plate_image_id: str
    wide_image_id: str
    vehicle: VehicleAttributes
    has_hit: bool
    case_number: str
    def __init__(self, read_id: _Optional[str] = ..., plate: _Optional[str] = ..., plate_normalized: _Optional[str] = ..., state: _Optional[str] = ..., confidence: _Optional[float] = ..., reader_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., has_location: _Optional[bool] = ..., plate_image_id: _Optional[str] = ..., wide_image_id: _Optional[str] = ..., vehicle: _Optional[_Union[VehicleAttributes, _Mapping]] = ..., has_hit: _Optional[bool] = ..., case_number: _Optional[str] = ...) -> None: ...

class IngestReadsRequest(_message.Message):
    __slots__ = ("reads",)
    READS_FIELD_NUMBER: _ClassVar[int]
    reads: _containers.RepeatedCompositeFieldContainer[ReadInput]
    def __init__(self, reads: _Optional[_Iterable[_Union[ReadInput, _Mapping]]] = ...) -> None: ...

class ReadResult(_message.Message):
    __slots__ = ("index", "read_id", "status", "reason", "alerts")
    class Status(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATUS_UNSPECIFIED: _ClassVar[ReadResult.Status]
        STORED: _ClassVar[ReadResult.Status]
        DUPLICATE: _ClassVar[ReadResult.Status]
        REJECTED: _ClassVar[ReadResult.Status]
    STATUS_UNSPECIFIED: ReadResult.Status
    STORED: ReadResult.Status
    DUPLICATE: ReadResult.Status
    REJECTED: ReadResult.Status
    INDEX_FIELD_NUMBER: _ClassVar[int]
    READ_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    index: int
    read_id: str
    status: ReadResult.Status
    reason: str
    alerts: int
    def __init__(self, index: _Optional[int] = ..., read_id: _Optional[str] = ..., status: _Optional[_Union[ReadResult.Status, str]] = ..., reason: _Optional[str] = ..., alerts: _Optional[int] = ...) -> None: ...

class IngestReadsResponse(_message.Message):
    __slots__ = ("results", "stored", "duplicates", "rejected")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    STORED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ReadResult]
    stored: int
    duplicates: int
    rejected: int
    def __init__(self, results: _Optional[_Iterable[_Union[ReadResult, _Mapping]]] = ..., stored: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[int] = ...) -> None: ...

class Requester(_message.Message):
    __slots__ = ("subject", "agency", "partner")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    subject: str
    agency: str
    partner: bool
    def __init__(self, subject: _Optional[str] = ..., agency: _Optional[str] = ..., partner: _Optional[bool] = ...) -> None: ...

class GeoArea(_message.Message):
    __slots__ = ("center", "radius_m", "polygon")
    CENTER_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    POLYGON_FIELD_NUMBER: _ClassVar[int]
    center: Location
    radius_m: float
    polygon: _containers.RepeatedCompositeFieldContainer[Location]
    def __init__(self, center: _Optional[_Union[Location, _Mapping]] = ..., radius_m: _Optional[float] = ..., polygon: _Optional[_Iterable[_Union[Location, _Mapping]]] = ...) -> None: ...

class SearchReadsRequest(_message.Message):
    __slots__ = ("plate", "match", "state", "start", "end", "reader_ids", "area", "min_confidence", "page_size", "page_token", "requester", "camera_ids", "colour", "make", "vehicle_type")
    PLATE_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    READER_IDS_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    MIN_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    MAKE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    plate: str
    match: MatchKind
    state: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reader_ids: _containers.RepeatedScalarFieldContainer[str]
    area: GeoArea
    min_confidence: float
    page_size: int
    page_token: str
    requester: Requester
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    colour: str
    make: str
    vehicle_type: str
    def __init__(self, plate: _Optional[str] = ..., match: _Optional[_Union[MatchKind, str]] = ..., state: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reader_ids: _Optional[_Iterable[str]] = ..., area: _Optional[_Union[GeoArea, _Mapping]] = ..., min_confidence: _Optional[float] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ..., camera_ids: _Optional[_Iterable[str]] = ..., colour: _Optional[str] = ..., make: _Optional[str] = ..., vehicle_type: _Optional[str] = ...) -> None: ...

class SearchReadsResponse(_message.Message):
    __slots__ = ("reads", "next_page_token")
    READS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reads: _containers.RepeatedCompositeFieldContainer[Read]
    next_page_token: str
    def __init__(self, reads: _Optional[_Iterable[_Union[Read, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class StakeoutRequest(_message.Message):
    __slots__ = ("area", "reader_ids", "start", "end", "limit", "requester")
    AREA_FIELD_NUMBER: _ClassVar[int]
    READER_IDS_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    area: GeoArea
    reader_ids: _containers.RepeatedScalarFieldContainer[str]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    limit: int
    requester: Requester
    def __init__(self, area: _Optional[_Union[GeoArea, _Mapping]] = ..., reader_ids: _Optional[_Iterable[str]] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., limit: _Optional[int] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class PlateSighting(_message.Message):
    __slots__ = ("plate", "state", "reads", "first_seen", "last_seen", "reader_ids")
    PLATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    READS_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEEN_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    READER_IDS_FIELD_NUMBER: _ClassVar[int]
    plate: str
    state: str
    reads: int
    first_seen: _timestamp_pb2.Timestamp
    last_seen: _timestamp_pb2.Timestamp
    reader_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, plate: _Optional[str] = ..., state: _Optional[str] = ..., reads: _Optional[int] = ..., first_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reader_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class StakeoutResponse(_message.Message):
    __slots__ = ("plates", "truncated")
    PLATES_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    plates: _containers.RepeatedCompositeFieldContainer[PlateSighting]
    truncated: bool
    def __init__(self, plates: _Optional[_Iterable[_Union[PlateSighting, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...

class ConvoyRequest(_message.Message):
    __slots__ = ("plate", "state", "start", "end", "window_minutes", "min_occurrences", "requester")
    PLATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    WINDOW_MINUTES_FIELD_NUMBER: _ClassVar[int]
    MIN_OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    plate: str
    state: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    window_minutes: int
    min_occurrences: int
    requester: Requester
    def __init__(self, plate: _Optional[str] = ..., state: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window_minutes: _Optional[int] = ..., min_occurrences: _Optional[int] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class ConvoyResponse(_message.Message):
    __slots__ = ("companions", "target_reads")
    COMPANIONS_FIELD_NUMBER: _ClassVar[int]
    TARGET_READS_FIELD_NUMBER: _ClassVar[int]
    companions: _containers.RepeatedCompositeFieldContainer[PlateSighting]
    target_reads: int
    def __init__(self, companions: _Optional[_Iterable[_Union[PlateSighting, _Mapping]]] = ..., target_reads: _Optional[int] = ...) -> None: ...

class GetImageRequest(_message.Message):
    __slots__ = ("image_id",)
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    image_id: str
    def __init__(self, image_id: _Optional[str] = ...) -> None: ...

class GetImageResponse(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: Image
    def __init__(self, image: _Optional[_Union[Image, _Mapping]] = ...) -> None: ...

class AttachReadsToCaseRequest(_message.Message):
    __slots__ = ("read_ids", "case_number")
    READ_IDS_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    read_ids: _containers.RepeatedScalarFieldContainer[str]
    case_number: str
    def __init__(self, read_ids: _Optional[_Iterable[str]] = ..., case_number: _Optional[str] = ...) -> None: ...

class AttachReadsToCaseResponse(_message.Message):
    __slots__ = ("attached",)
    ATTACHED_FIELD_NUMBER: _ClassVar[int]
    attached: int
    def __init__(self, attached: _Optional[int] = ...) -> None: ...

class Hotlist(_message.Message):
    __slots__ = ("id", "name", "source", "tolerant", "entries", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TOLERANT_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    source: str
    tolerant: bool
    entries: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., source: _Optional[str] = ..., tolerant: _Optional[bool] = ..., entries: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateHotlistRequest(_message.Message):
    __slots__ = ("name", "source", "tolerant")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TOLERANT_FIELD_NUMBER: _ClassVar[int]
    name: str
    source: str
    tolerant: bool
    def __init__(self, name: _Optional[str] = ..., source: _Optional[str] = ..., tolerant: _Optional[bool] = ...) -> None: ...

class ListHotlistsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListHotlistsResponse(_message.Message):
    __slots__ = ("hotlists",)
    HOTLISTS_FIELD_NUMBER: _ClassVar[int]
    hotlists: _containers.RepeatedCompositeFieldContainer[Hotlist]
    def __init__(self, hotlists: _Optional[_Iterable[_Union[Hotlist, _Mapping]]] = ...) -> None: ...

class GetHotlistRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHotlistRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHotlistResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HotlistEntryInput(_message.Message):
    __slots__ = ("plate", "state", "reason", "case_number", "vehicle_description", "expires_at")
    PLATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    plate: str
    state: str
    reason: str
    case_number: str
    vehicle_description: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, plate: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., case_number: _Optional[str] = ..., vehicle_description: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HotlistEntry(_message.Message):
    __slots__ = ("id", "hotlist_id", "plate", "state", "reason", "case_number", "vehicle_description", "expires_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    HOTLIST_ID_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    hotlist_id: str
    plate: str
    state: str
    reason: str
    case_number: str
    vehicle_description: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., hotlist_id: _Optional[str] = ..., plate: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., case_number: _Optional[str] = ..., vehicle_description: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AddHotlistEntriesRequest(_message.Message):
    __slots__ = ("hotlist_id", "entries", "search_back_days")
    HOTLIST_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    SEARCH_BACK_DAYS_FIELD_NUMBER: _ClassVar[int]
    hotlist_id: str
    entries: _containers.RepeatedCompositeFieldContainer[HotlistEntryInput]
    search_back_days: int
    def __init__(self, hotlist_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[HotlistEntryInput, _Mapping]]] = ..., search_back_days: _Optional[int] = ...) -> None: ...

class AddHotlistEntriesResponse(_message.Message):
    __slots__ = ("entries", "historical_alerts")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_ALERTS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[HotlistEntry]
    historical_alerts: int
    def __init__(self, entries: _Optional[_Iterable[_Union[HotlistEntry, _Mapping]]] = ..., historical_alerts: _Optional[int] = ...) -> None: ...

class ListHotlistEntriesRequest(_message.Message):
    __slots__ = ("hotlist_id", "plate", "page_size", "page_token")
    HOTLIST_ID_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hotlist_id: str
    plate: str
    page_size: int
    page_token: str
    def __init__(self, hotlist_id: _Optional[str] = ..., plate: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListHotlistEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[HotlistEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[HotlistEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RemoveHotlistEntryRequest(_message.Message):
    __slots__ = ("hotlist_id", "entry_id")
    HOTLIST_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    hotlist_id: str
    entry_id: str
    def __init__(self, hotlist_id: _Optional[str] = ..., entry_id: _Optional[str] = ...) -> None: ...

class RemoveHotlistEntryResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ImportHotlistRequest(_message.Message):
    __slots__ = ("hotlist_id", "replace", "csv_chunk")
    HOTLIST_ID_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    CSV_CHUNK_FIELD_NUMBER: _ClassVar[int]
    hotlist_id: str
    replace: bool
    csv_chunk: bytes
    def __init__(self, hotlist_id: _Optional[str] = ..., replace: _Optional[bool] = ..., csv_chunk: _Optional[bytes] = ...) -> None: ...

class ImportHotlistResponse(_message.Message):
    __slots__ = ("imported", "rejected", "errors")
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    imported: int
    rejected: int
    errors: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, imported: _Optional[int] = ..., rejected: _Optional[int] = ..., errors: _Optional[_Iterable[str]] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("id", "read", "entry", "hotlist_name", "exact", "historical", "raised_at", "disposition", "disposed_by", "disposed_at", "disposition_note", "repeats", "latest_read", "last_seen_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    HOTLIST_NAME_FIELD_NUMBER: _ClassVar[int]
    EXACT_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    DISPOSED_BY_FIELD_NUMBER: _ClassVar[int]
    DISPOSED_AT_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_NOTE_FIELD_NUMBER: _ClassVar[int]
    REPEATS_FIELD_NUMBER: _ClassVar[int]
    LATEST_READ_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    read: Read
    entry: HotlistEntry
    hotlist_name: str
    exact: bool
    historical: bool
    raised_at: _timestamp_pb2.Timestamp
    disposition: str
    disposed_by: str
    disposed_at: _timestamp_pb2.Timestamp
    disposition_note: str
    repeats: int
    latest_read: Read
    last_seen_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., read: _Optional[_Union[Read, _Mapping]] = ..., entry: _Optional[_Union[HotlistEntry, _Mapping]] = ..., hotlist_name: _Optional[str] = ..., exact: _Optional[bool] = ..., historical: _Optional[bool] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., disposition: _Optional[str] = ..., disposed_by: _Optional[str] = ..., disposed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., disposition_note: _Optional[str] = ..., repeats: _Optional[int] = ..., latest_read: _Optional[_Union[Read, _Mapping]] = ..., last_seen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("open_only", "page_size", "page_token", "requester")
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    open_only: bool
    page_size: int
    page_token: str
    requester: Requester
    def __init__(self, open_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "next_page_token")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    next_page_token: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WatchAlertsRequest(_message.Message):
    __slots__ = ("requester",)
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    requester: Requester
    def __init__(self, requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class DisposeAlertRequest(_message.Message):
    __slots__ = ("alert_id", "disposition", "disposed_by", "note")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    DISPOSED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    disposition: str
    disposed_by: str
    note: str
    def __init__(self, alert_id: _Optional[str] = ..., disposition: _Optional[str] = ..., disposed_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Agreement(_message.Message):
    __slots__ = ("agency", "hotlist_ids", "max_lookback_days")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    HOTLIST_IDS_FIELD_NUMBER: _ClassVar[int]
    MAX_LOOKBACK_DAYS_FIELD_NUMBER: _ClassVar[int]
    agency: str
    hotlist_ids: _containers.RepeatedScalarFieldContainer[str]
    max_lookback_days: int
    def __init__(self, agency: _Optional[str] = ..., hotlist_ids: _Optional[_Iterable[str]] = ..., max_lookback_days: _Optional[int] = ...) -> None: ...

class ListAgreementsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAgreementsResponse(_message.Message):
    __slots__ = ("agreements",)
    AGREEMENTS_FIELD_NUMBER: _ClassVar[int]
    agreements: _containers.RepeatedCompositeFieldContainer[Agreement]
    def __init__(self, agreements: _Optional[_Iterable[_Union[Agreement, _Mapping]]] = ...) -> None: ...

class SweepRetentionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SweepRetentionResponse(_message.Message):
    __slots__ = ("deleted_reads", "deleted_images")
    DELETED_READS_FIELD_NUMBER: _ClassVar[int]
    DELETED_IMAGES_FIELD_NUMBER: _ClassVar[int]
    deleted_reads: int
    deleted_images: int
    def __init__(self, deleted_reads: _Optional[int] = ..., deleted_images: _Optional[int] = ...) -> None: ...

class GetReadCountsRequest(_message.Message):
    __slots__ = ("first_day", "last_day")
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    first_day: str
    last_day: str
    def __init__(self, first_day: _Optional[str] = ..., last_day: _Optional[str] = ...) -> None: ...

class DailyReadCount(_message.Message):
    __slots__ = ("day", "source", "reads")
    DAY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    READS_FIELD_NUMBER: _ClassVar[int]
    day: str
    source: str
    reads: int
    def __init__(self, day: _Optional[str] = ..., source: _Optional[str] = ..., reads: _Optional[int] = ...) -> None: ...

class GetReadCountsResponse(_message.Message):
    __slots__ = ("days",)
    DAYS_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[DailyReadCount]
    def __init__(self, days: _Optional[_Iterable[_Union[DailyReadCount, _Mapping]]] = ...) -> None: ...

class RecognizePlatesRequest(_message.Message):
    __slots__ = ("image", "content_type")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    content_type: str
    def __init__(self, image: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class RecognizedPlate(_message.Message):
    __slots__ = ("text", "raw_text", "confidence", "x", "y", "width", "height", "state")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RAW_TEXT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    text: str
    raw_text: str
    confidence: float
    x: int
    y: int
    width: int
    height: int
    state: str
    def __init__(self, text: _Optional[str] = ..., raw_text: _Optional[str] = ..., confidence: _Optional[float] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., state: _Optional[str] = ...) -> None: ...

class RecognizePlatesResponse(_message.Message):
    __slots__ = ("plates",)
    PLATES_FIELD_NUMBER: _ClassVar[int]
    plates: _containers.RepeatedCompositeFieldContainer[RecognizedPlate]
    def __init__(self, plates: _Optional[_Iterable[_Union[RecognizedPlate, _Mapping]]] = ...) -> None: ...
