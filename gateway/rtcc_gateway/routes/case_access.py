"""What every case route needs: the caller allowed to read or write cases, the service, and an
audit record of the access whatever its result."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import grpc
from fastapi import Depends, Path

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import AuditEntry, Auditor, authorize, get_auditor, get_backends

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
Reader = Annotated[Principal, Depends(authorize("cases.read"))]
Writer = Annotated[Principal, Depends(authorize("cases.write"))]
Service = Annotated[Backends, Depends(get_backends)]
Audit = Annotated[Auditor, Depends(get_auditor)]


@asynccontextmanager
async def audited(auditor: Auditor, entry: AuditEntry) -> AsyncIterator[AuditEntry]:
    """One audit record for the access, whether the service granted it or refused it."""
    try:
        yield entry
    except grpc.aio.AioRpcError as exc:
        entry.result = f"failed: {exc.code().name.lower()}"
        await auditor.record(entry)
        raise
    await auditor.record(entry)


def actor(principal: Principal) -> pb.Actor:
    """The caller as the cases service records it, in custody entries and holds."""
    return pb.Actor(subject=principal.subject, role=principal.role, agency=principal.agency or "")
