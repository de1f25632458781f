"""Tables of the cases service.

Times are UTC seconds since the epoch (floats), as in the recorder: the same on SQLite and
PostgreSQL. Outcome days are dates, because reports count them by calendar year.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

CASE_STATUSES = ("open", "closed", "disposed")
EVIDENCE_KINDS = ("export", "plate_read", "alert", "camera", "snapshot")
HOLD_STATUSES = ("active", "release_requested", "released")
OUTCOME_KINDS = ("arrest", "vehicle_recovery")
TECHNOLOGIES = ("live_view", "lookback_footage", "plate_hit", "camera_canvass")
# What the owner of a camera the center may only ask does with a footage request.
FOOTAGE_ASK_STATUSES = ("sent", "declined", "uploaded", "expired")


def new_id() -> str:
    return uuid.uuid4().hex


def _case_fk() -> Column[str]:
    return Column(String(32), ForeignKey("cases.id"), nullable=False, index=True)


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("number", name="uq_cases_number"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    # Upper-cased, so "24-0017" and "24-0017 " name one case.
    number: str = Field(max_length=64)
    offense: str = Field(max_length=64, index=True)
    status: str = Field(default="open", max_length=16, index=True)
    lead_investigator: str = Field(default="", max_length=128)
    incident_ts: float | None = None
    incident_place: str = Field(default="", max_length=500)
    incident_lat: float | None = None
    incident_lon: float | None = None
    summary: str = Field(default="", sa_type=Text)
    created_by: str = Field(max_length=128)
    created_ts: float = Field(default_factory=time.time)
    updated_ts: float = Field(default_factory=time.time)
    closed_ts: float | None = None


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"
    # `identity` names what was attached (the export, the read, the camera and range): the same
    # thing attached twice to one case is refused by the database, even by two callers at once.
    __table_args__ = (UniqueConstraint("case_id", "identity", name="uq_evidence_case_identity"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(sa_column=_case_fk())
    kind: str = Field(max_length=16)
    ref_id: str = Field(default="", max_length=128)
    identity: str = Field(max_length=256)
    camera_id: str = Field(default="", max_length=64)
    start_ts: float | None = None
    end_ts: float | None = None
    sha256: str = Field(default="", max_length=64)
    description: str = Field(default="", sa_type=Text)
    attached_by: str = Field(max_length=128)
    attached_ts: float = Field(default_factory=time.time)


class CustodyEntry(SQLModel, table=True):
    """One link of the chain of custody; the migration makes the table refuse updates."""

    __tablename__ = "custody_entries"
    __table_args__ = (UniqueConstraint("id", name="uq_custody_entries_id"),)

    # Insertion order: two entries written in one transaction share a time but not a place.
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, max_length=32)
    case_id: str = Field(sa_column=_case_fk())
    evidence_id: str = Field(foreign_key="evidence.id", max_length=32, index=True)
    action: str = Field(max_length=32)
    actor_subject: str = Field(max_length=128)
    actor_role: str = Field(default="", max_length=32)
    actor_agency: str = Field(default="", max_length=64)
    reason: str = Field(default="", max_length=500)
    detail: str = Field(default="", max_length=500)
    at_ts: float = Field(default_factory=time.time)


class LegalHold(SQLModel, table=True):
    """The case's side of a recorder hold: who placed it, who asked to release it, who did."""

    __tablename__ = "legal_holds"
    __table_args__ = (UniqueConstraint("evidence_id", name="uq_legal_holds_evidence"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(sa_column=_case_fk())
    evidence_id: str = Field(foreign_key="evidence.id", max_length=32)
    recorder_hold_id: str = Field(max_length=64)
    camera_id: str = Field(max_length=64)
    start_ts: float
    end_ts: float
    status: str = Field(default="active", max_length=32, index=True)
    placed_by: str = Field(max_length=128)
    placed_ts: float = Field(default_factory=time.time)
    release_requested_by: str = Field(default="", max_length=128)
    release_requested_ts: float | None = None
    release_reason: str = Field(default="", max_length=500)
    released_by: str = Field(default="", max_length=128)
    released_ts: float | None = None


class FootageRequest(SQLModel, table=True):
    """An analyst asks the owners of cameras near a point for a window of their footage."""

    __tablename__ = "footage_requests"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(sa_column=_case_fk())
    lat: float
    lon: float
    radius_m: float
    start_ts: float
    end_ts: float
    reason: str = Field(max_length=500)
    requested_by: str = Field(max_length=128)
    created_ts: float = Field(default_factory=time.time, index=True)
    expires_ts: float


class FootageAsk(SQLModel, table=True):
    """One owner's part of a request: their link (kept only as its hash) and their answer."""

    __tablename__ = "footage_asks"
    __table_args__ = (UniqueConstraint("token_sha256", name="uq_footage_asks_token"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    request_id: str = Field(foreign_key="footage_requests.id", max_length=32, index=True)
    case_id: str = Field(sa_column=_case_fk())
    camera_id: str = Field(max_length=64)
    camera_name: str = Field(default="", max_length=200)
    registration_id: str = Field(default="", max_length=64)
    owner_name: str = Field(default="", max_length=200)
    token_sha256: str = Field(max_length=64)
    status: str = Field(default="sent", max_length=16, index=True)
    status_ts: float = Field(default_factory=time.time)
    decline_reason: str = Field(default="", max_length=500)
    evidence_id: str = Field(default="", max_length=32)
    sha256: str = Field(default="", max_length=64)
    size_bytes: int = Field(default=0, sa_type=BigInteger)  # 2 GiB overflows 32 bits
    clip_path: str = Field(default="", max_length=256)  # under the data dir
    clip_duration_s: float = 0.0
    clip_video_codec: str = Field(default="", max_length=32)


class Outcome(SQLModel, table=True):
    __tablename__ = "outcomes"
    __table_args__ = (Index("ix_outcomes_occurred_on", "occurred_on"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(sa_column=_case_fk())
    kind: str = Field(max_length=32)
    occurred_on: date
    center_assisted: bool
    # People arrested (arrests) or vehicles recovered (always 1): reports add these up.
    quantity: int
    charge: str = Field(default="", max_length=200)
    plate: str = Field(default="", max_length=16)
    plate_state: str = Field(default="", max_length=8)
    vin: str = Field(default="", max_length=17)
    notes: str = Field(default="", sa_type=Text)
    recorded_by: str = Field(max_length=128)
    recorded_ts: float = Field(default_factory=time.time)


class OutcomeAssist(SQLModel, table=True):
    """One technology that helped an outcome; a row each, so reports can group by it."""

    __tablename__ = "outcome_assists"

    outcome_id: str = Field(foreign_key="outcomes.id", primary_key=True, max_length=32)
    technology: str = Field(primary_key=True, max_length=32)


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the gateway authenticated them."""

    subject: str
    role: str = ""
    agency: str = ""


@dataclass
class CaseCreate:
    number: str
    offense: str
    lead_investigator: str = ""
    incident_ts: float | None = None
    incident_place: str = ""
    incident_lat: float | None = None
    incident_lon: float | None = None
    summary: str = ""


@dataclass
class CaseUpdate:
    """Only the fields that are not None change."""

    offense: str | None = None
    status: str | None = None
    lead_investigator: str | None = None
    incident_ts: float | None = None
    incident_place: str | None = None
    incident_lat: float | None = None
    incident_lon: float | None = None
    summary: str | None = None
    reason: str = ""


@dataclass
class EvidenceCreate:
    kind: str
    reason: str
    ref_id: str = ""
    camera_id: str = ""
    start_ts: float | None = None
    end_ts: float | None = None
    sha256: str = ""
    description: str = ""


@dataclass
class OutcomeCreate:
    kind: str
    occurred_on: str
    center_assisted: bool
    assisted_by: list[str] = field(default_factory=list)
    arrest_count: int = 0
    charge: str = ""
    plate: str = ""
    plate_state: str = ""
    vin: str = ""
    notes: str = ""
