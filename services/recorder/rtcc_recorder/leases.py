"""Camera leases in the shared recorder database: a row per camera names the recorder instance
that records it until `expires_ts`. Claims are single conditional UPDATEs (or an INSERT that the
primary key lets only one instance win), so two instances never record the same camera."""

from __future__ import annotations

import math
import time

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from rtcc_common.service_runtime import Database
from rtcc_recorder.models import CameraLease, RecorderInstance


async def heartbeat(db: Database, instance_id: str) -> None:
    async with db.sessions() as session:
        row = await session.get(RecorderInstance, instance_id)
        if row is None:
            session.add(RecorderInstance(instance_id=instance_id, heartbeat_ts=time.time()))
        else:
            row.heartbeat_ts = time.time()
        await session.commit()


async def fair_share(db: Database, *, cameras: int, ttl_s: float) -> int:
    """How many cameras each live instance should hold, rounded up."""
    async with db.sessions() as session:
        live = await session.scalar(
            select(func.count())
            .select_from(RecorderInstance)
            .where(col(RecorderInstance.heartbeat_ts) > time.time() - ttl_s)
        )
    return math.ceil(cameras / max(1, int(live or 1)))


async def try_claim(db: Database, *, camera_id: str, instance_id: str, ttl_s: float) -> bool:
    now = time.time()
    async with db.sessions() as session:
        result = await session.execute(
            update(CameraLease)
            .where(
                col(CameraLease.camera_id) == camera_id,
                (col(CameraLease.instance_id) == instance_id) | (col(CameraLease.expires_ts) < now),
            )
            .values(instance_id=instance_id, expires_ts=now + ttl_s, state="starting")
        )
        if result.rowcount:  # type: ignore[attr-defined]
            await session.commit()
            return True
        if await session.get(CameraLease, camera_id) is not None:
            return False
        session.add(
            CameraLease(camera_id=camera_id, instance_id=instance_id, expires_ts=now + ttl_s)
        )
        try:
            await session.commit()
        except IntegrityError:
            return False
        return True


async def claim_many(
    db: Database, *, camera_ids: list[str], limit: int, instance_id: str, ttl_s: float
) -> set[str]:
    """Claim up to `limit` of the cameras that no live instance holds, in one transaction: one
    disk sync for a whole fleet at start-up, not one per camera. Returns the cameras now ours."""
    now = time.time()
    async with db.sessions() as session:
        rows = (
            await session.execute(
                select(
                    CameraLease.camera_id, CameraLease.instance_id, CameraLease.expires_ts
                ).where(col(CameraLease.camera_id).in_(camera_ids))
            )
        ).all()
        taken = {c for c, holder, expires in rows if holder != instance_id and expires >= now}
        known = {c for c, _, _ in rows}
        candidates = [c for c in camera_ids if c not in taken][:limit]
        if not candidates:
            return set()
        await session.execute(
            update(CameraLease)
            .where(
                col(CameraLease.camera_id).in_(candidates),
                (col(CameraLease.instance_id) == instance_id) | (col(CameraLease.expires_ts) < now),
            )
            .values(instance_id=instance_id, expires_ts=now + ttl_s, state="starting")
        )
        session.add_all(
            CameraLease(camera_id=c, instance_id=instance_id, expires_ts=now + ttl_s)
            for c in candidates
            if c not in known
        )
        try:
            await session.commit()
        except IntegrityError:
            return set()  # another instance inserted meanwhile; the next round tries again
        ours = await session.execute(
            select(CameraLease.camera_id).where(
                col(CameraLease.camera_id).in_(candidates),
                col(CameraLease.instance_id) == instance_id,
            )
        )
        return set(ours.scalars())


async def renew(db: Database, *, instance_id: str, camera_ids: set[str], ttl_s: float) -> set[str]:
    """Extend our leases; returns the cameras still ours (a lapsed lease may have been taken)."""
    if not camera_ids:
        return set()
    now = time.time()
    async with db.sessions() as session:
        await session.execute(
            update(CameraLease)
            .where(
                col(CameraLease.instance_id) == instance_id,
                col(CameraLease.camera_id).in_(camera_ids),
            )
            .values(expires_ts=now + ttl_s)
        )
        held = await session.execute(
            select(CameraLease.camera_id).where(
                col(CameraLease.instance_id) == instance_id,
                col(CameraLease.camera_id).in_(camera_ids),
            )
        )
        await session.commit()
        return set(held.scalars())


async def release(db: Database, *, instance_id: str, camera_id: str) -> None:
    async with db.sessions() as session:
        await session.execute(
            delete(CameraLease).where(
                col(CameraLease.camera_id) == camera_id,
                col(CameraLease.instance_id) == instance_id,
            )
        )
        await session.commit()


async def held_by(db: Database, instance_id: str) -> set[str]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(CameraLease.camera_id).where(
                col(CameraLease.instance_id) == instance_id,
                col(CameraLease.expires_ts) > time.time(),
            )
        )
        return set(rows.scalars())
