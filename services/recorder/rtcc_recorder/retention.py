"""The sweeper: deletes footage past each camera's retention, keeps each camera under its size
cap and the store above its free-space floor, and never touches footage under a legal hold.

A row is deleted before its file, so a crash in between leaves an orphan file (indexed again by
reconciliation and swept next time), never a row pointing at nothing. One instance sweeps at a
time: it holds the sweeper's lease.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, delete, exists, not_
from sqlmodel import col, func, select

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder import leases
from rtcc_recorder.activity_index import forget_activity_of
from rtcc_recorder.events import record_event
from rtcc_recorder.metrics import FOOTAGE_BYTES, RETENTION_DELETIONS, RETENTION_FREED_BYTES
from rtcc_recorder.models import CameraPolicy, Hold, Segment
from rtcc_recorder.settings import Settings

log = get_logger(__name__)

SWEEPER_LEASE = "__retention_sweeper__"
DAY_S = 86400.0
BATCH = 200


def _unheld() -> object:
    """Segments no hold in force overlaps."""
    return not_(
        exists().where(
            and_(
                col(Hold.camera_id) == col(Segment.camera_id),
                col(Hold.released_ts).is_(None),
                col(Hold.start_ts) < col(Segment.end_ts),
                col(Hold.end_ts) > col(Segment.start_ts),
            )
        )
    )


@dataclass
class SweepResult:
    expired: int = 0
    over_cap: int = 0
    pressure: int = 0
    freed_bytes: int = 0


async def _delete(db: Database, root: Path, segments: list[Segment], result: SweepResult) -> None:
    if not segments:
        return
    async with db.sessions() as session:
        ids = [s.id for s in segments]
        await session.execute(forget_activity_of(ids))
        await session.execute(delete(Segment).where(col(Segment.id).in_(ids)))
        await session.commit()
    for segment in segments:
        (root / segment.path).unlink(missing_ok=True)
        result.freed_bytes += segment.bytes


async def _oldest_unheld(db: Database, *conditions: object, limit: int = BATCH) -> list[Segment]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Segment)
            .where(_unheld(), *conditions)  # type: ignore[arg-type]
            .order_by(col(Segment.start_ts))
            .limit(limit)
        )
        return list(rows.scalars())


async def _expire(
    db: Database, root: Path, settings: Settings, now: float, result: SweepResult
) -> None:
    async with db.sessions() as session:
        cameras = (await session.execute(select(Segment.camera_id).distinct())).scalars().all()
        policies = {p.camera_id: p for p in (await session.execute(select(CameraPolicy))).scalars()}
    for camera_id in cameras:
        policy = policies.get(camera_id)
        days = policy.retention_days if policy else settings.default_retention_days
        cutoff = now - days * DAY_S
        while batch := await _oldest_unheld(
            db, col(Segment.camera_id) == camera_id, col(Segment.end_ts) < cutoff
        ):
            await _delete(db, root, batch, result)
            result.expired += len(batch)


async def _enforce_size_caps(db: Database, root: Path, cap: int, result: SweepResult) -> None:
    async with db.sessions() as session:
        totals = (
            await session.execute(
                select(Segment.camera_id, func.sum(Segment.bytes)).group_by(col(Segment.camera_id))
            )
        ).all()
    for camera_id, total in totals:
        excess = int(total or 0) - cap
        while excess > 0:
            batch = await _oldest_unheld(db, col(Segment.camera_id) == camera_id, limit=50)
            if not batch:
                break
            trimmed: list[Segment] = []
            for segment in batch:
                if excess <= 0:
                    break
                trimmed.append(segment)
                excess -= segment.bytes
            await _delete(db, root, trimmed, result)
            result.over_cap += len(trimmed)


async def _relieve_pressure(db: Database, root: Path, floor: int, result: SweepResult) -> bool:
    """Oldest unheld footage of any camera goes first until the floor is met; False when held
    footage alone fills the disk."""
    while shutil.disk_usage(root).free < floor:
        batch = await _oldest_unheld(db, limit=20)
        if not batch:
            return False
        await _delete(db, root, batch, result)
        result.pressure += len(batch)
    return True


async def sweep(db: Database, settings: Settings, *, now: float | None = None) -> SweepResult:
    """One pass of every rule; `now` lets an operator (or a test) sweep as of another time."""
    root = settings.recordings_path
    root.mkdir(parents=True, exist_ok=True)
    result = SweepResult()
    await _expire(db, root, settings, now or time.time(), result)
    if settings.max_bytes_per_camera > 0:
        await _enforce_size_caps(db, root, settings.max_bytes_per_camera, result)
    relieved = await _relieve_pressure(db, root, settings.min_free_bytes, result)
    if result.pressure:
        await record_event(
            db,
            kind="disk_pressure",
            message=f"free space under {settings.min_free_bytes} bytes: deleted the oldest"
            f" {result.pressure} unheld segments early",
        )
    if not relieved:
        await record_event(
            db, kind="disk_full", message="free space under the floor and only held footage left"
        )
    if result.expired or result.over_cap or result.pressure:
        log.info("retention_swept", **result.__dict__)
    for rule in ("expired", "over_cap", "pressure"):
        RETENTION_DELETIONS.labels(rule).inc(getattr(result, rule))
    RETENTION_FREED_BYTES.inc(result.freed_bytes)
    async with db.sessions() as session:
        total = (await session.execute(select(func.sum(col(Segment.bytes))))).scalar()
    FOOTAGE_BYTES.set(total or 0)
    return result


async def run_sweeper(db: Database, settings: Settings) -> None:
    """Background work: sweep every interval while this instance holds the sweeper's lease."""
    while True:
        try:
            if await leases.try_claim(
                db,
                camera_id=SWEEPER_LEASE,
                instance_id=settings.instance_id,
                ttl_s=settings.sweep_interval_s * 2,
            ):
                await sweep(db, settings)
        except Exception:
            log.exception("retention_sweep_failed")
        await asyncio.sleep(settings.sweep_interval_s)
