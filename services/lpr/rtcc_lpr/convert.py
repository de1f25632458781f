"""Proto messages <-> the service's domain values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.lpr.v1 import lpr_pb2
from rtcc_lpr.alerts import RaisedAlert
from rtcc_lpr.analysis import Sighting
from rtcc_lpr.area import Area
from rtcc_lpr.hotlist_entries import NewEntry
from rtcc_lpr.images import ImageData
from rtcc_lpr.ingest import NewRead, Outcome, ReadResult
from rtcc_lpr.recognizer import RecognizedPlate
from rtcc_lpr.search import ReadQuery
from rtcc_lpr.service import Requester

_MATCH = {
    lpr_pb2.EXACT: "exact",
    lpr_pb2.WILDCARD: "wildcard",
    lpr_pb2.FUZZY: "fuzzy",
    lpr_pb2.MATCH_KIND_UNSPECIFIED: "exact",
}
_OUTCOME = {
    Outcome.STORED: lpr_pb2.ReadResult.STORED,
    Outcome.DUPLICATE: lpr_pb2.ReadResult.DUPLICATE,
    Outcome.REJECTED: lpr_pb2.ReadResult.REJECTED,
}


def time_from(message: Any, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return datetime.fromtimestamp(stamp.seconds + stamp.nanos / 1e9, tz=UTC)


def stamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    result = Timestamp()
    result.FromDatetime(value)
    return result


def _image(message: lpr_pb2.ReadInput, field: str) -> ImageData | None:
    if not message.HasField(field):
        return None
    image = getattr(message, field)
    return ImageData(image.data, image.content_type)


def new_read(message: lpr_pb2.ReadInput) -> NewRead:
    has_location = message.HasField("location")
    return NewRead(
        read_id=message.read_id,
        plate=message.plate,
        state=message.state,
        confidence=message.confidence,
        reader_id=message.reader_id,
        camera_id=message.camera_id,
        observed_at=time_from(message, "observed_at"),
        latitude=message.location.latitude if has_location else None,
        longitude=message.location.longitude if has_location else None,
        plate_image=_image(message, "plate_image"),
        wide_image=_image(message, "wide_image"),
        colour=message.vehicle.colour,
        make=message.vehicle.make,
        vehicle_type=message.vehicle.vehicle_type,
    )


def ingest_response(results: list[ReadResult]) -> lpr_pb2.IngestReadsResponse:
    response = lpr_pb2.IngestReadsResponse()
    for r in results:
        response.results.add(
            index=r.index,
            read_id=r.read_id,
            status=_OUTCOME[r.outcome],
            reason=r.reason,
            alerts=r.alerts,
        )
    response.stored = sum(r.outcome is Outcome.STORED for r in results)
    response.duplicates = sum(r.outcome is Outcome.DUPLICATE for r in results)
    response.rejected = sum(r.outcome is Outcome.REJECTED for r in results)
    return response


def read_to_proto(row: dict[str, Any]) -> lpr_pb2.Read:
    has_location = row["latitude"] is not None and row["longitude"] is not None
    return lpr_pb2.Read(
        read_id=row["read_id"],
        plate=row["plate"],
        plate_normalized=row["plate_normalized"],
        state=row["state"],
        confidence=row["confidence"],
        reader_id=row["reader_id"],
        camera_id=row["camera_id"],
        observed_at=stamp(row["observed_at"]),
        location=lpr_pb2.Location(latitude=row["latitude"], longitude=row["longitude"])
        if has_location
        else None,
        has_location=has_location,
        plate_image_id=row["plate_image_id"] or "",
        wide_image_id=row["wide_image_id"] or "",
        vehicle=lpr_pb2.VehicleAttributes(
            colour=row["colour"] or "",
            make=row["make"] or "",
            vehicle_type=row["vehicle_type"] or "",
        ),
        has_hit=row["has_hit"],
        case_number=row["case_number"] or "",
    )


def requester(message: lpr_pb2.Requester) -> Requester:
    return Requester(subject=message.subject, agency=message.agency, partner=message.partner)


def area(message: lpr_pb2.GeoArea, present: bool) -> Area | None:
    if not present:
        return None
    if message.polygon:
        return Area(polygon=tuple((p.longitude, p.latitude) for p in message.polygon))
    if message.HasField("center"):
        return Area(
            center=(message.center.latitude, message.center.longitude), radius_m=message.radius_m
        )
    return Area()


def read_query(request: lpr_pb2.SearchReadsRequest) -> ReadQuery:
    return ReadQuery(
        plate=request.plate,
        match=_MATCH.get(request.match, "exact"),
        state=request.state,
        start=time_from(request, "start"),
        end=time_from(request, "end"),
        reader_ids=tuple(request.reader_ids),
        camera_ids=tuple(request.camera_ids),
        area=area(request.area, request.HasField("area")),
        colour=request.colour,
        make=request.make,
        vehicle_type=request.vehicle_type,
        min_confidence=request.min_confidence,
        page_size=request.page_size or 100,
        page_token=request.page_token,
    )


def sighting_to_proto(sighting: Sighting) -> lpr_pb2.PlateSighting:
    return lpr_pb2.PlateSighting(
        plate=sighting.plate,
        state=sighting.state,
        reads=sighting.reads,
        first_seen=stamp(sighting.first_seen),
        last_seen=stamp(sighting.last_seen),
        reader_ids=sorted(sighting.reader_ids),
    )


def hotlist_to_proto(row: dict[str, Any]) -> lpr_pb2.Hotlist:
    return lpr_pb2.Hotlist(
        id=row["id"],
        name=row["name"],
        source=row["source"],
        tolerant=row["tolerant"],
        entries=row.get("entries", 0),
        updated_at=stamp(row["updated_at"]),
    )


def new_entry(message: lpr_pb2.HotlistEntryInput) -> NewEntry:
    return NewEntry(
        plate=message.plate,
        state=message.state,
        reason=message.reason,
        case_number=message.case_number,
        vehicle_description=message.vehicle_description,
        expires_at=time_from(message, "expires_at"),
    )


def entry_to_proto(row: dict[str, Any]) -> lpr_pb2.HotlistEntry:
    return lpr_pb2.HotlistEntry(
        id=str(row["id"]),
        hotlist_id=row["hotlist_id"],
        plate=row["plate"],
        state=row["state"],
        reason=row["reason"],
        case_number=row["case_number"],
        vehicle_description=row["vehicle_description"],
        expires_at=stamp(row["expires_at"]),
    )


def alert_to_proto(raised: RaisedAlert) -> lpr_pb2.Alert:
    a = raised.alert
    return lpr_pb2.Alert(
        id=a["id"],
        read=read_to_proto(raised.read),
        entry=lpr_pb2.HotlistEntry(
            id=str(a["entry_id"]),
            hotlist_id=a["hotlist_id"],
            plate=a["entry_plate"],
            state=a["entry_state"],
            reason=a["reason"],
            case_number=a["case_number"],
            vehicle_description=a["vehicle_description"],
        ),
        hotlist_name=a["hotlist_name"],
        exact=a["exact"],
        historical=a["historical"],
        raised_at=stamp(a["raised_at"]),
        disposition=a["disposition"] or "",
        disposed_by=a["disposed_by"] or "",
        disposed_at=stamp(a["disposed_at"]),
        disposition_note=a["disposition_note"] or "",
        repeats=a["repeat_count"] or 0,
        latest_read=read_to_proto(raised.latest) if raised.latest is not None else None,
        last_seen_at=stamp(a["last_seen_at"] or raised.read["observed_at"]),
    )


def recognized_to_proto(plate: RecognizedPlate) -> lpr_pb2.RecognizedPlate:
    x, y, width, height = plate.box
    return lpr_pb2.RecognizedPlate(
        text=plate.text,
        raw_text=plate.raw_text,
        confidence=plate.confidence,
        x=x,
        y=y,
        width=width,
        height=height,
        state=plate.state or "",
    )
