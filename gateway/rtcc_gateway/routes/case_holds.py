"""Legal holds on case footage: listed for anyone who reads cases; released in two steps, asked
for by one person and confirmed by a supervisor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.deps import AuditEntry, authorize
from rtcc_gateway.routes import case_messages as msgs
from rtcc_gateway.routes.case_access import Audit, CaseId, Reader, Service, Writer, actor, audited
from rtcc_gateway.schemas import cases as s

router = APIRouter(tags=["cases"])

Releaser = Annotated[Principal, Depends(authorize("cases.release_holds"))]


@router.get("/v1/holds")
async def list_all_holds(
    principal: Reader,
    backends: Service,
    auditor: Audit,
    status: Annotated[s.HoldStatus | None, Query()] = None,
) -> list[s.HoldOut]:
    """Every case's holds, e.g. `?status=release_requested` for a supervisor's queue."""
    entry = AuditEntry(action="cases.holds.list", result="ok", query={"status": status})
    async with audited(auditor, entry):
        reply = await backends.cases.ListHolds(pb.ListHoldsRequest(status=status or ""))
    return [msgs.hold_out(h) for h in reply.holds]


@router.get("/v1/cases/{case_id}/holds")
async def list_case_holds(
    case_id: CaseId,
    principal: Reader,
    backends: Service,
    auditor: Audit,
    status: Annotated[s.HoldStatus | None, Query()] = None,
) -> list[s.HoldOut]:
    entry = AuditEntry(action="cases.holds.list", result="ok", object_ids=[case_id])
    async with audited(auditor, entry):
        reply = await backends.cases.ListHolds(
            pb.ListHoldsRequest(case_id=case_id, status=status or "")
        )
    return [msgs.hold_out(h) for h in reply.holds]


@router.post("/v1/cases/{case_id}/holds/release")
async def request_hold_release(
    case_id: CaseId, body: s.HoldRelease, principal: Writer, backends: Service, auditor: Audit
) -> list[s.HoldOut]:
    """Ask for active holds (all of them when `hold_ids` is empty) to be released."""
    entry = AuditEntry(
        action="cases.holds.request_release",
        result="requested",
        object_ids=[case_id, *body.hold_ids],
        reason=body.reason,
    )
    async with audited(auditor, entry):
        reply = await backends.cases.RequestHoldRelease(
            pb.RequestHoldReleaseRequest(
                case_id=case_id,
                hold_ids=body.hold_ids,
                actor=actor(principal),
                reason=body.reason,
            )
        )
    return [msgs.hold_out(h) for h in reply.holds]


@router.post("/v1/cases/{case_id}/holds/release/confirm")
async def confirm_hold_release(
    case_id: CaseId, body: s.HoldRelease, principal: Releaser, backends: Service, auditor: Audit
) -> list[s.HoldOut]:
    """A supervisor, not the one who asked, confirms: the recorder may then delete the footage
    when its retention runs out. 503 if the recorder is down; confirm again later."""
    entry = AuditEntry(
        action="cases.holds.confirm_release",
        result="released",
        object_ids=[case_id, *body.hold_ids],
        reason=body.reason,
    )
    async with audited(auditor, entry):
        reply = await backends.cases.ConfirmHoldRelease(
            pb.ConfirmHoldReleaseRequest(
                case_id=case_id,
                hold_ids=body.hold_ids,
                actor=actor(principal),
                reason=body.reason,
            )
        )
        entry.object_ids.extend(h.id for h in reply.holds if h.id not in body.hold_ids)
    return [msgs.hold_out(h) for h in reply.holds]
