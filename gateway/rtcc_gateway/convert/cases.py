"""Case bodies to and from the cases service's messages."""

from __future__ import annotations

from datetime import date

from google.protobuf.message import Message

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.convert.times import from_stamp, stamp_field, to_stamp_if
from rtcc_gateway.schemas import cases as s


def _optional(message: Message, name: str) -> float | None:
    return getattr(message, name) if message.HasField(name) else None


def case_input(body: s.CaseCreate) -> pb.CaseInput:
    message = pb.CaseInput(
        number=body.number,
        offense=body.offense,
        lead_investigator=body.lead_investigator,
        incident_at=to_stamp_if(body.incident_at),
        incident_place=body.incident_place,
        summary=body.summary,
    )
    if body.incident_lat is not None:
        message.incident_lat = body.incident_lat
    if body.incident_lon is not None:
        message.incident_lon = body.incident_lon
    return message


def case_update(case_id: str, body: s.CaseUpdate, principal: Principal) -> pb.UpdateCaseRequest:
    request = pb.UpdateCaseRequest(
        id=case_id,
        actor=actor(principal),
        incident_at=to_stamp_if(body.incident_at),
        reason=body.reason,
    )
    for name in ("offense", "status", "lead_investigator", "incident_place", "summary"):
        value = getattr(body, name)
        if value is not None:
            setattr(request, name, value)
    for name in ("incident_lat", "incident_lon"):
        if getattr(body, name) is not None:
            setattr(request, name, getattr(body, name))
    return request


def case_out(case: pb.Case) -> s.CaseOut:
    return s.CaseOut(
        id=case.id,
        number=case.number,
        offense=case.offense,
        status=case.status,  # type: ignore[arg-type]
        lead_investigator=case.lead_investigator,
        incident_at=stamp_field(case, "incident_at"),
        incident_place=case.incident_place,
        incident_lat=_optional(case, "incident_lat"),
        incident_lon=_optional(case, "incident_lon"),
        summary=case.summary,
        created_by=case.created_by,
        created_at=from_stamp(case.created_at),
        updated_at=from_stamp(case.updated_at),
        closed_at=stamp_field(case, "closed_at"),
    )


def evidence_request(case_id: str, body: s.EvidenceCreate, principal: Principal) -> Message:
    return pb.AttachEvidenceRequest(
        case_id=case_id,
        actor=actor(principal),
        kind=body.kind,
        ref_id=body.ref_id,
        camera_id=body.camera_id,
        start=to_stamp_if(body.start),
        end=to_stamp_if(body.end),
        sha256=body.sha256,
        description=body.description,
        reason=body.reason,
    )


def evidence_out(item: pb.Evidence) -> s.EvidenceOut:
    return s.EvidenceOut(
        id=item.id,
        case_id=item.case_id,
        kind=item.kind,  # type: ignore[arg-type]
        ref_id=item.ref_id,
        camera_id=item.camera_id,
        start=stamp_field(item, "start"),
        end=stamp_field(item, "end"),
        sha256=item.sha256,
        description=item.description,
        attached_by=item.attached_by,
        attached_at=from_stamp(item.attached_at),
        hold_id=item.hold_id or None,
    )


def hold_out(hold: pb.Hold) -> s.HoldOut:
    return s.HoldOut(
        id=hold.id,
        case_id=hold.case_id,
        evidence_id=hold.evidence_id,
        recorder_hold_id=hold.recorder_hold_id,
        camera_id=hold.camera_id,
        start=from_stamp(hold.start),
        end=from_stamp(hold.end),
        status=hold.status,  # type: ignore[arg-type]
        placed_by=hold.placed_by,
        placed_at=from_stamp(hold.placed_at),
        release_requested_by=hold.release_requested_by or None,
        release_requested_at=stamp_field(hold, "release_requested_at"),
        release_reason=hold.release_reason or None,
        released_by=hold.released_by or None,
        released_at=stamp_field(hold, "released_at"),
    )


def custody_out(entry: pb.CustodyEntry) -> s.CustodyOut:
    return s.CustodyOut(
        id=entry.id,
        case_id=entry.case_id,
        evidence_id=entry.evidence_id,
        action=entry.action,
        actor_subject=entry.actor_subject,
        actor_role=entry.actor_role,
        actor_agency=entry.actor_agency or None,
        reason=entry.reason,
        detail=entry.detail,
        at=from_stamp(entry.at),
    )


def outcome_input(body: s.OutcomeCreate) -> pb.OutcomeInput:
    return pb.OutcomeInput(
        kind=body.kind,
        occurred_on=body.occurred_on.isoformat(),
        center_assisted=body.center_assisted,
        assisted_by=list(body.assisted_by),
        arrest_count=body.arrest_count or 0,
        charge=body.charge,
        plate=body.plate,
        plate_state=body.plate_state,
        vin=body.vin,
        notes=body.notes,
    )


def outcome_out(outcome: pb.Outcome) -> s.OutcomeOut:
    return s.OutcomeOut(
        id=outcome.id,
        case_id=outcome.case_id,
        kind=outcome.kind,  # type: ignore[arg-type]
        occurred_on=date.fromisoformat(outcome.occurred_on),
        center_assisted=outcome.center_assisted,
        assisted_by=list(outcome.assisted_by),  # type: ignore[arg-type]
        arrest_count=outcome.arrest_count or None,
        charge=outcome.charge,
        plate=outcome.plate,
        plate_state=outcome.plate_state,
        vin=outcome.vin,
        notes=outcome.notes,
        recorded_by=outcome.recorded_by,
        recorded_at=from_stamp(outcome.recorded_at),
    )


def actor(principal: Principal) -> pb.Actor:
    """The caller as the cases service records it, in custody entries and holds."""
    return pb.Actor(subject=principal.subject, role=principal.role, agency=principal.agency or "")
