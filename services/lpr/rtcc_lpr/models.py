"""Tables of the lpr service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, Table
from sqlmodel import Field, SQLModel

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class PlateRead(SQLModel, table=True):
    __tablename__ = "reads"
    __table_args__ = (
        Index("ix_reads_plate_time", "plate_normalized", "observed_at"),
        Index("ix_reads_skeleton_time", "plate_skeleton", "observed_at"),
        Index("ix_reads_reader_time", "reader_id", "observed_at"),
        Index("ix_reads_camera_time", "camera_id", "observed_at"),
        Index("ix_reads_observed_at", "observed_at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True))
    read_id: str = Field(max_length=128, unique=True)
    plate: str = Field(max_length=32)
    plate_normalized: str = Field(max_length=16)
    plate_skeleton: str = Field(max_length=16)
    state: str = Field(max_length=3)
    confidence: float
    reader_id: str = Field(default="", max_length=128)
    camera_id: str = Field(default="", max_length=128)
    observed_at: datetime
    latitude: float | None = None
    longitude: float | None = None
    plate_image_id: str | None = Field(default=None, max_length=80)
    wide_image_id: str | None = Field(default=None, max_length=80)
    colour: str | None = Field(default=None, max_length=32)
    make: str | None = Field(default=None, max_length=64)
    vehicle_type: str | None = Field(default=None, max_length=32)
    has_hit: bool = False
    case_number: str | None = Field(default=None, max_length=64, index=True)


class ReadTally(SQLModel, table=True):
    """Reads stored per UTC day of observation and source; never swept with the reads."""

    __tablename__ = "read_tallies"

    day: str = Field(primary_key=True, max_length=10)
    source: str = Field(primary_key=True, max_length=8)
    reads: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class Hotlist(SQLModel, table=True):
    __tablename__ = "hotlists"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200, unique=True)
    source: str = Field(default="", max_length=64)
    tolerant: bool = False
    updated_at: datetime


class HotlistEntry(SQLModel, table=True):
    __tablename__ = "hotlist_entries"
    __table_args__ = (Index("ix_hotlist_entries_list_plate", "hotlist_id", "plate"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True))
    hotlist_id: str = Field(foreign_key="hotlists.id", max_length=36)
    plate: str = Field(max_length=16)
    state: str = Field(max_length=3)
    skeleton: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
    case_number: str = Field(default="", max_length=64)
    vehicle_description: str = Field(default="", max_length=500)
    expires_at: datetime | None = None


class Alert(SQLModel, table=True):
    """A hit. The entry is copied in, so the alert survives its list being replaced."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_entry_last_seen", "entry_id", "last_seen_at"),)

    id: str = Field(primary_key=True, max_length=36)
    read_pk: int = Field(
        sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), index=True)
    )
    hotlist_id: str = Field(max_length=36, index=True)
    hotlist_name: str = Field(max_length=200)
    entry_id: int = Field(sa_column=Column(BigInteger().with_variant(Integer(), "sqlite")))
    entry_plate: str = Field(max_length=16)
    entry_state: str = Field(max_length=3)
    reason: str = Field(default="", max_length=200)
    case_number: str = Field(default="", max_length=64)
    vehicle_description: str = Field(default="", max_length=500)
    exact: bool = True
    historical: bool = False
    raised_at: datetime = Field(index=True)
    disposition: str | None = Field(default=None, max_length=32)
    disposed_by: str | None = Field(default=None, max_length=128)
    disposed_at: datetime | None = None
    disposition_note: str | None = Field(default=None, max_length=1000)
    # Later reads of the same vehicle for the same entry, nearby and soon after, fold into the
    # open alert (rtcc_lpr.repeats): how many, and the latest of them.
    repeat_count: int = 0
    last_read_pk: int | None = Field(default=None, sa_column=Column(BigId, nullable=True))
    last_seen_at: datetime | None = None


class Agreement(SQLModel, table=True):
    """What a partner agency may see: the hotlists shared with it and how far back."""

    __tablename__ = "agreements"

    agency: str = Field(primary_key=True, max_length=128)
    hotlist_ids: str = Field(default="")  # comma-separated hotlist ids
    max_lookback_days: int = 30


def table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]
