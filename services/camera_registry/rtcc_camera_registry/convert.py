"""Proto messages to domain fields and rows to proto messages; nothing else."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_camera_registry.camera_input import FIELD_NAMES, CameraFields, Location, Permissions
from rtcc_camera_registry.health.verdict import RecordingReport
from rtcc_camera_registry.importing import RowResult
from rtcc_camera_registry.models import Camera, HealthTransition, Registration
from rtcc_camera_registry.registrations.checks import RegistrationFields
from rtcc_camera_registry.rows import permissions_of, tags_of
from rtcc_common.errors import InvalidArgument

OWNERSHIP = {
    pb.OWNERSHIP_CITY: "city",
    pb.OWNERSHIP_BUSINESS: "business",
    pb.OWNERSHIP_RESIDENT: "resident",
}
OWNERSHIP_PB = {v: k for k, v in OWNERSHIP.items()}
LIFECYCLE = {
    pb.LIFECYCLE_PENDING: "pending",
    pb.LIFECYCLE_ACTIVE: "active",
    pb.LIFECYCLE_SUSPENDED: "suspended",
    pb.LIFECYCLE_RETIRED: "retired",
}
LIFECYCLE_PB = {v: k for k, v in LIFECYCLE.items()}
HEALTH_PB = {"online": pb.HEALTH_STATE_ONLINE, "offline": pb.HEALTH_STATE_OFFLINE}
REGISTRATION_STATUS = {
    pb.REGISTRATION_STATUS_PENDING: "pending",
    pb.REGISTRATION_STATUS_APPROVED: "approved",
    pb.REGISTRATION_STATUS_REJECTED: "rejected",
    pb.REGISTRATION_STATUS_WITHDRAWN: "withdrawn",
}
REGISTRATION_STATUS_PB = {v: k for k, v in REGISTRATION_STATUS.items()}
OUTCOME_PB = {
    "created": pb.ImportRowResult.OUTCOME_CREATED,
    "updated": pb.ImportRowResult.OUTCOME_UPDATED,
    "unchanged": pb.ImportRowResult.OUTCOME_UNCHANGED,
    "failed": pb.ImportRowResult.OUTCOME_FAILED,
}


def _ts(seconds: float | None) -> Timestamp | None:
    if seconds is None:
        return None
    stamp = Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp


def location_from_proto(msg: pb.Location) -> Location:
    return Location(
        lat=msg.lat,
        lon=msg.lon,
        address=msg.address,
        heading_deg=msg.heading_deg if msg.HasField("heading_deg") else None,
        field_of_view_deg=msg.field_of_view_deg if msg.HasField("field_of_view_deg") else None,
    )


def permissions_from_proto(msg: pb.Permissions) -> Permissions:
    return Permissions(
        live=msg.live,
        record=msg.record,
        recordings_on_request_only=msg.recordings_on_request_only,
        registry_only=msg.registry_only,
        plate_reading=msg.plate_reading,
    )


def _enum(name: str, table: dict[int, str], value: int) -> str:
    if value not in table:
        raise InvalidArgument(f"{name} has an unknown value {value}")
    return table[value]


def _given_fields(msg: pb.CameraInput) -> set[str]:
    """Without an update mask, a field counts as given when it differs from its proto default."""
    given = {
        name
        for name in FIELD_NAMES
        if name not in ("location", "permissions") and getattr(msg, name)
    }
    given |= {name for name in ("location", "permissions") if msg.HasField(name)}
    return given


def fields_from_proto(msg: pb.CameraInput, mask: list[str] | None = None) -> CameraFields:
    """The fields named by `mask` (all of them for an update), or the ones set on the message."""
    unknown = set(mask or ()) - set(FIELD_NAMES)
    if unknown:
        raise InvalidArgument(f"update_mask names unknown fields: {', '.join(sorted(unknown))}")
    given = set(mask) if mask is not None else _given_fields(msg)
    out = CameraFields(given=given)
    for name in (
        "name",
        "technology",
        "stream_url",
        "substream_url",
        "external_id",
        "retention_days",
        "rtsp_transport",
    ):
        if name in given:
            setattr(out, name, getattr(msg, name))
    if "ownership" in given:
        out.ownership = _enum("ownership", OWNERSHIP, msg.ownership)
    if "lifecycle" in given:
        out.lifecycle = _enum("lifecycle", LIFECYCLE, msg.lifecycle)
    if "location" in given:
        if not msg.HasField("location"):
            raise InvalidArgument("location is in update_mask but not given")
        out.location = location_from_proto(msg.location)
    if "permissions" in given:
        out.permissions = permissions_from_proto(msg.permissions)
    if "tags" in given:
        out.tags = list(msg.tags)
    return out


def lifecycles_from_proto(values: list[int]) -> list[str]:
    return [_enum("lifecycle", LIFECYCLE, v) for v in values]


def camera_to_proto(camera: Camera) -> pb.Camera:
    perms = permissions_of(camera)
    return pb.Camera(
        id=camera.id,
        name=camera.name,
        ownership=OWNERSHIP_PB.get(camera.ownership, pb.OWNERSHIP_UNSPECIFIED),
        technology=camera.technology,
        location=pb.Location(
            lat=camera.lat,
            lon=camera.lon,
            address=camera.address,
            heading_deg=camera.heading_deg,
            field_of_view_deg=camera.field_of_view_deg,
        ),
        stream_url_redacted=camera.stream_url_redacted,
        substream_url_redacted=camera.substream_url_redacted,
        permissions=pb.Permissions(**perms.__dict__),
        retention_days=camera.retention_days,
        lifecycle=LIFECYCLE_PB.get(camera.lifecycle, pb.LIFECYCLE_UNSPECIFIED),
        tags=tags_of(camera),
        external_id=camera.external_id or "",
        created_at=_ts(camera.created_at),
        updated_at=_ts(camera.updated_at),
        health=health_to_proto(camera),
        consent_withdrawn_at=_ts(camera.consent_withdrawn_at),
        registration_id=camera.registration_id or "",
        rtsp_transport=camera.rtsp_transport,
    )


def health_to_proto(camera: Camera) -> pb.CameraHealth:
    return pb.CameraHealth(
        state=HEALTH_PB.get(camera.health_state, pb.HEALTH_STATE_UNSPECIFIED),
        last_seen_at=_ts(camera.last_seen_at),
        changed_at=_ts(camera.health_changed_at),
        detail=camera.health_detail,
        recording=recording_health_to_proto(camera),
    )


def recording_health_to_proto(camera: Camera) -> pb.RecordingHealth | None:
    if camera.recording_reported_at is None:
        return None
    return pb.RecordingHealth(
        recording=camera.recording_ok,
        detail=camera.recording_detail,
        last_segment_end=_ts(camera.recording_last_segment_end),
        last_segment_bytes=camera.recording_last_segment_bytes,
        video_codec=camera.recording_video_codec,
        transcoded_from=camera.recording_transcoded_from,
        transport=camera.recording_transport,
        reported_at=_ts(camera.recording_reported_at),
    )


def recording_report_from_proto(msg: pb.RecordingReport) -> RecordingReport:
    health = msg.health
    return RecordingReport(
        camera_id=msg.camera_id,
        recording=health.recording,
        detail=health.detail,
        last_segment_end=(
            health.last_segment_end.ToNanoseconds() / 1e9
            if health.HasField("last_segment_end")
            else None
        ),
        last_segment_bytes=health.last_segment_bytes,
        video_codec=health.video_codec,
        transcoded_from=health.transcoded_from,
        transport=health.transport,
    )


def transition_to_proto(row: HealthTransition) -> pb.HealthTransition:
    return pb.HealthTransition(
        state=HEALTH_PB.get(row.state, pb.HEALTH_STATE_UNSPECIFIED),
        at=_ts(row.at),
        detail=row.detail,
    )


def import_row_to_proto(result: RowResult) -> pb.ImportRowResult:
    return pb.ImportRowResult(
        row=result.row,
        outcome=OUTCOME_PB[result.outcome],
        camera_id=result.camera_id,
        error=result.error,
        external_id=result.external_id,
    )


def registration_from_proto(msg: pb.RegistrationInput) -> RegistrationFields:
    return RegistrationFields(
        ownership=OWNERSHIP.get(msg.ownership, ""),
        owner_name=msg.owner_name,
        owner_email=msg.owner_email,
        owner_phone=msg.owner_phone,
        camera_name=msg.camera_name,
        technology=msg.technology,
        location=location_from_proto(msg.location) if msg.HasField("location") else None,
        stream_url=msg.stream_url,
        permissions=permissions_from_proto(msg.permissions),
        terms_version=msg.terms_version,
        accepted_terms=msg.accepted_terms,
    )


def registration_to_proto(row: Registration) -> pb.Registration:
    return pb.Registration(
        id=row.id,
        status=REGISTRATION_STATUS_PB.get(row.status, pb.REGISTRATION_STATUS_UNSPECIFIED),
        ownership=OWNERSHIP_PB.get(row.ownership, pb.OWNERSHIP_UNSPECIFIED),
        owner_name=row.owner_name,
        owner_email=row.owner_email,
        owner_phone=row.owner_phone,
        camera_name=row.camera_name,
        technology=row.technology,
        location=pb.Location(
            lat=row.lat,
            lon=row.lon,
            address=row.address,
            heading_deg=row.heading_deg,
            field_of_view_deg=row.field_of_view_deg,
        ),
        stream_url_redacted=row.stream_url_redacted,
        granted=pb.Permissions(
            live=row.granted_live,
            record=row.granted_record,
            recordings_on_request_only=row.granted_recordings_on_request_only,
            registry_only=row.granted_registry_only,
        ),
        terms_version=row.terms_version,
        consented_at=_ts(row.consented_at),
        reviewed_at=_ts(row.reviewed_at),
        reviewed_by=row.reviewed_by,
        review_reason=row.review_reason,
        camera_id=row.camera_id or "",
        withdrawn_at=_ts(row.withdrawn_at),
        withdrawn_by=row.withdrawn_by,
        withdrawal_reason=row.withdrawal_reason,
    )
