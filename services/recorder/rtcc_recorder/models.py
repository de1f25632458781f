"""Tables of the recorder service.

Times are UTC seconds since the epoch (floats): the same on SQLite and PostgreSQL, and compared
as numbers in every range query.
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return uuid.uuid4().hex


class Segment(SQLModel, table=True):
    """One finished file of stream-copied video, with its wall-clock span."""

    __tablename__ = "segments"
    __table_args__ = (
        Index("ix_segments_camera_start", "camera_id", "start_ts"),
        UniqueConstraint("path", name="uq_segments_path"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=64)
    session_id: str = Field(max_length=32)
    path: str = Field(max_length=512)  # relative to the recordings store
    start_ts: float
    end_ts: float
    duration_s: float
    bytes: int
    # The camera's own timestamps, kept apart from the wall clock.
    media_start_s: float | None = None
    media_end_s: float | None = None
    created_ts: float = Field(default_factory=time.time)


class Gap(SQLModel, table=True):
    """A span with no recording and why; open (end_ts unset) while the camera is still down."""

    __tablename__ = "gaps"
    __table_args__ = (Index("ix_gaps_camera_start", "camera_id", "start_ts"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=64)
    start_ts: float
    end_ts: float | None = None
    reason: str = Field(max_length=64)
    outage_reported: bool = False


class Hold(SQLModel, table=True):
    """A legal hold: the footage of one camera in a time range that nothing may delete."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_camera", "camera_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(max_length=64, index=True)
    camera_id: str = Field(max_length=64)
    start_ts: float
    end_ts: float
    reason: str = Field(max_length=500)
    placed_by: str = Field(max_length=128)
    placed_ts: float = Field(default_factory=time.time)
    released_ts: float | None = None
    released_by: str | None = Field(default=None, max_length=128)
    release_reason: str | None = Field(default=None, max_length=500)


class Export(SQLModel, table=True):
    __tablename__ = "exports"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=64, index=True)
    start_ts: float
    end_ts: float
    status: str = Field(default="pending", max_length=16)
    sha256: str = Field(default="", max_length=64)
    bytes: int = 0
    reason: str = Field(max_length=500)
    case_number: str = Field(default="", max_length=64)
    requested_by: str = Field(max_length=128)
    manifest_json: str = ""
    error: str = ""
    path: str = Field(default="", max_length=512)  # relative to the exports store
    created_ts: float = Field(default_factory=time.time)
    finished_ts: float | None = None


class CameraLease(SQLModel, table=True):
    """Which recorder instance records a camera, until when; renewed while it records."""

    __tablename__ = "camera_leases"

    camera_id: str = Field(primary_key=True, max_length=64)
    instance_id: str = Field(max_length=64, index=True)
    expires_ts: float
    state: str = Field(default="starting", max_length=16)


class RecorderInstance(SQLModel, table=True):
    """A live recorder process; the fleet is shared among the instances seen recently."""

    __tablename__ = "recorder_instances"

    instance_id: str = Field(primary_key=True, max_length=64)
    heartbeat_ts: float


class CameraPolicy(SQLModel, table=True):
    """What the registry last said about a camera: kept so retention works while it is away."""

    __tablename__ = "camera_policies"

    camera_id: str = Field(primary_key=True, max_length=64)
    retention_days: int = 30
    recording: bool = True
    updated_ts: float = Field(default_factory=time.time)


class RecorderEvent(SQLModel, table=True):
    __tablename__ = "recorder_events"
    __table_args__ = (Index("ix_events_at", "at_ts"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    kind: str = Field(max_length=32)
    camera_id: str = Field(default="", max_length=64)
    message: str = Field(max_length=1000)
    at_ts: float = Field(default_factory=time.time)


class Bookmark(SQLModel, table=True):
    """A moment (end equal to start) or a range of one camera's footage marked with a note."""

    __tablename__ = "bookmarks"
    __table_args__ = (Index("ix_bookmarks_camera_start", "camera_id", "start_ts"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=64)
    start_ts: float
    end_ts: float
    note: str = Field(max_length=2000)
    created_by: str = Field(max_length=128, index=True)
    created_ts: float = Field(default_factory=time.time)
    # Set once the bookmarked range was exported and attached to a case.
    case_id: str = Field(default="", max_length=64)
    export_id: str = Field(default="", max_length=32)


class ViewLayout(SQLModel, table=True):
    """A named arrangement of live tiles that one person saved to open again."""

    __tablename__ = "view_layouts"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_view_layouts_owner_name"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    owner: str = Field(max_length=128)
    name: str = Field(max_length=100)
    tiles: int
    camera_ids_json: str  # one entry per tile, "" for an empty tile
    updated_ts: float = Field(default_factory=time.time)


class ActivitySpanRecord(SQLModel, table=True):
    """A span of one segment where the encoder spent well over the camera's quiet (activity.py);
    deleted with its segment."""

    __tablename__ = "activity_spans"
    __table_args__ = (
        Index("ix_activity_spans_camera_start", "camera_id", "start_ts"),
        Index("ix_activity_spans_segment", "segment_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    camera_id: str = Field(max_length=64)
    segment_id: str = Field(max_length=32)
    start_ts: float
    end_ts: float
    peak_level: float
