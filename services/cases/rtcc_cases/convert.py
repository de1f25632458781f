"""Proto messages to domain shapes and back."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.cases.v1 import cases_pb2
from rtcc_cases.attribution import AttributionCount, AttributionPeriod, AttributionReport
from rtcc_cases.models import (
    Actor,
    Case,
    CaseCreate,
    CaseUpdate,
    CustodyEntry,
    Evidence,
    EvidenceCreate,
    LegalHold,
    Outcome,
    OutcomeCreate,
)


def _ts(seconds: float | None) -> Timestamp | None:
    if seconds is None:
        return None
    stamp = Timestamp()
    stamp.FromNanoseconds(round(seconds * 1e9))
    return stamp


def _seconds(message: object, name: str) -> float | None:
    """The timestamp field `name` in seconds, or None when unset."""
    if not message.HasField(name):  # type: ignore[attr-defined]
        return None
    stamp: Timestamp = getattr(message, name)
    return stamp.ToNanoseconds() / 1e9


def actor_from_proto(actor: cases_pb2.Actor) -> Actor:
    return Actor(subject=actor.subject.strip(), role=actor.role, agency=actor.agency)


def case_create_from_proto(data: cases_pb2.CaseInput) -> CaseCreate:
    return CaseCreate(
        number=data.number,
        offense=data.offense,
        lead_investigator=data.lead_investigator,
        incident_ts=_seconds(data, "incident_at"),
        incident_place=data.incident_place,
        incident_lat=data.incident_lat if data.HasField("incident_lat") else None,
        incident_lon=data.incident_lon if data.HasField("incident_lon") else None,
        summary=data.summary,
    )


def case_update_from_proto(request: cases_pb2.UpdateCaseRequest) -> CaseUpdate:
    def optional(name: str) -> object:
        return getattr(request, name) if request.HasField(name) else None

    return CaseUpdate(
        offense=optional("offense"),  # type: ignore[arg-type]
        status=optional("status"),  # type: ignore[arg-type]
        lead_investigator=optional("lead_investigator"),  # type: ignore[arg-type]
        incident_ts=_seconds(request, "incident_at"),
        incident_place=optional("incident_place"),  # type: ignore[arg-type]
        incident_lat=optional("incident_lat"),  # type: ignore[arg-type]
        incident_lon=optional("incident_lon"),  # type: ignore[arg-type]
        summary=optional("summary"),  # type: ignore[arg-type]
        reason=request.reason,
    )


def evidence_create_from_proto(request: cases_pb2.AttachEvidenceRequest) -> EvidenceCreate:
    return EvidenceCreate(
        kind=request.kind.strip().lower(),
        reason=request.reason,
        ref_id=request.ref_id,
        camera_id=request.camera_id,
        start_ts=_seconds(request, "start"),
        end_ts=_seconds(request, "end"),
        sha256=request.sha256,
        description=request.description,
    )


def outcome_create_from_proto(data: cases_pb2.OutcomeInput) -> OutcomeCreate:
    return OutcomeCreate(
        kind=data.kind.strip().lower(),
        occurred_on=data.occurred_on,
        center_assisted=data.center_assisted,
        assisted_by=list(data.assisted_by),
        arrest_count=data.arrest_count,
        charge=data.charge,
        plate=data.plate,
        plate_state=data.plate_state,
        vin=data.vin,
        notes=data.notes,
    )


def case_to_proto(case: Case) -> cases_pb2.Case:
    message = cases_pb2.Case(
        id=case.id,
        number=case.number,
        offense=case.offense,
        status=case.status,
        lead_investigator=case.lead_investigator,
        incident_at=_ts(case.incident_ts),
        incident_place=case.incident_place,
        summary=case.summary,
        created_by=case.created_by,
        created_at=_ts(case.created_ts),
        updated_at=_ts(case.updated_ts),
        closed_at=_ts(case.closed_ts),
    )
    if case.incident_lat is not None and case.incident_lon is not None:
        message.incident_lat, message.incident_lon = case.incident_lat, case.incident_lon
    return message


def evidence_to_proto(evidence: Evidence, hold: LegalHold | None) -> cases_pb2.Evidence:
    return cases_pb2.Evidence(
        id=evidence.id,
        case_id=evidence.case_id,
        kind=evidence.kind,
        ref_id=evidence.ref_id,
        camera_id=evidence.camera_id,
        start=_ts(evidence.start_ts),
        end=_ts(evidence.end_ts),
        sha256=evidence.sha256,
        description=evidence.description,
        attached_by=evidence.attached_by,
        attached_at=_ts(evidence.attached_ts),
        hold_id=hold.id if hold else "",
    )


def custody_to_proto(entry: CustodyEntry) -> cases_pb2.CustodyEntry:
    return cases_pb2.CustodyEntry(
        id=entry.id,
        case_id=entry.case_id,
        evidence_id=entry.evidence_id,
        action=entry.action,
        actor_subject=entry.actor_subject,
        actor_role=entry.actor_role,
        actor_agency=entry.actor_agency,
        reason=entry.reason,
        detail=entry.detail,
        at=_ts(entry.at_ts),
    )


def hold_to_proto(hold: LegalHold) -> cases_pb2.Hold:
    return cases_pb2.Hold(
        id=hold.id,
        case_id=hold.case_id,
        evidence_id=hold.evidence_id,
        recorder_hold_id=hold.recorder_hold_id,
        camera_id=hold.camera_id,
        start=_ts(hold.start_ts),
        end=_ts(hold.end_ts),
        status=hold.status,
        placed_by=hold.placed_by,
        placed_at=_ts(hold.placed_ts),
        release_requested_by=hold.release_requested_by,
        release_requested_at=_ts(hold.release_requested_ts),
        release_reason=hold.release_reason,
        released_by=hold.released_by,
        released_at=_ts(hold.released_ts),
    )


def outcome_to_proto(outcome: Outcome, technologies: list[str]) -> cases_pb2.Outcome:
    return cases_pb2.Outcome(
        id=outcome.id,
        case_id=outcome.case_id,
        kind=outcome.kind,
        occurred_on=outcome.occurred_on.isoformat(),
        center_assisted=outcome.center_assisted,
        assisted_by=technologies,
        arrest_count=outcome.quantity if outcome.kind == "arrest" else 0,
        charge=outcome.charge,
        plate=outcome.plate,
        plate_state=outcome.plate_state,
        vin=outcome.vin,
        notes=outcome.notes,
        recorded_by=outcome.recorded_by,
        recorded_at=_ts(outcome.recorded_ts),
    )


def _count_to_proto(count: AttributionCount) -> cases_pb2.AttributionCount:
    return cases_pb2.AttributionCount(
        key=count.key, arrests=count.arrests, vehicles_recovered=count.vehicles_recovered
    )


def _period_to_proto(period: AttributionPeriod) -> cases_pb2.AttributionPeriod:
    return cases_pb2.AttributionPeriod(
        first_day=period.first_day.isoformat() if period.first_day else "",
        last_day=period.last_day.isoformat(),
        arrests=period.arrests,
        vehicles_recovered=period.vehicles_recovered,
        by_offense=[_count_to_proto(c) for c in period.by_offense],
        by_technology=[_count_to_proto(c) for c in period.by_technology],
    )


def report_to_proto(report: AttributionReport) -> cases_pb2.GetAttributionReportResponse:
    return cases_pb2.GetAttributionReportResponse(
        year=report.year,
        year_totals=_period_to_proto(report.year_totals),
        since_inception=_period_to_proto(report.since_inception),
    )
