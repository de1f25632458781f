"""Outcomes of a case: arrests and recovered vehicles, and how the center helped."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.convert import cases as msgs
from rtcc_gateway.convert.cases import actor
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep, CaseId
from rtcc_gateway.schemas import cases as s

router = APIRouter(tags=["cases"])


@router.post("/v1/cases/{case_id}/outcomes", status_code=201)
async def add_outcome(
    case_id: CaseId,
    body: s.OutcomeCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.outcomes.add")],
) -> s.OutcomeOut:
    """Record an arrest (count, charge) or a vehicle recovery (plate or VIN). `assisted_by`
    says how the center helped; it is what the attribution report counts. Closed cases: 400."""
    call.query.update(kind=body.kind, center_assisted=body.center_assisted)
    reply = await backends.cases.AddOutcome(
        pb.AddOutcomeRequest(
            case_id=case_id, actor=actor(call.caller), outcome=msgs.outcome_input(body)
        )
    )
    call.object_ids.append(reply.outcome.id)
    call.result = "recorded"
    return msgs.outcome_out(reply.outcome)


@router.get("/v1/cases/{case_id}/outcomes")
async def list_outcomes(
    case_id: CaseId, backends: BackendsDep, call: Annotated[Call, policy("cases.outcomes.list")]
) -> list[s.OutcomeOut]:
    reply = await backends.cases.ListOutcomes(pb.ListOutcomesRequest(case_id=case_id))
    return [msgs.outcome_out(o) for o in reply.outcomes]
