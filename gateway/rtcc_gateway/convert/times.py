"""The wire's one time format, and times to and from protobuf."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp


def as_utc(value: datetime) -> datetime:
    """An aware time in UTC; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_stamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(as_utc(value))
    return stamp


def to_stamp_if(value: datetime | None) -> Timestamp | None:
    return None if value is None else to_stamp(value)


def from_stamp(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


def stamp_field(message: Message, name: str) -> datetime | None:
    """The message's optional Timestamp field, or None where it is not set."""
    return from_stamp(getattr(message, name)) if message.HasField(name) else None


def from_epoch(seconds: float) -> datetime | None:
    """Seconds since 1970 as a time; 0 (a proto3 double left unset) is no time."""
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def to_epoch(value: datetime | None) -> float:
    return 0.0 if value is None else as_utc(value).timestamp()


@overload
def wire(value: datetime) -> str: ...
@overload
def wire(value: None) -> None: ...
def wire(value: datetime | None) -> str | None:
    """The API's form of a time: ISO 8601, UTC, with `Z`."""
    if value is None:
        return None
    return as_utc(value).isoformat().replace("+00:00", "Z")


def wire_stamp(message: Message, name: str) -> str | None:
    return wire(stamp_field(message, name))


def wire_epoch(seconds: float) -> str | None:
    return wire(from_epoch(seconds))
