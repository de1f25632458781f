"""Recording, export and canvass bodies: what clients send (unknown fields refused) and what
they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rtcc_gateway.convert.times import as_utc

ExportStatus = Literal["pending", "running", "done", "failed"]
MAX_EXPORT_S = 24 * 3600


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SegmentOut(BaseModel):
    id: str
    start: datetime
    end: datetime
    duration_s: float
    bytes: int


class GapOut(BaseModel):
    start: datetime
    end: datetime | None = Field(description="unset while the camera is still down")
    reason: str


class RecordingsOut(BaseModel):
    camera_id: str
    start: datetime
    end: datetime
    recorded_s: float
    segments: list[SegmentOut]
    gaps: list[GapOut]


class DailyStorageOut(BaseModel):
    day: str
    bytes: int
    recorded_s: float
    availability_pct: float


class RecorderEventOut(BaseModel):
    kind: str
    camera_id: str
    message: str
    at: datetime


class TimeRange(Strict):
    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        self.start, self.end = as_utc(self.start), as_utc(self.end)
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if (self.end - self.start).total_seconds() > MAX_EXPORT_S:
            raise ValueError("a range covers at most 24 hours")
        return self


class ExportCreate(TimeRange):
    camera_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=500)
    case_number: str = Field(default="", max_length=64)


class ExportOut(BaseModel):
    id: str
    camera_id: str
    start: datetime
    end: datetime
    status: ExportStatus
    sha256: str
    bytes: int
    reason: str
    case_number: str
    requested_by: str
    error: str
    created_at: datetime
    manifest: dict[str, object] | None
    file_url: str | None


class CanvassCreate(TimeRange):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_m: float = Field(gt=0, le=5000)
    reason: str = Field(min_length=1, max_length=500)
    case_number: str = Field(default="", max_length=64)
    export: bool = Field(default=False, description="export every camera that recorded any of it")


class CanvassCamera(BaseModel):
    camera_id: str
    name: str
    distance_m: float
    recorded_s: float
    coverage_pct: float
    gaps: list[GapOut]
    export: ExportOut | None = None


class CanvassOut(BaseModel):
    lat: float
    lon: float
    radius_m: float
    start: datetime
    end: datetime
    cameras: list[CanvassCamera]
