"""Case bodies: what clients send (unknown fields refused) and what they get back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

CaseStatus = Literal["open", "closed", "disposed"]
EvidenceKind = Literal["export", "plate_read", "alert", "camera", "snapshot"]
CustodyAction = Literal["viewed", "downloaded", "shared"]
HoldStatus = Literal["active", "release_requested", "released"]
OutcomeKind = Literal["arrest", "vehicle_recovery"]
Technology = Literal["live_view", "lookback_footage", "plate_hit", "camera_canvass"]


def reason_field() -> Any:
    return Field(min_length=1, max_length=500, description="why; kept in the chain of custody")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseCreate(Strict):
    number: str = Field(min_length=1, max_length=64, examples=["24-001234"])
    offense: str = Field(
        min_length=1, max_length=64, examples=["robbery", "carjacking", "stolen_vehicle"]
    )
    lead_investigator: str = Field(default="", max_length=128)
    incident_at: datetime | None = None
    incident_place: str = Field(default="", max_length=500)
    incident_lat: float | None = Field(default=None, ge=-90, le=90)
    incident_lon: float | None = Field(default=None, ge=-180, le=180)
    summary: str = Field(default="", max_length=20000)


class CaseUpdate(Strict):
    """Only the fields sent change. Closing or disposing asks for the release of the holds."""

    offense: str | None = Field(default=None, min_length=1, max_length=64)
    status: CaseStatus | None = None
    lead_investigator: str | None = Field(default=None, max_length=128)
    incident_at: datetime | None = None
    incident_place: str | None = Field(default=None, max_length=500)
    incident_lat: float | None = Field(default=None, ge=-90, le=90)
    incident_lon: float | None = Field(default=None, ge=-180, le=180)
    summary: str | None = Field(default=None, max_length=20000)
    reason: str = Field(default="", max_length=500, description="required to change status")


class CaseOut(BaseModel):
    id: str
    number: str
    offense: str
    status: CaseStatus
    lead_investigator: str
    incident_at: datetime | None
    incident_place: str
    incident_lat: float | None
    incident_lon: float | None
    summary: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class CaseList(BaseModel):
    cases: list[CaseOut]
    total: int
    limit: int
    offset: int


class EvidenceCreate(Strict):
    kind: EvidenceKind
    ref_id: str = Field(
        default="", max_length=128, description="the export, plate read, alert or snapshot id"
    )
    camera_id: str = Field(default="", max_length=64)
    start: datetime | None = None
    end: datetime | None = None
    sha256: str = Field(
        default="", max_length=64, description="exports: must equal the recorder's record"
    )
    description: str = Field(default="", max_length=20000)
    reason: str = reason_field()


class EvidenceOut(BaseModel):
    id: str
    case_id: str
    # "upload": a clip an owner uploaded through a footage request.
    kind: EvidenceKind | Literal["upload"]
    ref_id: str
    camera_id: str
    start: datetime | None
    end: datetime | None
    sha256: str
    description: str
    attached_by: str
    attached_at: datetime
    hold_id: str | None


class HoldOut(BaseModel):
    id: str
    case_id: str
    evidence_id: str
    recorder_hold_id: str
    camera_id: str
    start: datetime
    end: datetime
    status: HoldStatus
    placed_by: str
    placed_at: datetime
    release_requested_by: str | None
    release_requested_at: datetime | None
    release_reason: str | None
    released_by: str | None
    released_at: datetime | None


class AttachedEvidence(BaseModel):
    evidence: EvidenceOut
    hold: HoldOut | None


class CaseUpdated(BaseModel):
    case: CaseOut
    holds_pending_release: list[HoldOut]


class CustodyCreate(Strict):
    evidence_id: str = Field(min_length=1, max_length=64)
    action: CustodyAction
    reason: str = reason_field()
    detail: str = Field(default="", max_length=500, description="shared: with whom")


class CustodyOut(BaseModel):
    id: str
    case_id: str
    evidence_id: str
    action: str
    actor_subject: str
    actor_role: str
    actor_agency: str | None
    reason: str
    detail: str
    at: datetime


class HoldRelease(Strict):
    hold_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=1000, description="empty: every hold it applies to"
    )
    reason: str = reason_field()


class OutcomeCreate(Strict):
    kind: OutcomeKind
    occurred_on: date
    center_assisted: StrictBool
    assisted_by: list[Technology] = Field(default_factory=list, max_length=4)
    arrest_count: int | None = Field(default=None, ge=1, le=1000, description="arrests only")
    charge: str = Field(default="", max_length=200, description="arrests: required")
    plate: str = Field(default="", max_length=16, description="recoveries: plate or VIN")
    plate_state: str = Field(default="", max_length=3)
    vin: str = Field(default="", max_length=17)
    notes: str = Field(default="", max_length=20000)


class OutcomeOut(BaseModel):
    id: str
    case_id: str
    kind: OutcomeKind
    occurred_on: date
    center_assisted: bool
    assisted_by: list[Technology]
    arrest_count: int | None
    charge: str
    plate: str
    plate_state: str
    vin: str
    notes: str
    recorded_by: str
    recorded_at: datetime
