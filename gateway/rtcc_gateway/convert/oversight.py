"""Oversight messages (API keys, users, technologies, audit records) to the gateway's JSON."""

from __future__ import annotations

import json
from typing import Any

from google.protobuf.json_format import MessageToDict

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_gateway.convert.times import wire_epoch


def key_out(key: pb.ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "role": key.role,
        "agency": key.agency or None,
        "scopes": list(key.scopes),
        "created_by": key.created_by,
        "created_at": wire_epoch(key.created_at),
        "expires_at": wire_epoch(key.expires_at),
        "revoked_at": wire_epoch(key.revoked_at),
        "last_used_at": wire_epoch(key.last_used_at),
    }


def user_out(user: pb.User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "agency": user.agency or None,
        "disabled": user.disabled,
        "locked_until": wire_epoch(user.locked_until),
        "created_at": wire_epoch(user.created_at),
        "last_login_at": wire_epoch(user.last_login_at),
    }


def technology_out(tech: pb.Technology) -> dict[str, Any]:
    return {
        "key": tech.key,
        "name": tech.name,
        "description": tech.description,
        "status": tech.status,
        "ordinance_ref": tech.ordinance_ref or None,
        "hearing_ref": tech.hearing_ref or None,
        "use_policy": tech.use_policy or None,
        "decided_by": tech.decided_by or None,
        "decided_at": wire_epoch(tech.decided_at),
        "note": tech.note or None,
    }


def record_out(record: pb.AuditRecord) -> dict[str, Any]:
    out = MessageToDict(
        record, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    out["query"] = json.loads(out.pop("query_json", "") or "{}")
    out.pop("ts", None)
    out["time"] = wire_epoch(record.ts)
    out["seq"] = record.seq
    return out


def rollup_out(rollup: pb.AuditRollup) -> dict[str, Any]:
    return {
        "action": rollup.action,
        "count": rollup.count,
        "refused": rollup.refused,
        "first": wire_epoch(rollup.first_ts),
        "last": wire_epoch(rollup.last_ts),
    }
