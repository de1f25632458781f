"""Tables <-> protocol messages."""

from __future__ import annotations

import json

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_oversight import models
from rtcc_oversight.api_keys import scopes_of
from rtcc_oversight.audit import canonical_json


def user_to_proto(user: models.User, locked_until: float = 0.0) -> pb.User:
    return pb.User(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        agency=user.agency,
        disabled=user.disabled,
        locked_until=locked_until,
        created_at=user.created_ts,
        last_login_at=user.last_login_ts,
    )


def key_to_proto(key: models.ApiKey) -> pb.ApiKey:
    return pb.ApiKey(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        role=key.role,
        agency=key.agency,
        scopes=scopes_of(key),
        created_by=key.created_by,
        created_at=key.created_ts,
        expires_at=key.expires_ts,
        revoked_at=key.revoked_ts,
        last_used_at=key.last_used_ts,
    )


def _bounded(value: str, limit: int) -> str:
    return value[:limit]


def audit_from_proto(record: pb.AuditRecord) -> models.AuditRow:
    """The caller's fields only: sequence, time and hashes are the writer's."""
    try:
        query = json.loads(record.query_json) if record.query_json else {}
    except json.JSONDecodeError:
        query = {"raw": record.query_json}
    return models.AuditRow(
        seq=0,
        ts_us=0,
        subject=_bounded(record.subject, 128),
        agency=_bounded(record.agency, 64),
        role=_bounded(record.role, 32),
        action=_bounded(record.action, 64),
        technology=_bounded(record.technology, 32),
        object_ids_json=canonical_json([_bounded(i, 256) for i in record.object_ids[:1000]]),
        query_json=canonical_json(query),
        reason=_bounded(record.reason, 2000),
        case_number=_bounded(record.case_number, 64),
        result=_bounded(record.result, 32),
        source=_bounded(record.source, 64),
        request_id=_bounded(record.request_id, 64),
        prev_hash="",
        hash="",
    )


def audit_to_proto(row: models.AuditRow) -> pb.AuditRecord:
    return pb.AuditRecord(
        seq=row.seq,
        ts=row.ts_us / 1_000_000,
        subject=row.subject,
        agency=row.agency,
        role=row.role,
        action=row.action,
        technology=row.technology,
        object_ids=json.loads(row.object_ids_json),
        query_json=row.query_json,
        reason=row.reason,
        case_number=row.case_number,
        result=row.result,
        source=row.source,
        request_id=row.request_id,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def technology_to_proto(tech: models.Technology) -> pb.Technology:
    return pb.Technology(
        key=tech.key,
        name=tech.name,
        description=tech.description,
        status=tech.status,
        ordinance_ref=tech.ordinance_ref,
        hearing_ref=tech.hearing_ref,
        use_policy=tech.use_policy,
        decided_by=tech.decided_by,
        decided_at=tech.decided_ts,
        note=tech.note,
    )
