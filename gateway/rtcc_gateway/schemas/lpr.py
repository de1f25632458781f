"""Request and response shapes of the plate routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

MAX_BATCH_READS = 5000


class VehicleIn(BaseModel):
    colour: str = Field("", max_length=32)
    make: str = Field("", max_length=64)
    vehicle_type: str = Field("", max_length=32)


class ReadIn(BaseModel):
    """One plate read as a reader sends it."""

    read_id: str = Field(min_length=1, max_length=128)
    plate: str = Field(max_length=32)
    state: str = Field(max_length=3)
    confidence: float = Field(ge=0, le=1)
    reader_id: str = Field("", max_length=128)
    camera_id: str = Field("", max_length=128)
    observed_at: datetime
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    plate_image_base64: str | None = None
    wide_image_base64: str | None = None
    vehicle: VehicleIn | None = None

    @field_validator("observed_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("observed_at needs a time zone (e.g. 2025-01-01T12:00:00Z)")
        return value


class IngestBody(BaseModel):
    """Each element is a read (see ReadIn); a malformed one is rejected on its own."""

    reads: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH_READS)


class ReadResultOut(BaseModel):
    index: int
    read_id: str
    status: Literal["stored", "duplicate", "rejected"]
    reason: str = ""
    alerts: int = 0


class IngestOut(BaseModel):
    stored: int
    duplicates: int
    rejected: int
    results: list[ReadResultOut]


class HotlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    source: str = Field("", max_length=64)
    tolerant: bool = False


class EntryIn(BaseModel):
    plate: str = Field(min_length=1, max_length=32)
    state: str = Field(min_length=2, max_length=3)
    reason: str = Field("", max_length=200)
    case_number: str = Field("", max_length=64)
    vehicle_description: str = Field("", max_length=500)
    expires_at: datetime | None = None


class EntriesIn(BaseModel):
    entries: list[EntryIn] = Field(min_length=1, max_length=10_000)
    # Also match reads stored in the last N days (historical hits become alerts).
    search_back_days: int = Field(0, ge=0, le=365)


class DispositionIn(BaseModel):
    disposition: Literal["confirmed", "misread", "not_actionable"]
    note: str = Field("", max_length=1000)


class AgreementIn(BaseModel):
    hotlist_ids: list[str] = Field(max_length=100)
    max_lookback_days: int = Field(ge=1, le=3650)


class CaseReadsIn(BaseModel):
    read_ids: list[str] = Field(min_length=1, max_length=10_000)
