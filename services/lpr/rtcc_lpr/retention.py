"""Retention: reads without a hit and without a case are deleted after the policy's days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.models import PlateRead, table

SWEEP_BATCH = 10_000


def _expired(days: int) -> object:
    reads = table(PlateRead)
    cutoff = datetime.now(UTC) - timedelta(days=days)
    return and_(
        reads.c.observed_at < cutoff, reads.c.has_hit.is_(False), reads.c.case_number.is_(None)
    )


async def delete_expired_batch(conn: AsyncConnection, *, days: int) -> tuple[int, set[str]]:
    """Deletes up to SWEEP_BATCH expired reads; returns how many and their image ids."""
    reads = table(PlateRead)
    rows = (
        await conn.execute(
            select(reads.c.id, reads.c.plate_image_id, reads.c.wide_image_id)
            .where(_expired(days))  # type: ignore[arg-type]
            .limit(SWEEP_BATCH)
        )
    ).all()
    if not rows:
        return 0, set()
    await conn.execute(reads.delete().where(reads.c.id.in_([row.id for row in rows])))
    images = {i for row in rows for i in (row.plate_image_id, row.wide_image_id) if i}
    return len(rows), images


async def unreferenced_images(conn: AsyncConnection, image_ids: set[str]) -> set[str]:
    """Images no remaining read links (the same crop may belong to several reads)."""
    if not image_ids:
        return set()
    reads = table(PlateRead)
    ids = list(image_ids)
    used = await conn.execute(
        select(reads.c.plate_image_id, reads.c.wide_image_id).where(
            reads.c.plate_image_id.in_(ids) | reads.c.wide_image_id.in_(ids)
        )
    )
    still_linked = {i for row in used for i in row if i}
    return image_ids - still_linked
