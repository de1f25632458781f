"""Hotlists (NCIC extract, local BOLO, AMBER, ...): the lists and their bulk import."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import AlreadyExists, InvalidArgument, NotFound
from rtcc_lpr.hotlist_entries import values_problem
from rtcc_lpr.matching import ListIndex
from rtcc_lpr.models import Hotlist, HotlistEntry, table
from rtcc_lpr.plates import normalize_plate, normalize_state, plate_skeleton

IMPORT_CHUNK_ROWS = 50_000
MAX_REPORTED_ERRORS = 20
CSV_COLUMNS = ("plate", "state", "reason", "case_number", "vehicle_description", "expires_at")
_ENTRY_COLUMNS = (
    "hotlist_id",
    "plate",
    "state",
    "skeleton",
    "reason",
    "case_number",
    "vehicle_description",
    "expires_at",
)


async def create_hotlist(
    conn: AsyncConnection, *, name: str, source: str, tolerant: bool
) -> dict[str, Any]:
    if not name.strip() or len(name) > 200:
        raise InvalidArgument("name is required (≤200 chars)")
    if len(source) > 64:
        raise InvalidArgument("source is too long")
    row = {
        "id": str(uuid.uuid4()),
        "name": name.strip(),
        "source": source,
        "tolerant": tolerant,
        "updated_at": datetime.now(UTC),
    }
    try:
        async with conn.begin_nested():
            await conn.execute(table(Hotlist).insert().values(**row))
    except IntegrityError as exc:
        raise AlreadyExists(f"a hotlist named {name!r} exists") from exc
    return {**row, "entries": 0}


async def list_hotlists(
    conn: AsyncConnection, hotlist_id: str | None = None
) -> list[dict[str, Any]]:
    hotlists, entries = table(Hotlist), table(HotlistEntry)
    counts = (
        select(entries.c.hotlist_id, func.count().label("entries"))
        .group_by(entries.c.hotlist_id)
        .subquery()
    )
    query = (
        select(hotlists, func.coalesce(counts.c.entries, 0).label("entries"))
        .outerjoin(counts, counts.c.hotlist_id == hotlists.c.id)
        .order_by(hotlists.c.name)
    )
    if hotlist_id is not None:
        query = query.where(hotlists.c.id == hotlist_id)
    return [dict(row._mapping) for row in await conn.execute(query)]


async def get_hotlist(conn: AsyncConnection, hotlist_id: str) -> dict[str, Any]:
    found = (
        await conn.execute(select(table(Hotlist)).where(table(Hotlist).c.id == hotlist_id))
    ).first()
    if found is None:
        raise NotFound(f"hotlist {hotlist_id} not found")
    return dict(found._mapping)


async def delete_hotlist(conn: AsyncConnection, hotlist_id: str) -> None:
    await get_hotlist(conn, hotlist_id)
    entries = table(HotlistEntry)
    await conn.execute(entries.delete().where(entries.c.hotlist_id == hotlist_id))
    await conn.execute(table(Hotlist).delete().where(table(Hotlist).c.id == hotlist_id))


async def touch_hotlist(conn: AsyncConnection, hotlist_id: str) -> None:
    hotlists = table(Hotlist)
    await conn.execute(
        hotlists.update().where(hotlists.c.id == hotlist_id).values(updated_at=datetime.now(UTC))
    )


@dataclass
class ImportReport:
    imported: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(f"line {line}: {reason}")


def _parse_expiry(text: str) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


EntryRecord = tuple[str, str, str, str, str, str, str, datetime | None]  # as _ENTRY_COLUMNS


def _record(hotlist_id: str, fields: list[str]) -> EntryRecord | str:
    """One CSV line as a table row, or why it cannot be one."""
    padded = [f.strip() for f in fields] + [""] * (len(CSV_COLUMNS) - len(fields))
    plate, state = normalize_plate(padded[0]), normalize_state(padded[1])
    reason, case_number, description = padded[2:5]
    problem = values_problem(plate, state, reason, case_number, description)
    if problem:
        return problem
    try:
        expires_at = _parse_expiry(padded[5])
    except ValueError:
        return "expires_at is not an ISO 8601 time"
    return (
        hotlist_id,
        plate,
        state,
        plate_skeleton(plate),
        reason,
        case_number,
        description,
        expires_at,
    )


def _chunks(data: bytes, hotlist_id: str, report: ImportReport) -> Iterator[list[EntryRecord]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidArgument("the CSV file must be UTF-8") from exc
    chunk: list[EntryRecord] = []
    for line, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields or (line == 1 and fields[0].strip().lower() == "plate"):
            continue
        record = _record(hotlist_id, fields)
        if isinstance(record, str):
            report.reject(line, record)
            continue
        chunk.append(record)
        if len(chunk) >= IMPORT_CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_time(value: datetime | None) -> str | None:
    """The text SQLAlchemy itself stores for a UTC time in SQLite."""
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


async def _insert_records(conn: AsyncConnection, records: list[EntryRecord]) -> None:
    """Rows as tuples straight to the driver: COPY on PostgreSQL, executemany on SQLite."""
    if conn.dialect.name == "postgresql":
        raw = await conn.get_raw_connection()
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            "hotlist_entries", records=records, columns=_ENTRY_COLUMNS
        )
        return
    marks = ", ".join("?" for _ in _ENTRY_COLUMNS)
    await conn.exec_driver_sql(
        f"INSERT INTO hotlist_entries ({', '.join(_ENTRY_COLUMNS)}) VALUES ({marks})",
        [(*r[:7], _sqlite_time(r[7])) for r in records],
    )


async def import_csv(
    conn: AsyncConnection, *, hotlist_id: str, data: bytes, replace: bool, index: ListIndex
) -> ImportReport:
    """Imports in the caller's transaction: a replaced list changes all at once on commit.
    The entries are also added to `index`, for the caller to put in place after the commit."""
    await get_hotlist(conn, hotlist_id)  # also opens the transaction before any COPY
    if replace:
        entries = table(HotlistEntry)
        await conn.execute(entries.delete().where(entries.c.hotlist_id == hotlist_id))
    report = ImportReport()
    for records in _chunks(data, hotlist_id, report):
        await _insert_records(conn, records)
        index.add((r[1], r[2], r[3]) for r in records)
        report.imported += len(records)
    await touch_hotlist(conn, hotlist_id)
    return report
