"""Legal holds on case footage: listed for anyone who reads cases; released in two steps, asked
for by one person and confirmed by a supervisor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.convert import cases as msgs
from rtcc_gateway.convert.cases import actor
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep, CaseId
from rtcc_gateway.schemas import cases as s

router = APIRouter(tags=["cases"])

Lister = Annotated[Call, policy("cases.holds.list")]


@router.get("/v1/holds")
async def list_all_holds(
    backends: BackendsDep,
    call: Lister,
    status: Annotated[s.HoldStatus | None, Query()] = None,
) -> list[s.HoldOut]:
    """Every case's holds, e.g. `?status=release_requested` for a supervisor's queue."""
    reply = await backends.cases.ListHolds(pb.ListHoldsRequest(status=status or ""))
    return [msgs.hold_out(h) for h in reply.holds]


@router.get("/v1/cases/{case_id}/holds")
async def list_case_holds(
    case_id: CaseId,
    backends: BackendsDep,
    call: Lister,
    status: Annotated[s.HoldStatus | None, Query()] = None,
) -> list[s.HoldOut]:
    reply = await backends.cases.ListHolds(
        pb.ListHoldsRequest(case_id=case_id, status=status or "")
    )
    return [msgs.hold_out(h) for h in reply.holds]


@router.post("/v1/cases/{case_id}/holds/release")
async def request_hold_release(
    case_id: CaseId,
    body: s.HoldRelease,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.holds.request_release")],
) -> list[s.HoldOut]:
    """Ask for active holds (all of them when `hold_ids` is empty) to be released."""
    call.object_ids.extend(body.hold_ids)
    reply = await backends.cases.RequestHoldRelease(
        pb.RequestHoldReleaseRequest(
            case_id=case_id,
            hold_ids=body.hold_ids,
            actor=actor(call.caller),
            reason=body.reason,
        )
    )
    call.result = "requested"
    return [msgs.hold_out(h) for h in reply.holds]


@router.post("/v1/cases/{case_id}/holds/release/confirm")
async def confirm_hold_release(
    case_id: CaseId,
    body: s.HoldRelease,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.holds.confirm_release")],
) -> list[s.HoldOut]:
    """A supervisor, not the one who asked, confirms: the recorder may then delete the footage
    when its retention runs out. 503 if the recorder is down; confirm again later."""
    call.object_ids.extend(body.hold_ids)
    reply = await backends.cases.ConfirmHoldRelease(
        pb.ConfirmHoldReleaseRequest(
            case_id=case_id,
            hold_ids=body.hold_ids,
            actor=actor(call.caller),
            reason=body.reason,
        )
    )
    call.object_ids.extend(h.id for h in reply.holds if h.id not in body.hold_ids)
    call.result = "released"
    return [msgs.hold_out(h) for h in reply.holds]
