"""Cases, their evidence and its chain of custody. Every access writes an audit record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.deps import AuditEntry
from rtcc_gateway.routes import case_holds, case_outcomes
from rtcc_gateway.routes import case_messages as msgs
from rtcc_gateway.routes.case_access import Audit, CaseId, Reader, Service, Writer, actor, audited
from rtcc_gateway.schemas import cases as s

router = APIRouter(tags=["cases"])


@router.post("/v1/cases", status_code=201)
async def create_case(
    body: s.CaseCreate, principal: Writer, backends: Service, auditor: Audit
) -> s.CaseOut:
    """Open a case; its number is unique (409 if taken)."""
    entry = AuditEntry(action="cases.create", result="created", case_number=body.number)
    async with audited(auditor, entry):
        reply = await backends.cases.CreateCase(
            pb.CreateCaseRequest(actor=actor(principal), case=msgs.case_input(body))
        )
        entry.object_ids.append(reply.case.id)
    return msgs.case_out(reply.case)


@router.get("/v1/cases")
async def list_cases(
    principal: Reader,
    backends: Service,
    auditor: Audit,
    status: Annotated[s.CaseStatus | None, Query()] = None,
    offense: Annotated[str | None, Query(max_length=64)] = None,
    number: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> s.CaseList:
    query = {"status": status, "offense": offense, "number": number}
    entry = AuditEntry(
        action="cases.list", result="ok", query={k: v for k, v in query.items() if v}
    )
    async with audited(auditor, entry):
        reply = await backends.cases.ListCases(
            pb.ListCasesRequest(
                status=status or "",
                offense=offense or "",
                number=number or "",
                limit=limit,
                offset=offset,
            )
        )
        entry.object_ids.extend(c.id for c in reply.cases)
    return s.CaseList(
        cases=[msgs.case_out(c) for c in reply.cases], total=reply.total, limit=limit, offset=offset
    )


@router.get("/v1/cases/{case_id}")
async def get_case(
    case_id: CaseId, principal: Reader, backends: Service, auditor: Audit
) -> s.CaseOut:
    entry = AuditEntry(action="cases.read", result="ok", object_ids=[case_id])
    async with audited(auditor, entry):
        reply = await backends.cases.GetCase(pb.GetCaseRequest(id=case_id))
        entry.case_number = reply.case.number
    return msgs.case_out(reply.case)


@router.patch("/v1/cases/{case_id}")
async def update_case(
    case_id: CaseId, body: s.CaseUpdate, principal: Writer, backends: Service, auditor: Audit
) -> s.CaseUpdated:
    """Edit a case. Closing or disposing of it asks for the release of its holds, which a
    supervisor then confirms (`POST /v1/cases/{id}/holds/release/confirm`)."""
    changed = sorted(body.model_dump(exclude_unset=True, exclude={"reason"}))
    entry = AuditEntry(
        action="cases.update",
        result="updated",
        object_ids=[case_id],
        query={"fields": changed, "status": body.status},
        reason=body.reason or None,
    )
    async with audited(auditor, entry):
        reply = await backends.cases.UpdateCase(msgs.case_update(case_id, body, principal))
        entry.case_number = reply.case.number
    return s.CaseUpdated(
        case=msgs.case_out(reply.case),
        holds_pending_release=[msgs.hold_out(h) for h in reply.holds_pending_release],
    )


@router.post("/v1/cases/{case_id}/evidence", status_code=201)
async def attach_evidence(
    case_id: CaseId, body: s.EvidenceCreate, principal: Writer, backends: Service, auditor: Audit
) -> s.AttachedEvidence:
    """Attach evidence. An export's sha256 must equal the recorder's record; footage (exports,
    camera references with a time range) is put on legal hold. 503 if the recorder is down."""
    entry = AuditEntry(
        action="cases.evidence.attach",
        result="attached",
        object_ids=[case_id, *([body.ref_id] if body.ref_id else [])],
        query={"kind": body.kind, "camera_id": body.camera_id}
        if body.camera_id
        else {"kind": body.kind},
        reason=body.reason,
    )
    async with audited(auditor, entry):
        reply = await backends.cases.AttachEvidence(msgs.evidence_request(case_id, body, principal))
        entry.object_ids.append(reply.evidence.id)
    hold = msgs.hold_out(reply.hold) if reply.HasField("hold") else None
    return s.AttachedEvidence(evidence=msgs.evidence_out(reply.evidence), hold=hold)


@router.get("/v1/cases/{case_id}/evidence")
async def list_evidence(
    case_id: CaseId, principal: Reader, backends: Service, auditor: Audit
) -> list[s.EvidenceOut]:
    entry = AuditEntry(action="cases.evidence.list", result="ok", object_ids=[case_id])
    async with audited(auditor, entry):
        reply = await backends.cases.ListEvidence(pb.ListEvidenceRequest(case_id=case_id))
    return [msgs.evidence_out(e) for e in reply.evidence]


@router.post("/v1/cases/{case_id}/custody", status_code=201)
async def record_custody(
    case_id: CaseId, body: s.CustodyCreate, principal: Writer, backends: Service, auditor: Audit
) -> s.CustodyOut:
    """Add to an item's chain of custody: viewed, downloaded, or shared (with whom: detail)."""
    entry = AuditEntry(
        action=f"cases.custody.{body.action}",
        result="recorded",
        object_ids=[case_id, body.evidence_id],
        reason=body.reason,
    )
    async with audited(auditor, entry):
        reply = await backends.cases.RecordCustody(
            pb.RecordCustodyRequest(
                case_id=case_id,
                evidence_id=body.evidence_id,
                actor=actor(principal),
                action=body.action,
                reason=body.reason,
                detail=body.detail,
            )
        )
    return msgs.custody_out(reply.entry)


@router.get("/v1/cases/{case_id}/custody")
async def list_custody(
    case_id: CaseId,
    principal: Reader,
    backends: Service,
    auditor: Audit,
    evidence_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[s.CustodyOut]:
    """The chain of custody, oldest first: of one item, or of every item of the case."""
    entry = AuditEntry(
        action="cases.custody.list",
        result="ok",
        object_ids=[case_id, *([evidence_id] if evidence_id else [])],
    )
    async with audited(auditor, entry):
        reply = await backends.cases.ListCustody(
            pb.ListCustodyRequest(case_id=case_id, evidence_id=evidence_id or "")
        )
    return [msgs.custody_out(e) for e in reply.entries]


# Holds and outcomes live in their own modules; the cases router brings them along.
router.include_router(case_holds.router)
router.include_router(case_outcomes.router)
