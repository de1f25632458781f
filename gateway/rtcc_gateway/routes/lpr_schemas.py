"""Request and response shapes of the plate routes, and their conversion to and from proto."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any, Literal

from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, Field, ValidationError, field_validator

from rtcc.lpr.v1 import lpr_pb2

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


_STATUS: dict[int, Literal["stored", "duplicate", "rejected"]] = {
    lpr_pb2.ReadResult.STORED: "stored",
    lpr_pb2.ReadResult.DUPLICATE: "duplicate",
    lpr_pb2.ReadResult.REJECTED: "rejected",
}


def stamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    result = Timestamp()
    result.FromDatetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    return result


def iso(message: Any, field: str) -> str | None:
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC).isoformat()


def _image(encoded: str | None) -> lpr_pb2.Image | None:
    if encoded is None:
        return None
    try:
        return lpr_pb2.Image(data=base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("image is not valid base64") from exc


def read_input(raw: dict[str, Any]) -> lpr_pb2.ReadInput:
    """Raises ValueError (with the reason to show) for a read that cannot be accepted."""
    try:
        read = ReadIn.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise ValueError(f"{where}: {first['msg']}" if where else first["msg"]) from exc
    message = lpr_pb2.ReadInput(
        read_id=read.read_id,
        plate=read.plate,
        state=read.state,
        confidence=read.confidence,
        reader_id=read.reader_id,
        camera_id=read.camera_id,
        observed_at=stamp(read.observed_at),
        plate_image=_image(read.plate_image_base64),
        wide_image=_image(read.wide_image_base64),
    )
    if read.latitude is not None and read.longitude is not None:
        message.location.latitude, message.location.longitude = read.latitude, read.longitude
    if read.vehicle is not None:
        message.vehicle.CopyFrom(lpr_pb2.VehicleAttributes(**read.vehicle.model_dump()))
    return message


def result_out(result: lpr_pb2.ReadResult, index: int) -> ReadResultOut:
    return ReadResultOut(
        index=index,
        read_id=result.read_id,
        status=_STATUS[result.status],
        reason=result.reason,
        alerts=result.alerts,
    )


def image_url(image_id: str) -> str | None:
    return f"/v1/lpr/images/{image_id}" if image_id else None


def read_out(read: lpr_pb2.Read) -> dict[str, Any]:
    return {
        "read_id": read.read_id,
        "plate": read.plate,
        "plate_normalized": read.plate_normalized,
        "state": read.state,
        "confidence": read.confidence,
        "reader_id": read.reader_id or None,
        "camera_id": read.camera_id or None,
        "observed_at": iso(read, "observed_at"),
        "latitude": read.location.latitude if read.has_location else None,
        "longitude": read.location.longitude if read.has_location else None,
        "plate_image_url": image_url(read.plate_image_id),
        "wide_image_url": image_url(read.wide_image_id),
        "vehicle": {
            "colour": read.vehicle.colour or None,
            "make": read.vehicle.make or None,
            "vehicle_type": read.vehicle.vehicle_type or None,
        },
        "has_hit": read.has_hit,
        "case_number": read.case_number or None,
    }


def entry_out(entry: lpr_pb2.HotlistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "hotlist_id": entry.hotlist_id,
        "plate": entry.plate,
        "state": entry.state,
        "reason": entry.reason,
        "case_number": entry.case_number or None,
        "vehicle_description": entry.vehicle_description,
        "expires_at": iso(entry, "expires_at"),
    }


def alert_out(alert: lpr_pb2.Alert) -> dict[str, Any]:
    """The plate as read (with its image) beside what the hotlist says the vehicle is."""
    return {
        "id": alert.id,
        "raised_at": iso(alert, "raised_at"),
        "hotlist_name": alert.hotlist_name,
        "exact": alert.exact,
        "historical": alert.historical,
        "read": read_out(alert.read),
        "entry": entry_out(alert.entry),
        "disposition": alert.disposition or None,
        "disposed_by": alert.disposed_by or None,
        "disposed_at": iso(alert, "disposed_at"),
        "disposition_note": alert.disposition_note or None,
        # Reads of the same vehicle folded into this alert after the first, and the latest one.
        "repeats": alert.repeats,
        "latest_read": read_out(alert.latest_read) if alert.HasField("latest_read") else None,
        "last_seen_at": iso(alert, "last_seen_at"),
    }


def sighting_out(sighting: lpr_pb2.PlateSighting) -> dict[str, Any]:
    return {
        "plate": sighting.plate,
        "state": sighting.state,
        "reads": sighting.reads,
        "first_seen": iso(sighting, "first_seen"),
        "last_seen": iso(sighting, "last_seen"),
        "reader_ids": list(sighting.reader_ids),
    }


def hotlist_out(hotlist: lpr_pb2.Hotlist) -> dict[str, Any]:
    return {
        "id": hotlist.id,
        "name": hotlist.name,
        "source": hotlist.source,
        "tolerant": hotlist.tolerant,
        "entries": hotlist.entries,
        "updated_at": iso(hotlist, "updated_at"),
    }


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
