"""Copying checked fields onto a camera row: geo cell, encrypted and redacted URLs, JSON tags."""

from __future__ import annotations

import json
import time
from typing import Any

from rtcc_camera_registry.camera_input import CameraFields, Permissions
from rtcc_camera_registry.crypto import CredentialCipher, redact_url
from rtcc_camera_registry.geo.grid import cell_of
from rtcc_camera_registry.models import Camera, new_id


def set_permissions(row: Camera, permissions: Permissions) -> None:
    row.perm_live = permissions.live
    row.perm_record = permissions.record
    row.perm_recordings_on_request_only = permissions.recordings_on_request_only
    row.perm_registry_only = permissions.registry_only
    row.perm_plate_reading = permissions.plate_reading


def permissions_of(row: Camera) -> Permissions:
    return Permissions(
        live=row.perm_live,
        record=row.perm_record,
        recordings_on_request_only=row.perm_recordings_on_request_only,
        registry_only=row.perm_registry_only,
        plate_reading=row.perm_plate_reading,
    )


def tags_of(row: Camera) -> list[str]:
    tags: list[str] = json.loads(row.tags_json)
    return tags


def field_values(checked: CameraFields, cipher: CredentialCipher) -> dict[str, Any]:
    """Column values for every field that was given (None means not given)."""
    values: dict[str, Any] = {
        name: getattr(checked, name)
        for name in ("name", "ownership", "technology", "retention_days", "lifecycle")
        if getattr(checked, name) is not None
    }
    if checked.location is not None:
        location = checked.location
        values.update(
            lat=location.lat,
            lon=location.lon,
            geo_cell=cell_of(location.lat, location.lon),
            address=location.address,
            heading_deg=location.heading_deg,
            field_of_view_deg=location.field_of_view_deg,
        )
    if checked.permissions is not None:
        granted = checked.permissions
        values.update(
            perm_live=granted.live,
            perm_record=granted.record,
            perm_recordings_on_request_only=granted.recordings_on_request_only,
            perm_registry_only=granted.registry_only,
            perm_plate_reading=granted.plate_reading,
        )
    if checked.stream_url is not None:
        values["stream_url_encrypted"] = cipher.encrypt(checked.stream_url)
        values["stream_url_redacted"] = redact_url(checked.stream_url)
    if checked.substream_url is not None:
        values["substream_url_encrypted"] = cipher.encrypt(checked.substream_url)
        values["substream_url_redacted"] = redact_url(checked.substream_url)
    if checked.tags is not None:
        values["tags_json"] = json.dumps(checked.tags)
    if checked.external_id is not None:
        values["external_id"] = checked.external_id or None
    if checked.rtsp_transport is not None:
        values["rtsp_transport"] = checked.rtsp_transport
    values["updated_at"] = time.time()
    return values


def apply_fields(row: Camera, checked: CameraFields, cipher: CredentialCipher) -> None:
    """Set every field that was given; the caller has checked them."""
    for name, value in field_values(checked, cipher).items():
        setattr(row, name, value)


def new_camera_values(checked: CameraFields, cipher: CredentialCipher) -> dict[str, Any]:
    """Every column of a new camera that has no default of its own."""
    values = field_values(checked, cipher)
    return {"id": new_id(), "created_at": values["updated_at"], **values}
