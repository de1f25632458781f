"""Plate messages to and from the gateway's JSON shapes."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Literal

from fastapi import HTTPException
from pydantic import ValidationError

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.convert.times import to_stamp_if, wire_stamp
from rtcc_gateway.schemas.lpr import ReadIn, ReadResultOut

_STATUS: dict[int, Literal["stored", "duplicate", "rejected"]] = {
    lpr_pb2.ReadResult.STORED: "stored",
    lpr_pb2.ReadResult.DUPLICATE: "duplicate",
    lpr_pb2.ReadResult.REJECTED: "rejected",
}


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
        observed_at=to_stamp_if(read.observed_at),
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
        "observed_at": wire_stamp(read, "observed_at"),
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
        "expires_at": wire_stamp(entry, "expires_at"),
    }


def alert_out(alert: lpr_pb2.Alert) -> dict[str, Any]:
    """The plate as read (with its image) beside what the hotlist says the vehicle is."""
    return {
        "id": alert.id,
        "raised_at": wire_stamp(alert, "raised_at"),
        "hotlist_name": alert.hotlist_name,
        "exact": alert.exact,
        "historical": alert.historical,
        "read": read_out(alert.read),
        "entry": entry_out(alert.entry),
        "disposition": alert.disposition or None,
        "disposed_by": alert.disposed_by or None,
        "disposed_at": wire_stamp(alert, "disposed_at"),
        "disposition_note": alert.disposition_note or None,
        # Reads of the same vehicle folded into this alert after the first, and the latest one.
        "repeats": alert.repeats,
        "latest_read": read_out(alert.latest_read) if alert.HasField("latest_read") else None,
        "last_seen_at": wire_stamp(alert, "last_seen_at"),
    }


def sighting_out(sighting: lpr_pb2.PlateSighting) -> dict[str, Any]:
    return {
        "plate": sighting.plate,
        "state": sighting.state,
        "reads": sighting.reads,
        "first_seen": wire_stamp(sighting, "first_seen"),
        "last_seen": wire_stamp(sighting, "last_seen"),
        "reader_ids": list(sighting.reader_ids),
    }


def hotlist_out(hotlist: lpr_pb2.Hotlist) -> dict[str, Any]:
    return {
        "id": hotlist.id,
        "name": hotlist.name,
        "source": hotlist.source,
        "tolerant": hotlist.tolerant,
        "entries": hotlist.entries,
        "updated_at": wire_stamp(hotlist, "updated_at"),
    }


def requester(principal: Principal) -> lpr_pb2.Requester:
    return lpr_pb2.Requester(
        subject=principal.subject,
        agency=principal.agency or "",
        partner=principal.role == "partner",
    )


def area_from(
    near: str | None, radius_m: float | None, polygon: str | None
) -> lpr_pb2.GeoArea | None:
    if polygon:
        return lpr_pb2.GeoArea(polygon=_polygon_points(polygon))
    if near is None:
        return None
    try:
        lat, lon = (float(part) for part in near.split(","))
    except ValueError as exc:
        raise HTTPException(400, "near must be LAT,LON") from exc
    if radius_m is None:
        raise HTTPException(400, "radius_m is required with near")
    return lpr_pb2.GeoArea(center=lpr_pb2.Location(latitude=lat, longitude=lon), radius_m=radius_m)


def _polygon_points(text: str) -> list[lpr_pb2.Location]:
    """A GeoJSON Polygon (its outer ring), as a geometry or a Feature."""
    try:
        shape = json.loads(text)
        if shape.get("type") == "Feature":
            shape = shape["geometry"]
        if shape.get("type") != "Polygon":
            raise ValueError("not a Polygon")
        ring = shape["coordinates"][0]
        return [lpr_pb2.Location(longitude=float(p[0]), latitude=float(p[1])) for p in ring]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise HTTPException(400, "polygon must be a GeoJSON Polygon") from exc
