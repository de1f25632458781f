"""Where audit records go: the oversight service's hash-chained trail.

A record that cannot be stored fails the request (503): an access that leaves no trace must not
be served.
"""

from __future__ import annotations

import json

import grpc
from fastapi import HTTPException, Request

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_common.logging import get_logger
from rtcc_gateway.auth.policy import PARTNER_TECHNOLOGY
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends, request_id_var
from rtcc_gateway.deps import AuditEntry

log = get_logger(__name__)


def audit_record(
    request: Request, principal: Principal | None, entry: AuditEntry
) -> pb.AuditRecord:
    role = principal.role if principal else ""
    technology = PARTNER_TECHNOLOGY if role == "partner" else entry.technology
    return pb.AuditRecord(
        subject=principal.subject if principal else "",
        agency=(principal.agency or "") if principal else "",
        role=role,
        action=entry.action,
        technology=technology or "",
        object_ids=[str(i) for i in entry.object_ids],
        query_json=json.dumps(entry.query, default=str, sort_keys=True),
        reason=entry.reason or "",
        case_number=entry.case_number or "",
        result=entry.result,
        source=request.client.host if request.client else "",
        request_id=request_id_var.get(),
    )


async def oversight_audit_sink(
    request: Request, principal: Principal | None, entry: AuditEntry
) -> None:
    backends: Backends = request.app.state.backends
    record = audit_record(request, principal, entry)
    try:
        await backends.oversight.AppendAudit(pb.AppendAuditRequest(record=record))
    except grpc.aio.AioRpcError as exc:
        log.error("audit_record_not_stored", action=entry.action, code=exc.code().name)
        raise HTTPException(503, "the audit record could not be stored; request refused") from exc
