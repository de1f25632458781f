"""API bodies to registry messages and back, for the camera and registration routes."""

from __future__ import annotations

from typing import Any

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_gateway.convert.times import from_stamp, wire, wire_stamp
from rtcc_gateway.schemas.cameras import (
    CameraCreate,
    CameraOut,
    CameraUpdate,
    HealthOut,
    HealthState,
    LocationBody,
    PermissionsBody,
    RecordingHealthOut,
)
from rtcc_gateway.schemas.registrations import Grant, RegistrationCreate, RegistrationOut

OWNERSHIP_PB = {
    "city": pb.OWNERSHIP_CITY,
    "business": pb.OWNERSHIP_BUSINESS,
    "resident": pb.OWNERSHIP_RESIDENT,
}
OWNERSHIP = {v: k for k, v in OWNERSHIP_PB.items()}
LIFECYCLE_PB = {
    "pending": pb.LIFECYCLE_PENDING,
    "active": pb.LIFECYCLE_ACTIVE,
    "suspended": pb.LIFECYCLE_SUSPENDED,
    "retired": pb.LIFECYCLE_RETIRED,
}
LIFECYCLE = {v: k for k, v in LIFECYCLE_PB.items()}
HEALTH: dict[int, HealthState] = {
    pb.HEALTH_STATE_ONLINE: "online",
    pb.HEALTH_STATE_OFFLINE: "offline",
}
STATUS_PB = {
    "pending": pb.REGISTRATION_STATUS_PENDING,
    "approved": pb.REGISTRATION_STATUS_APPROVED,
    "rejected": pb.REGISTRATION_STATUS_REJECTED,
    "withdrawn": pb.REGISTRATION_STATUS_WITHDRAWN,
}
STATUS = {v: k for k, v in STATUS_PB.items()}


def location_to_proto(body: LocationBody) -> pb.Location:
    return pb.Location(**body.model_dump())


def camera_input(body: CameraCreate | CameraUpdate, *, with_defaults: bool) -> pb.CameraInput:
    """The fields the client sent (and, for a create, the API's defaults) as a CameraInput."""
    data = body.model_dump(exclude_unset=not with_defaults, exclude_none=True)
    location = data.pop("location", None)
    permissions = data.pop("permissions", None)
    ownership = data.pop("ownership", None)
    lifecycle = data.pop("lifecycle", None)
    msg = pb.CameraInput(**data)
    if ownership is not None:
        msg.ownership = OWNERSHIP_PB[ownership]
    if lifecycle is not None:
        msg.lifecycle = LIFECYCLE_PB[lifecycle]
    if location is not None:
        msg.location.CopyFrom(pb.Location(**location))
    if permissions is not None:
        msg.permissions.CopyFrom(pb.Permissions(**permissions))
    return msg


def update_mask(body: CameraUpdate) -> list[str]:
    return sorted(body.model_fields_set)


def location_out(msg: pb.Location) -> LocationBody:
    return LocationBody.model_construct(
        lat=msg.lat,
        lon=msg.lon,
        address=msg.address,
        heading_deg=msg.heading_deg if msg.HasField("heading_deg") else None,
        field_of_view_deg=msg.field_of_view_deg if msg.HasField("field_of_view_deg") else None,
    )


def camera_out(msg: pb.Camera, distance_m: float | None = None) -> CameraOut:
    perms = msg.permissions
    return CameraOut(
        id=msg.id,
        name=msg.name,
        ownership=OWNERSHIP.get(msg.ownership, "unspecified"),
        technology=msg.technology,
        location=location_out(msg.location),
        stream_url=msg.stream_url_redacted,
        substream_url=msg.substream_url_redacted,
        permissions=PermissionsBody.model_construct(
            live=perms.live,
            record=perms.record,
            recordings_on_request_only=perms.recordings_on_request_only,
            registry_only=perms.registry_only,
            plate_reading=perms.plate_reading,
        ),
        retention_days=msg.retention_days,
        lifecycle=LIFECYCLE.get(msg.lifecycle, "unspecified"),
        tags=list(msg.tags),
        external_id=msg.external_id or None,
        registration_id=msg.registration_id or None,
        consent_withdrawn_at=wire_stamp(msg, "consent_withdrawn_at"),
        rtsp_transport=msg.rtsp_transport or "auto",
        health=health_out(msg.health),
        created_at=wire(from_stamp(msg.created_at)),
        updated_at=wire(from_stamp(msg.updated_at)),
        distance_m=round(distance_m, 1) if distance_m is not None else None,
    )


def health_out(msg: pb.CameraHealth) -> HealthOut:
    return HealthOut(
        state=HEALTH.get(msg.state, "unknown"),
        detail=msg.detail,
        last_seen_at=wire_stamp(msg, "last_seen_at"),
        changed_at=wire_stamp(msg, "changed_at"),
        recording=recording_out(msg.recording) if msg.HasField("recording") else None,
    )


def recording_out(msg: pb.RecordingHealth) -> RecordingHealthOut:
    return RecordingHealthOut(
        recording=msg.recording,
        detail=msg.detail,
        last_segment_end=wire_stamp(msg, "last_segment_end"),
        last_segment_bytes=msg.last_segment_bytes,
        video_codec=msg.video_codec,
        transcoded_from=msg.transcoded_from or None,
        transport=msg.transport,
        reported_at=wire_stamp(msg, "reported_at"),
    )


def geojson(cameras: list[CameraOut], next_page_token: str | None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point per camera, [lon, lat] as RFC 7946 orders them;
    the next page's token rides along as a foreign member, which RFC 7946 allows."""
    features = []
    for camera in cameras:
        properties = camera.model_dump(mode="json", exclude={"id"})
        features.append(
            {
                "type": "Feature",
                "id": camera.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [camera.location.lon, camera.location.lat],
                },
                "properties": properties,
            }
        )
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if next_page_token:
        collection["next_page_token"] = next_page_token
    return collection


def registration_input(body: RegistrationCreate) -> pb.RegistrationInput:
    return pb.RegistrationInput(
        ownership=OWNERSHIP_PB[body.ownership],
        owner_name=body.owner_name,
        owner_email=body.owner_email,
        owner_phone=body.owner_phone,
        camera_name=body.camera_name,
        technology=body.technology,
        location=location_to_proto(body.location),
        stream_url=body.stream_url,
        permissions=pb.Permissions(**body.permissions.model_dump()),
        terms_version=body.terms_version,
        accepted_terms=body.accepted_terms,
    )


def registration_out(msg: pb.Registration) -> RegistrationOut:
    granted = msg.granted
    return RegistrationOut(
        id=msg.id,
        status=STATUS.get(msg.status, "pending"),  # type: ignore[arg-type]
        ownership=OWNERSHIP.get(msg.ownership, "unspecified"),
        owner_name=msg.owner_name,
        owner_email=msg.owner_email,
        owner_phone=msg.owner_phone,
        camera_name=msg.camera_name,
        technology=msg.technology,
        location=location_out(msg.location),
        stream_url=msg.stream_url_redacted,
        granted=Grant.model_construct(
            live=granted.live,
            record=granted.record,
            recordings_on_request_only=granted.recordings_on_request_only,
            registry_only=granted.registry_only,
        ),
        terms_version=msg.terms_version,
        consented_at=wire(from_stamp(msg.consented_at)),
        reviewed_at=wire_stamp(msg, "reviewed_at"),
        reviewed_by=msg.reviewed_by or None,
        review_reason=msg.review_reason or None,
        camera_id=msg.camera_id or None,
        withdrawn_at=wire_stamp(msg, "withdrawn_at"),
        withdrawn_by=msg.withdrawn_by or None,
        withdrawal_reason=msg.withdrawal_reason or None,
    )
