"""Footage requests to camera owners: what staff send and see, and what an owner sees."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from rtcc_gateway.schemas.cases import EvidenceOut, Strict, reason_field

AskStatus = Literal["sent", "declined", "uploaded", "expired"]


class FootageRequestCreate(Strict):
    """Ask the owners of cameras near a point (registered as recordings on request or registry
    only) for their footage of a window."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_m: float = Field(gt=0, le=5000, examples=[150])
    start: datetime
    end: datetime
    reason: str = reason_field()
    expires_at: datetime | None = Field(
        default=None, description="when the links stop working; default 14 days, at most 90"
    )


class UploadLink(BaseModel):
    """The owner's one-time link: shown now only (kept as a hash), for the center to deliver."""

    token: str
    upload_url: str = Field(description="the owner's page: what is asked, upload or decline")
    api_url: str = Field(description="PUT the clip here (the body is the video file)")


class FootageAskOut(BaseModel):
    id: str
    camera_id: str
    camera_name: str
    registration_id: str | None
    owner_name: str
    status: AskStatus
    status_changed_at: datetime
    decline_reason: str
    evidence_id: str | None
    sha256: str | None
    size_bytes: int | None
    clip_duration_s: float | None
    clip_video_codec: str | None
    link: UploadLink | None = None


class FootageRequestOut(BaseModel):
    id: str
    case_id: str
    case_number: str
    lat: float
    lon: float
    radius_m: float
    start: datetime
    end: datetime
    reason: str
    requested_by: str
    created_at: datetime
    expires_at: datetime
    counts: dict[AskStatus, int]
    asks: list[FootageAskOut]


class ReissuedLink(BaseModel):
    ask: FootageAskOut


class OwnerView(BaseModel):
    """What the owner's link shows: this request for their camera, nothing of other owners."""

    status: AskStatus
    camera_name: str
    case_number: str
    start: datetime
    end: datetime
    reason: str
    expires_at: datetime


class DeclineBody(Strict):
    reason: str = Field(default="", max_length=500, description="optional: why not")


class UploadReceipt(BaseModel):
    status: AskStatus
    sha256: str
    size_bytes: int
    clip_duration_s: float
    evidence: EvidenceOut
