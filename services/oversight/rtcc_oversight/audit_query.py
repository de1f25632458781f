"""Reading the audit trail: filtered pages for auditors, and counts for the annual report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument
from rtcc_oversight.models import AuditRow

Sessions = async_sessionmaker[AsyncSession]
MAX_PAGE = 1000


@dataclass(frozen=True)
class AuditFilter:
    subject: str = ""
    agency: str = ""
    role: str = ""
    action_prefix: str = ""
    result: str = ""
    case_number: str = ""
    object_id: str = ""
    since: float = 0.0
    until: float = 0.0
    after_seq: int = 0
    limit: int = 100


async def query_audit(*, sessions: Sessions, where: AuditFilter) -> tuple[list[AuditRow], int]:
    """One page in sequence order, and the sequence to continue after (0: no more)."""
    if where.limit < 0 or where.after_seq < 0:
        raise InvalidArgument("limit and after_seq must not be negative")
    limit = min(where.limit or 100, MAX_PAGE)
    query = select(AuditRow).where(col(AuditRow.seq) > where.after_seq)
    for column, value in (
        (AuditRow.subject, where.subject),
        (AuditRow.agency, where.agency),
        (AuditRow.role, where.role),
        (AuditRow.result, where.result),
        (AuditRow.case_number, where.case_number),
    ):
        if value:
            query = query.where(col(column) == value)
    if where.action_prefix:
        query = query.where(col(AuditRow.action).startswith(where.action_prefix, autoescape=True))
    if where.object_id:
        # Ids are stored as a JSON list; the quotes keep "cam1" from matching "cam10".
        needle = '"' + where.object_id.replace('"', "") + '"'
        query = query.where(col(AuditRow.object_ids_json).contains(needle, autoescape=True))
    if where.since:
        query = query.where(col(AuditRow.ts_us) >= int(where.since * 1_000_000))
    if where.until:
        query = query.where(col(AuditRow.ts_us) < int(where.until * 1_000_000))
    query = query.order_by(col(AuditRow.seq)).limit(limit + 1)
    async with sessions() as session:
        rows = list((await session.execute(query)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].seq if more else 0)


@dataclass(frozen=True)
class AccessCounts:
    by_technology_agency: Counter[tuple[str, str]]
    by_technology_reason: Counter[tuple[str, str]]
    by_result: Counter[str]


async def access_counts(*, sessions: Sessions, start: float, end: float) -> AccessCounts:
    """Accesses in [start, end) by technology and agency, by technology and stated purpose, and
    by result."""
    window = (
        col(AuditRow.ts_us) >= int(start * 1_000_000),
        col(AuditRow.ts_us) < int(end * 1_000_000),
    )
    count = func.count()
    async with sessions() as session:
        by_agency = await session.execute(
            select(AuditRow.technology, AuditRow.agency, count)
            .where(*window)
            .group_by(col(AuditRow.technology), col(AuditRow.agency))
        )
        by_reason = await session.execute(
            select(AuditRow.technology, AuditRow.reason, count)
            .where(*window, col(AuditRow.reason) != "")
            .group_by(col(AuditRow.technology), col(AuditRow.reason))
        )
        by_result = await session.execute(
            select(AuditRow.result, count).where(*window).group_by(col(AuditRow.result))
        )
        return AccessCounts(
            by_technology_agency=Counter({(t, g): n for t, g, n in by_agency.all()}),
            by_technology_reason=Counter({(t, r): n for t, r, n in by_reason.all()}),
            by_result=Counter({r: n for r, n in by_result.all()}),
        )
