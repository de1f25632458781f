"""A new hotlist entry searched back through stored reads: the hits it finds become alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.alerts import new_alert_row
from rtcc_lpr.models import Alert, PlateRead, table

MAX_HISTORICAL_HITS_PER_ENTRY = 1000


async def raise_historical_alerts(
    conn: AsyncConnection, entries: Sequence[dict[str, Any]], *, tolerant: bool, since: datetime
) -> list[str]:
    reads = table(PlateRead)
    rows: list[dict[str, Any]] = []
    hit_reads: set[int] = set()
    for entry in entries:
        match = (
            reads.c.plate_skeleton == entry["skeleton"]
            if tolerant
            else reads.c.plate_normalized == entry["plate"]
        )
        found = await conn.execute(
            select(reads.c.id, reads.c.plate_normalized)
            .where(match, reads.c.state == entry["state"], reads.c.observed_at >= since)
            .limit(MAX_HISTORICAL_HITS_PER_ENTRY)
        )
        for read_pk, plate in found:
            hit_reads.add(read_pk)
            rows.append(
                new_alert_row(
                    read_pk=read_pk,
                    entry=entry,
                    hotlist_name=entry["hotlist_name"],
                    exact=plate == entry["plate"],
                    historical=True,
                )
            )
    if rows:
        await conn.execute(table(Alert).insert(), rows)
        await conn.execute(reads.update().where(reads.c.id.in_(hit_reads)).values(has_hit=True))
    return [row["id"] for row in rows]
