"""How many reads were collected, per UTC day of observation and source.

Reads without a hit or a case are deleted after the retention period, but the annual
surveillance report must say how many the year collected: each stored read is counted here, in
the transaction that stores it, and the counts are never swept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import InvalidArgument
from rtcc_lpr.models import ReadTally, table

MAX_DAYS = 3660


def _source(row: dict[str, Any]) -> str:
    return "camera" if row["camera_id"] else "reader"


async def count_stored(conn: AsyncConnection, rows: Iterable[dict[str, Any]]) -> None:
    """Adds the stored read rows to their days' counts."""
    counts = Counter(
        (row["observed_at"].astimezone(dt.UTC).date().isoformat(), _source(row)) for row in rows
    )
    if not counts:
        return
    tallies = table(ReadTally)
    dialect_insert = postgres_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(tallies)
    statement = statement.on_conflict_do_update(
        index_elements=[tallies.c.day, tallies.c.source],
        set_={"reads": tallies.c.reads + statement.excluded.reads},
    )
    # Rows in key order: concurrent batches lock the same rows in the same order (no deadlock).
    values = [{"day": d, "source": s, "reads": n} for (d, s), n in sorted(counts.items())]
    await conn.execute(statement, values)


def _day(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(f"{name} must be a day as YYYY-MM-DD") from None


async def read_counts(
    conn: AsyncConnection, *, first_day: str, last_day: str
) -> list[tuple[str, str, int]]:
    """(day, source, reads) from first_day to last_day inclusive, oldest first."""
    first, last = _day(first_day, "first_day"), _day(last_day, "last_day")
    if last < first:
        raise InvalidArgument("last_day is before first_day")
    if (last - first).days >= MAX_DAYS:
        raise InvalidArgument(f"ask for at most {MAX_DAYS} days at a time")
    tallies = table(ReadTally)
    query = (
        select(tallies.c.day, tallies.c.source, tallies.c.reads)
        .where(tallies.c.day >= first.isoformat(), tallies.c.day <= last.isoformat())
        .order_by(tallies.c.day, tallies.c.source)
    )
    return [(day, source, reads) for day, source, reads in await conn.execute(query)]
