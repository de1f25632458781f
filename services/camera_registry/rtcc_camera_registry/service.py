"""Camera records: create, read, list, change, remove, and the credentialed stream source."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from rtcc_camera_registry.camera_input import (
    CameraFields,
    check_fields,
    check_lifecycle_move,
    check_new_camera,
)
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.models import Camera, HealthTransition
from rtcc_camera_registry.rows import apply_fields, new_camera_values
from rtcc_common.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger

log = get_logger(__name__)

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
_ID = re.compile(r"^[0-9a-f]{1,32}$")


def page_size_of(requested: int) -> int:
    if requested < 0:
        raise InvalidArgument("page_size must not be negative")
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def check_id(camera_id: str, what: str = "camera") -> str:
    if not _ID.match(camera_id):
        raise NotFound(f"{what} {camera_id!r} does not exist")
    return camera_id


def session(registry: Registry) -> AsyncSession:
    return AsyncSession(registry.db.engine, expire_on_commit=False)


@asynccontextmanager
async def writing(registry: Registry) -> AsyncIterator[AsyncSession]:
    """A session for a camera write. Writes take turns, each through its commit and its
    announcement, so watchers and the cache see changes in the order they were stored (a
    health probe must never announce a camera as it was before a withdrawal)."""
    async with registry.write_lock, session(registry) as db:
        yield db


async def load_camera(db: AsyncSession, camera_id: str) -> Camera:
    camera = await db.get(Camera, check_id(camera_id))
    if camera is None:
        raise NotFound(f"camera {camera_id} does not exist")
    return camera


async def _refuse_taken_external_id(db: AsyncSession, external_id: str | None, own_id: str) -> None:
    if not external_id:
        return
    other = (await db.exec(select(Camera.id).where(col(Camera.external_id) == external_id))).first()
    if other is not None and other != own_id:
        raise AlreadyExists(f"external_id {external_id!r} belongs to camera {other}")


async def commit_camera(registry: Registry, db: AsyncSession, camera: Camera) -> Camera:
    """Commit, then tell the watchers: they only ever hear of what is stored."""
    db.add(camera)
    try:
        await db.commit()
    except IntegrityError as exc:
        raise AlreadyExists(f"external_id {camera.external_id!r} is already taken") from exc
    registry.changed("upserted", [camera])
    return camera


def check_stream_addresses(
    registry: Registry, fields: CameraFields, *, public: bool = False
) -> None:
    """Stream URLs that point where the stream policy allows (never the center's own hosts)."""
    registry.streams.check_url("stream_url", fields.stream_url or "", public=public)
    registry.streams.check_url("substream_url", fields.substream_url or "", public=public)


async def create_camera(registry: Registry, *, fields: CameraFields) -> Camera:
    checked = check_new_camera(fields)
    check_stream_addresses(registry, checked)
    camera = Camera(**new_camera_values(checked, registry.cipher))
    async with writing(registry) as db:
        await _refuse_taken_external_id(db, camera.external_id, camera.id)
        await commit_camera(registry, db, camera)
    log.info("camera_created", camera_id=camera.id, ownership=camera.ownership)
    return camera


async def get_camera(registry: Registry, *, camera_id: str) -> Camera:
    cached = registry.cache.get(camera_id)
    if cached is not None:
        return cached
    writes_before_read = registry.cache.writes
    async with session(registry) as db:
        camera = await load_camera(db, camera_id)
    registry.cache.fill(camera, writes_before_read=writes_before_read)
    return camera


async def list_cameras(
    registry: Registry,
    *,
    page_size: int,
    page_token: str,
    exclude_withdrawn: bool,
    lifecycles: Sequence[str],
) -> tuple[list[Camera], str]:
    """One page in id order (ids grow with time); the token is the last id of the page."""
    size = page_size_of(page_size)
    query = select(Camera).order_by(col(Camera.id)).limit(size)
    if page_token:
        query = query.where(col(Camera.id) > check_id(page_token, "page_token"))
    if exclude_withdrawn:
        query = query.where(col(Camera.consent_withdrawn_at).is_(None))
    if lifecycles:
        query = query.where(col(Camera.lifecycle).in_(lifecycles))
    async with session(registry) as db:
        cameras = list((await db.exec(query)).all())
    next_token = cameras[-1].id if len(cameras) == size else ""
    return cameras, next_token


async def every_camera(registry: Registry) -> AsyncIterator[Camera]:
    """All cameras, a page at a time, for WatchCameras' snapshot."""
    token = ""
    while True:
        cameras, token = await list_cameras(
            registry,
            page_size=MAX_PAGE_SIZE,
            page_token=token,
            exclude_withdrawn=False,
            lifecycles=(),
        )
        for camera in cameras:
            yield camera
        if not token:
            return


def _refuse_after_withdrawal(camera: Camera, checked: CameraFields) -> None:
    if camera.consent_withdrawn_at is None:
        return
    granted = checked.permissions is not None and (
        checked.permissions.live
        or checked.permissions.record
        or checked.permissions.recordings_on_request_only
    )
    if granted or checked.lifecycle in ("active", "pending"):
        raise FailedPrecondition(
            f"the owner of camera {camera.id} withdrew consent; it cannot be re-enabled"
        )


async def update_camera(registry: Registry, *, camera_id: str, fields: CameraFields) -> Camera:
    if not fields.given:
        raise InvalidArgument("update_mask names no field to change")
    checked = check_fields(fields)
    check_stream_addresses(registry, checked)
    async with writing(registry) as db:
        camera = await load_camera(db, camera_id)
        if checked.lifecycle is not None:
            check_lifecycle_move(camera.lifecycle, checked.lifecycle)
        _refuse_after_withdrawal(camera, checked)
        await _refuse_taken_external_id(db, checked.external_id, camera.id)
        apply_fields(camera, checked, registry.cipher)
        await commit_camera(registry, db, camera)
    log.info("camera_updated", camera_id=camera.id, fields=sorted(fields.given))
    return camera


async def delete_camera(registry: Registry, *, camera_id: str) -> None:
    async with writing(registry) as db:
        camera = await load_camera(db, camera_id)
        await db.delete(camera)
        await db.exec(delete(HealthTransition).where(col(HealthTransition.camera_id) == camera.id))  # type: ignore[call-overload]
        await db.commit()
        registry.changed("removed", [camera])
    log.info("camera_deleted", camera_id=camera.id)


async def get_stream_source(registry: Registry, *, camera_id: str) -> tuple[str, str]:
    """The URLs with credentials, decrypted: for the recorder and the live-view relay only."""
    camera = await get_camera(registry, camera_id=camera_id)
    return (
        registry.cipher.decrypt(camera.stream_url_encrypted),
        registry.cipher.decrypt(camera.substream_url_encrypted),
    )
