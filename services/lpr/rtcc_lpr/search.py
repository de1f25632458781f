"""Plate search: exact, wildcard and OCR-tolerant, over time, readers, area and confidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import InvalidArgument
from rtcc_lpr.area import Area
from rtcc_lpr.models import Alert, PlateRead, table
from rtcc_lpr.paging import decode_token, encode_token
from rtcc_lpr.plates import (
    MAX_PLATE_LENGTH,
    expand_wildcard,
    normalize_plate,
    normalize_state,
    normalize_wildcard,
    plate_skeleton,
    wildcard_to_like,
)
from rtcc_lpr.scope import Scope

MATCH_KINDS = ("exact", "wildcard", "fuzzy")
MAX_PAGE_SIZE = 1000
# A polygon is filtered after the bounding box; this many rows are read per round.
POLYGON_ROUND_ROWS = 2000
POLYGON_MAX_ROUNDS = 50
MAX_ATTRIBUTE = 64


@dataclass(frozen=True)
class ReadQuery:
    plate: str = ""
    match: str = "exact"
    state: str = ""
    start: datetime | None = None
    end: datetime | None = None
    reader_ids: tuple[str, ...] = ()
    camera_ids: tuple[str, ...] = ()
    area: Area | None = None
    min_confidence: float = 0.0
    colour: str = ""
    make: str = ""
    vehicle_type: str = ""
    page_size: int = 100
    page_token: str = ""


def plate_condition(
    column_plate: Any, column_skeleton: Any, plate: str, match: str, dialect: str
) -> Any:
    """The SQL condition for one match kind; each is served by an index."""
    if match == "exact":
        return column_plate == normalize_plate(plate)
    if match == "fuzzy":
        return column_skeleton == plate_skeleton(normalize_plate(plate))
    pattern = normalize_wildcard(plate)
    if not pattern.strip("*"):
        raise InvalidArgument("a wildcard pattern needs at least one plate character")
    if (plates := expand_wildcard(pattern)) is not None:
        return column_plate.in_(plates)
    # A literal prefix lets either index serve the pattern: GLOB on SQLite (LIKE there ignores
    # case and skips the index), LIKE on PostgreSQL (text_pattern_ops, or trigrams otherwise).
    if dialect == "sqlite":
        condition = column_plate.op("GLOB")(pattern)
    else:
        condition = column_plate.like(wildcard_to_like(pattern))
    return condition


def _validate(query: ReadQuery) -> None:
    if query.match not in MATCH_KINDS:
        raise InvalidArgument(f"match must be one of {', '.join(MATCH_KINDS)}")
    if not (query.plate or query.reader_ids or query.camera_ids or query.area is not None):
        raise InvalidArgument("give a plate, readers, cameras or an area")
    for name in ("colour", "make", "vehicle_type"):
        if len(getattr(query, name)) > MAX_ATTRIBUTE:
            raise InvalidArgument(f"{name} is at most {MAX_ATTRIBUTE} characters")
    if query.plate and not normalize_wildcard(query.plate).strip("*?"):
        raise InvalidArgument("plate has no letters or digits")
    if len(normalize_wildcard(query.plate)) > MAX_PLATE_LENGTH * 2:
        raise InvalidArgument("plate pattern is too long")
    if query.start and query.end and query.start > query.end:
        raise InvalidArgument("start is after end")
    if not 0 < query.page_size <= MAX_PAGE_SIZE:
        raise InvalidArgument(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    if query.area is not None:
        query.area.validate()


def scoped(statement: Select[Any], scope: Scope) -> Select[Any]:
    """Partners see only reads that hit one of their shared lists, within their look-back."""
    reads, alerts = table(PlateRead), table(Alert)
    if scope.earliest is not None:
        statement = statement.where(reads.c.observed_at >= scope.earliest)
    if scope.hotlist_ids is not None:
        statement = statement.where(
            exists().where(
                alerts.c.read_pk == reads.c.id, alerts.c.hotlist_id.in_(scope.hotlist_ids)
            )
        )
    return statement


def filtered(statement: Select[Any], query: ReadQuery, dialect: str) -> Select[Any]:
    reads = table(PlateRead)
    if query.plate:
        statement = statement.where(
            plate_condition(
                reads.c.plate_normalized, reads.c.plate_skeleton, query.plate, query.match, dialect
            )
        )
    if query.state:
        statement = statement.where(reads.c.state == normalize_state(query.state))
    if query.start:
        statement = statement.where(reads.c.observed_at >= query.start)
    if query.end:
        statement = statement.where(reads.c.observed_at < query.end)
    sources = []
    if query.reader_ids:
        sources.append(reads.c.reader_id.in_(query.reader_ids))
    if query.camera_ids:
        sources.append(reads.c.camera_id.in_(query.camera_ids))
    if sources:
        statement = statement.where(or_(*sources))
    for name in ("colour", "make", "vehicle_type"):
        if wanted := getattr(query, name).strip():
            statement = statement.where(func.lower(reads.c[name]) == wanted.lower())
    if query.min_confidence:
        statement = statement.where(reads.c.confidence >= query.min_confidence)
    if query.area is not None:
        statement = statement.where(query.area.sql_filter(reads.c.latitude, reads.c.longitude))
    return statement


def _after(token: str) -> Any:
    reads = table(PlateRead)
    observed_at, read_pk = decode_token(token)
    return or_(
        reads.c.observed_at < observed_at,
        and_(reads.c.observed_at == observed_at, reads.c.id < int(read_pk)),
    )


async def search_reads(
    conn: AsyncConnection, query: ReadQuery, scope: Scope
) -> tuple[list[dict[str, Any]], str]:
    """Newest first, a page at a time (keyset on observed_at, id)."""
    _validate(query)
    reads = table(PlateRead)
    statement = scoped(filtered(select(reads), query, conn.dialect.name), scope)
    statement = statement.order_by(reads.c.observed_at.desc(), reads.c.id.desc())
    token = query.page_token
    found: list[dict[str, Any]] = []
    rounds = 0
    while len(found) <= query.page_size:
        page = statement.where(_after(token)) if token else statement
        limit = POLYGON_ROUND_ROWS if query.area and query.area.polygon else query.page_size + 1
        rows = [dict(r._mapping) for r in await conn.execute(page.limit(limit))]
        found.extend(
            r
            for r in rows
            if query.area is None or query.area.contains(r["latitude"], r["longitude"])
        )
        rounds += 1
        if len(rows) < limit or rounds >= POLYGON_MAX_ROUNDS:
            break
        token = encode_token(rows[-1]["observed_at"], rows[-1]["id"])
    if len(found) <= query.page_size:
        return found, ""
    last = found[query.page_size - 1]
    return found[: query.page_size], encode_token(last["observed_at"], last["id"])
