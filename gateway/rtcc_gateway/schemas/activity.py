"""The activity index on the wire: where a camera's picture changed, and how strongly."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ActivitySpanOut(BaseModel):
    start: datetime
    end: datetime
    peak_level: float = Field(
        description="0 at the camera's quiet, 0.5 at twice its bits, approaching 1"
    )


class ActivityOut(BaseModel):
    camera_id: str
    start: datetime
    end: datetime
    min_level: float
    spans: list[ActivitySpanOut] = Field(description="in order")
    truncated: bool = Field(description="more spans than one answer holds: ask a shorter range")
