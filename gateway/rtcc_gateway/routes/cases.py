"""Cases, their evidence and its chain of custody. Every access writes an audit record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.convert import cases as msgs
from rtcc_gateway.convert.cases import actor
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep, CaseId
from rtcc_gateway.routes import case_holds, case_outcomes, footage_requests
from rtcc_gateway.schemas import cases as s

router = APIRouter(tags=["cases"])


@router.post("/v1/cases", status_code=201)
async def create_case(
    body: s.CaseCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.create")],
) -> s.CaseOut:
    """Open a case; its number is unique (409 if taken)."""
    call.case_number = body.number
    reply = await backends.cases.CreateCase(
        pb.CreateCaseRequest(actor=actor(call.caller), case=msgs.case_input(body))
    )
    call.object_ids.append(reply.case.id)
    call.result = "created"
    return msgs.case_out(reply.case)


@router.get("/v1/cases")
async def list_cases(
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.list")],
    status: Annotated[s.CaseStatus | None, Query()] = None,
    offense: Annotated[str | None, Query(max_length=64)] = None,
    number: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> s.CaseList:
    reply = await backends.cases.ListCases(
        pb.ListCasesRequest(
            status=status or "",
            offense=offense or "",
            number=number or "",
            limit=limit,
            offset=offset,
        )
    )
    call.object_ids.extend(c.id for c in reply.cases)
    return s.CaseList(
        cases=[msgs.case_out(c) for c in reply.cases], total=reply.total, limit=limit, offset=offset
    )


@router.get("/v1/cases/{case_id}")
async def get_case(
    case_id: CaseId, backends: BackendsDep, call: Annotated[Call, policy("cases.read")]
) -> s.CaseOut:
    reply = await backends.cases.GetCase(pb.GetCaseRequest(id=case_id))
    call.case_number = reply.case.number
    return msgs.case_out(reply.case)


@router.patch("/v1/cases/{case_id}")
async def update_case(
    case_id: CaseId,
    body: s.CaseUpdate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.update")],
) -> s.CaseUpdated:
    """Edit a case. Closing or disposing of it asks for the release of its holds, which a
    supervisor then confirms (`POST /v1/cases/{id}/holds/release/confirm`)."""
    changed = sorted(body.model_dump(exclude_unset=True, exclude={"reason"}))
    call.query["fields"] = changed
    reply = await backends.cases.UpdateCase(msgs.case_update(case_id, body, call.caller))
    call.case_number = reply.case.number
    call.result = "updated"
    return s.CaseUpdated(
        case=msgs.case_out(reply.case),
        holds_pending_release=[msgs.hold_out(h) for h in reply.holds_pending_release],
    )


@router.post("/v1/cases/{case_id}/evidence", status_code=201)
async def attach_evidence(
    case_id: CaseId,
    body: s.EvidenceCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.evidence.attach")],
) -> s.AttachedEvidence:
    """Attach evidence. An export's sha256 must equal the recorder's record; footage (exports,
    camera references with a time range) is put on legal hold. 503 if the recorder is down."""
    call.object_ids.extend([body.ref_id] if body.ref_id else [])
    reply = await backends.cases.AttachEvidence(msgs.evidence_request(case_id, body, call.caller))
    call.object_ids.append(reply.evidence.id)
    call.result = "attached"
    hold = msgs.hold_out(reply.hold) if reply.HasField("hold") else None
    return s.AttachedEvidence(evidence=msgs.evidence_out(reply.evidence), hold=hold)


@router.get("/v1/cases/{case_id}/evidence")
async def list_evidence(
    case_id: CaseId, backends: BackendsDep, call: Annotated[Call, policy("cases.evidence.list")]
) -> list[s.EvidenceOut]:
    reply = await backends.cases.ListEvidence(pb.ListEvidenceRequest(case_id=case_id))
    return [msgs.evidence_out(e) for e in reply.evidence]


@router.post("/v1/cases/{case_id}/custody", status_code=201)
async def record_custody(
    case_id: CaseId,
    body: s.CustodyCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.custody.add")],
) -> s.CustodyOut:
    """Add to an item's chain of custody: viewed, downloaded, or shared (with whom: detail)."""
    call.object_ids.append(body.evidence_id)
    reply = await backends.cases.RecordCustody(
        pb.RecordCustodyRequest(
            case_id=case_id,
            evidence_id=body.evidence_id,
            actor=actor(call.caller),
            action=body.action,
            reason=body.reason,
            detail=body.detail,
        )
    )
    call.result = "recorded"
    return msgs.custody_out(reply.entry)


@router.get("/v1/cases/{case_id}/custody")
async def list_custody(
    case_id: CaseId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.custody.list")],
    evidence_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[s.CustodyOut]:
    """The chain of custody, oldest first: of one item, or of every item of the case."""
    call.object_ids.extend([evidence_id] if evidence_id else [])
    reply = await backends.cases.ListCustody(
        pb.ListCustodyRequest(case_id=case_id, evidence_id=evidence_id or "")
    )
    return [msgs.custody_out(e) for e in reply.entries]


# Holds and outcomes live in their own modules; the cases router brings them along.
router.include_router(case_holds.router)
router.include_router(case_outcomes.router)
router.include_router(footage_requests.router)
