"""The attribution report: arrests and recovered vehicles the center helped with, for a year and
since inception, by offense and by technology. Counted from the outcomes, never typed in.

Arrests add up each outcome's count of people arrested; each recovery outcome is one vehicle.
An outcome helped by two technologies counts under each, so the technology rows may add up to
more than the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, func, select

from rtcc_cases.models import TECHNOLOGIES, Case, Outcome, OutcomeAssist
from rtcc_common.errors import InvalidArgument

FIRST_YEAR = 1970


@dataclass
class AttributionCount:
    key: str
    arrests: int = 0
    vehicles_recovered: int = 0

    def add(self, kind: str, quantity: int) -> None:
        if kind == "arrest":
            self.arrests += quantity
        else:
            self.vehicles_recovered += quantity


@dataclass
class AttributionPeriod:
    first_day: date | None
    last_day: date
    arrests: int = 0
    vehicles_recovered: int = 0
    by_offense: list[AttributionCount] = field(default_factory=list)
    by_technology: list[AttributionCount] = field(default_factory=list)


@dataclass
class AttributionReport:
    year: int
    year_totals: AttributionPeriod
    since_inception: AttributionPeriod


def _credited(first_day: date | None, last_day: date) -> ColumnElement[bool]:
    conditions = [col(Outcome.center_assisted).is_(True), col(Outcome.occurred_on) <= last_day]
    if first_day is not None:
        conditions.append(col(Outcome.occurred_on) >= first_day)
    return and_(*conditions)


async def _period(
    session: AsyncSession, first_day: date | None, last_day: date
) -> AttributionPeriod:
    credited = _credited(first_day, last_day)
    quantity = func.sum(Outcome.quantity)
    by_offense_rows = await session.execute(
        select(Case.offense, col(Outcome.kind), quantity)
        .join(Case, col(Case.id) == col(Outcome.case_id))
        .where(credited)
        .group_by(Case.offense, col(Outcome.kind))
    )
    by_technology_rows = await session.execute(
        select(OutcomeAssist.technology, col(Outcome.kind), quantity)
        .join(Outcome, col(Outcome.id) == col(OutcomeAssist.outcome_id))
        .where(credited)
        .group_by(OutcomeAssist.technology, col(Outcome.kind))
    )
    period = AttributionPeriod(first_day=first_day, last_day=last_day)
    offenses: dict[str, AttributionCount] = {}
    for offense, kind, total in by_offense_rows.all():
        offenses.setdefault(offense, AttributionCount(offense)).add(kind, int(total))
        if kind == "arrest":
            period.arrests += int(total)
        else:
            period.vehicles_recovered += int(total)
    # Every technology is listed, a zero too: a report reader sees what did not help.
    technologies = {t: AttributionCount(t) for t in TECHNOLOGIES}
    for technology, kind, total in by_technology_rows.all():
        technologies.setdefault(technology, AttributionCount(technology)).add(kind, int(total))
    period.by_offense = sorted(offenses.values(), key=lambda c: c.key)
    period.by_technology = list(technologies.values())
    return period


async def attribution_report(
    *, sessions: async_sessionmaker[AsyncSession], year: int
) -> AttributionReport:
    """`year` and everything up to its end; the inception is the first credited outcome."""
    this_year = datetime.now(UTC).year
    if not FIRST_YEAR <= year <= this_year:
        raise InvalidArgument(f"year must be within {FIRST_YEAR}..{this_year}")
    last_day = date(year, 12, 31)
    async with sessions() as session:
        first_credited = (
            await session.execute(
                select(func.min(Outcome.occurred_on)).where(_credited(None, last_day))
            )
        ).scalar_one()
        year_totals = await _period(session, date(year, 1, 1), last_day)
        since_inception = await _period(session, None, last_day)
    since_inception.first_day = first_credited
    return AttributionReport(year=year, year_totals=year_totals, since_inception=since_inception)
