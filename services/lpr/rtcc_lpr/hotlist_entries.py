"""Hotlist entries: validation, adding, removing, and reading them back for alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.models import Hotlist, HotlistEntry, table
from rtcc_lpr.plates import (
    MAX_PLATE_LENGTH,
    is_valid_state,
    normalize_plate,
    normalize_state,
    plate_skeleton,
)


@dataclass
class NewEntry:
    plate: str
    state: str
    reason: str = ""
    case_number: str = ""
    vehicle_description: str = ""
    expires_at: datetime | None = None


def entry_problem(entry: NewEntry) -> str | None:
    return values_problem(
        normalize_plate(entry.plate),
        normalize_state(entry.state),
        entry.reason,
        entry.case_number,
        entry.vehicle_description,
    )


def values_problem(
    plate: str, state: str, reason: str, case_number: str, description: str
) -> str | None:
    """Why normalised entry values cannot be stored, or None."""
    if not plate:
        return "plate has no letters or digits"
    if len(plate) > MAX_PLATE_LENGTH:
        return "plate is too long"
    if not is_valid_state(state):
        return "state must be a 2-3 letter code"
    if len(reason) > 200 or len(case_number) > 64:
        return "reason or case number too long"
    if len(description) > 500:
        return "vehicle description too long"
    return None


def entry_row(hotlist_id: str, entry: NewEntry) -> dict[str, Any]:
    plate = normalize_plate(entry.plate)
    return {
        "hotlist_id": hotlist_id,
        "plate": plate,
        "state": normalize_state(entry.state),
        "skeleton": plate_skeleton(plate),
        "reason": entry.reason,
        "case_number": entry.case_number,
        "vehicle_description": entry.vehicle_description,
        "expires_at": entry.expires_at,
    }


def _entry_query() -> Any:
    entries, hotlists = table(HotlistEntry), table(Hotlist)
    return select(entries, hotlists.c.name.label("hotlist_name")).join(
        hotlists, hotlists.c.id == entries.c.hotlist_id
    )


async def entries_by_id(conn: AsyncConnection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Entries with their list's name; entries removed meanwhile are left out."""
    rows = await conn.execute(_entry_query().where(table(HotlistEntry).c.id.in_(ids)))
    return [dict(row._mapping) for row in rows]


async def entries_matching(
    conn: AsyncConnection, *, hotlist_id: str, plates: Sequence[str], state: str
) -> list[dict[str, Any]]:
    """The entries of one list for these plates in this state (a hit's details)."""
    entries = table(HotlistEntry)
    rows = await conn.execute(
        _entry_query().where(
            entries.c.hotlist_id == hotlist_id,
            entries.c.plate.in_(plates),
            entries.c.state == state,
        )
    )
    return [dict(row._mapping) for row in rows]


async def list_entries(
    conn: AsyncConnection, *, hotlist_id: str, plate: str, page_size: int, after_id: int
) -> list[dict[str, Any]]:
    entries = table(HotlistEntry)
    query = _entry_query().where(entries.c.hotlist_id == hotlist_id, entries.c.id > after_id)
    if plate:
        query = query.where(entries.c.plate == normalize_plate(plate))
    rows = await conn.execute(query.order_by(entries.c.id).limit(page_size))
    return [dict(row._mapping) for row in rows]
