"""Registration bodies: the public form is checked strictly, field by field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, StrictBool

from rtcc_gateway.schemas.cameras import CameraOut, LocationBody, Strict, Technology

RegistrationStatus = Literal["pending", "approved", "rejected", "withdrawn"]


class Grant(Strict):
    """What the owner lets the center do; registry_only alone: "ask me for footage"."""

    live: StrictBool = False
    record: StrictBool = False
    recordings_on_request_only: StrictBool = False
    registry_only: StrictBool = False


class RegistrationCreate(Strict):
    ownership: Literal["business", "resident"]
    owner_name: str = Field(min_length=1, max_length=200)
    owner_email: str = Field(min_length=3, max_length=254)
    owner_phone: str = Field(default="", max_length=32)
    camera_name: str = Field(min_length=1, max_length=200)
    technology: Technology = "fixed"
    location: LocationBody
    stream_url: str = Field(default="", max_length=2048)
    permissions: Grant
    terms_version: str = Field(min_length=1, max_length=32)
    accepted_terms: StrictBool


class ReviewBody(Strict):
    reason: str = Field(default="", max_length=500)


class WithdrawBody(Strict):
    """The owner sends the token received at registration; staff send their token instead."""

    withdrawal_token: str | None = Field(default=None, max_length=128)
    reason: str = Field(default="", max_length=500)


class RegistrationOut(BaseModel):
    id: str
    status: RegistrationStatus
    ownership: str
    owner_name: str
    owner_email: str
    owner_phone: str
    camera_name: str
    technology: str
    location: LocationBody
    stream_url: str = Field(description="redacted: credentials are never returned")
    granted: Grant
    terms_version: str
    consented_at: str
    reviewed_at: str | None
    reviewed_by: str | None
    review_reason: str | None
    camera_id: str | None
    withdrawn_at: str | None
    withdrawn_by: str | None
    withdrawal_reason: str | None


class RegistrationReceipt(BaseModel):
    registration: RegistrationOut
    withdrawal_token: str = Field(description="shown once: keep it to withdraw consent later")


class RegistrationList(BaseModel):
    registrations: list[RegistrationOut]
    next_page_token: str | None = None


class ApprovalOut(BaseModel):
    registration: RegistrationOut
    camera: CameraOut
