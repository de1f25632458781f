from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuthOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTH_OUTCOME_UNSPECIFIED: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_OK: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_BAD_CREDENTIALS: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_LOCKED: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_DISABLED: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_UNKNOWN_USER: _ClassVar[AuthOutcome]
    AUTH_OUTCOME_THROTTLED: _ClassVar[AuthOutcome]
AUTH_OUTCOME_UNSPECIFIED: AuthOutcome
AUTH_OUTCOME_OK: AuthOutcome
AUTH_OUTCOME_BAD_CREDENTIALS: AuthOutcome
AUTH_OUTCOME_LOCKED: AuthOutcome
AUTH_OUTCOME_DISABLED: AuthOutcome
AUTH_OUTCOME_UNKNOWN_USER: AuthOutcome
AUTH_OUTCOME_THROTTLED: AuthOutcome

class User(_message.Message):
    __slots__ = ("id", "username", "display_name", "role", "agency", "disabled", "locked_until", "created_at", "last_login_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_LOGIN_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    username: str
    display_name: str
    role: str
    agency: str
    disabled: bool
    locked_until: float
    created_at: float
    last_login_at: float
    def __init__(self, id: _Optional[str] = ..., username: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., disabled: _Optional[bool] = ..., locked_until: _Optional[float] = ..., created_at: _Optional[float] = ..., last_login_at: _Optional[float] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("username", "password", "role", "agency", "display_name")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    role: str
    agency: str
    display_name: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user", "totp_secret", "totp_uri")
    USER_FIELD_NUMBER: _ClassVar[int]
    TOTP_SECRET_FIELD_NUMBER: _ClassVar[int]
    TOTP_URI_FIELD_NUMBER: _ClassVar[int]
    user: User
    totp_secret: str
    totp_uri: str
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., totp_secret: _Optional[str] = ..., totp_uri: _Optional[str] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ...) -> None: ...

class UnlockUserRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class UnlockUserResponse(_message.Message):
    __slots__ = ("user", "locks_lifted")
    USER_FIELD_NUMBER: _ClassVar[int]
    LOCKS_LIFTED_FIELD_NUMBER: _ClassVar[int]
    user: User
    locks_lifted: int
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., locks_lifted: _Optional[int] = ...) -> None: ...

class ResetAuthenticatorRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class ResetAuthenticatorResponse(_message.Message):
    __slots__ = ("user", "totp_secret", "totp_uri")
    USER_FIELD_NUMBER: _ClassVar[int]
    TOTP_SECRET_FIELD_NUMBER: _ClassVar[int]
    TOTP_URI_FIELD_NUMBER: _ClassVar[int]
    user: User
    totp_secret: str
    totp_uri: str
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., totp_secret: _Optional[str] = ..., totp_uri: _Optional[str] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ("id", "role", "agency", "disabled", "password", "unlock")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    UNLOCK_FIELD_NUMBER: _ClassVar[int]
    id: str
    role: str
    agency: str
    disabled: bool
    password: str
    unlock: bool
    def __init__(self, id: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., disabled: _Optional[bool] = ..., password: _Optional[str] = ..., unlock: _Optional[bool] = ...) -> None: ...

class AuthenticateRequest(_message.Message):
    __slots__ = ("username", "password", "totp", "source")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOTP_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    totp: str
    source: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., totp: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class AuthenticateResponse(_message.Message):
    __slots__ = ("outcome", "user", "session_id", "locked_until", "retry_after")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    outcome: AuthOutcome
    user: User
    session_id: str
    locked_until: float
    retry_after: float
    def __init__(self, outcome: _Optional[_Union[AuthOutcome, str]] = ..., user: _Optional[_Union[User, _Mapping]] = ..., session_id: _Optional[str] = ..., locked_until: _Optional[float] = ..., retry_after: _Optional[float] = ...) -> None: ...

class TouchSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class TouchSessionResponse(_message.Message):
    __slots__ = ("active",)
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    active: bool
    def __init__(self, active: _Optional[bool] = ...) -> None: ...

class EndSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class EndSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKey(_message.Message):
    __slots__ = ("id", "name", "prefix", "role", "agency", "scopes", "created_by", "created_at", "expires_at", "revoked_at", "last_used_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    prefix: str
    role: str
    agency: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    created_by: str
    created_at: float
    expires_at: float
    revoked_at: float
    last_used_at: float
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., prefix: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[float] = ..., expires_at: _Optional[float] = ..., revoked_at: _Optional[float] = ..., last_used_at: _Optional[float] = ...) -> None: ...

class CreateApiKeyRequest(_message.Message):
    __slots__ = ("name", "role", "agency", "scopes", "created_by", "expires_at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    role: str
    agency: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    created_by: str
    expires_at: float
    def __init__(self, name: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., created_by: _Optional[str] = ..., expires_at: _Optional[float] = ...) -> None: ...

class CreateApiKeyResponse(_message.Message):
    __slots__ = ("key", "secret")
    KEY_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    key: ApiKey
    secret: str
    def __init__(self, key: _Optional[_Union[ApiKey, _Mapping]] = ..., secret: _Optional[str] = ...) -> None: ...

class ListApiKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListApiKeysResponse(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[ApiKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[ApiKey, _Mapping]]] = ...) -> None: ...

class RevokeApiKeyRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class VerifyApiKeyRequest(_message.Message):
    __slots__ = ("secret",)
    SECRET_FIELD_NUMBER: _ClassVar[int]
    secret: str
    def __init__(self, secret: _Optional[str] = ...) -> None: ...

class VerifyApiKeyResponse(_message.Message):
    __slots__ = ("valid", "key")
    VALID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    key: ApiKey
    def __init__(self, valid: _Optional[bool] = ..., key: _Optional[_Union[ApiKey, _Mapping]] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("seq", "ts", "subject", "agency", "role", "action", "object_ids", "query_json", "reason", "case_number", "result", "source", "request_id", "prev_hash", "hash", "technology")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TS_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OBJECT_IDS_FIELD_NUMBER: _ClassVar[int]
    QUERY_JSON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    TECHNOLOGY_FIELD_NUMBER: _ClassVar[int]
    seq: int
    ts: float
    subject: str
    agency: str
    role: str
    action: str
    object_ids: _containers.RepeatedScalarFieldContainer[str]
    query_json: str
    reason: str
    case_number: str
    result: str
    source: str
    request_id: str
    prev_hash: str
    hash: str
    technology: str
    def __init__(self, seq: _Optional[int] = ..., ts: _Optional[float] = ..., subject: _Optional[str] = ..., agency: _Optional[str] = ..., role: _Optional[str] = ..., action: _Optional[str] = ..., object_ids: _Optional[_Iterable[str]] = ..., query_json: _Optional[str] = ..., reason: _Optional[str] = ..., case_number: _Optional[str] = ..., result: _Optional[str] = ..., source: _Optional[str] = ..., request_id: _Optional[str] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ..., technology: _Optional[str] = ...) -> None: ...

class AppendAuditRequest(_message.Message):
    __slots__ = ("record",)
    RECORD_FIELD_NUMBER: _ClassVar[int]
    record: AuditRecord
    def __init__(self, record: _Optional[_Union[AuditRecord, _Mapping]] = ...) -> None: ...

class AppendAuditResponse(_message.Message):
    __slots__ = ("seq", "hash")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    seq: int
    hash: str
    def __init__(self, seq: _Optional[int] = ..., hash: _Optional[str] = ...) -> None: ...

class QueryAuditRequest(_message.Message):
    __slots__ = ("subject", "agency", "role", "action_prefix", "result", "case_number", "object_id", "since", "until", "after_seq", "limit", "rollup_action_prefixes")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    ROLLUP_ACTION_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    subject: str
    agency: str
    role: str
    action_prefix: str
    result: str
    case_number: str
    object_id: str
    since: float
    until: float
    after_seq: int
    limit: int
    rollup_action_prefixes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, subject: _Optional[str] = ..., agency: _Optional[str] = ..., role: _Optional[str] = ..., action_prefix: _Optional[str] = ..., result: _Optional[str] = ..., case_number: _Optional[str] = ..., object_id: _Optional[str] = ..., since: _Optional[float] = ..., until: _Optional[float] = ..., after_seq: _Optional[int] = ..., limit: _Optional[int] = ..., rollup_action_prefixes: _Optional[_Iterable[str]] = ...) -> None: ...

class AuditRollup(_message.Message):
    __slots__ = ("action", "count", "refused", "first_ts", "last_ts")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    FIRST_TS_FIELD_NUMBER: _ClassVar[int]
    LAST_TS_FIELD_NUMBER: _ClassVar[int]
    action: str
    count: int
    refused: int
    first_ts: float
    last_ts: float
    def __init__(self, action: _Optional[str] = ..., count: _Optional[int] = ..., refused: _Optional[int] = ..., first_ts: _Optional[float] = ..., last_ts: _Optional[float] = ...) -> None: ...

class QueryAuditResponse(_message.Message):
    __slots__ = ("records", "next_after_seq", "rollups")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    ROLLUPS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    next_after_seq: int
    rollups: _containers.RepeatedCompositeFieldContainer[AuditRollup]
    def __init__(self, records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., next_after_seq: _Optional[int] = ..., rollups: _Optional[_Iterable[_Union[AuditRollup, _Mapping]]] = ...) -> None: ...

class VerifyAuditRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyAuditResponse(_message.Message):
    __slots__ = ("intact", "records_checked", "first_bad_seq", "problem", "head_hash", "checkpoints_checked", "anchored_seq")
    INTACT_FIELD_NUMBER: _ClassVar[int]
    RECORDS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    FIRST_BAD_SEQ_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    ANCHORED_SEQ_FIELD_NUMBER: _ClassVar[int]
    intact: bool
    records_checked: int
    first_bad_seq: int
    problem: str
    head_hash: str
    checkpoints_checked: int
    anchored_seq: int
    def __init__(self, intact: _Optional[bool] = ..., records_checked: _Optional[int] = ..., first_bad_seq: _Optional[int] = ..., problem: _Optional[str] = ..., head_hash: _Optional[str] = ..., checkpoints_checked: _Optional[int] = ..., anchored_seq: _Optional[int] = ...) -> None: ...

class Technology(_message.Message):
    __slots__ = ("key", "name", "description", "status", "ordinance_ref", "hearing_ref", "use_policy", "decided_by", "decided_at", "note")
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ORDINANCE_REF_FIELD_NUMBER: _ClassVar[int]
    HEARING_REF_FIELD_NUMBER: _ClassVar[int]
    USE_POLICY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    key: str
    name: str
    description: str
    status: str
    ordinance_ref: str
    hearing_ref: str
    use_policy: str
    decided_by: str
    decided_at: float
    note: str
    def __init__(self, key: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., status: _Optional[str] = ..., ordinance_ref: _Optional[str] = ..., hearing_ref: _Optional[str] = ..., use_policy: _Optional[str] = ..., decided_by: _Optional[str] = ..., decided_at: _Optional[float] = ..., note: _Optional[str] = ...) -> None: ...

class ListTechnologiesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTechnologiesResponse(_message.Message):
    __slots__ = ("technologies",)
    TECHNOLOGIES_FIELD_NUMBER: _ClassVar[int]
    technologies: _containers.RepeatedCompositeFieldContainer[Technology]
    def __init__(self, technologies: _Optional[_Iterable[_Union[Technology, _Mapping]]] = ...) -> None: ...

class DecideTechnologyRequest(_message.Message):
    __slots__ = ("key", "status", "ordinance_ref", "hearing_ref", "use_policy", "note", "decided_by")
    KEY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ORDINANCE_REF_FIELD_NUMBER: _ClassVar[int]
    HEARING_REF_FIELD_NUMBER: _ClassVar[int]
    USE_POLICY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    key: str
    status: str
    ordinance_ref: str
    hearing_ref: str
    use_policy: str
    note: str
    decided_by: str
    def __init__(self, key: _Optional[str] = ..., status: _Optional[str] = ..., ordinance_ref: _Optional[str] = ..., hearing_ref: _Optional[str] = ..., use_policy: _Optional[str] = ..., note: _Optional[str] = ..., decided_by: _Optional[str] = ...) -> None: ...

class GetSurveillanceReportRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class GetSurveillanceReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: _struct_pb2.Struct
    def __init__(self, report: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...
