"""Registration review and consent: what the owner granted stays on record, whatever follows."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from rtcc_camera_registry.camera_input import Permissions
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.crypto import redact_url
from rtcc_camera_registry.geo.grid import cell_of
from rtcc_camera_registry.models import Camera, Registration
from rtcc_camera_registry.registrations.checks import RegistrationFields, check_registration
from rtcc_camera_registry.rows import set_permissions
from rtcc_camera_registry.service import check_id, page_size_of, session, writing
from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from rtcc_common.logging import get_logger

log = get_logger(__name__)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _reason(value: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidArgument("a reason is required")
    if len(value) > 500:
        raise InvalidArgument("reason is longer than 500 characters")
    return value


async def _load(db: AsyncSession, registration_id: str) -> Registration:
    row = await db.get(Registration, check_id(registration_id, "registration"))
    if row is None:
        raise NotFound(f"registration {registration_id} does not exist")
    return row


async def submit_registration(
    registry: Registry, *, fields: RegistrationFields
) -> tuple[Registration, str]:
    """Store a pending registration; the token returned is the owner's key to withdraw."""
    checked = check_registration(fields)
    # A resident's camera is on the internet: no private range, no host of the center's.
    registry.streams.check_url("stream_url", checked.stream_url, public=True)
    assert checked.location is not None
    token = secrets.token_urlsafe(24)
    granted = checked.permissions
    row = Registration(
        ownership=checked.ownership,
        owner_name=checked.owner_name,
        owner_email=checked.owner_email,
        owner_phone=checked.owner_phone,
        camera_name=checked.camera_name,
        technology=checked.technology,
        lat=checked.location.lat,
        lon=checked.location.lon,
        address=checked.location.address,
        heading_deg=checked.location.heading_deg,
        field_of_view_deg=checked.location.field_of_view_deg,
        stream_url_encrypted=registry.cipher.encrypt(checked.stream_url),
        stream_url_redacted=redact_url(checked.stream_url),
        granted_live=granted.live,
        granted_record=granted.record,
        granted_recordings_on_request_only=granted.recordings_on_request_only,
        granted_registry_only=granted.registry_only,
        terms_version=checked.terms_version,
        withdrawal_token_sha256=_sha256(token),
    )
    async with session(registry) as db:
        db.add(row)
        await db.commit()
    log.info("registration_submitted", registration_id=row.id, ownership=row.ownership)
    return row, token


async def get_registration(registry: Registry, *, registration_id: str) -> Registration:
    async with session(registry) as db:
        return await _load(db, registration_id)


async def list_registrations(
    registry: Registry, *, status: str, page_size: int, page_token: str
) -> tuple[list[Registration], str]:
    size = page_size_of(page_size)
    query = select(Registration).order_by(col(Registration.id)).limit(size)
    if status:
        query = query.where(col(Registration.status) == status)
    if page_token:
        query = query.where(col(Registration.id) > check_id(page_token, "page_token"))
    async with session(registry) as db:
        rows = list((await db.exec(query)).all())
    return rows, rows[-1].id if len(rows) == size else ""


def _camera_for(row: Registration) -> Camera:
    camera = Camera(
        name=row.camera_name,
        ownership=row.ownership,
        technology=row.technology,
        lat=row.lat,
        lon=row.lon,
        geo_cell=cell_of(row.lat, row.lon),
        address=row.address,
        heading_deg=row.heading_deg,
        field_of_view_deg=row.field_of_view_deg,
        stream_url_encrypted=row.stream_url_encrypted,
        stream_url_redacted=row.stream_url_redacted,
        lifecycle="active",
        registration_id=row.id,
    )
    set_permissions(camera, _granted(row))
    return camera


def _granted(row: Registration) -> Permissions:
    return Permissions(
        live=row.granted_live,
        record=row.granted_record,
        recordings_on_request_only=row.granted_recordings_on_request_only,
        registry_only=row.granted_registry_only,
    )


def _refuse_unless_pending(row: Registration) -> None:
    if row.status != "pending":
        raise FailedPrecondition(f"registration {row.id} is {row.status}, not pending")


async def approve_registration(
    registry: Registry, *, registration_id: str, reviewer: str, reason: str
) -> tuple[Registration, Camera]:
    """The camera joins the registry, active, with exactly the permissions the owner granted."""
    async with writing(registry) as db:
        row = await _load(db, registration_id)
        _refuse_unless_pending(row)
        camera = _camera_for(row)
        row.status, row.camera_id = "approved", camera.id
        row.reviewed_at, row.reviewed_by = time.time(), reviewer
        row.review_reason = _reason(reason, required=False)
        db.add_all([row, camera])
        await db.commit()
        registry.changed("upserted", [camera])
    log.info("registration_approved", registration_id=row.id, camera_id=camera.id)
    return row, camera


async def reject_registration(
    registry: Registry, *, registration_id: str, reviewer: str, reason: str
) -> Registration:
    async with session(registry) as db:
        row = await _load(db, registration_id)
        _refuse_unless_pending(row)
        row.status, row.reviewed_at, row.reviewed_by = "rejected", time.time(), reviewer
        row.review_reason = _reason(reason, required=True)
        db.add(row)
        await db.commit()
    log.info("registration_rejected", registration_id=row.id)
    return row


def _check_withdrawer(row: Registration, token: str, withdrawn_by: str) -> str:
    if token:
        if not hmac.compare_digest(_sha256(token), row.withdrawal_token_sha256):
            raise PermissionDenied("the withdrawal token does not match this registration")
        return "owner"
    if not withdrawn_by:
        raise PermissionDenied("a withdrawal token or a staff member is required")
    return withdrawn_by


def _end_consent(camera: Camera, at: float) -> None:
    """Suspended with nothing granted: the recorder stops, live view ends, analysts lose sight."""
    camera.consent_withdrawn_at = at
    camera.lifecycle = "suspended"
    set_permissions(camera, Permissions())
    camera.updated_at = at


async def withdraw_consent(
    registry: Registry, *, registration_id: str, token: str, withdrawn_by: str, reason: str
) -> Registration:
    async with writing(registry) as db:
        row = await _load(db, registration_id)
        who = _check_withdrawer(row, token, withdrawn_by)
        if row.status == "withdrawn":
            return row
        if row.status == "rejected":
            raise FailedPrecondition(f"registration {row.id} was rejected; nothing to withdraw")
        now = time.time()
        camera = await db.get(Camera, row.camera_id) if row.camera_id else None
        if camera is not None:
            _end_consent(camera, now)
            db.add(camera)
        row.status, row.withdrawn_at, row.withdrawn_by = "withdrawn", now, who
        row.withdrawal_reason = _reason(reason, required=False)
        db.add(row)
        await db.commit()
        if camera is not None:
            registry.changed("upserted", [camera])
    log.info("consent_withdrawn", registration_id=row.id, camera_id=row.camera_id, by=who)
    return row
