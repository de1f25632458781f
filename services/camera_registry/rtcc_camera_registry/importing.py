"""Integrators' bulk import: one upsert per row keyed on external_id, every row answered.

Rows are checked one by one; a bad row is reported and skipped, the good rows are stored in one
transaction. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from sqlalchemy import insert
from sqlmodel import col, select

from rtcc_camera_registry.camera_input import (
    CameraFields,
    check_fields,
    check_lifecycle_move,
    check_new_camera,
)
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.models import Camera
from rtcc_camera_registry.rows import apply_fields, new_camera_values
from rtcc_camera_registry.service import check_stream_addresses, writing
from rtcc_common.errors import DomainError, InvalidArgument
from rtcc_common.logging import get_logger

log = get_logger(__name__)

MAX_IMPORT_ROWS = 10_000
_LOOKUP_CHUNK = 500
# What a re-import compares to decide "unchanged"; bookkeeping columns are left out.
_IGNORED = {"updated_at", "stream_url_encrypted", "substream_url_encrypted"}

Outcome = Literal["created", "updated", "unchanged", "failed"]


@dataclass
class RowResult:
    row: int
    outcome: Outcome
    external_id: str = ""
    camera_id: str = ""
    error: str = ""


ParsedRow: TypeAlias = CameraFields | DomainError


def _visible_state(camera: Camera, decrypt: Callable[[str], str]) -> dict[str, object]:
    state = {k: v for k, v in camera.model_dump().items() if k not in _IGNORED}
    state["stream_url"] = decrypt(camera.stream_url_encrypted)
    state["substream_url"] = decrypt(camera.substream_url_encrypted)
    return state


def _check_rows(
    registry: Registry, rows: list[ParsedRow]
) -> tuple[dict[int, CameraFields], list[RowResult]]:
    good: dict[int, CameraFields] = {}
    failed: list[RowResult] = []
    first_row_of: dict[str, int] = {}
    for index, parsed in enumerate(rows):
        try:
            if isinstance(parsed, DomainError):
                raise parsed
            checked = check_fields(parsed)
            check_stream_addresses(registry, checked)
            if not checked.external_id:
                raise InvalidArgument("external_id is required for import")
            if checked.external_id in first_row_of:
                raise InvalidArgument(
                    f"external_id repeats row {first_row_of[checked.external_id]}"
                )
        except DomainError as exc:
            external_id = getattr(parsed, "external_id", None) or ""
            failed.append(RowResult(index, "failed", external_id, error=exc.message))
            continue
        first_row_of[checked.external_id] = index
        good[index] = checked
    return good, failed


def _upsert_one(
    registry: Registry, existing: Camera | None, checked: CameraFields
) -> tuple[Camera, Outcome]:
    if existing is None:
        # A detached snapshot for the result and the watchers; stored by one bulk insert.
        values = new_camera_values(check_new_camera(checked), registry.cipher)
        return Camera.model_construct(**values), "created"
    if checked.lifecycle is not None:
        check_lifecycle_move(existing.lifecycle, checked.lifecycle)
    before = _visible_state(existing, registry.cipher.decrypt)
    apply_fields(existing, checked, registry.cipher)
    if _visible_state(existing, registry.cipher.decrypt) == before:
        return existing, "unchanged"
    return existing, "updated"


async def import_cameras(registry: Registry, *, rows: list[ParsedRow]) -> list[RowResult]:
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidArgument(f"at most {MAX_IMPORT_ROWS} rows per import")
    good, results = _check_rows(registry, rows)
    changed: list[Camera] = []
    created: list[Camera] = []
    async with writing(registry) as db:
        ids = [fields.external_id for fields in good.values()]
        existing: dict[str, Camera] = {}
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            found = await db.exec(select(Camera).where(col(Camera.external_id).in_(chunk)))
            existing.update({camera.external_id or "": camera for camera in found.all()})
        for index, checked in good.items():
            external_id = checked.external_id or ""
            try:
                camera, outcome = _upsert_one(registry, existing.get(external_id), checked)
            except DomainError as exc:
                results.append(RowResult(index, "failed", external_id, error=exc.message))
                continue
            if outcome == "unchanged":
                await db.refresh(camera)  # undo the no-op assignments, keep updated_at
            elif outcome == "created":
                created.append(camera)
            else:
                db.add(camera)
            if outcome != "unchanged":
                changed.append(camera)
            results.append(RowResult(index, outcome, external_id, camera.id))
        if created:
            # One multi-row insert: ORM unit-of-work bookkeeping per row would dominate.
            await db.exec(insert(Camera), params=[c.model_dump() for c in created])  # type: ignore[call-overload]
        await db.commit()
        registry.changed("upserted", changed)
    log.info("cameras_imported", rows=len(rows), changed=len(changed))
    return sorted(results, key=lambda r: r.row)
