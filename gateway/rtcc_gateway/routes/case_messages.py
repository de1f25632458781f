"""Case bodies to and from the cases service's messages."""

from __future__ import annotations

from datetime import UTC, date, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.routes.case_access import actor
from rtcc_gateway.schemas import cases as s


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    stamp = Timestamp()
    stamp.FromDatetime(value.astimezone(UTC))
    return stamp


def _time(message: Message, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    stamp: Timestamp = getattr(message, name)
    return stamp.ToDatetime(tzinfo=UTC)


def _optional(message: Message, name: str) -> float | None:
    return getattr(message, name) if message.HasField(name) else None


def case_input(body: s.CaseCreate) -> pb.CaseInput:
    message = pb.CaseInput(
        number=body.number,
        offense=body.offense,
        lead_investigator=body.lead_investigator,
        incident_at=timestamp(body.incident_at),
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
        incident_at=timestamp(body.incident_at),
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
        incident_at=_time(case, "incident_at"),
        incident_place=case.incident_place,
        incident_lat=_optional(case, "incident_lat"),
        incident_lon=_optional(case, "incident_lon"),
        summary=case.summary,
        created_by=case.created_by,
        created_at=case.created_at.ToDatetime(tzinfo=UTC),
        updated_at=case.updated_at.ToDatetime(tzinfo=UTC),
        closed_at=_time(case, "closed_at"),
    )


def evidence_request(case_id: str, body: s.EvidenceCreate, principal: Principal) -> Message:
    return pb.AttachEvidenceRequest(
        case_id=case_id,
        actor=actor(principal),
        kind=body.kind,
        ref_id=body.ref_id,
        camera_id=body.camera_id,
        start=timestamp(body.start),
        end=timestamp(body.end),
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
        start=_time(item, "start"),
        end=_time(item, "end"),
        sha256=item.sha256,
        description=item.description,
        attached_by=item.attached_by,
        attached_at=item.attached_at.ToDatetime(tzinfo=UTC),
        hold_id=item.hold_id or None,
    )


def hold_out(hold: pb.Hold) -> s.HoldOut:
    return s.HoldOut(
        id=hold.id,
        case_id=hold.case_id,
        evidence_id=hold.evidence_id,
        recorder_hold_id=hold.recorder_hold_id,
        camera_id=hold.camera_id,
        start=hold.start.ToDatetime(tzinfo=UTC),
        end=hold.end.ToDatetime(tzinfo=UTC),
        status=hold.status,  # type: ignore[arg-type]
        placed_by=hold.placed_by,
        placed_at=hold.placed_at.ToDatetime(tzinfo=UTC),
        release_requested_by=hold.release_requested_by or None,
        release_requested_at=_time(hold, "release_requested_at"),
        release_reason=hold.release_reason or None,
        released_by=hold.released_by or None,
        released_at=_time(hold, "released_at"),
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
        at=entry.at.ToDatetime(tzinfo=UTC),
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
        recorded_at=outcome.recorded_at.ToDatetime(tzinfo=UTC),
    )
