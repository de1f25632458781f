"""Report bodies: figures the system counts from its own records."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class OffenseCount(BaseModel):
    offense: str
    arrests: int
    vehicles_recovered: int


class TechnologyCount(BaseModel):
    technology: str
    arrests: int
    vehicles_recovered: int


class AttributionPeriod(BaseModel):
    first_day: date | None = Field(description="since inception: the first credited outcome")
    last_day: date
    arrests: int
    vehicles_recovered: int
    by_offense: list[OffenseCount]
    by_technology: list[TechnologyCount] = Field(
        description="an outcome helped by two technologies counts under each"
    )


class AttributionReport(BaseModel):
    """Arrests and recovered vehicles the center assisted, counted from case outcomes."""

    year: int
    year_totals: AttributionPeriod
    since_inception: AttributionPeriod
    statement: str = Field(description="the since-inception figures as a sentence for reports")
