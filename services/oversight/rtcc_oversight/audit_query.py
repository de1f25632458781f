"""Reading the audit trail: filtered pages for auditors, and counts for the annual report."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, literal, not_, or_
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument
from rtcc_oversight.models import AuditRow

Sessions = async_sessionmaker[AsyncSession]
MAX_PAGE = 1000
MAX_ROLLUPS = 8


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


@dataclass(frozen=True)
class Rollup:
    action: str
    count: int
    refused: int
    first_ts: float
    last_ts: float


def _conditions(where: AuditFilter) -> list[Any]:
    """The filters every record of the answer meets, listed or rolled up alike."""
    conditions: list[Any] = []
    for column, value in (
        (AuditRow.subject, where.subject),
        (AuditRow.agency, where.agency),
        (AuditRow.role, where.role),
        (AuditRow.result, where.result),
        (AuditRow.case_number, where.case_number),
    ):
        if value:
            conditions.append(col(column) == value)
    if where.action_prefix:
        conditions.append(col(AuditRow.action).startswith(where.action_prefix, autoescape=True))
    if where.object_id:
        # Ids are stored as a JSON list; the quotes keep "cam1" from matching "cam10".
        needle = '"' + where.object_id.replace('"', "") + '"'
        conditions.append(col(AuditRow.object_ids_json).contains(needle, autoescape=True))
    if where.since:
        conditions.append(col(AuditRow.ts_us) >= int(where.since * 1_000_000))
    if where.until:
        conditions.append(col(AuditRow.ts_us) < int(where.until * 1_000_000))
    return conditions


async def query_audit_rolled_up(
    *, sessions: Sessions, where: AuditFilter, rollup: tuple[str, ...] = ()
) -> tuple[list[AuditRow], int, list[Rollup]]:
    """One page in sequence order without the rolled-up actions, the sequence to continue after
    (0: no more), and for each rolled-up action that has records, how many match the filters."""
    if where.limit < 0 or where.after_seq < 0:
        raise InvalidArgument("limit and after_seq must not be negative")
    if len(rollup) > MAX_ROLLUPS or any(not prefix.strip() for prefix in rollup):
        raise InvalidArgument(f"roll up 1 to {MAX_ROLLUPS} non-empty actions or prefixes")
    limit = min(where.limit or 100, MAX_PAGE)
    conditions = _conditions(where)
    rolled = [col(AuditRow.action).startswith(prefix, autoescape=True) for prefix in rollup]
    query = select(AuditRow).where(col(AuditRow.seq) > where.after_seq, *conditions)
    if rolled:
        query = query.where(not_(or_(*rolled)))
    query = query.order_by(col(AuditRow.seq)).limit(limit + 1)
    refused = case(
        (or_(col(AuditRow.result) == "denied", col(AuditRow.result).startswith("failed")), 1),
        else_=0,
    )
    async with sessions() as session:
        rows = list((await session.execute(query)).scalars())
        counts = []
        if rolled:
            counted = await session.execute(
                select_columns(
                    col(AuditRow.action),
                    func.count(),
                    func.sum(refused),
                    func.min(AuditRow.ts_us),
                    func.max(AuditRow.ts_us),
                )
                .where(*conditions, or_(*rolled))
                .group_by(col(AuditRow.action))
                .order_by(col(AuditRow.action))
            )
            counts = [
                Rollup(action, n, int(bad or 0), first / 1_000_000, last / 1_000_000)
                for action, n, bad, first, last in counted.all()
            ]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].seq if more else 0), counts


@dataclass(frozen=True)
class AccessCounts:
    by_technology_agency: Counter[tuple[str, str]]
    by_technology_reason: Counter[tuple[str, str]]
    by_result: Counter[str]
    # (technology, agency, "YYYY-MM") -> accesses that month (UTC)
    by_technology_agency_month: Counter[tuple[str, str, str]]


def month_starts(start: float, end: float) -> list[tuple[str, float]]:
    """The calendar months (UTC) that [start, end) touches: ("2026-03", its first second)."""
    first = dt.datetime.fromtimestamp(start, dt.UTC)
    year, month = first.year, first.month
    months: list[tuple[str, float]] = []
    while True:
        begins = dt.datetime(year, month, 1, tzinfo=dt.UTC).timestamp()
        if begins >= end:
            return months
        months.append((f"{year:04d}-{month:02d}", begins))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


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
        # The month of each record by comparison with the months' first moments: the same SQL
        # on SQLite and PostgreSQL, and one pass over the year.
        months = month_starts(start, end) or [("", start)]
        whens = [
            (col(AuditRow.ts_us) < int(later * 1_000_000), name)
            for (name, _), (_, later) in itertools.pairwise(months)
        ]
        last = months[-1][0]
        month = (case(*whens, else_=last) if whens else literal(last)).label("month")
        by_month = await session.execute(
            select_columns(col(AuditRow.technology), col(AuditRow.agency), month, count)
            .where(*window)
            .group_by(col(AuditRow.technology), col(AuditRow.agency), month)
        )
        return AccessCounts(
            by_technology_agency=Counter({(t, g): n for t, g, n in by_agency.all()}),
            by_technology_reason=Counter({(t, r): n for t, r, n in by_reason.all()}),
            by_result=Counter({r: n for r, n in by_result.all()}),
            by_technology_agency_month=Counter({(t, g, m): n for t, g, m, n in by_month.all()}),
        )
