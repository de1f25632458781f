"""Camera bodies: what clients send (unknown fields refused) and what they get back."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

Ownership = Literal["city", "business", "resident"]
Technology = Literal["fixed", "ptz", "lpr_reader", "doorbell", "panoramic", "thermal", "other"]
Lifecycle = Literal["pending", "active", "suspended", "retired"]
HealthState = Literal["unknown", "online", "offline"]
# RTSP lower transport: auto is TCP, falling back to UDP (and back) when the camera refuses it.
RtspTransport = Literal["auto", "tcp", "udp"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LocationBody(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    address: str = Field(default="", max_length=300)
    heading_deg: float | None = Field(default=None, ge=0, lt=360)
    field_of_view_deg: float | None = Field(default=None, gt=0, le=360)


class PermissionsBody(Strict):
    live: StrictBool = False
    record: StrictBool = False
    recordings_on_request_only: StrictBool = False
    registry_only: StrictBool = False
    plate_reading: StrictBool = False


Tags = list[Annotated[str, Field(min_length=1, max_length=64)]]


class CameraCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    ownership: Ownership
    technology: Technology = "fixed"
    location: LocationBody
    # Credentials may be embedded (rtsp://user:pass@host/...): stored encrypted, never returned.
    stream_url: str = Field(default="", max_length=2048)
    substream_url: str = Field(default="", max_length=2048)
    permissions: PermissionsBody = PermissionsBody()
    retention_days: int = Field(default=30, ge=1, le=3650)
    lifecycle: Lifecycle = "pending"
    tags: Tags = Field(default_factory=list, max_length=32)
    external_id: str | None = Field(default=None, max_length=128)
    rtsp_transport: RtspTransport = "auto"


class CameraUpdate(Strict):
    """Only the fields sent change; a field sent as null is refused (there is nothing to unset)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    ownership: Ownership | None = None
    technology: Technology | None = None
    location: LocationBody | None = None
    stream_url: str | None = Field(default=None, max_length=2048)
    substream_url: str | None = Field(default=None, max_length=2048)
    permissions: PermissionsBody | None = None
    retention_days: int | None = Field(default=None, ge=1, le=3650)
    lifecycle: Lifecycle | None = None
    tags: Tags | None = Field(default=None, max_length=32)
    external_id: str | None = Field(default=None, max_length=128)
    rtsp_transport: RtspTransport | None = None


class ImportRow(CameraCreate):
    """One camera of a bulk import; external_id is the key that makes re-imports idempotent."""

    external_id: str = Field(min_length=1, max_length=128)  # type: ignore[assignment]


class RecordingHealthOut(BaseModel):
    """What the recorder holding the camera last said: is its footage being recorded?"""

    recording: bool
    detail: str
    last_segment_end: str | None
    last_segment_bytes: int
    video_codec: str
    transcoded_from: str | None = Field(description="the camera's codec, when encoded to H.264")
    transport: str
    reported_at: str | None


class HealthOut(BaseModel):
    state: HealthState
    detail: str
    last_seen_at: str | None
    changed_at: str | None
    recording: RecordingHealthOut | None = Field(
        default=None, description="unset for a camera no recorder has reported"
    )


class CameraOut(BaseModel):
    id: str
    name: str
    ownership: str
    technology: str
    location: LocationBody
    stream_url: str = Field(description="redacted: credentials are never returned")
    substream_url: str = Field(description="redacted: credentials are never returned")
    permissions: PermissionsBody
    retention_days: int
    lifecycle: str
    tags: list[str]
    external_id: str | None
    registration_id: str | None
    consent_withdrawn_at: str | None
    rtsp_transport: str = "auto"
    health: HealthOut
    created_at: str
    updated_at: str
    distance_m: float | None = Field(default=None, description="set for a search near a point")


class CameraList(BaseModel):
    cameras: list[CameraOut]
    next_page_token: str | None = None


class HealthTransitionOut(BaseModel):
    state: HealthState
    at: str
    detail: str


class CameraHealthOut(BaseModel):
    current: HealthOut
    history: list[HealthTransitionOut]


class ImportRowError(BaseModel):
    row: int = Field(description="1-based: the data row of the CSV file or the item of the list")
    external_id: str | None
    error: str


class ImportReport(BaseModel):
    created: int
    updated: int
    unchanged: int
    failed: int
    errors: list[ImportRowError]
