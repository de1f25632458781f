"""Batch insert that skips rows whose key is already stored, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def insert_ignoring_conflicts(
    conn: AsyncConnection, target: Table, rows: Sequence[dict[str, Any]], *, key: str
) -> dict[Any, int]:
    """Inserts the rows in one batched statement; returns key -> primary key of those inserted
    (a row whose key exists already is left out)."""
    if not rows:
        return {}
    dialect_insert = postgres_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = (
        dialect_insert(target)
        .on_conflict_do_nothing(index_elements=[key])
        .returning(target.c[key], target.c.id)
    )
    result = await conn.execute(statement, list(rows))
    return {row[0]: row[1] for row in result}
