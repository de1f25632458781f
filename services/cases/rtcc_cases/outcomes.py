"""Outcomes of a case, arrests and recovered vehicles, and whether and how the center helped.

These rows are the only source of the attribution report: its figures are counted from them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case, lock_open_case
from rtcc_cases.custody import require_actor
from rtcc_cases.models import (
    OUTCOME_KINDS,
    TECHNOLOGIES,
    Actor,
    Outcome,
    OutcomeAssist,
    OutcomeCreate,
)
from rtcc_common.errors import InvalidArgument
from rtcc_common.logging import get_logger

log = get_logger(__name__)

_PLATE = re.compile(r"^[A-Z0-9]{1,10}$")
_STATE = re.compile(r"^[A-Z]{0,3}$")
# 17 characters, never I, O or Q (ISO 3779).
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
MAX_ARRESTS = 1000


def _occurred_on(value: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidArgument("occurred_on must be a date, YYYY-MM-DD") from exc
    # A day of slack for time zones: the outcome's day may already be tomorrow in UTC terms.
    if day > datetime.now(UTC).date() + timedelta(days=1):
        raise InvalidArgument("occurred_on is in the future")
    if day.year < 1970:
        raise InvalidArgument("occurred_on is before 1970")
    return day


def _technologies(data: OutcomeCreate) -> list[str]:
    chosen = sorted({t.strip().lower() for t in data.assisted_by})
    unknown = [t for t in chosen if t not in TECHNOLOGIES]
    if unknown:
        raise InvalidArgument(
            f"unknown technology {unknown[0]!r}; one of {', '.join(TECHNOLOGIES)}"
        )
    if data.center_assisted and not chosen:
        raise InvalidArgument("an outcome the center assisted must say how (assisted_by)")
    if not data.center_assisted and chosen:
        raise InvalidArgument("assisted_by is only for outcomes the center assisted")
    return chosen


def _arrest_fields(data: OutcomeCreate, outcome: Outcome) -> None:
    count = data.arrest_count or 1
    if not 1 <= count <= MAX_ARRESTS:
        raise InvalidArgument(f"arrest_count must be within 1..{MAX_ARRESTS}")
    charge = data.charge.strip()
    if not charge or len(charge) > 200:
        raise InvalidArgument("an arrest needs its charge (at most 200 characters)")
    outcome.quantity, outcome.charge = count, charge


def _recovery_fields(data: OutcomeCreate, outcome: Outcome) -> None:
    if data.arrest_count:
        raise InvalidArgument("arrest_count is only for arrests")
    plate = re.sub(r"[\s-]", "", data.plate).upper()
    vin = data.vin.strip().upper()
    state = data.plate_state.strip().upper()
    if not (plate or vin):
        raise InvalidArgument("a vehicle recovery needs the plate or the VIN")
    if plate and not _PLATE.match(plate):
        raise InvalidArgument("plate must be 1-10 letters or digits")
    if vin and not _VIN.match(vin):
        raise InvalidArgument("VIN must be 17 letters or digits, without I, O or Q")
    if not _STATE.match(state):
        raise InvalidArgument("plate_state must be a code of up to 3 letters, e.g. IL")
    outcome.quantity, outcome.plate, outcome.vin, outcome.plate_state = 1, plate, vin, state


def build_outcome(case_id: str, data: OutcomeCreate, actor: Actor) -> tuple[Outcome, list[str]]:
    """The outcome row and its technologies, or InvalidArgument saying what is wrong."""
    if data.kind not in OUTCOME_KINDS:
        raise InvalidArgument(f"kind must be one of {', '.join(OUTCOME_KINDS)}")
    if len(data.notes) > 20000:
        raise InvalidArgument("notes are longer than 20000 characters")
    outcome = Outcome(
        case_id=case_id,
        kind=data.kind,
        occurred_on=_occurred_on(data.occurred_on),
        center_assisted=data.center_assisted,
        quantity=0,
        notes=data.notes.strip(),
        recorded_by=actor.subject,
    )
    technologies = _technologies(data)
    if data.kind == "arrest":
        _arrest_fields(data, outcome)
    else:
        _recovery_fields(data, outcome)
    return outcome, technologies


async def add_outcome(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str, data: OutcomeCreate, actor: Actor
) -> tuple[Outcome, list[str]]:
    require_actor(actor)
    outcome, technologies = build_outcome(case_id, data, actor)
    async with sessions.begin() as session:
        await lock_open_case(session, case_id, to="record an outcome")
        session.add(outcome)
        await session.flush()
        session.add_all(OutcomeAssist(outcome_id=outcome.id, technology=t) for t in technologies)
    log.info("outcome_recorded", case_id=case_id, outcome_id=outcome.id, kind=outcome.kind)
    return outcome, technologies


async def list_outcomes(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str
) -> list[tuple[Outcome, list[str]]]:
    async with sessions() as session:
        await load_case(session, case_id)
        outcomes = list(
            (
                await session.execute(
                    select(Outcome)
                    .where(Outcome.case_id == case_id)
                    .order_by(col(Outcome.occurred_on), col(Outcome.recorded_ts))
                )
            ).scalars()
        )
        assists = await session.execute(
            select(OutcomeAssist).where(col(OutcomeAssist.outcome_id).in_([o.id for o in outcomes]))
        )
        by_outcome: dict[str, list[str]] = {o.id: [] for o in outcomes}
        for assist in assists.scalars():
            by_outcome[assist.outcome_id].append(assist.technology)
        return [(o, sorted(by_outcome[o.id])) for o in outcomes]
