import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Actor(_message.Message):
    __slots__ = ("subject", "role", "agency")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    subject: str
    role: str
    agency: str
    def __init__(self, subject: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("id", "number", "offense", "status", "lead_investigator", "incident_at", "incident_place", "incident_lat", "incident_lon", "summary", "created_by", "created_at", "updated_at", "closed_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    OFFENSE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEAD_INVESTIGATOR_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_PLACE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LAT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    offense: str
    status: str
    lead_investigator: str
    incident_at: _timestamp_pb2.Timestamp
    incident_place: str
    incident_lat: float
    incident_lon: float
    summary: str
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., offense: _Optional[str] = ..., status: _Optional[str] = ..., lead_investigator: _Optional[str] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_place: _Optional[str] = ..., incident_lat: _Optional[float] = ..., incident_lon: _Optional[float] = ..., summary: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CaseInput(_message.Message):
    __slots__ = ("number", "offense", "lead_investigator", "incident_at", "incident_place", "incident_lat", "incident_lon", "summary")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    OFFENSE_FIELD_NUMBER: _ClassVar[int]
    LEAD_INVESTIGATOR_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_PLACE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LAT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    number: str
    offense: str
    lead_investigator: str
    incident_at: _timestamp_pb2.Timestamp
    incident_place: str
    incident_lat: float
    incident_lon: float
    summary: str
    def __init__(self, number: _Optional[str] = ..., offense: _Optional[str] = ..., lead_investigator: _Optional[str] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_place: _Optional[str] = ..., incident_lat: _Optional[float] = ..., incident_lon: _Optional[float] = ..., summary: _Optional[str] = ...) -> None: ...

class CreateCaseRequest(_message.Message):
    __slots__ = ("actor", "case")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    actor: Actor
    case: CaseInput
    def __init__(self, actor: _Optional[_Union[Actor, _Mapping]] = ..., case: _Optional[_Union[CaseInput, _Mapping]] = ...) -> None: ...

class CreateCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("status", "offense", "number", "limit", "offset")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OFFENSE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    status: str
    offense: str
    number: str
    limit: int
    offset: int
    def __init__(self, status: _Optional[str] = ..., offense: _Optional[str] = ..., number: _Optional[str] = ..., limit: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "total")
    CASES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    total: int
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class UpdateCaseRequest(_message.Message):
    __slots__ = ("id", "actor", "offense", "status", "lead_investigator", "incident_at", "incident_place", "incident_lat", "incident_lon", "summary", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OFFENSE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEAD_INVESTIGATOR_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_PLACE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LAT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    actor: Actor
    offense: str
    status: str
    lead_investigator: str
    incident_at: _timestamp_pb2.Timestamp
    incident_place: str
    incident_lat: float
    incident_lon: float
    summary: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., offense: _Optional[str] = ..., status: _Optional[str] = ..., lead_investigator: _Optional[str] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_place: _Optional[str] = ..., incident_lat: _Optional[float] = ..., incident_lon: _Optional[float] = ..., summary: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class UpdateCaseResponse(_message.Message):
    __slots__ = ("case", "holds_pending_release")
    CASE_FIELD_NUMBER: _ClassVar[int]
    HOLDS_PENDING_RELEASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    holds_pending_release: _containers.RepeatedCompositeFieldContainer[Hold]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., holds_pending_release: _Optional[_Iterable[_Union[Hold, _Mapping]]] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("id", "case_id", "kind", "ref_id", "camera_id", "start", "end", "sha256", "description", "attached_by", "attached_at", "hold_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REF_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ATTACHED_BY_FIELD_NUMBER: _ClassVar[int]
    ATTACHED_AT_FIELD_NUMBER: _ClassVar[int]
    HOLD_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    kind: str
    ref_id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    sha256: str
    description: str
    attached_by: str
    attached_at: _timestamp_pb2.Timestamp
    hold_id: str
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., kind: _Optional[str] = ..., ref_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sha256: _Optional[str] = ..., description: _Optional[str] = ..., attached_by: _Optional[str] = ..., attached_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hold_id: _Optional[str] = ...) -> None: ...

class AttachEvidenceRequest(_message.Message):
    __slots__ = ("case_id", "actor", "kind", "ref_id", "camera_id", "start", "end", "sha256", "description", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REF_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    actor: Actor
    kind: str
    ref_id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    sha256: str
    description: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., kind: _Optional[str] = ..., ref_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sha256: _Optional[str] = ..., description: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AttachEvidenceResponse(_message.Message):
    __slots__ = ("evidence", "hold")
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    HOLD_FIELD_NUMBER: _ClassVar[int]
    evidence: Evidence
    hold: Hold
    def __init__(self, evidence: _Optional[_Union[Evidence, _Mapping]] = ..., hold: _Optional[_Union[Hold, _Mapping]] = ...) -> None: ...

class ListEvidenceRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ListEvidenceResponse(_message.Message):
    __slots__ = ("evidence",)
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    def __init__(self, evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ...) -> None: ...

class CustodyEntry(_message.Message):
    __slots__ = ("id", "case_id", "evidence_id", "action", "actor_subject", "actor_role", "actor_agency", "reason", "detail", "at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_AGENCY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    evidence_id: str
    action: str
    actor_subject: str
    actor_role: str
    actor_agency: str
    reason: str
    detail: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., action: _Optional[str] = ..., actor_subject: _Optional[str] = ..., actor_role: _Optional[str] = ..., actor_agency: _Optional[str] = ..., reason: _Optional[str] = ..., detail: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordCustodyRequest(_message.Message):
    __slots__ = ("case_id", "evidence_id", "actor", "action", "reason", "detail")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_id: str
    actor: Actor
    action: str
    reason: str
    detail: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., action: _Optional[str] = ..., reason: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class RecordCustodyResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: CustodyEntry
    def __init__(self, entry: _Optional[_Union[CustodyEntry, _Mapping]] = ...) -> None: ...

class RecordDownloadRequest(_message.Message):
    __slots__ = ("export_id", "case_id", "evidence_id", "actor", "detail")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    case_id: str
    evidence_id: str
    actor: Actor
    detail: str
    def __init__(self, export_id: _Optional[str] = ..., case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., detail: _Optional[str] = ...) -> None: ...

class RecordDownloadResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[CustodyEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[CustodyEntry, _Mapping]]] = ...) -> None: ...

class ListCustodyRequest(_message.Message):
    __slots__ = ("case_id", "evidence_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_id: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

class ListCustodyResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[CustodyEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[CustodyEntry, _Mapping]]] = ...) -> None: ...

class Hold(_message.Message):
    __slots__ = ("id", "case_id", "evidence_id", "recorder_hold_id", "camera_id", "start", "end", "status", "placed_by", "placed_at", "release_requested_by", "release_requested_at", "release_reason", "released_by", "released_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDER_HOLD_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PLACED_BY_FIELD_NUMBER: _ClassVar[int]
    PLACED_AT_FIELD_NUMBER: _ClassVar[int]
    RELEASE_REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    RELEASE_REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    RELEASE_REASON_FIELD_NUMBER: _ClassVar[int]
    RELEASED_BY_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    evidence_id: str
    recorder_hold_id: str
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    status: str
    placed_by: str
    placed_at: _timestamp_pb2.Timestamp
    release_requested_by: str
    release_requested_at: _timestamp_pb2.Timestamp
    release_reason: str
    released_by: str
    released_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., recorder_hold_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., placed_by: _Optional[str] = ..., placed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., release_requested_by: _Optional[str] = ..., release_requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., release_reason: _Optional[str] = ..., released_by: _Optional[str] = ..., released_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListHoldsRequest(_message.Message):
    __slots__ = ("case_id", "status")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    status: str
    def __init__(self, case_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListHoldsResponse(_message.Message):
    __slots__ = ("holds",)
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    holds: _containers.RepeatedCompositeFieldContainer[Hold]
    def __init__(self, holds: _Optional[_Iterable[_Union[Hold, _Mapping]]] = ...) -> None: ...

class RequestHoldReleaseRequest(_message.Message):
    __slots__ = ("case_id", "hold_ids", "actor", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    HOLD_IDS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    hold_ids: _containers.RepeatedScalarFieldContainer[str]
    actor: Actor
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., hold_ids: _Optional[_Iterable[str]] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class RequestHoldReleaseResponse(_message.Message):
    __slots__ = ("holds",)
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    holds: _containers.RepeatedCompositeFieldContainer[Hold]
    def __init__(self, holds: _Optional[_Iterable[_Union[Hold, _Mapping]]] = ...) -> None: ...

class ConfirmHoldReleaseRequest(_message.Message):
    __slots__ = ("case_id", "hold_ids", "actor", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    HOLD_IDS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    hold_ids: _containers.RepeatedScalarFieldContainer[str]
    actor: Actor
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., hold_ids: _Optional[_Iterable[str]] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ConfirmHoldReleaseResponse(_message.Message):
    __slots__ = ("holds",)
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    holds: _containers.RepeatedCompositeFieldContainer[Hold]
    def __init__(self, holds: _Optional[_Iterable[_Union[Hold, _Mapping]]] = ...) -> None: ...

class Outcome(_message.Message):
    __slots__ = ("id", "case_id", "kind", "occurred_on", "center_assisted", "assisted_by", "arrest_count", "charge", "plate", "plate_state", "vin", "notes", "recorded_by", "recorded_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_ON_FIELD_NUMBER: _ClassVar[int]
    CENTER_ASSISTED_FIELD_NUMBER: _ClassVar[int]
    ASSISTED_BY_FIELD_NUMBER: _ClassVar[int]
    ARREST_COUNT_FIELD_NUMBER: _ClassVar[int]
    CHARGE_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    PLATE_STATE_FIELD_NUMBER: _ClassVar[int]
    VIN_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    kind: str
    occurred_on: str
    center_assisted: bool
    assisted_by: _containers.RepeatedScalarFieldContainer[str]
    arrest_count: int
    charge: str
    plate: str
    plate_state: str
    vin: str
    notes: str
    recorded_by: str
    recorded_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., kind: _Optional[str] = ..., occurred_on: _Optional[str] = ..., center_assisted: _Optional[bool] = ..., assisted_by: _Optional[_Iterable[str]] = ..., arrest_count: _Optional[int] = ..., charge: _Optional[str] = ..., plate: _Optional[str] = ..., plate_state: _Optional[str] = ..., vin: _Optional[str] = ..., notes: _Optional[str] = ..., recorded_by: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OutcomeInput(_message.Message):
    __slots__ = ("kind", "occurred_on", "center_assisted", "assisted_by", "arrest_count", "charge", "plate", "plate_state", "vin", "notes")
    KIND_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_ON_FIELD_NUMBER: _ClassVar[int]
    CENTER_ASSISTED_FIELD_NUMBER: _ClassVar[int]
    ASSISTED_BY_FIELD_NUMBER: _ClassVar[int]
    ARREST_COUNT_FIELD_NUMBER: _ClassVar[int]
    CHARGE_FIELD_NUMBER: _ClassVar[int]
    PLATE_FIELD_NUMBER: _ClassVar[int]
    PLATE_STATE_FIELD_NUMBER: _ClassVar[int]
    VIN_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    kind: str
    occurred_on: str
    center_assisted: bool
    assisted_by: _containers.RepeatedScalarFieldContainer[str]
    arrest_count: int
    charge: str
    plate: str
    plate_state: str
    vin: str
    notes: str
    def __init__(self, kind: _Optional[str] = ..., occurred_on: _Optional[str] = ..., center_assisted: _Optional[bool] = ..., assisted_by: _Optional[_Iterable[str]] = ..., arrest_count: _Optional[int] = ..., charge: _Optional[str] = ..., plate: _Optional[str] = ..., plate_state: _Optional[str] = ..., vin: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class AddOutcomeRequest(_message.Message):
    __slots__ = ("case_id", "actor", "outcome")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    actor: Actor
    outcome: OutcomeInput
    def __init__(self, case_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., outcome: _Optional[_Union[OutcomeInput, _Mapping]] = ...) -> None: ...

class AddOutcomeResponse(_message.Message):
    __slots__ = ("outcome",)
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    outcome: Outcome
    def __init__(self, outcome: _Optional[_Union[Outcome, _Mapping]] = ...) -> None: ...

class ListOutcomesRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ListOutcomesResponse(_message.Message):
    __slots__ = ("outcomes",)
    OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    outcomes: _containers.RepeatedCompositeFieldContainer[Outcome]
    def __init__(self, outcomes: _Optional[_Iterable[_Union[Outcome, _Mapping]]] = ...) -> None: ...

class AttributionCount(_message.Message):
    __slots__ = ("key", "arrests", "vehicles_recovered")
    KEY_FIELD_NUMBER: _ClassVar[int]
    ARRESTS_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_RECOVERED_FIELD_NUMBER: _ClassVar[int]
    key: str
    arrests: int
    vehicles_recovered: int
    def __init__(self, key: _Optional[str] = ..., arrests: _Optional[int] = ..., vehicles_recovered: _Optional[int] = ...) -> None: ...

class AttributionPeriod(_message.Message):
    __slots__ = ("first_day", "last_day", "arrests", "vehicles_recovered", "by_offense", "by_technology")
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    ARRESTS_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_RECOVERED_FIELD_NUMBER: _ClassVar[int]
    BY_OFFENSE_FIELD_NUMBER: _ClassVar[int]
    BY_TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    first_day: str
    last_day: str
    arrests: int
    vehicles_recovered: int
    by_offense: _containers.RepeatedCompositeFieldContainer[AttributionCount]
    by_technology: _containers.RepeatedCompositeFieldContainer[AttributionCount]
    def __init__(self, first_day: _Optional[str] = ..., last_day: _Optional[str] = ..., arrests: _Optional[int] = ..., vehicles_recovered: _Optional[int] = ..., by_offense: _Optional[_Iterable[_Union[AttributionCount, _Mapping]]] = ..., by_technology: _Optional[_Iterable[_Union[AttributionCount, _Mapping]]] = ...) -> None: ...

class GetAttributionReportRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class GetAttributionReportResponse(_message.Message):
    __slots__ = ("year", "year_totals", "since_inception")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    YEAR_TOTALS_FIELD_NUMBER: _ClassVar[int]
    SINCE_INCEPTION_FIELD_NUMBER: _ClassVar[int]
    year: int
    year_totals: AttributionPeriod
    since_inception: AttributionPeriod
    def __init__(self, year: _Optional[int] = ..., year_totals: _Optional[_Union[AttributionPeriod, _Mapping]] = ..., since_inception: _Optional[_Union[AttributionPeriod, _Mapping]] = ...) -> None: ...

class FootageAsk(_message.Message):
    __slots__ = ("id", "request_id", "camera_id", "camera_name", "registration_id", "owner_name", "status", "status_changed_at", "decline_reason", "evidence_id", "sha256", "size_bytes", "clip_duration_s", "clip_video_codec")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    CLIP_DURATION_S_FIELD_NUMBER: _ClassVar[int]
    CLIP_VIDEO_CODEC_FIELD_NUMBER: _ClassVar[int]
    id: str
    request_id: str
    camera_id: str
    camera_name: str
    registration_id: str
    owner_name: str
    status: str
    status_changed_at: _timestamp_pb2.Timestamp
    decline_reason: str
    evidence_id: str
    sha256: str
    size_bytes: int
    clip_duration_s: float
    clip_video_codec: str
    def __init__(self, id: _Optional[str] = ..., request_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., registration_id: _Optional[str] = ..., owner_name: _Optional[str] = ..., status: _Optional[str] = ..., status_changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decline_reason: _Optional[str] = ..., evidence_id: _Optional[str] = ..., sha256: _Optional[str] = ..., size_bytes: _Optional[int] = ..., clip_duration_s: _Optional[float] = ..., clip_video_codec: _Optional[str] = ...) -> None: ...

class FootageRequest(_message.Message):
    __slots__ = ("id", "case_id", "case_number", "lat", "lon", "radius_m", "start", "end", "reason", "requested_by", "created_at", "expires_at", "asks")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ASKS_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    case_number: str
    lat: float
    lon: float
    radius_m: float
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    requested_by: str
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    asks: _containers.RepeatedCompositeFieldContainer[FootageAsk]
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., lat: _Optional[float] = ..., lon: _Optional[float] = ..., radius_m: _Optional[float] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., requested_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., asks: _Optional[_Iterable[_Union[FootageAsk, _Mapping]]] = ...) -> None: ...

class FootageTarget(_message.Message):
    __slots__ = ("camera_id", "camera_name", "registration_id", "owner_name")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    camera_name: str
    registration_id: str
    owner_name: str
    def __init__(self, camera_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., registration_id: _Optional[str] = ..., owner_name: _Optional[str] = ...) -> None: ...

class FootageLink(_message.Message):
    __slots__ = ("ask_id", "token")
    ASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    ask_id: str
    token: str
    def __init__(self, ask_id: _Optional[str] = ..., token: _Optional[str] = ...) -> None: ...

class CreateFootageRequestRequest(_message.Message):
    __slots__ = ("case_id", "actor", "lat", "lon", "radius_m", "start", "end", "reason", "expires_at", "targets")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    actor: Actor
    lat: float
    lon: float
    radius_m: float
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    expires_at: _timestamp_pb2.Timestamp
    targets: _containers.RepeatedCompositeFieldContainer[FootageTarget]
    def __init__(self, case_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., lat: _Optional[float] = ..., lon: _Optional[float] = ..., radius_m: _Optional[float] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., targets: _Optional[_Iterable[_Union[FootageTarget, _Mapping]]] = ...) -> None: ...

class CreateFootageRequestResponse(_message.Message):
    __slots__ = ("request", "links")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    request: FootageRequest
    links: _containers.RepeatedCompositeFieldContainer[FootageLink]
    def __init__(self, request: _Optional[_Union[FootageRequest, _Mapping]] = ..., links: _Optional[_Iterable[_Union[FootageLink, _Mapping]]] = ...) -> None: ...

class ListFootageRequestsRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ListFootageRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[FootageRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[FootageRequest, _Mapping]]] = ...) -> None: ...

class GetFootageRequestRequest(_message.Message):
    __slots__ = ("case_id", "id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    id: str
    def __init__(self, case_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class GetFootageRequestResponse(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: FootageRequest
    def __init__(self, request: _Optional[_Union[FootageRequest, _Mapping]] = ...) -> None: ...

class ReissueFootageLinkRequest(_message.Message):
    __slots__ = ("case_id", "request_id", "ask_id", "actor")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ASK_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    request_id: str
    ask_id: str
    actor: Actor
    def __init__(self, case_id: _Optional[str] = ..., request_id: _Optional[str] = ..., ask_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ...) -> None: ...

class ReissueFootageLinkResponse(_message.Message):
    __slots__ = ("ask", "link")
    ASK_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    ask: FootageAsk
    link: FootageLink
    def __init__(self, ask: _Optional[_Union[FootageAsk, _Mapping]] = ..., link: _Optional[_Union[FootageLink, _Mapping]] = ...) -> None: ...

class FootageAskView(_message.Message):
    __slots__ = ("ask", "case_number", "start", "end", "reason", "expires_at")
    ASK_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ask: FootageAsk
    case_number: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    reason: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, ask: _Optional[_Union[FootageAsk, _Mapping]] = ..., case_number: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetFootageAskRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class GetFootageAskResponse(_message.Message):
    __slots__ = ("view",)
    VIEW_FIELD_NUMBER: _ClassVar[int]
    view: FootageAskView
    def __init__(self, view: _Optional[_Union[FootageAskView, _Mapping]] = ...) -> None: ...

class DeclineFootageAskRequest(_message.Message):
    __slots__ = ("token", "reason")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    token: str
    reason: str
    def __init__(self, token: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DeclineFootageAskResponse(_message.Message):
    __slots__ = ("view",)
    VIEW_FIELD_NUMBER: _ClassVar[int]
    view: FootageAskView
    def __init__(self, view: _Optional[_Union[FootageAskView, _Mapping]] = ...) -> None: ...

class UploadFootageRequest(_message.Message):
    __slots__ = ("token", "data")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    token: str
    data: bytes
    def __init__(self, token: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class UploadFootageResponse(_message.Message):
    __slots__ = ("view", "evidence")
    VIEW_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    view: FootageAskView
    evidence: Evidence
    def __init__(self, view: _Optional[_Union[FootageAskView, _Mapping]] = ..., evidence: _Optional[_Union[Evidence, _Mapping]] = ...) -> None: ...

class ReadFootageClipRequest(_message.Message):
    __slots__ = ("case_id", "evidence_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_id: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

class ReadFootageClipResponse(_message.Message):
    __slots__ = ("chunk", "content_type", "size_bytes", "sha256", "file_name")
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    content_type: str
    size_bytes: int
    sha256: str
    file_name: str
    def __init__(self, chunk: _Optional[bytes] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., file_name: _Optional[str] = ...) -> None: ...

class CountFootageRequestsRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class CountFootageRequestsResponse(_message.Message):
    __slots__ = ("requests", "owners_asked", "sent", "declined", "uploaded", "expired")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    OWNERS_ASKED_FIELD_NUMBER: _ClassVar[int]
    SENT_FIELD_NUMBER: _ClassVar[int]
    DECLINED_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_FIELD_NUMBER: _ClassVar[int]
    requests: int
    owners_asked: int
    sent: int
    declined: int
    uploaded: int
    expired: int
    def __init__(self, requests: _Optional[int] = ..., owners_asked: _Optional[int] = ..., sent: _Optional[int] = ..., declined: _Optional[int] = ..., uploaded: _Optional[int] = ..., expired: _Optional[int] = ...) -> None: ...
