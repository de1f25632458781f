"""Look-back and live-wall bodies: the timeline's summary, bookmarks and saved wall layouts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rtcc_gateway.schemas.recordings import GapOut, as_utc

MAX_BOOKMARK_S = 24 * 3600


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BucketOut(BaseModel):
    start: datetime
    recorded_s: float
    segments: int = Field(description="segments that begin in the bucket")


class BookmarkOut(BaseModel):
    id: str
    camera_id: str
    start: datetime
    end: datetime = Field(description="equal to start for a moment")
    note: str
    created_by: str
    created_at: datetime
    case_id: str | None
    export_id: str | None


class SummaryOut(BaseModel):
    camera_id: str
    start: datetime
    end: datetime
    bucket_s: float
    recorded_s: float
    first_segment_start: datetime | None
    last_segment_end: datetime | None
    buckets: list[BucketOut] = Field(description="in order; none past now")
    gaps: list[GapOut]
    bookmarks: list[BookmarkOut]


class BookmarkCreate(Strict):
    camera_id: str = Field(min_length=1, max_length=64)
    start: datetime
    end: datetime | None = Field(default=None, description="unset: a moment")
    note: str = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _ordered(self) -> BookmarkCreate:
        self.start = as_utc(self.start)
        self.end = as_utc(self.end) if self.end is not None else None
        if self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        if self.end is not None and (self.end - self.start).total_seconds() > MAX_BOOKMARK_S:
            raise ValueError("a bookmarked range covers at most 24 hours")
        return self


class BookmarkUpdate(Strict):
    """A corrected note, or the case and export the bookmarked range went to."""

    note: str | None = Field(default=None, min_length=1, max_length=2000)
    case_id: str | None = Field(default=None, min_length=1, max_length=64)
    export_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")

    @model_validator(mode="after")
    def _paired(self) -> BookmarkUpdate:
        if (self.case_id is None) != (self.export_id is None):
            raise ValueError("a case link names both case_id and export_id")
        if self.note is None and self.case_id is None:
            raise ValueError("nothing to change: send a note, or case_id and export_id")
        return self


class BookmarkList(BaseModel):
    bookmarks: list[BookmarkOut]


TileCount = Literal[1, 4, 9, 16]


class LayoutIn(Strict):
    tiles: TileCount
    camera_ids: list[str] = Field(
        default_factory=list, max_length=16, description='one per tile, "" for an empty tile'
    )

    @model_validator(mode="after")
    def _fits(self) -> LayoutIn:
        if len(self.camera_ids) > self.tiles:
            raise ValueError(f"{len(self.camera_ids)} cameras do not fit in {self.tiles} tiles")
        if any(len(c) > 64 for c in self.camera_ids):
            raise ValueError("a camera id has at most 64 characters")
        return self


class LayoutOut(BaseModel):
    name: str
    tiles: int
    camera_ids: list[str]
    updated_at: datetime


class LayoutList(BaseModel):
    layouts: list[LayoutOut]


class DisplaySettingsOut(BaseModel):
    time_zone: str = Field(description="IANA name, e.g. America/Chicago; times are shown in it")
