"""Tables of the camera_registry service.

Times are UTC seconds since the epoch (floats), compared as numbers on SQLite and PostgreSQL.
Stream URLs are stored twice: encrypted (for the media path) and redacted (for everyone else).
"""

from __future__ import annotations

import secrets
import time

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel


def new_id() -> str:
    """Time-ordered ids, so paging by id walks cameras roughly in the order they were added."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


class Camera(SQLModel, table=True):
    __tablename__ = "cameras"
    __table_args__ = (
        # Grid cell first, then the coordinates: a near search reads only the index.
        Index("ix_cameras_geo", "geo_cell", "lat", "lon"),
        Index("ix_cameras_external_id", "external_id", unique=True),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    ownership: str = Field(max_length=16)  # city, business, resident
    technology: str = Field(max_length=32)
    lat: float
    lon: float
    geo_cell: int
    address: str = Field(default="", max_length=300)
    heading_deg: float | None = None
    field_of_view_deg: float | None = None
    stream_url_encrypted: str = Field(default="", sa_type=Text)
    stream_url_redacted: str = Field(default="", max_length=2048)
    substream_url_encrypted: str = Field(default="", sa_type=Text)
    substream_url_redacted: str = Field(default="", max_length=2048)
    perm_live: bool = False
    perm_record: bool = False
    perm_recordings_on_request_only: bool = False
    perm_registry_only: bool = False
    perm_plate_reading: bool = False
    retention_days: int = 30
    lifecycle: str = Field(default="pending", max_length=16)
    tags_json: str = Field(default="[]", sa_type=Text)
    # NULL rather than "" so the unique index allows many cameras without one.
    external_id: str | None = Field(default=None, max_length=128)
    registration_id: str | None = Field(default=None, max_length=32)
    consent_withdrawn_at: float | None = None
    health_state: str = Field(default="unknown", max_length=16)  # unknown, online, offline
    health_detail: str = Field(default="", max_length=64)
    health_changed_at: float | None = None
    last_seen_at: float | None = None
    # health_state/detail are the verdict (health/verdict.py) of what the DESCRIBE probe and,
    # for a recorded camera, the recorder last said; the probe's own answer is kept here.
    probe_state: str = Field(default="unknown", max_length=16)
    probe_detail: str = Field(default="", max_length=64)
    # The recorder's report (ReportRecordingHealth); recording_reported_at None: never reported.
    recording_ok: bool = False
    recording_detail: str = Field(default="", max_length=64)
    recording_last_segment_end: float | None = None
    recording_last_segment_bytes: int = 0
    recording_video_codec: str = Field(default="", max_length=16)
    recording_transcoded_from: str = Field(default="", max_length=16)
    recording_transport: str = Field(default="", max_length=8)
    recording_reported_at: float | None = None
    rtsp_transport: str = Field(default="auto", max_length=8)  # auto, tcp, udp
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time)


class HealthTransition(SQLModel, table=True):
    """One change of reachability, kept as history."""

    __tablename__ = "health_transitions"
    __table_args__ = (Index("ix_health_transitions_camera_at", "camera_id", "at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=32)
    state: str = Field(max_length=16)
    detail: str = Field(default="", max_length=64)
    at: float = Field(default_factory=time.time)


class Registration(SQLModel, table=True):
    """A resident's or business's request to link a camera, and the consent record it carries."""

    __tablename__ = "registrations"
    __table_args__ = (Index("ix_registrations_status", "status", "id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    status: str = Field(default="pending", max_length=16)
    ownership: str = Field(max_length=16)
    owner_name: str = Field(max_length=200)
    owner_email: str = Field(max_length=254)
    owner_phone: str = Field(default="", max_length=32)
    camera_name: str = Field(max_length=200)
    technology: str = Field(max_length=32)
    lat: float
    lon: float
    address: str = Field(default="", max_length=300)
    heading_deg: float | None = None
    field_of_view_deg: float | None = None
    stream_url_encrypted: str = Field(default="", sa_type=Text)
    stream_url_redacted: str = Field(default="", max_length=2048)
    granted_live: bool = False
    granted_record: bool = False
    granted_recordings_on_request_only: bool = False
    granted_registry_only: bool = False
    terms_version: str = Field(max_length=32)
    consented_at: float = Field(default_factory=time.time)
    # SHA-256 of the token the owner got at submission; it alone lets them withdraw.
    withdrawal_token_sha256: str = Field(max_length=64)
    reviewed_at: float | None = None
    reviewed_by: str = Field(default="", max_length=128)
    review_reason: str = Field(default="", max_length=500)
    camera_id: str | None = Field(default=None, max_length=32)
    withdrawn_at: float | None = None
    withdrawn_by: str = Field(default="", max_length=128)
    withdrawal_reason: str = Field(default="", max_length=500)
